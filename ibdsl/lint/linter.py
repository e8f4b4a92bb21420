"""Compile, run every rule, then apply codes, severities, select/ignore and suppressions."""

from __future__ import annotations

from .. import codes
from ..compile.compiler import CompileOptions, CompileResult, compile_paths
from ..compile.schema import SCHEMA_CODES
from ..diagnostics import ERROR, Diagnostic
from ..records import replace
from . import registry
from .config import Config, config_for_path
from .documents import release
from .rule import RuleContext
from .suppressions import collect, collect_documents


class LintOptions:
    __slots__ = ("compile", "select", "ignore", "strict", "catalog", "enforce_schema")

    def __init__(
        self,
        compile: CompileOptions | None = None,
        select: tuple[str, ...] | None = None,  # from the command line: replaces the config's
        ignore: tuple[str, ...] = (),  # from the command line: added to the config's
        strict: bool | None = None,
        catalog: str | None = None,
        # compile and push: what the API schema refuses stays an error whatever the configuration,
        # selection or suppressions say, so no payload the schema refuses is ever output or sent.
        enforce_schema: bool = False,
    ) -> None:
        self.compile = CompileOptions() if compile is None else compile
        self.select, self.ignore, self.strict, self.catalog = select, ignore, strict, catalog
        self.enforce_schema = enforce_schema


class LintResult:
    __slots__ = ("compiled", "findings", "config", "strict")

    def __init__(self, compiled: CompileResult, findings: list[Diagnostic], config: Config, strict: bool) -> None:
        self.compiled, self.findings, self.config, self.strict = compiled, findings, config, strict

    @property
    def failed(self) -> bool:
        failing = ("error", "warning", "info") if self.strict else ("error",)
        return any(f.severity in failing for f in self.findings)

    def counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts


def _matches(code: str, prefixes) -> bool:
    return any(code.startswith(prefix) for prefix in prefixes)


def lint_paths(paths: list[str], options: LintOptions | None = None) -> LintResult:
    options = options or LintOptions()
    return lint_compiled(compile_paths(paths, options.compile), paths[0], options)


def lint_compiled(
    compiled: CompileResult, first_path: str, options: LintOptions, home: str | None = None
) -> LintResult:
    """Every rule over a compiled project; configuration is looked up from `first_path`, and
    for each finding from its file, or from `home` (a project's folder) for files outside
    it: a shared file's findings follow the settings of the project they were found in."""
    config = config_for_path(first_path)
    catalog_path = options.catalog or config.catalog
    catalog = None
    if catalog_path:
        from ..domain.catalog import Catalog

        catalog = Catalog.load(catalog_path)

    raw: list[Diagnostic] = list(compiled.diagnostics)
    present = {resource.kind.block for resource in compiled.resources}
    rules = [rule for rule in registry.checked_rules(present) if rule.check is not None]
    per_document = [rule for rule in rules if rule.per_document]
    for rule in rules:
        if not rule.per_document:
            rule.check(RuleContext(compiled, rule.code, raw, catalog, rule.kinds))
        elif rule is per_document[0]:
            _check_documents(compiled, per_document, raw, catalog)

    findings = [_configured(f, options, home) for f in raw]
    findings = _without_schema_echoes([f for f in findings if f is not None])
    findings = _apply_suppressions(compiled, findings, options, home)
    findings.sort(key=Diagnostic.sort_key)
    strict = options.strict if options.strict is not None else config.strict
    return LintResult(compiled, _unique(findings), config, strict)


DOCUMENT_BATCH = 256  # resources whose parsed documents live at once


def _check_documents(compiled: CompileResult, rules: list, raw: list[Diagnostic], catalog) -> None:
    """The per-document rules, a batch of resources at a time, each batch's parsed documents
    released after. A rule's findings come in the same order as over the whole project, and the
    findings are sorted by place, code and message: the output is the same."""
    resources = compiled.resources
    for start in range(0, len(resources), DOCUMENT_BATCH):
        batch = resources[start : start + DOCUMENT_BATCH]
        view = CompileResult(compiled.project, batch, compiled.diagnostics, compiled.settings)
        for rule in rules:
            rule.check(RuleContext(view, rule.code, raw, catalog, rule.kinds))
        release(batch)


SCHEMA_FINDINGS = frozenset(SCHEMA_CODES.values())


def _without_schema_echoes(findings: list[Diagnostic]) -> list[Diagnostic]:
    """A specific rule's error and a schema keyword (IB1xx) reporting the same payload value:
    keep the rule's finding, whose words say more. Only an error replaces a schema finding: a
    warning about the same value must not hide what the API would refuse."""

    def echo(finding: Diagnostic) -> bool:
        return finding.code in SCHEMA_FINDINGS and not registry.is_fatal(finding.code)

    specific = {
        f.subject for f in findings
        if f.subject is not None and f.code not in SCHEMA_FINDINGS and f.severity == ERROR
    }  # fmt: skip
    return [f for f in findings if not (echo(f) and f.subject is not None and f.subject in specific)]


def _unconfigurable(code: str, options: LintOptions) -> bool:
    return registry.is_fatal(code) or (options.enforce_schema and code in SCHEMA_FINDINGS)


def _configured(finding: Diagnostic, options: LintOptions, home: str | None = None) -> Diagnostic | None:
    code = finding.code
    if _unconfigurable(code, options):
        return replace(finding, severity=ERROR)
    config = config_for_path(_config_path(finding.span.path, home))
    select = options.select if options.select is not None else config.select
    if select is not None and not _matches(code, select):
        return None
    if _matches(code, tuple(config.ignore) + tuple(options.ignore)):
        return None
    severity = config.severity.get(code) or registry.default_severity(code)
    return replace(finding, severity=severity)


def _config_path(path: str, home: str | None) -> str:
    if home is None:
        return path
    import os

    from ..files import within

    return path if within(os.path.realpath(path), os.path.realpath(home)) else os.path.join(home, ".")


def _apply_suppressions(
    compiled: CompileResult, findings: list[Diagnostic], options: LintOptions, home: str | None = None
) -> list[Diagnostic]:
    in_documents, covered = collect_documents(compiled.resources)
    suppressions = {**in_documents, **collect(compiled.project)}
    if not suppressions:
        return findings
    kept = []
    for finding in findings:
        place = (finding.span.path, finding.span.line)
        candidates = [s for s in (suppressions.get(place), *covered.get(place, ())) if s and finding.code in s.codes]
        suppression = candidates[0] if candidates else None
        if suppression and not _unconfigurable(finding.code, options):
            suppression.used.add(finding.code)
            continue
        kept.append(finding)
    for suppression in suppressions.values():
        for code in suppression.codes:
            if code not in suppression.used:
                why = "it cannot be suppressed" if _unconfigurable(code, options) else "nothing was reported there"
                unused = Diagnostic(
                    suppression.span, f"unused suppression of {code}: {why}", code=codes.UNUSED_SUPPRESSION
                )
                unused = _configured(unused, options, home)
                if unused is not None:
                    kept.append(unused)
    return kept


def _unique(findings: list[Diagnostic]) -> list[Diagnostic]:
    """One finding per place, code and message; the notes of its repeats are kept, so a value
    written once in a fragment or parent names every resource it reached."""
    seen: dict[tuple, int] = {}
    out: list[Diagnostic] = []
    for finding in findings:
        key = (finding.span, finding.code, finding.message)
        if key not in seen:
            seen[key] = len(out)
            out.append(finding)
            continue
        kept = out[seen[key]]
        extra = tuple(note for note in finding.notes if note not in kept.notes)
        if extra:
            out[seen[key]] = replace(kept, notes=kept.notes + extra)
    return out

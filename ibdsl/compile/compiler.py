"""Source files -> checked API payloads: load, evaluate, compose, lower, validate."""

from __future__ import annotations

from .. import codes
from ..diagnostics import Diagnostic, Diagnostics, Note, Span
from ..domain.kinds import BLOCK_KINDS, KINDS, Kind
from ..language import syntax as ast
from ..language.origins import Origin, SpanOrigin
from ..language.sources import SourceCache
from ..naming import close_matches, snake
from .compose import Composer, Resolved
from .evaluate import Evaluator, Settings
from .loader import Project, load_project
from .lowering import UNKNOWN_MEMBER, Lowering, lower_again, lowering_root
from .names import article, wrong_kind
from .order import apply_order, kind_order
from .schema import SCHEMA_CODES, load_schema
from .variables import VariableValues

SETTINGS_KEYS = ("region", "account", "partition")
_NONE: frozenset = frozenset()


class CompileOptions:
    __slots__ = ("region", "account", "variables", "var_files", "roots", "allow_outside_root")

    def __init__(
        self,
        region: str | None = None,
        account: str | None = None,
        variables: list[str] | None = None,  # NAME=VALUE
        var_files: list[str] | None = None,
        roots: list[str] | None = None,  # imports and file() stay inside; empty: the entries' directories
        allow_outside_root: bool = False,
    ) -> None:
        self.region, self.account = region, account
        self.variables: list[str] = [] if variables is None else variables
        self.var_files: list[str] = [] if var_files is None else var_files
        self.roots: list[str] = [] if roots is None else roots
        self.allow_outside_root = allow_outside_root


class CompiledResource:
    __slots__ = ("kind", "name", "payload", "source_map", "key_map", "resolved")  # given
    __slots__ += ("valid", "lost", "partial", "origins", "memo")  # filled in by lowering and the rules

    def __init__(
        self,
        kind: Kind,
        name: str,
        payload: dict,
        source_map: dict[tuple, Span] | None,
        key_map: dict[tuple, Span] | None,
        resolved: Resolved,
    ) -> None:
        self.kind, self.name, self.payload = kind, name, payload
        self.source_map, self.key_map, self.resolved = source_map, key_map, resolved  # see maps()
        self.valid = True  # False: the payload has errors (or lost values) and must not be output
        # Payload paths whose values were lost to an error already reported; () when the parent of
        # an `extends` is unknown, so any member may be missing. `partial`: lists and maps that
        # lost some items (the others are there, at their payload indices).
        self.lost: frozenset = _NONE
        self.partial: frozenset = _NONE
        # Payload strings whose characters know where they were written (see origin_at).
        self.origins: dict[tuple, Origin] | None = {}
        # What rules derive from this resource once per run and share (its parsed document).
        self.memo: dict = {}

    def depends_on_lost(self, path: tuple) -> bool:
        """Whether a judgement about `path` rests on a value an earlier error lost: such a
        finding would only echo that error, so it is not reported (one cause, one error).
        A lost value silences judgements about it, inside it and about what contains it (but
        not about the whole resource, which rules judge member by member); a list that lost
        items silences judgements about the list, not about the items it kept."""
        if () in self.lost:
            return True
        if not path:
            return False
        if any(path[: len(lost)] == lost or lost[: len(path)] == path for lost in self.lost):
            return True
        return any(partial[: len(path)] == path for partial in self.partial)

    @property
    def span(self) -> Span:
        return self.resolved.block.label_span or self.resolved.block.kind_span

    def maps(self) -> tuple[dict[tuple, Span], dict[tuple, Span], dict[tuple, Origin]]:
        if self.origins is None:  # the compile drops them: a seventh of a large project's memory
            self.source_map, self.key_map, self.origins = lower_again(load_schema(self.kind.operation), self.resolved)
        return self.source_map, self.key_map, self.origins

    def span_of(self, path: tuple, at_key: bool = False) -> Span:
        """The source span of a payload path, or of its nearest ancestor that has one."""
        # The compile's own maps while it runs (it lowers without origins), else made again.
        source_map, key_map, _ = self.maps() if self.source_map is None else (self.source_map, self.key_map, None)
        if at_key and path in key_map:
            return key_map[path]
        while path:
            if path in source_map:
                return source_map[path]
            path = path[:-1]
        return source_map.get((), self.span)

    def origin_at(self, path: tuple) -> Origin:
        """Where the characters of the payload string at `path` were written: `span_at(line,
        column)` places a position inside an embedded document (a heredoc, a file() read).
        A value with no finer source maps every position to its span."""
        origin = self.maps()[2].get(path)
        if origin is None:
            value = self.payload_value(path)
            origin = SpanOrigin(value if isinstance(value, str) else "", self.span_of(path))
        return origin

    def payload_value(self, path: tuple):
        """The payload value at `path`, or None."""
        value = self.payload
        for key in path:
            try:
                value = value[key]
            except (KeyError, IndexError, TypeError):
                return None
        return value

    def provenance(self, span: Span) -> tuple[Note, ...]:
        """A note naming this resource when the value was written elsewhere (parent, fragment)."""
        block = self.resolved.block
        if block.span.contains(span):
            return ()
        kind, label = block.kind, block.label
        for ancestor in self.resolved.ancestors:
            if ancestor.node.span.contains(span):
                return (Note(f"inherited by {kind} '{label}' from '{ancestor.node.label}'", self.span),)
        return (Note(f"used by {kind} '{label}'", self.span),)


class CompileResult:
    __slots__ = ("project", "resources", "diagnostics", "settings")

    def __init__(
        self, project: Project, resources: list[CompiledResource], diagnostics: Diagnostics, settings: Settings
    ) -> None:
        self.project, self.resources, self.diagnostics, self.settings = project, resources, diagnostics, settings

    @property
    def sources(self) -> SourceCache:
        return self.project.sources

    def document(self) -> dict:
        return {
            "resources": [
                {"kind": r.kind.output, "name": r.name, "operation": r.kind.operation, "payload": r.payload}
                for r in self.resources
            ]
        }

    def diagnostic(
        self,
        resource: CompiledResource,
        path: tuple,
        message: str,
        code: str,
        at_key: bool = False,
        at: tuple[int, int] | None = None,
    ) -> Diagnostic:
        """A diagnostic about a payload value, placed at the source that produced it; `at`, a
        (line, column) inside the string at `path`, places it at that character's source."""
        span = resource.span_of(path, at_key)
        subject = (resource.kind.output, resource.name, path)
        notes = resource.provenance(span)  # from the value's own span: the resource it belongs to
        if at is not None:
            inner = resource.origin_at(path).span_at(*at)
            if inner.path != span.path:
                notes = (Note("read by file() here", span), *notes)
            span = inner
        return Diagnostic(span, message, code=code, notes=notes, subject=subject)


class Loaded:
    """A project read and parsed, with the values given for its variables, not yet evaluated:
    push reads its settings first, then compiles it with the region and account they lead to."""

    __slots__ = ("project", "variables", "diagnostics")

    def __init__(self, project: Project, variables: VariableValues, diagnostics: Diagnostics) -> None:
        self.project, self.variables = project, variables
        self.diagnostics = diagnostics  # what reading, parsing and the var files found


def load(paths: list[str], options: CompileOptions, sources: SourceCache | None = None) -> Loaded:
    """Raises UsageError for problems with the call itself (unreadable paths, bad --var).
    `sources`: texts already read (several projects of one run, an editor's unsaved buffers)."""
    diagnostics = Diagnostics()
    roots = None if options.allow_outside_root else options.roots
    project = load_project(paths, diagnostics, sources, roots=roots)
    variables = VariableValues(project, diagnostics, options.variables, options.var_files)
    return Loaded(project, variables, diagnostics)


def declared_settings(loaded: Loaded, options: CompileOptions) -> Settings:
    """Region, account and partition as the settings blocks and options give them; findings
    are left to the compile."""
    scratch = Diagnostics()
    evaluator = Evaluator(loaded.project, Settings(), loaded.variables, scratch)
    return _settings(loaded.project, evaluator, scratch, options)


def _settings(project: Project, evaluator: Evaluator, diagnostics: Diagnostics, options: CompileOptions) -> Settings:
    settings = evaluator.settings
    _read_settings(project, evaluator, settings, diagnostics)
    if options.region:
        settings.region = options.region
    if options.account:
        settings.account = options.account
    return settings


def compile_paths(
    paths: list[str], options: CompileOptions | None = None, sources: SourceCache | None = None
) -> CompileResult:
    """Raises UsageError for problems with the call itself (unreadable paths, bad --var)."""
    options = options or CompileOptions()
    return compile_loaded(load(paths, options, sources), options)


def compile_loaded(loaded: Loaded, options: CompileOptions) -> CompileResult:
    project = loaded.project
    diagnostics = Diagnostics()
    diagnostics.extend(loaded.diagnostics)
    evaluator = Evaluator(project, Settings(), loaded.variables, diagnostics)
    settings = _settings(project, evaluator, diagnostics, options)
    evaluator.check_variable_declarations()

    composer = Composer(evaluator, diagnostics)
    resources: list[CompiledResource] = []
    rank = kind_order()
    for kind_name, label in sorted(project.resources, key=lambda key: (rank[key[0]], key[1])):
        if (kind_name, label) in project.shadowed:
            continue
        resolved = composer.resolve(kind_name, label)
        if resolved.block.abstract:
            continue
        if not _charge_inherited(evaluator, resolved):
            break  # over the work budget: the error is reported, nothing more is worth doing
        kind = BLOCK_KINDS[kind_name]
        _check_reference_kinds(kind, resolved, diagnostics)
        compiled = _compile_resource(kind, resolved, diagnostics)
        if compiled is not None:
            _check_reference_members(compiled, diagnostics)
            compiled.source_map = compiled.key_map = compiled.origins = None  # made again when asked
            resources.append(compiled)
    evaluator.check_unused_fragments()
    resources = apply_order(resources, diagnostics)
    return CompileResult(project, resources, diagnostics, settings)


def _check_reference_kinds(kind: Kind, resolved: Resolved, diagnostics: Diagnostics) -> None:
    """A kind refers only to the kinds its record names (a recipe to components, ...). Names
    report this as they evaluate; a fragment's value is evaluated once, so its references are
    checked again for each resource that uses it."""
    for target, name, span in resolved.references:
        if target.block not in kind.references:
            diagnostics.error(span, wrong_kind(kind, target, name), code=codes.INVALID_REFERENCE)


# A member named for a kind's ARN takes that kind: imageRecipeArn an image_recipe, workflowArn a
# workflow, componentArn a component (the record's response key + "Arn").
ARN_MEMBERS = {kind.response_key + "Arn": kind for kind in KINDS}


def _check_reference_members(compiled: CompiledResource, diagnostics: Diagnostics) -> None:
    """A reference placed in a member named for another kind's ARN is an error at the reference."""
    at = {}
    for path, span in compiled.source_map.items():
        if path and isinstance(path[-1], str):
            at.setdefault(span, path)
    for target, name, span in compiled.resolved.references:
        path = at.get(span)
        wanted = ARN_MEMBERS.get(path[-1]) if path else None
        if wanted is not None and wanted is not target:
            message = (
                f"{snake(path[-1])} takes {article(wanted.block)} {wanted.block}: {wanted.block}.NAME; "
                f"{target.block}.{name} is {article(target.block)} {target.block}"
            )
            # The subject lets lint drop the schema's echo of this value (its ARN pattern).
            subject = (compiled.kind.output, compiled.name, path)
            diagnostics.add(Diagnostic(span, message, code=codes.INVALID_REFERENCE, subject=subject))


def _charge_inherited(evaluator: Evaluator, resolved: Resolved) -> bool:
    """Inherited members are lowered again for every child: they count against the budget."""
    from .evaluate import EvaluationError

    block = resolved.block
    label_span = block.label_span or block.kind_span
    try:
        for key, value in resolved.members.items():
            if not block.span.contains(resolved.member_keys.get(key, block.span)):
                evaluator.charge(value, label_span)
    except EvaluationError:
        return False
    return True


def _compile_resource(kind: Kind, resolved: Resolved, diagnostics: Diagnostics) -> CompiledResource | None:
    """The resource lowered to a payload; None when it cannot be (a `name` member)."""
    schema = load_schema(kind.operation)
    block = resolved.block
    if "name" in resolved.members:
        diagnostics.error(
            resolved.member_keys["name"],
            f'the name of a resource is its block label, as in {kind.block} "{block.label}" {{ ... }}; remove this member',
            code=UNKNOWN_MEMBER,
        )
        return None
    root, label_span = lowering_root(resolved)
    holder: list[CompiledResource] = []

    def report(span: Span, message: str, code: str) -> None:
        notes = holder[0].provenance(span) if holder else ()
        diagnostics.add(Diagnostic(span, message, code=code, notes=notes))

    lowering = Lowering(schema, report, origins=False)
    compiled = CompiledResource(kind, block.label, {}, lowering.source_map, lowering.key_map, resolved)
    compiled.origins = lowering.origins
    holder.append(compiled)
    payload = lowering.lower_root(root, label_span)
    compiled.payload = payload
    failed = not (resolved.ok and lowering.ok)
    for violation in schema.validate(payload, f"{kind.block} '{block.label}'"):
        if violation.keyword == "required" and _already_reported(violation, resolved, lowering):
            continue
        if violation.keyword in ("minItems", "minProperties") and violation.path in lowering.partial:
            continue  # empty only because its items had errors, which were reported
        span = compiled.span_of(violation.path, violation.at_key)
        code = SCHEMA_CODES[violation.keyword]
        subject_path = violation.path + ((violation.member,) if violation.member else ())
        subject = (kind.output, block.label, subject_path)
        diagnostics.add(
            Diagnostic(span, violation.message, code=code, notes=compiled.provenance(span), subject=subject)
        )
        failed = True
    compiled.valid = not failed
    from ..naming import camel

    # An item that failed inside a list or map makes that container partial (its path is the
    # index the next item took), not lost.
    lost = {(camel(member),) for member in resolved.failed_members}
    lost |= {path for path in lowering.failed_paths if path[:-1] not in lowering.partial}
    if resolved.parent_unknown:
        lost.add(())
    # Mostly empty: one shared empty set rather than an object per resource.
    compiled.lost = frozenset(lost) if lost else _NONE
    compiled.partial = frozenset(lowering.partial) if lowering.partial else _NONE
    return compiled


def _already_reported(violation, resolved: Resolved, lowering: Lowering) -> bool:
    """A required member is missing because its value had errors, which were reported."""
    from ..naming import snake

    if violation.path + (violation.member,) in lowering.failed_paths:
        return True
    if violation.path:
        return False
    return resolved.parent_unknown or snake(violation.member) in resolved.failed_members


def _read_settings(project: Project, evaluator: Evaluator, settings: Settings, diagnostics: Diagnostics) -> None:
    first: dict[str, Span] = {}
    for declared in project.settings:
        block: ast.Block = declared.node
        for entry in block.body.entries:
            if entry.key not in SETTINGS_KEYS:
                guess = close_matches(entry.key, SETTINGS_KEYS, n=1)
                hint = f"did you mean '{guess[0]}'?" if guess else f"settings are {', '.join(SETTINGS_KEYS)}"
                diagnostics.error(entry.key_span, f"unknown setting '{entry.key}'; {hint}", code=codes.UNDEFINED_NAME)
                continue
            if entry.op not in ("=",):
                diagnostics.error(
                    entry.key_span, f'write settings as `{entry.key} = "..."`', code=codes.INVALID_STRUCTURE
                )
                continue
            value = evaluator.evaluate(entry.value, declared.module)
            if value is None:
                continue
            if not isinstance(value.data, str):
                diagnostics.error(entry.value.span, f"{entry.key} must be a string", code=codes.TYPE_MISMATCH)
                continue
            if entry.key in first and getattr(settings, entry.key) != value.data:
                diagnostics.add(
                    Diagnostic(
                        entry.value.span,
                        f"{entry.key} is set to {value.data!r} here but to {getattr(settings, entry.key)!r} elsewhere; "
                        "a project has one region, account and partition",
                        notes=(Note("first set here", first[entry.key]),),
                        code=codes.DUPLICATE_DECLARATION,
                    )
                )
                continue
            first.setdefault(entry.key, entry.value.span)
            settings.written.setdefault(entry.key, (value.data, entry.value.span))
            setattr(settings, entry.key, value.data)

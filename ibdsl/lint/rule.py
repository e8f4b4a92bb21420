"""What a rule is, and what it sees while it checks."""

from __future__ import annotations

from collections.abc import Callable

from ..compile.compiler import CompiledResource, CompileResult
from ..diagnostics import Diagnostic


class Rule:
    """Everything about one finding code, in the module that checks it (lint/rules/ibNNN_*.py).
    The registry finds the modules; `ibdsl rules`, the linter, SARIF and the docs read this.
    A plain class: a lint imports some 70 rule modules, and a dataclass costs its import."""

    __slots__ = ("code", "name", "summary", "doc", "bad", "good", "severity", "fatal", "check", "per_document", "kinds")

    def __init__(
        self,
        code: str,  # stable: IB + family digit + number; never reused (codes.py for compiler-reported ones)
        name: str,  # kebab-case, for people
        summary: str,  # one line for `ibdsl rules`
        doc: str,  # why it matters and what to do
        bad: str,  # an .ib source the rule reports
        good: str,  # the same source, fixed
        severity: str = "error",  # the default; configuration may change it unless the rule is fatal
        # Fatal: the finding leaves no usable payload, so it stays an error whatever the
        # configuration says and no comment suppresses it.
        fatal: bool = False,
        # None when the compiler itself reports the code (syntax, evaluation, schema): the rule
        # exists for its documentation, severity and fixtures.
        check: Callable[[RuleContext], None] | None = None,
        # True when the check reads each component or workflow document on its own: such rules run
        # document by document, so a large project's parsed documents need not all live at once.
        per_document: bool = False,
        # The kinds (block names) of the resources the rule reports on, when it reports on some
        # kinds only: a project without any of them does not even import the rule's module
        # (ibdsl/lint/rule_kinds.py, generated). Reporting on another kind is a bug it is told of.
        kinds: tuple[str, ...] | None = None,
    ):
        self.code, self.name, self.summary, self.doc, self.bad, self.good = code, name, summary, doc, bad, good
        self.severity, self.fatal, self.check, self.per_document = severity, fatal, check, per_document
        self.kinds = kinds

    def __repr__(self) -> str:
        return f"Rule({self.code} {self.name})"


class RuleContext:
    """One rule's view of a compiled project; findings carry the rule's code."""

    def __init__(
        self, result: CompileResult, code: str, findings: list[Diagnostic], catalog=None, kinds: tuple | None = None
    ):
        self.result = result
        self.code = code
        self.catalog = catalog
        self._findings = findings
        self._kinds = kinds

    @property
    def resources(self) -> list[CompiledResource]:
        return self.result.resources

    def report_at(self, span, message: str) -> None:
        """A finding about the project rather than a payload value (its settings)."""
        if self._kinds is not None:
            raise RuntimeError(f"{self.code} reports on certain kinds only, not on the project")
        self._findings.append(Diagnostic(span, message, code=self.code))

    def report(
        self, resource: CompiledResource, path: tuple, message: str, at_key: bool = False, at: tuple | None = None
    ) -> None:
        """A finding about the value at `path`; `at` is a (line, column) inside that value's text
        (a component document), placed where that character was written."""
        if self._kinds is not None and resource.kind.block not in self._kinds:
            raise RuntimeError(
                f"{self.code} reported on {resource.kind.block} '{resource.name}', a kind it does not name"
            )
        if resource.depends_on_lost(path):
            return
        self._findings.append(self.result.diagnostic(resource, path, message, self.code, at_key, at))

"""Expressions -> values: literals, lists, maps, interpolation, `+`, functions, and the work budget."""

from __future__ import annotations

from .. import codes
from ..diagnostics import Diagnostic, Diagnostics, Note, Span
from ..domain.kinds import Kind
from ..language import syntax as ast
from ..language.origins import JoinedOrigin, LiteralOrigin, SpanOrigin
from ..limits import limit
from .loader import Project
from .names import EvaluationError, NameResolution, Settings  # noqa: F401 - EvaluationError, Settings: re-exported
from .values import Val, origin_of, type_name

# What `+` joins: two values of one of these kinds (a boolean is not a number here).
_ADDABLE = {list: "list", dict: "map", str: "string", int: "number"}


class Evaluator(NameResolution):
    """Expressions to values; names (variables, fragments, settings, resources) are resolved by
    NameResolution (names.py)."""

    def __init__(self, project: Project, settings: Settings, variables, diagnostics: Diagnostics):
        self.project = project
        self.settings = settings
        self.variables = variables  # variables.VariableValues
        self.diagnostics = diagnostics
        self._fragments: dict[str, Val | None] = {}
        self._in_progress: list[str] = []
        self._work = 0  # size of every value built so far (see budget())
        # Every <kind>.NAME evaluated, in order: (kind, name, span). Composition takes the
        # slice written while it resolves a resource: that resource's references.
        self.references: list[tuple[Kind, str, Span]] = []
        self._fragment_references: dict[str, list[tuple[Kind, str, Span]]] = {}
        self._variables: dict[str, Val | None] = {}  # var.NAME once evaluated (None: had errors)
        self._variable_references: dict[str, list[tuple[Kind, str, Span]]] = {}
        # The kind of the resource whose members are being evaluated (set by composition).
        self.referrer: Kind | None = None

    # public ---------------------------------------------------------------------------
    def evaluate(self, expr: ast.Expr, module: str) -> Val | None:
        """The value of `expr`, or None when it has errors (already reported)."""
        try:
            return self.value(expr, module)
        except EvaluationError:
            return None

    def budget(self, value: Val, span: Span) -> Val:
        """`value`, once it is known to fit ibdsl's evaluation budget (data/limits.json)."""
        data = value.data
        if isinstance(data, str):
            self._fits_string(len(data), span)
        if isinstance(data, list) and len(data) > limit("evaluation", "max_list_items"):
            self.fail(
                span,
                f"this list would have {len(data):,} items; ibdsl stops at {limit('evaluation', 'max_list_items'):,}",
                code=codes.LIMIT_EXCEEDED,
            )
        if value.size > limit("evaluation", "max_value_size"):
            self.fail(
                span,
                f"this value would be too large to write out ({value.size:,} characters and items, counting "
                f"repeated parts each time); ibdsl stops at {limit('evaluation', 'max_value_size'):,}",
                code=codes.LIMIT_EXCEEDED,
            )
        return self.charge(value, span)

    def charge(self, value: Val, span: Span) -> Val:
        """Count `value` against the work budget of the whole run: each use of a value is
        lowered and written out again, so a value used a thousand times costs a thousand times."""
        self._work += value.size
        if self._work > limit("evaluation", "max_total_work"):
            self.fail(
                span,
                f"evaluating the project takes more than {limit('evaluation', 'max_total_work'):,} units of work; ibdsl stops here",
                code=codes.LIMIT_EXCEEDED,
            )
        return value

    def fail(self, span: Span, message: str, *notes: Note, code: str):
        self.diagnostics.add(Diagnostic(span, message, code=code, notes=tuple(notes)))
        raise EvaluationError()

    # expressions ----------------------------------------------------------------------
    def value(self, expr: ast.Expr, module: str) -> Val:
        """The value of `expr`; raises EvaluationError (after reporting) when it has errors."""
        if isinstance(expr, ast.Str):
            return self._string(expr, module)
        if isinstance(expr, ast.Int):
            return Val(expr.value, expr.span)
        if isinstance(expr, ast.Bool):
            return Val(expr.value, expr.span)
        if isinstance(expr, ast.Word):
            return Val(expr.name, expr.span)
        if isinstance(expr, ast.Ref):
            return self._reference(expr, module)
        if isinstance(expr, ast.Call):
            from .functions import call

            return call(self, expr, module)
        if isinstance(expr, ast.ListExpr):
            return self._list(expr, module)
        if isinstance(expr, ast.ObjectExpr):
            return self.object(expr, module)
        if isinstance(expr, ast.Add):
            return self._add(expr, module)
        raise AssertionError(f"unknown expression {expr!r}")

    def _list(self, expr: ast.ListExpr, module: str) -> Val:
        items, failed = [], False
        for item in expr.items:
            try:
                items.append(self.value(item, module))
            except EvaluationError:
                failed = True  # keep going: report every bad item, then give up on the list
        if failed:
            raise EvaluationError()
        return self.budget(Val(items, expr.span), expr.span)

    def object(self, expr: ast.ObjectExpr, module: str, what: str = "a map") -> Val:
        data: dict[str, Val] = {}
        keys: dict[str, Span] = {}
        failed = False
        for entry in expr.entries:
            if entry.op in ("+=", "-="):
                self.diagnostics.error(
                    entry.key_span,
                    f"'{entry.op}' changes an inherited member; inside {what} write `{entry.key} = ...`",
                    code=codes.INVALID_STRUCTURE,
                )
                failed = True
                continue
            if entry.key in data:
                self.diagnostics.add(
                    Diagnostic(
                        entry.key_span,
                        f"'{entry.key}' is set twice",
                        notes=(Note("first set here", keys[entry.key]),),
                        code=codes.DUPLICATE_DECLARATION,
                    )
                )
                failed = True
                continue
            try:
                data[entry.key] = self.value(entry.value, module)
                keys[entry.key] = entry.key_span
            except EvaluationError:
                failed = True
        if failed:
            raise EvaluationError()
        return self.budget(Val(data, expr.span, keys), expr.span)

    def _string(self, expr: ast.Str, module: str) -> Val:
        if all(isinstance(part, str) for part in expr.parts):
            text = "".join(expr.parts)
            return Val(text, expr.span, origin=expr)  # its LiteralOrigin, when asked (origin_of)
        pieces = []
        for part in expr.parts:
            if isinstance(part, str):
                pieces.append(part)
                continue
            value = self.value(part, module)
            if isinstance(value.data, bool):
                pieces.append("true" if value.data else "false")
            elif isinstance(value.data, (str, int)):
                pieces.append(str(value.data))
            else:
                self.fail(
                    part.span,
                    f"cannot put {type_name(value.data)} inside a string; interpolate a string, number or boolean",
                    code=codes.TYPE_MISMATCH,
                )
        self._fits_string(sum(len(piece) for piece in pieces), expr.span)
        text = "".join(pieces)
        # The origin needs the length of each interpolated text (pieces and parts pair up).
        inserted = tuple(len(piece) for piece, part in zip(pieces, expr.parts) if not isinstance(part, str))
        return self.budget(Val(text, expr.span, origin=LiteralOrigin(text, expr, inserted)), expr.span)

    def _fits_string(self, length: int, span: Span) -> None:
        """Checked before a string is built, so an oversized one is never allocated."""
        if length > limit("evaluation", "max_string_chars"):
            self.fail(
                span,
                f"this string would be {length:,} characters long; ibdsl stops at {limit('evaluation', 'max_string_chars'):,}",
                code=codes.LIMIT_EXCEEDED,
            )

    def _add(self, expr: ast.Add, module: str) -> Val:
        """All operands at once, in time linear in the result (a chain may have many terms)."""
        operands = [self.value(operand, module) for operand in expr.operands]
        first = operands[0].data
        kind = _ADDABLE.get(type(first))
        for op_span, right in zip(expr.op_spans, operands[1:]):
            if kind is None or _ADDABLE.get(type(right.data)) != kind:
                self.fail(
                    op_span,
                    f"cannot add {type_name(first)} and {type_name(right.data)}; "
                    "'+' joins two lists, two maps, two strings or two numbers",
                    code=codes.TYPE_MISMATCH,
                )
        if kind == "string":
            self._fits_string(sum(len(operand.data) for operand in operands), expr.span)
            origins = [origin_of(operand) or SpanOrigin(operand.data, operand.span) for operand in operands]
            text = "".join(operand.data for operand in operands)
            return self.budget(Val(text, expr.span, origin=JoinedOrigin(text, origins)), expr.span)
        if kind == "number":
            total = sum(operand.data for operand in operands)
            if abs(total) > limit("input", "max_integer"):
                self.fail(
                    expr.span,
                    f"this sum is larger than {limit('input', 'max_integer')}, the largest ibdsl number",
                    code=codes.LIMIT_EXCEEDED,
                )
            return Val(total, expr.span)
        if kind == "list":
            count = sum(len(operand.data) for operand in operands)
            if count > limit("evaluation", "max_list_items"):
                self.fail(
                    expr.span,
                    f"this list would have {count:,} items; ibdsl stops at {limit('evaluation', 'max_list_items'):,}",
                    code=codes.LIMIT_EXCEEDED,
                )
            items: list[Val] = []
            for operand in operands:
                items.extend(operand.data)
            return self.budget(Val(items, expr.span), expr.span)
        merged: dict[str, Val] = {}
        keys: dict[str, Span] = {}
        for operand in operands:
            merged.update(operand.data)
            keys.update(operand.keys or {})
        return self.budget(Val(merged, expr.span, keys), expr.span)

    # references -----------------------------------------------------------------------

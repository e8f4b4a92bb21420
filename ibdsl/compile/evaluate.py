"""Expressions -> values: variables, fragments, references, functions, `+`, interpolation."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .. import codes
from ..diagnostics import Diagnostic, Diagnostics, Note, Span
from ..domain.kinds import BLOCK_KINDS, Kind
from ..language import syntax as ast
from ..language.origins import JoinedOrigin, LiteralOrigin, SpanOrigin
from ..limits import limit
from .loader import Declared, Project
from .values import Val, type_name

# var.NAME, fragment.NAME, settings.NAME, and <kind>.NAME for every kind (its ARN).
REFERENCE_ROOTS = ("var", "fragment", "settings", *BLOCK_KINDS)
# What `+` joins: two values of one of these kinds (a boolean is not a number here).
_ADDABLE = {list: "list", dict: "map", str: "string", int: "number"}


@dataclass
class Settings:
    """Where rendered ARNs point. Each value may be missing; a reference that needs it says so."""

    region: str | None = None
    account: str | None = None
    partition: str | None = None

    def resolved_partition(self) -> str | None:
        if self.partition:
            return self.partition
        if self.region:
            from ..domain.arns import partition_for

            return partition_for(self.region)
        return None


class EvaluationError(Exception):
    """Raised inside evaluation to abandon one value; the diagnostic is already recorded."""


class Evaluator:
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

    # public ---------------------------------------------------------------------------
    def evaluate(self, expr: ast.Expr, module: str) -> Val | None:
        """The value of `expr`, or None when it has errors (already reported)."""
        try:
            return self.value(expr, module)
        except EvaluationError:
            return None

    def check_unused_fragments(self) -> None:
        """Fragments nothing uses are not evaluated (a value nobody needs may be huge, and costs
        time), but what they refer to is checked: a typo in an unused fragment is still a typo."""
        from .functions import FUNCTIONS, call

        unused = [name for name in self.project.fragments if name not in self._fragments]
        for name in unused:
            declared = self.project.fragments[name]
            for node in ast.expressions(declared.node.value):
                try:
                    if isinstance(node, ast.Ref):
                        self._check_reference(node, declared.module)
                    elif isinstance(node, ast.Call) and node.name not in FUNCTIONS:
                        call(self, node, declared.module)  # reports the unknown function
                except EvaluationError:
                    pass
        self._report_fragment_cycles(unused)

    def _check_reference(self, ref: ast.Ref, module: str) -> None:
        root, *rest = ref.parts
        if root in ("var", "fragment") and len(rest) == 1:
            table, what = (
                (self.project.variables, "variable") if root == "var" else (self.project.fragments, "fragment")
            )
            self.visible_declaration(table, rest[0], what, rest[0], ref.span, module)
        elif root in BLOCK_KINDS and len(rest) == 1:
            self.visible_declaration(self.project.resources, (root, rest[0]), root, rest[0], ref.span, module)
        elif root != "settings" or len(rest) != 1 or rest[0] not in ("region", "account", "partition"):
            self._reference(ref, module)  # reports what is wrong with it

    def _report_fragment_cycles(self, names: list[str]) -> None:
        refers: dict[str, list[tuple[str, Span]]] = {}
        for name in names:
            refers[name] = [
                (node.parts[1], node.span)
                for node in ast.expressions(self.project.fragments[name].node.value)
                if isinstance(node, ast.Ref) and len(node.parts) == 2 and node.parts[0] == "fragment"
            ]
        # One depth-first walk over the graph (each fragment entered once, so shared
        # references cost nothing): a back edge is a cycle, a long path is too deep.
        state: dict[str, str] = {}
        deepest = limit("input", "max_reference_depth")
        too_deep = False
        for start in names:
            if start in state:
                continue
            state[start] = "open"
            path, stack = [start], [iter(refers[start])]
            while stack:
                step = next(stack[-1], None)
                if step is None:
                    stack.pop()
                    state[path.pop()] = "done"
                    continue
                target, span = step
                if target not in refers or state.get(target) == "done":
                    continue
                if state.get(target) == "open":
                    cycle = path[path.index(target) :] + [target]
                    self.diagnostics.error(span, f"fragment cycle: {' -> '.join(cycle)}", code=codes.CYCLE)
                    continue
                if len(path) >= deepest:
                    if not too_deep:
                        too_deep = True
                        self.diagnostics.error(
                            span, f"fragments refer to fragments more than {deepest} deep", code=codes.LIMIT_EXCEEDED
                        )
                    continue
                state[target] = "open"
                path.append(target)
                stack.append(iter(refers[target]))

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
            return Val(text, expr.span, origin=LiteralOrigin(text, expr))
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
            origins = [operand.origin or SpanOrigin(operand.data, operand.span) for operand in operands]
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
    def _reference(self, ref: ast.Ref, module: str) -> Val:
        root, *rest = ref.parts
        if root not in REFERENCE_ROOTS:
            guess = difflib.get_close_matches(root, REFERENCE_ROOTS, n=1)
            hint = (
                f"did you mean '{guess[0]}.{'.'.join(rest)}'?"
                if guess
                else f"references start with var., fragment., settings. or a kind: {', '.join(k + '.' for k in BLOCK_KINDS)}"
            )
            self.fail(ref.span, f"unknown reference '{'.'.join(ref.parts)}'; {hint}", code=codes.UNDEFINED_NAME)
        if len(rest) != 1:
            self.fail(
                ref.span, f"'{'.'.join(ref.parts)}' is not a reference; write {root}.NAME", code=codes.UNDEFINED_NAME
            )
        name = rest[0]
        if root == "var":
            return self.variables.use(self, name, ref.span, module)
        if root == "fragment":
            return self._fragment(name, ref.span, module)
        if root == "settings":
            return self._setting(name, ref.span)
        return self.resource_arn(BLOCK_KINDS[root], name, ref.span, module)

    def visible_declaration(self, table: dict, key, what: str, name: str, span: Span, module: str) -> Declared:
        declared = table.get(key)
        if declared is None:
            names = [k[1] if isinstance(k, tuple) else k for k in table if not isinstance(k, tuple) or k[0] == key[0]]
            guess = difflib.get_close_matches(name, names, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            self.fail(span, f"no {what} named '{name}' is declared{hint}", code=codes.UNDEFINED_NAME)
        reason = self.project.visibility_note(declared, module)
        if reason:
            self.fail(span, f"{what} '{name}' is not visible here: {reason}", code=codes.UNDEFINED_NAME)
        return declared

    def _fragment(self, name: str, span: Span, module: str) -> Val:
        declared = self.visible_declaration(self.project.fragments, name, "fragment", name, span, module)
        if name in self._fragments:
            value = self._fragments[name]
            if value is None:
                raise EvaluationError()
            self.references.extend(self._fragment_references.get(name, ()))  # each use refers again
            return self.charge(value, span)  # every use is written out again: it costs again
        if name in self._in_progress:
            chain = " -> ".join(self._in_progress[self._in_progress.index(name) :] + [name])
            self.fail(span, f"fragment cycle: {chain}", code=codes.CYCLE)
        if len(self._in_progress) >= limit("input", "max_reference_depth"):
            self.fail(
                span,
                f"fragments refer to fragments more than {limit('input', 'max_reference_depth')} deep",
                code=codes.LIMIT_EXCEEDED,
            )
        self._in_progress.append(name)
        first_reference = len(self.references)
        try:
            value = self.evaluate(declared.node.value, declared.module)
        finally:
            self._in_progress.pop()
        self._fragments[name] = value
        self._fragment_references[name] = self.references[first_reference:]
        if value is None:
            raise EvaluationError()
        return self.charge(value, span)

    def _setting(self, name: str, span: Span) -> Val:
        if name == "region":
            return Val(self.require_region(span), span)
        if name == "account":
            return Val(self.require_account(span), span)
        if name == "partition":
            self.require_region(span)
            return Val(self.settings.resolved_partition(), span)
        self.fail(
            span, f"unknown setting '{name}'; settings are region, account and partition", code=codes.UNDEFINED_NAME
        )

    def require_region(self, span: Span, why: str = "this reference") -> str:
        if not self.settings.region:
            self.fail(
                span,
                f'{why} needs a region: set `region = "..."` in a settings block or pass --region',
                code=codes.INVALID_REFERENCE,
            )
        return self.settings.region

    def require_account(self, span: Span, why: str = "this reference") -> str:
        if not self.settings.account:
            self.fail(
                span,
                f'{why} needs an account id: set `account = "..."` in a settings block or pass --account',
                code=codes.INVALID_REFERENCE,
            )
        return self.settings.account

    def resource_arn(self, kind: Kind, name: str, span: Span, module: str) -> Val:
        """<kind>.NAME: the ARN the resource will have (its version ARN when versioned)."""
        from ..domain.arns import arn_name, imagebuilder_arn

        declared = self.visible_declaration(self.project.resources, (kind.block, name), kind.block, name, span, module)
        block = declared.node
        if block.abstract:
            self.fail(
                span,
                f"{kind.block} '{name}' is abstract; it is never created, so it has no ARN",
                code=codes.INVALID_REFERENCE,
            )
        self.references.append((kind, name, span))
        version = self.resource_version(kind, block, declared.module) if kind.versioned else None
        why = f"{kind.block}.{name}"
        region = self.require_region(span, why)
        account = self.require_account(span, why)
        arn = imagebuilder_arn(
            self.settings.resolved_partition(), region, account, kind.arn_type, arn_name(name), version
        )
        return Val(arn, span)

    def resource_version(self, kind: Kind, block: ast.Block, module: str) -> str:
        """The semantic version a block assigns, following `extends`."""
        seen = set()
        while block is not None and block.label not in seen:
            seen.add(block.label)
            for entry in block.body.entries:
                if entry.key == "semantic_version" and entry.op == "=":
                    value = self.value(entry.value, module)
                    if isinstance(value.data, str):
                        return value.data
                    self.fail(
                        entry.value.span,
                        f'semantic_version must be a string such as "1.0.0", not {type_name(value.data)}',
                        code=codes.TYPE_MISMATCH,
                    )
            if block.extends is None:
                break
            parent = self.project.resources.get((kind.block, block.extends))
            if parent is None:
                break
            block, module = parent.node, parent.module
        # No version, so no ARN: the resource itself reports the missing member (IB101), and
        # that is the cause; the reference stays silent.
        raise EvaluationError()

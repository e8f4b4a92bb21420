"""Expressions -> values: variables, fragments, references, functions, `+`, interpolation."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from . import syntax as ast
from .diagnostics import Diagnostic, Diagnostics, Note, Span
from .limits import limit
from .loader import Declared, Project
from .values import Val, type_name

REFERENCE_ROOTS = ("var", "fragment", "component", "settings")


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
            from .arns import partition_for

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

    # public ---------------------------------------------------------------------------
    def evaluate(self, expr: ast.Expr, module: str) -> Val | None:
        """The value of `expr`, or None when it has errors (already reported)."""
        try:
            return self.value(expr, module)
        except EvaluationError:
            return None

    def evaluate_unused_fragments(self) -> None:
        """Fragments nothing used are evaluated too, so their errors are reported."""
        for name, declared in self.project.fragments.items():
            if name not in self._fragments:
                self.evaluate(ast.Ref(("fragment", name), declared.node.name_span), declared.module)

    def fail(self, span: Span, message: str, *notes: Note):
        self.diagnostics.add(Diagnostic(span, message, notes=tuple(notes)))
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
        return Val(items, expr.span)

    def object(self, expr: ast.ObjectExpr, module: str, what: str = "a map") -> Val:
        data: dict[str, Val] = {}
        keys: dict[str, Span] = {}
        failed = False
        for entry in expr.entries:
            if entry.op in ("+=", "-="):
                self.diagnostics.error(
                    entry.key_span,
                    f"'{entry.op}' changes an inherited member; inside {what} write `{entry.key} = ...`",
                )
                failed = True
                continue
            if entry.key in data:
                self.diagnostics.add(
                    Diagnostic(entry.key_span, f"'{entry.key}' is set twice", notes=(Note("first set here", keys[entry.key]),))
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
        return Val(data, expr.span, keys)

    def _string(self, expr: ast.Str, module: str) -> Val:
        if all(isinstance(part, str) for part in expr.parts):
            return Val("".join(expr.parts), expr.span)
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
                self.fail(part.span, f"cannot put {type_name(value.data)} inside a string; interpolate a string, number or boolean")
        return Val("".join(pieces), expr.span)

    def _add(self, expr: ast.Add, module: str) -> Val:
        operands = [self.value(operand, module) for operand in expr.operands]
        result = operands[0]
        for op_span, right in zip(expr.op_spans, operands[1:]):
            left_data, right_data = result.data, right.data
            if isinstance(left_data, list) and isinstance(right_data, list):
                result = Val(left_data + right_data, expr.span)
            elif isinstance(left_data, dict) and isinstance(right_data, dict):
                merged = dict(left_data)
                merged.update(right_data)
                keys = dict(result.keys or {})
                keys.update(right.keys or {})
                result = Val(merged, expr.span, keys)
            elif isinstance(left_data, str) and isinstance(right_data, str):
                result = Val(left_data + right_data, expr.span)
            elif type(left_data) is int and type(right_data) is int:
                result = Val(left_data + right_data, expr.span)
            else:
                self.fail(
                    op_span,
                    f"cannot add {type_name(left_data)} and {type_name(right_data)}; "
                    "'+' joins two lists, two maps, two strings or two numbers",
                )
        return result

    # references -----------------------------------------------------------------------
    def _reference(self, ref: ast.Ref, module: str) -> Val:
        root, *rest = ref.parts
        if root not in REFERENCE_ROOTS:
            guess = difflib.get_close_matches(root, REFERENCE_ROOTS, n=1)
            hint = f"did you mean '{guess[0]}.{'.'.join(rest)}'?" if guess else "references start with var., fragment., component. or settings."
            self.fail(ref.span, f"unknown reference '{'.'.join(ref.parts)}'; {hint}")
        if len(rest) != 1:
            self.fail(ref.span, f"'{'.'.join(ref.parts)}' is not a reference; write {root}.NAME")
        name = rest[0]
        if root == "var":
            return self.variables.use(self, name, ref.span, module)
        if root == "fragment":
            return self._fragment(name, ref.span, module)
        if root == "settings":
            return self._setting(name, ref.span)
        return self.component_arn(name, ref.span, module)

    def visible_declaration(self, table: dict, key, what: str, name: str, span: Span, module: str) -> Declared:
        declared = table.get(key)
        if declared is None:
            names = [k[1] if isinstance(k, tuple) else k for k in table if not isinstance(k, tuple) or k[0] == key[0]]
            guess = difflib.get_close_matches(name, names, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            self.fail(span, f"no {what} named '{name}' is declared{hint}")
        reason = self.project.visibility_note(declared, module)
        if reason:
            self.fail(span, f"{what} '{name}' is not visible here: {reason}; add: import \"...\"")
        return declared

    def _fragment(self, name: str, span: Span, module: str) -> Val:
        declared = self.visible_declaration(self.project.fragments, name, "fragment", name, span, module)
        if name in self._fragments:
            value = self._fragments[name]
            if value is None:
                raise EvaluationError()
            return value
        if name in self._in_progress:
            chain = " -> ".join(self._in_progress[self._in_progress.index(name) :] + [name])
            self.fail(span, f"fragment cycle: {chain}")
        if len(self._in_progress) >= limit("input", "max_reference_depth"):
            self.fail(span, f"fragments refer to fragments more than {limit('input', 'max_reference_depth')} deep")
        self._in_progress.append(name)
        try:
            value = self.evaluate(declared.node.value, declared.module)
        finally:
            self._in_progress.pop()
        self._fragments[name] = value
        if value is None:
            raise EvaluationError()
        return value

    def _setting(self, name: str, span: Span) -> Val:
        if name == "region":
            return Val(self.require_region(span), span)
        if name == "account":
            return Val(self.require_account(span), span)
        if name == "partition":
            self.require_region(span)
            return Val(self.settings.resolved_partition(), span)
        self.fail(span, f"unknown setting '{name}'; settings are region, account and partition")

    def require_region(self, span: Span, why: str = "this reference") -> str:
        if not self.settings.region:
            self.fail(span, f"{why} needs a region: set `region = \"...\"` in a settings block or pass --region")
        return self.settings.region

    def require_account(self, span: Span, why: str = "this reference") -> str:
        if not self.settings.account:
            self.fail(span, f"{why} needs an account id: set `account = \"...\"` in a settings block or pass --account")
        return self.settings.account

    def component_arn(self, name: str, span: Span, module: str) -> Val:
        from .arns import arn_name, imagebuilder_arn

        declared = self.visible_declaration(self.project.resources, ("component", name), "component", name, span, module)
        block = declared.node
        if block.abstract:
            self.fail(span, f"component '{name}' is abstract; it is never created, so it has no ARN")
        version = self.component_version(block, declared.module)
        why = f"component.{name}"
        region = self.require_region(span, why)
        account = self.require_account(span, why)
        arn = imagebuilder_arn(self.settings.resolved_partition(), region, account, "component", arn_name(name), version)
        return Val(arn, span)

    def component_version(self, block: ast.Block, module: str) -> str:
        """The semantic version a component block assigns, following `extends`."""
        seen = set()
        while block is not None and block.label not in seen:
            seen.add(block.label)
            for entry in block.body.entries:
                if entry.key == "semantic_version" and entry.op == "=":
                    value = self.value(entry.value, module)
                    if isinstance(value.data, str):
                        return value.data
                    self.fail(entry.value.span, f"semantic_version must be a string such as \"1.0.0\", not {type_name(value.data)}")
            if block.extends is None:
                break
            parent = self.project.resources.get(("component", block.extends))
            if parent is None:
                break
            block, module = parent.node, parent.module
        self.fail(block.label_span or block.kind_span, f"component '{block.label}' has no semantic_version, so no ARN can name it")

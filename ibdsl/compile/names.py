"""Names in expressions: var.NAME, fragment.NAME, settings.NAME and <kind>.NAME (a resource's
ARN), with visibility through imports, fragment cycles, and the checks of declarations nothing
uses. A part of the Evaluator (evaluate.py), kept apart because it is about scope, not values."""

from __future__ import annotations

from .. import codes
from ..diagnostics import Note, Span
from ..domain.kinds import BLOCK_KINDS, Kind
from ..language import syntax as ast
from ..limits import limit
from ..naming import close_matches
from .loader import Declared
from .values import Val, respan, type_name
from .variables import TYPES

# var.NAME, fragment.NAME, settings.NAME, and <kind>.NAME for every kind (its ARN).
REFERENCE_ROOTS = ("var", "fragment", "settings", *BLOCK_KINDS)


class Settings:
    """Where rendered ARNs point. Each value may be missing; a reference that needs it says so."""

    __slots__ = ("region", "account", "partition", "used", "written")

    def __init__(self, region: str | None = None, account: str | None = None, partition: str | None = None) -> None:
        self.region, self.account, self.partition = region, account, partition
        # Which of region and account evaluation read: a compile that never read the account
        # made the same payloads whatever the account is.
        self.used: set = set()
        # What the settings blocks set and where: key -> (value, span). Options may override them.
        self.written: dict = {}

    def resolved_partition(self) -> str | None:
        if self.partition:
            return self.partition
        if self.region:
            from ..domain.arns import partition_for

            return partition_for(self.region)
        return None


class EvaluationError(Exception):
    """Raised inside evaluation to abandon one value; the diagnostic is already recorded."""


class NameResolution:
    """Evaluator methods that resolve names; they use the Evaluator's value(), fail() and charge()."""

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

    def _reference(self, ref: ast.Ref, module: str) -> Val:
        root, *rest = ref.parts
        if root not in REFERENCE_ROOTS:
            guess = close_matches(root, REFERENCE_ROOTS, n=1)
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
            return self._variable(name, ref.span, module)
        if root == "fragment":
            return self._fragment(name, ref.span, module)
        if root == "settings":
            return self._setting(name, ref.span)
        return self.resource_arn(BLOCK_KINDS[root], name, ref.span, module)

    def visible_declaration(self, table: dict, key, what: str, name: str, span: Span, module: str) -> Declared:
        declared = table.get(key)
        if declared is None:
            names = [k[1] if isinstance(k, tuple) else k for k in table if not isinstance(k, tuple) or k[0] == key[0]]
            guess = close_matches(name, names, n=1)
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
        self.settings.used.add("region")
        if not self.settings.region:
            self.fail(
                span,
                f'{why} needs a region: set `region = "..."` in a settings block or pass --region',
                code=codes.INVALID_REFERENCE,
            )
        return self.settings.region

    def require_account(self, span: Span, why: str = "this reference") -> str:
        self.settings.used.add("account")
        if not self.settings.account:
            self.fail(
                span,
                f'{why} needs an account id: set `account = "..."` in a settings block or pass --account',
                code=codes.INVALID_REFERENCE,
            )
        return self.settings.account

    def resource_arn(self, kind: Kind, name: str, span: Span, module: str) -> Val:
        """<kind>.NAME: the ARN the resource will have (its version ARN when versioned)."""

        resources = self.project.resources
        if (kind.block, name) not in resources:
            other = next((k for (k, label) in resources if label == name), None)
            if other is not None:
                self.fail(
                    span,
                    f"no {kind.block} named '{name}' is declared; '{name}' is {article(other)} {other}: write {other}.{name}",
                    code=codes.UNDEFINED_NAME,
                )
        declared = self.visible_declaration(resources, (kind.block, name), kind.block, name, span, module)
        if self.referrer is not None and kind.block not in self.referrer.references:
            self.fail(span, wrong_kind(self.referrer, kind, name), code=codes.INVALID_REFERENCE)
        block = declared.node
        if block.abstract:
            self.fail(
                span,
                f"{kind.block} '{name}' is abstract; it is never created, so it has no ARN",
                code=codes.INVALID_REFERENCE,
            )
        version = self.resource_version(kind, block, declared.module) if kind.versioned else None
        segment = None
        if kind.arn_segment:  # a workflow's ARN names its type: .../workflow/build/NAME/1.0.0
            segment = self.resource_member(kind, block, declared.module, kind.arn_segment, "a word such as BUILD")
        why = f"{kind.block}.{name}"
        region = self.require_region(span, why)
        account = self.require_account(span, why)
        arn = kind.arn(self.settings.resolved_partition(), region, account, name, version, segment)
        self.references.append((kind, name, span))  # only a reference that renders: one cause, one error
        return Val(arn, span)

    def resource_version(self, kind: Kind, block: ast.Block, module: str) -> str:
        """The semantic version a block assigns, following `extends`."""
        return self.resource_member(kind, block, module, "semantic_version", 'a string such as "1.0.0"')

    def resource_member(self, kind: Kind, block: ast.Block, module: str, key: str, wanted: str) -> str:
        """The string a block (or what it extends) assigns to `key`, for its ARN."""
        seen = set()
        while block is not None and block.label not in seen:
            seen.add(block.label)
            for entry in block.body.entries:
                if entry.key == key and entry.op == "=":
                    value = self.value(entry.value, module)
                    if isinstance(value.data, str):
                        return value.data
                    self.fail(
                        entry.value.span,
                        f"{key} must be {wanted}, not {type_name(value.data)}",
                        code=codes.TYPE_MISMATCH,
                    )
            if block.extends is None:
                break
            parent = self.project.resources.get((kind.block, block.extends))
            if parent is None:
                break
            block, module = parent.node, parent.module
        # No value, so no ARN: the resource itself reports the missing member (IB101), and
        # that is the cause; the reference stays silent.
        raise EvaluationError()

    def check_variable_declarations(self) -> None:
        """Report bad types and defaults even for variables nothing uses."""
        for name, declared in self.project.variables.items():
            decl: ast.VariableDecl = declared.node
            if decl.type_name not in TYPES:
                self.diagnostics.error(
                    decl.type_span,
                    f"unknown type '{decl.type_name}'; types are {', '.join(TYPES)}",
                    code=codes.UNDEFINED_NAME,
                )
                continue
            if self.variables.given(name) is not None:
                value = self.variables.given(name)
                if not TYPES[decl.type_name](value.data):
                    where = value.span if not self.variables.from_command_line(name) else decl.name_span
                    self.diagnostics.error(
                        where,
                        f"variable '{name}' is a {decl.type_name}, but the value given is {type_name(value.data)}",
                        code=codes.TYPE_MISMATCH,
                    )
            elif decl.default is not None:
                value = self.evaluate(decl.default, declared.module)
                if value is not None and not TYPES[decl.type_name](value.data):
                    self.diagnostics.error(
                        decl.default.span,
                        f"the default of '{name}' is {type_name(value.data)}, but the variable is a {decl.type_name}",
                        code=codes.TYPE_MISMATCH,
                    )

    def _variable(self, name: str, span: Span, module: str) -> Val:
        """var.NAME: --var, then a var file, then the declared default; once, then cached."""
        declared = self.visible_declaration(self.project.variables, name, "variable", name, span, module)
        decl: ast.VariableDecl = declared.node
        if name in self._variables:
            self.references.extend(self._variable_references.get(name, ()))  # each use refers again
        else:
            first_reference = len(self.references)
            value = self.variables.given(name)
            if value is None and decl.default is not None:
                value = self.evaluate(decl.default, declared.module)
                if value is None:
                    self._variables[name] = None
            elif value is None:
                self.fail(
                    span,
                    f"var.{name} has no value: pass --var {name}=VALUE or a --var-file, or give it a default",
                    Note("declared here", decl.name_span),
                    code=codes.INVALID_REFERENCE,
                )
            if value is not None and decl.type_name in TYPES and not TYPES[decl.type_name](value.data):
                value = None  # check_variable_declarations reports the mismatch once, at its source
            self._variables[name] = value
            self._variable_references[name] = self.references[first_reference:]
        value = self._variables[name]
        if value is None:
            raise EvaluationError()
        if self.variables.from_command_line(name):
            value = respan(value, span)  # the command line has no source line: point at the use
        return self.charge(value, span)


def article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def wrong_kind(referrer: Kind, target: Kind, name: str) -> str:
    allowed = ", ".join(f"{block}.NAME" for block in referrer.references) or "no other resource"
    return (
        f"{article(referrer.block)} {referrer.block} cannot refer to {article(target.block)} {target.block} "
        f"({target.block}.{name}); it may refer to {allowed}"
    )

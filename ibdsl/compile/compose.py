"""Resource bodies after `extends`: a child starts from its parent's members and changes them.

`name = v` replaces the member, `name += v` appends to a list or merges into a map, and
`name -= v` removes list items (matched by component ARN, device name or region, else by
value) or map keys. A value keeps the span where it was written, so a diagnostic about an
inherited value points into the parent.
"""

from __future__ import annotations

from .. import codes
from ..diagnostics import Diagnostic, Diagnostics, Note, Span
from ..domain.kinds import BLOCK_KINDS
from ..language import syntax as ast
from ..limits import limit
from .evaluate import Evaluator
from .loader import Declared
from .names import article
from .values import Val, identity, type_name


class Resolved:
    __slots__ = (
        "kind",
        "label",
        "block",
        "module",
        "members",
        "member_keys",
        "ancestors",
        "ok",
        "failed_members",
        "parent_unknown",
        "member_references",
    )

    def __init__(self, kind: str, label: str, block: ast.Block, module: str) -> None:
        self.kind, self.label, self.block, self.module = kind, label, block, module
        self.members: dict[str, Val] = {}
        self.member_keys: dict[str, Span] = {}
        self.ancestors: list[Declared] = []  # parent first
        self.ok = True
        self.failed_members: set[str] = set()  # members whose value had errors
        self.parent_unknown = False  # extends failed: what the parent would supply is unknown
        # member -> (kind, name, span) of every <kind>.NAME its value uses, inherited ones included
        self.member_references: dict[str, list] = {}

    @property
    def references(self) -> list:
        """The <kind>.NAME uses of the members the resource ends up with."""
        return [ref for key, refs in self.member_references.items() if key in self.members for ref in refs]


class Composer:
    def __init__(self, evaluator: Evaluator, diagnostics: Diagnostics):
        self.evaluator = evaluator
        self.diagnostics = diagnostics
        self._done: dict[tuple[str, str], Resolved] = {}
        self._in_progress: list[str] = []

    def resolve(self, kind: str, label: str) -> Resolved:
        key = (kind, label)
        if key in self._done:
            return self._done[key]
        declared = self.evaluator.project.resources[key]
        block: ast.Block = declared.node
        result = Resolved(kind, label, block, declared.module)
        self._in_progress.append(label)
        try:
            if block.extends is not None:
                parent = self._parent(block, declared.module, result)
                if parent is not None:
                    result.members = dict(parent.members)
                    result.member_keys = dict(parent.member_keys)
                    result.ancestors = [self.evaluator.project.resources[(kind, parent.label)], *parent.ancestors]
                    result.ok = parent.ok
                    result.failed_members = set(parent.failed_members)
                    result.parent_unknown = parent.parent_unknown
                    result.member_references = {k: list(v) for k, v in parent.member_references.items()}
                else:
                    result.parent_unknown = True
            log = self.evaluator.references
            referrer, self.evaluator.referrer = self.evaluator.referrer, BLOCK_KINDS[kind]
            try:
                for entry in block.body.entries:
                    first = len(log)
                    self._apply(entry, result)
                    _record_references(result, entry, log[first:])
                    del log[first:]
            finally:
                self.evaluator.referrer = referrer
        finally:
            self._in_progress.pop()
        self._done[key] = result
        return result

    def _parent(self, block: ast.Block, module: str, result: Resolved) -> Resolved | None:
        kind = block.kind
        table = self.evaluator.project.resources
        failure, code = None, codes.UNDEFINED_NAME
        if (kind, block.extends) not in table:
            others = [k for (k, label) in table if label == block.extends]
            hint = (
                f"; '{block.extends}' is {article(others[0])} {others[0]}, and {article(kind)} {kind} can only extend "
                f"{article(kind)} {kind}"
                if others
                else ""
            )
            failure = f"{kind} '{block.label}' extends '{block.extends}', which is not declared{hint}"
        elif len(self._in_progress) >= limit("input", "max_reference_depth"):
            failure = f"extends chains more than {limit('input', 'max_reference_depth')} resources deep"
            code = codes.LIMIT_EXCEEDED
        elif block.extends in self._in_progress:
            chain = self._in_progress[self._in_progress.index(block.extends) :] + [block.extends]
            failure, code = f"extends cycle: {' -> '.join(chain)}", codes.CYCLE
        else:
            reason = self.evaluator.project.visibility_note(table[(kind, block.extends)], module)
            if reason:
                failure = f"cannot extend '{block.extends}': {reason}"
        if failure:
            self._fail(result, block.extends_span, failure, code)
            return None
        return self.resolve(kind, block.extends)

    def _apply(self, entry: ast.Entry, result: Resolved) -> None:
        value = self.evaluator.evaluate(entry.value, result.module)
        if value is None:
            result.ok = False
            result.failed_members.add(entry.key)
            result.members.pop(entry.key, None)
            return
        members = result.members
        key = entry.key
        if entry.op in ("=", "{"):
            first = self._set_here(result, key)
            if first is not None:
                self.diagnostics.add(
                    Diagnostic(
                        entry.key_span,
                        f"'{key}' is set twice",
                        notes=(Note("first set here", first),),
                        code=codes.DUPLICATE_DECLARATION,
                    )
                )
                result.ok = False
                return
            members[key] = value
            result.member_keys[key] = entry.key_span
            result.failed_members.discard(key)  # set anew here: what the parent lost is not lost here
            return
        current = members.get(key)
        if entry.op == "+=":
            if current is None:
                members[key] = value
            elif isinstance(current.data, list) and isinstance(value.data, list):
                joined = self._budgeted(Val(current.data + value.data, value.span), entry.key_span, result)
                if joined is None:
                    return
                members[key] = joined
            elif isinstance(current.data, dict) and isinstance(value.data, dict):
                merged = dict(current.data)
                merged.update(value.data)
                keys = dict(current.keys or {})
                keys.update(value.keys or {})
                members[key] = Val(merged, value.span, keys)
            else:
                self._fail(
                    result,
                    entry.key_span,
                    f"'+=' appends to a list or merges into a map; '{key}' is {type_name(current.data)} here and the value is {type_name(value.data)}",
                    codes.TYPE_MISMATCH,
                )
                return
            result.member_keys[key] = entry.key_span
            return
        # -=
        if current is None:
            self._fail(
                result,
                entry.key_span,
                f"nothing to remove: '{key}' has no value here{self._inherited_hint(result)}",
                codes.UNDEFINED_NAME,
            )
            return
        if isinstance(current.data, list):
            removals = value.data if isinstance(value.data, list) else [value]
            identities = [identity(item) for item in current.data]  # once each: one pass, not one per removal
            present, removed = set(identities), set()
            for removal in removals:
                wanted = identity(removal)
                if wanted not in present or wanted in removed:
                    self._fail(
                        result,
                        removal.span,
                        f"nothing to remove: {_short(wanted)} is not in '{key}'",
                        codes.UNDEFINED_NAME,
                    )
                removed.add(wanted)
            members[key] = Val([item for item, i in zip(current.data, identities) if i not in removed], current.span)
        elif isinstance(current.data, dict):
            if isinstance(value.data, dict):
                removals = [Val(name, (value.keys or {}).get(name, value.span)) for name in value.data]
            elif isinstance(value.data, list):
                removals = value.data
            else:
                removals = [value]
            remaining = dict(current.data)
            for removal in removals:
                if not isinstance(removal.data, str) or removal.data not in remaining:
                    self._fail(
                        result,
                        removal.span,
                        f"nothing to remove: {_short(str(removal.plain()))} is not a key of '{key}'",
                        codes.UNDEFINED_NAME,
                    )
                    continue
                del remaining[removal.data]
            keys = {k: s for k, s in (current.keys or {}).items() if k in remaining}
            members[key] = Val(remaining, current.span, keys)
        else:
            self._fail(
                result,
                entry.key_span,
                f"'-=' removes list items or map keys; '{key}' is {type_name(current.data)}",
                codes.TYPE_MISMATCH,
            )

    def _budgeted(self, value: Val, span: Span, result: Resolved) -> Val | None:
        from .evaluate import EvaluationError

        try:
            return self.evaluator.budget(value, span)
        except EvaluationError:
            result.ok = False
            return None

    def _set_here(self, result: Resolved, key: str) -> Span | None:
        """The span of an earlier `key = ...` in this same block (setting it twice is a mistake)."""
        span = result.member_keys.get(key)
        if span is not None and result.block.span.contains(span):
            return span
        return None

    def _inherited_hint(self, result: Resolved) -> str:
        return "" if result.block.extends else " (this block extends nothing)"

    def _fail(self, result: Resolved, span: Span, message: str, code: str) -> None:
        self.diagnostics.error(span, message, code=code)
        result.ok = False


def _short(text: str, width: int = 80) -> str:
    text = repr(text) if not text.startswith("{") else text
    return text if len(text) <= width else text[: width - 3] + "..."


def _record_references(result: Resolved, entry: ast.Entry, used: list) -> None:
    """Which references a member holds after `=`, `+=` or `-=`: a child that replaces an
    inherited value does not refer to what the parent's value referred to."""
    key = entry.key
    if entry.op in ("=", "{"):
        result.member_references[key] = list(used)
    elif entry.op == "+=":
        result.member_references[key] = result.member_references.get(key, []) + list(used)
    else:  # -=: keep the references that are still inside what remains
        value = result.members.get(key)
        spans = list(_spans(value)) if value is not None else []
        kept = [ref for ref in result.member_references.get(key, []) if any(s.contains(ref[2]) for s in spans)]
        result.member_references[key] = kept


def _spans(value: Val):
    yield value.span
    if isinstance(value.data, list):
        for item in value.data:
            yield from _spans(item)
    elif isinstance(value.data, dict):
        for item in value.data.values():
            yield from _spans(item)

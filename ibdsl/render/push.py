"""Push plans and outcomes, for people (aligned lines) and for scripts (JSON)."""

from __future__ import annotations

import json

CHANGES = ("create", "build", "update", "replace")  # the actions that change something in the account


def plan_lines(plan: list) -> list[str]:
    width_kind = max((len(p.kind) for p in plan), default=0)
    width_name = max((len(p.resource.name) for p in plan), default=0)
    lines = []
    for p in plan:
        line = f"{p.action:<9}  {p.kind:<{width_kind}}  {p.resource.name:<{width_name}}  {p.arn}"
        detail = plan_detail(p)
        if detail:
            line += f"  ({detail})"
        lines.append(line)
        lines.extend(change_lines(p))
    return lines


def change_lines(p, indent: str = "    ") -> list[str]:
    """What differs, member by member, as `terraform plan` shows it: `~ member: old -> new`,
    `+` added, `-` removed, long text as a unified diff. Values go through the redactor."""
    out: list[str] = []
    for member, (old, new) in p.changes.items():
        _walk((member,), old, new, out)
    return [indent + line for line in out]


def _walk(path: tuple, old, new, out: list[str]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            if old.get(key, _MISSING) != new.get(key, _MISSING):
                _walk(path + (key,), old.get(key, _MISSING), new.get(key, _MISSING), out)
        return
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new)):
            if a != b:
                _walk(path + (index,), a, b, out)
        return
    where = _display(path)
    if _absent(old):
        out.append(f"+ {where}: {_shown(new)}")
    elif _absent(new):
        out.append(f"- {where}: {_shown(old)}")
    elif isinstance(old, str) and isinstance(new, str) and ("\n" in old or "\n" in new or len(old) + len(new) > 100):
        import difflib

        out.append(f"~ {where}:")
        diff = difflib.unified_diff(old.splitlines(), new.splitlines(), "in the account", "in the source", lineterm="")
        out.extend(f"    {_redacted(line)}" for line in diff)
    else:
        out.append(f"~ {where}: {_shown(old)} -> {_shown(new)}")


_MISSING = object()


def _absent(value) -> bool:
    return value is _MISSING or repr(value) == "ABSENT"


def _display(path: tuple) -> str:
    """API members in snake_case; map keys (tags, parameters by name) as written."""
    from ..naming import snake

    text = ""
    for key in path:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            shown = snake(key) if key[:1].islower() and key.isidentifier() else json.dumps(key)
            text += ("." if text else "") + shown
    return text


def _shown(value) -> str:
    text = _redacted(json.dumps(value, ensure_ascii=False, sort_keys=True))  # redact, then shorten
    return text if len(text) <= 120 else text[:117] + "..."


def _redacted(text: str) -> str:
    from .terminal import redact

    return redact(text)


def plan_detail(p) -> str | None:
    """What a plan line says beyond its action: the version the service assigns, what differs."""
    said = [p.note] if p.note else []
    if p.differences and p.action != "unchanged":
        said.append(f"differs in: {', '.join(p.differences)}")
    return "; ".join(said) or None


def outcome_lines(outcomes: list) -> list[str]:
    width_kind = max((len(o.kind) for o in outcomes), default=0)
    width_name = max((len(o.name) for o in outcomes), default=0)
    lines = []
    for o in outcomes:
        line = f"{o.action:<9}  {o.kind:<{width_kind}}  {o.name:<{width_name}}  {o.arn}"
        lines.append(f"{line}  ({o.detail})" if o.detail else line)
        if o.error:
            lines.append(f"           {o.source}: {o.error[0]}: {o.error[1]}")
    return lines


def outcomes_json(outcomes: list) -> str:
    return json.dumps({"resources": [_outcome_json(o) for o in outcomes]}, indent=2) + "\n"


def _outcome_json(outcome) -> dict:
    item = {"kind": outcome.kind, "name": outcome.name, "action": outcome.action, "arn": outcome.arn}
    if outcome.detail:
        item["detail"] = outcome.detail
    if outcome.error:
        from .terminal import redact

        item["error"] = {"code": outcome.error[0], "message": redact(outcome.error[1]), "source": outcome.source}
    return item


def conflict_advice(conflicts: list) -> list[str]:
    lines = []
    for p in conflicts:
        span = p.resource.span
        lines.append(
            f"{span.path}:{span.line}:{span.column}: {p.kind} '{p.resource.name}' version "
            f"{p.resource.payload.get('semanticVersion')} already exists with different content "
            f"({', '.join(p.differences)}); versions are immutable: bump semantic_version"
            + (
                ', or write a version with one x (such as "1.0.x") and Image Builder numbers each change'
                if p.resource.kind.auto_versions
                else ""
            )
            if p.resource.kind.versioned
            else f"{span.path}:{span.line}:{span.column}: {p.kind} '{p.resource.name}' exists with different content "
            f"({', '.join(p.differences)}) that cannot be changed in place; delete it or give it another name"
        )
    return lines


def failure_summary(outcomes: list, interrupted: bool) -> str:
    failed = next(o for o in outcomes if o.action == "failed")
    done = sum(1 for o in outcomes if o.action in CHANGES)
    skipped = sum(1 for o in outcomes if o.action == "skipped")
    what = "interrupted" if interrupted else "failed"
    return (
        f"ibdsl: push {what} at {failed.kind} '{failed.name}' ({failed.source}); "
        f"{done} change(s) made, {skipped} not attempted. Fix the cause and push again: "
        "what exists is kept, the rest is created."
    )

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
    return lines


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

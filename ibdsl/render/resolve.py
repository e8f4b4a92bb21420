"""Resolved references: one line each for people, a JSON list for scripts."""

from __future__ import annotations

import json


def resolution_lines(rows) -> list[str]:
    lines = []
    for span, r in rows:
        selected = str(r.resolution) if r.resolution else f"no match ({r.problem})"
        lines.append(f"{span.path}:{span.line}:{span.column}: {r.type} {r.owner}/{r.name} {r.wanted} -> {selected}")
    return lines


def resolutions_json(rows) -> str:
    return json.dumps([
        {
            "path": span.path, "line": span.line, "column": span.column,
            "resource": r.part.resource.name, "member": r.where, "type": r.type, "owner": r.owner,
            "name": r.name, "filter": r.wanted, "selected": str(r.resolution) if r.resolution else None,
        }
        for span, r in rows
    ], indent=2) + "\n"  # fmt: skip

"""Inline suppressions: `# ibdsl: ignore[IB402]` (or `// ...`) on the line of a finding, in
an .ib file or in a YAML comment of a component or workflow document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import Span
from ..domain.kinds import COMPONENT, WORKFLOW

_PATTERN = re.compile(r"ibdsl:\s*ignore\[\s*([A-Za-z0-9_,\s]+?)\s*\]")


@dataclass
class Suppression:
    span: Span
    codes: tuple[str, ...]
    used: set[str] = field(default_factory=set)


def collect(project) -> dict[tuple[str, int], Suppression]:
    """(path, line) -> the suppression written on that line."""
    found: dict[tuple[str, int], Suppression] = {}
    for path, module in project.modules.items():
        for comment in module.comments:
            match = _PATTERN.search(comment.text)
            if match:
                found[(path, comment.span.line)] = Suppression(comment.span, _codes(match))
    return found


def collect_documents(resources) -> dict[tuple[str, int], Suppression]:
    """Suppressions in YAML comments of the documents (`data`), placed where that line was
    written: in the heredoc, or in the file that file() read."""
    found: dict[tuple[str, int], Suppression] = {}
    for resource in resources:
        text = resource.payload.get("data") if resource.kind in (COMPONENT, WORKFLOW) else None
        if not isinstance(text, str) or "ibdsl:" not in text:
            continue
        origin = resource.origin_at(("data",))
        for match in _PATTERN.finditer(text):
            if "#" not in text[text.rfind("\n", 0, match.start()) + 1 : match.start()]:
                continue  # not in a YAML comment
            span = origin.span_at(*origin.position(match.start()))
            found.setdefault((span.path, span.line), Suppression(span, _codes(match)))
    return found


def _codes(match) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in match.group(1).split(",") if c.strip())

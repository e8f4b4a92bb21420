"""Inline suppressions: `# ibdsl: ignore[IB402]` (or `// ...`) on the line of a finding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import Span

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
                codes = tuple(c.strip().upper() for c in match.group(1).split(",") if c.strip())
                found[(path, comment.span.line)] = Suppression(comment.span, codes)
    return found

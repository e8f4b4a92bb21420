"""Inline suppressions: `# ibdsl: ignore[IB402]` (or `// ...`) on the line of a finding, in
an .ib file or in a YAML comment of a component or workflow document. Inside a document, a
comment on the header or key line of a scalar written over several lines (`content: |`) also
covers the scalar's lines: a `#` line inside a block scalar is its text, not a comment."""

from __future__ import annotations

import re

from ..diagnostics import Span
from ..domain.kinds import COMPONENT, WORKFLOW

_PATTERN = re.compile(r"ibdsl:\s*ignore\[\s*([A-Za-z0-9_,\s]+?)\s*\]")


class Suppression:
    __slots__ = ("span", "codes", "used")

    def __init__(self, span: Span, codes: tuple[str, ...]) -> None:
        self.span, self.codes = span, codes
        self.used: set[str] = set()


def collect(project) -> dict[tuple[str, int], Suppression]:
    """(path, line) -> the suppression written on that line."""
    found: dict[tuple[str, int], Suppression] = {}
    for path, module in project.modules.items():
        for comment in module.comments:
            match = _PATTERN.search(comment.text)
            if match:
                found[(path, comment.span.line)] = Suppression(comment.span, _codes(match))
    return found


Place = tuple[str, int]  # (path, line)


def collect_documents(resources) -> tuple[dict[Place, Suppression], dict[Place, list[Suppression]]]:
    """Suppressions in YAML comments of the documents (`data`), placed where that line was
    written (in the heredoc, or in the file that file() read); and the lines each one also
    covers, inside a scalar it heads."""
    found: dict[Place, Suppression] = {}
    covered: dict[Place, list[Suppression]] = {}
    for resource in resources:
        text = resource.payload.get("data") if resource.kind in (COMPONENT, WORKFLOW) else None
        if not isinstance(text, str) or "ibdsl:" not in text:
            continue
        origin = resource.origin_at(("data",))
        by_line: dict[int, Suppression] = {}  # 0-based line in the document
        for match in _PATTERN.finditer(text):
            if "#" not in text[text.rfind("\n", 0, match.start()) + 1 : match.start()]:
                continue  # not in a YAML comment
            line, column = origin.position(match.start())
            span = origin.span_at(line, column)
            by_line.setdefault(line - 1, found.setdefault((span.path, span.line), Suppression(span, _codes(match))))
        if by_line:
            _cover_scalars(resource, origin, by_line, covered)
    return found, covered


def _cover_scalars(resource, origin, by_line, covered) -> None:
    from ..language.yamldoc import multiline_scalars
    from .documents import Document

    root = Document(resource, resource.kind.block).parsed.root
    for headers, first, last in multiline_scalars(root):
        heading = [by_line[line] for line in sorted(headers) if line in by_line]
        for line in range(first, last + 1) if heading else ():
            span = origin.span_at(line + 1, 1)
            covered.setdefault((span.path, span.line), []).extend(heading)


def _codes(match) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in match.group(1).split(",") if c.strip())

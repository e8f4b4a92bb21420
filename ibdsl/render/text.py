"""Render diagnostics as text: `path:line:col: severity: message`, the source line and a caret."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Span
from ..sources import SourceCache


def _excerpt(span: Span, sources: SourceCache) -> list[str]:
    line_text = sources.line(span.path, span.line)
    if line_text is None:
        return []
    shown = line_text.expandtabs(1)
    # Very long lines (minified input, fuzzing) are cut so a finding stays readable.
    limit = 200
    start = 0
    column = span.column
    if len(shown) > limit:
        start = max(0, column - limit // 2)
        shown = shown[start : start + limit]
        column -= start
    width = 1
    if span.end_line == span.line:
        width = max(1, span.end_column - span.column)
    width = min(width, max(1, len(shown) - column + 1))
    gutter = f"{span.line:>5} | "
    caret_pad = " " * (len(gutter) - 2) + "| " + " " * (column - 1)
    return [gutter + shown, caret_pad + "^" + "~" * (width - 1)]


def render_diagnostic(diagnostic: Diagnostic, sources: SourceCache) -> str:
    s = diagnostic.span
    head = f"{s.path}:{s.line}:{s.column}: "
    if diagnostic.code:
        head += f"{diagnostic.code} "
    head += f"{diagnostic.severity}: {diagnostic.message}"
    lines = [head, *_excerpt(s, sources)]
    for note in diagnostic.notes:
        if note.span is None:
            lines.append(f"  note: {note.message}")
        else:
            n = note.span
            lines.append(f"{n.path}:{n.line}:{n.column}: note: {note.message}")
            lines.extend(_excerpt(n, sources))
    return "\n".join(lines)


def render(diagnostics: list[Diagnostic], sources: SourceCache) -> str:
    return "".join(render_diagnostic(d, sources) + "\n" for d in diagnostics)

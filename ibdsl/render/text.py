"""Render diagnostics as text: `path:line:col: severity: message`, the source line and a caret.

Every piece goes through terminal.escape: messages quote labels and values the user wrote,
and source excerpts may hold escape sequences or a bare CR."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Span
from ..language.sources import SourceCache
from .terminal import escape, path_text


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
    # Escaping may widen what stands before and under the caret: measure after escaping.
    before = escape(shown[: column - 1])
    under = escape(shown[column - 1 : column - 1 + width])
    gutter = f"{span.line:>5} | "
    caret_pad = " " * (len(gutter) - 2) + "| " + " " * len(before)
    return [gutter + escape(shown), caret_pad + "^" + "~" * (max(1, len(under)) - 1)]


def _where(span: Span) -> str:
    return f"{escape(path_text(span.path))}:{span.line}:{span.column}"


def render_diagnostic(diagnostic: Diagnostic, sources: SourceCache) -> str:
    s = diagnostic.span
    head = f"{_where(s)}: "
    if diagnostic.code:
        head += f"{diagnostic.code} "
    head += f"{diagnostic.severity}: {escape(diagnostic.message)}"
    lines = [head, *_excerpt(s, sources)]
    for note in diagnostic.notes:
        if note.span is None:
            lines.append(f"  note: {escape(note.message)}")
        else:
            lines.append(f"{_where(note.span)}: note: {escape(note.message)}")
            lines.extend(_excerpt(note.span, sources))
    return "\n".join(lines)


def render(diagnostics: list[Diagnostic], sources: SourceCache) -> str:
    return "".join(render_diagnostic(d, sources) + "\n" for d in diagnostics)

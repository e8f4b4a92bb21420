"""Findings as GitHub Actions workflow commands (annotations on the pull request)."""

from __future__ import annotations

from .terminal import path_text

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    from .terminal import escape

    # GitHub's own escapes first (a newline would end the command), then nothing left that acts.
    return escape(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings) -> str:
    lines = []
    for f in findings:
        s = f.span
        props = (
            f"file={_property(path_text(s.path))},line={s.line},col={s.column},"
            f"endLine={s.end_line},endColumn={s.end_column},title={_property(f.code)}"
        )
        lines.append(f"::{LEVELS[f.severity]} {props}::{_data(f.code + ' ' + f.message)}\n")
    return "".join(lines)

"""Findings as one JSON array: path, line, column, end_line, end_column, code, severity, message."""

from __future__ import annotations

import json

from .terminal import path_text


def render(findings) -> str:
    return (
        json.dumps(
            [
                {
                    "path": path_text(f.span.path),
                    "line": f.span.line,
                    "column": f.span.column,
                    "end_line": f.span.end_line,
                    "end_column": f.span.end_column,
                    "code": f.code,
                    "severity": f.severity,
                    "message": f.message,
                }
                for f in findings
            ],
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )

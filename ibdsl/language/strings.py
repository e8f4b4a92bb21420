"""String and heredoc tokens -> ast.Str parts (literal text and ${...} expressions), and, only
when asked, where each character of the literal text was written (see origins.py)."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic, Span
from ..records import replace
from . import syntax as ast
from .parse_errors import ParseError

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$", "/": "/"}

# What an ibdsl expression inside ${...} starts with: a reference, a call, a literal or a
# bracket. Anything else that fails to parse is taken for shell syntax.
_IBDSL_EXPRESSION = re.compile(
    r"\s*(?:(?:var|fragment|settings|component)\s*\.|[A-Za-z_][A-Za-z0-9_-]*\s*\(|[\"\[{(]|-?[0-9]+\s*\+|true\b|false\b)"
)


def string(path: str, token, span: Span) -> ast.Str:
    raw = token.value
    return ast.Str(_template(path, raw[1:-1], span.line, span.column + 1, True, _interpolation), span, False, raw)


def heredoc(path: str, token, span: Span) -> ast.Str:
    parts = _heredoc(path, token.value, span.line, _interpolation)
    return ast.Str(tuple(_merge_literals(parts)), span, True, token.value)


def runs(node: ast.Str) -> list:
    """Where the literal text of `node` was written, in order: (length, line, column) for
    characters written one after another on one line, and the span of each ${...}, whose
    text is known only once evaluated. Worked out again from the token, so a parse pays
    nothing for positions nobody asks for."""
    found: list = []
    path, line, column = node.span.path, node.span.line, node.span.column
    if node.heredoc:
        _heredoc(path, node.raw, line, None, found)
    else:
        _template(path, node.raw[1:-1], line, column + 1, True, None, found)
    return found


def _heredoc(path: str, value: str, line: int, interpolate, runs: list | None = None) -> list:
    header, _, rest = value.partition("\n")
    match = re.match(r"<<(-?)('?)", header)
    strip, raw = match.group(1) == "-", match.group(2) == "'"
    lines = rest.split("\n")[:-1]  # the last line is the closing marker
    indent = 0
    if strip:
        widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
        indent = min(widths) if widths else 0
    parts: list = []
    for number, text in enumerate(lines):
        body = text[indent:] + "\n"
        # A blank line may be shorter than the indentation: its newline is where it ends.
        at, column = line + 1 + number, min(indent, len(text)) + 1
        if raw:
            parts.append(body)
            if runs is not None:
                runs.append((len(body), at, column))
            continue
        parts.extend(_template(path, body, at, column, False, interpolate, runs))
    return parts


def _template(path: str, raw: str, line: int, column: int, escapes: bool, interpolate, runs=None) -> tuple:
    """Split string content written at line:column into literal text and ${...} expressions.
    `interpolate` None: positions only, the expressions are not parsed (they parsed before)."""
    parts: list = []
    literal: list[str] = []
    i = 0
    n = len(raw)
    plain = 0  # where the current run of characters copied one for one began (for `runs`)
    while i < n:
        c = raw[i]
        if c == "\\" and escapes:
            end = _escape(path, raw, i, literal, line, column)
            if runs is not None:
                _close(runs, plain, i, line, column)
                runs.append((1, line, column + i))
                plain = end
            i = end
            continue
        if c == "$" and raw.startswith("$${", i):
            literal.append("${")
            if runs is not None:
                _close(runs, plain, i, line, column)
                runs.append((2, line, column + i + 1))
                plain = i + 3
            i += 3
            continue
        if c == "$" and raw.startswith("${", i):
            end = _closing_brace(raw, i + 2)
            if end < 0:
                raise ParseError(
                    Diagnostic(Span(path, line, column + i, line, column + i + 2), "'${' is never closed with '}'")
                )
            inner = raw[i + 2 : end]
            if not inner.strip():
                raise ParseError(
                    Diagnostic(Span(path, line, column + i, line, column + i + 3), "empty interpolation '${}'")
                )
            if literal:
                parts.append("".join(literal))
                literal = []
            whole = Span(path, line, column + i, line, column + i + len(inner) + 3)
            parts.append(whole if interpolate is None else interpolate(path, inner, whole))
            if runs is not None:
                _close(runs, plain, i, line, column)
                runs.append(whole)
                plain = end + 1
            i = end + 1
            continue
        literal.append(c)
        i += 1
    if literal:
        parts.append("".join(literal))
    if runs is not None:
        _close(runs, plain, n, line, column)
    return tuple(parts)


def _close(runs: list, start: int, end: int, line: int, column: int) -> None:
    if end > start:
        runs.append((end - start, line, column + start))


def _interpolation(path: str, inner: str, whole: Span) -> ast.Expr:
    """The expression inside `${...}`. Shell and Dockerfile text (`${HOME}`, `${USER:-x}`)
    is the commonest content of these strings, so anything that is not clearly an ibdsl
    expression is refused with the way to write it literally, never given a meaning."""
    from .parser import parse_expression  # the parser builds strings: imported when used

    literal = "$${" + inner + "}"
    advice = f"write {literal} for the literal text, or use a raw heredoc <<'EOT' that never interpolates"
    try:
        expr = parse_expression(path, inner, whole.line, whole.column + 2)
    except ParseError as e:
        if _IBDSL_EXPRESSION.match(inner):
            message = e.diagnostic.message.replace("the end of the file", "the closing '}'")
            raise ParseError(replace(e.diagnostic, message=message)) from None
        raise ParseError(
            Diagnostic(whole, f"'${{{inner}}}' is shell or template syntax, not an ibdsl expression; {advice}")
        ) from None
    for node in ast.expressions(expr):
        if isinstance(node, ast.Word):
            raise ParseError(
                Diagnostic(
                    node.span,
                    f"'{node.name}' inside ${{...}} is not an ibdsl name (a bare word is an enum value, "
                    f"which has no place in a string); {advice}, or var.{node.name} for a variable",
                )
            )
        if isinstance(node, ast.Int) and node is expr:
            raise ParseError(Diagnostic(whole, f"'${{{inner}}}' would insert the number {inner.strip()}; {advice}"))
    return expr


def _escape(path: str, raw: str, i: int, literal: list[str], line: int, column: int) -> int:
    nxt = raw[i + 1] if i + 1 < len(raw) else ""
    if nxt in _ESCAPES:
        literal.append(_ESCAPES[nxt])
        return i + 2
    if nxt in ("u", "U"):
        width = 4 if nxt == "u" else 8
        digits = raw[i + 2 : i + 2 + width]
        if len(digits) == width and all(ch in "0123456789abcdefABCDEF" for ch in digits):
            code = int(digits, 16)
            if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                literal.append(chr(code))
                return i + 2 + width
    raise ParseError(
        Diagnostic(
            Span(path, line, column + i, line, column + i + 2),
            f"unknown escape '\\{nxt}'; known escapes are \\n \\t \\r \\\" \\\\ \\$ \\uXXXX \\UXXXXXXXX",
        )
    )


def _closing_brace(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            if depth == 0:
                return i
            depth -= 1
    return -1


def _merge_literals(parts: list) -> list:
    """Adjacent literal texts joined into one: each run joined once (a heredoc of many lines
    must not be built by repeated concatenation, which is quadratic)."""
    merged: list = []
    run: list[str] = []
    for part in parts:
        if isinstance(part, str):
            run.append(part)
            continue
        if run:
            merged.append("".join(run))
            run = []
        merged.append(part)
    if run:
        merged.append("".join(run))
    return merged

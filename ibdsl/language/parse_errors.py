"""Syntax errors in words a user understands: Lark's exceptions -> diagnostics."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..codes import SYNTAX_ERROR
from ..diagnostics import Diagnostic, Span
from ..records import replace

# Lark terminal names -> words. Value starters are folded into "a value" when all expected.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": "a string",
    "HEREDOC": "a heredoc",
    "INT": "a number",
    "TRUE": "true",
    "FALSE": "false",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "DOT": "'.'",
    "COLON": "':'",
    "OP": "'=', '+=' or '-='",
    "ASSIGN": "'='",
    "PLUS": "'+'",
    "ABSTRACT": "'abstract'",
    "EXTENDS": "'extends'",
    "IMPORT": "'import'",
    "VARIABLE": "'variable'",
    "FRAGMENT": "'fragment'",
    "$END": "the end of the file",
}
_VALUE_STARTERS = {"STRING", "HEREDOC", "INT", "TRUE", "FALSE", "NAME", "LSQB", "LBRACE", "LPAR"}


class ParseError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        if diagnostic.code is None:
            diagnostic = replace(diagnostic, code=SYNTAX_ERROR)
        self.diagnostic = diagnostic


def lark_diagnostic(e, text: str, at: Callable[..., Span]) -> Diagnostic:
    """The diagnostic for one of the parser's UnexpectedInput errors; `at(line, column, width)`
    places a position of `text` in its file."""
    from .generated_parser import UnexpectedCharacters, UnexpectedToken

    if isinstance(e, UnexpectedCharacters):
        return Diagnostic(at(e.line, e.column), _unexpected_character(text, e), code=SYNTAX_ERROR)
    if isinstance(e, UnexpectedToken):
        token = e.token
        if token.type == "$END":
            line, column = _end_position(text)
            span = at(line, column)
        else:
            span = at(token.line, token.column, len(token.value or " ") if token.end_line == token.line else 1)
        return Diagnostic(span, _unexpected_token(text, e), code=SYNTAX_ERROR)
    line, column = getattr(e, "line", 1) or 1, getattr(e, "column", 1) or 1  # pragma: no cover - other lark errors
    return Diagnostic(at(line, column), str(e), code=SYNTAX_ERROR)  # pragma: no cover


def _end_position(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


def _describe_expected(expected) -> str:
    names = set(expected)
    words = []
    if _VALUE_STARTERS <= names:
        words.append("a value")
        names -= _VALUE_STARTERS
    for name in sorted(names):
        if name in _TERMINAL_WORDS:
            words.append(_TERMINAL_WORDS[name])
        elif not name.startswith("__"):
            words.append(f"'{name.lower()}'")
    if not words:
        return "something else"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _describe_token(token) -> str:
    if token.type == "$END":
        return "the end of the file"
    if token.type == "NAME":
        return f"name '{token.value}'"
    if token.type == "STRING":
        return f"string {token.value}"
    if token.type == "INT":
        return f"number {token.value}"
    if token.type == "HEREDOC":
        return "a heredoc"
    return f"'{token.value}'"


def _unexpected_token(text: str, e) -> str:
    token = e.token
    expected = set(e.expected)
    try:  # the state's exact accepted set; e.expected may hold a merged LALR state's union
        expected = set(e.interactive_parser.accepts()) or expected
    except Exception:  # noqa: BLE001 - fall back to the coarse set on any lark internals change
        pass
    message = f"expected {_describe_expected(expected)}, found {_describe_token(token)}"
    before = text[: token.start_pos].rstrip() if token.start_pos is not None else ""
    if token.type == "DOT" and re.search(r"[0-9]$", before):
        message += '; versions and other dotted values are strings and need quotes, such as "1.0.0"'
    elif "OP" in expected and token.type in _VALUE_STARTERS:
        message += "; a member is written `name = value`"
    elif token.type == "$END" and ({"RBRACE", "RSQB", "RPAR"} & expected):
        message = f"unexpected end of the file; expected {_describe_expected(expected)} (is a bracket left open?)"
    elif token.type in _VALUE_STARTERS and "COMMA" in expected and "NAME" not in expected:
        message += "; list items and call arguments are separated by ','"
    return message


def _unexpected_character(text: str, e) -> str:
    rest = text[e.pos_in_stream :]
    if rest.startswith('"'):
        return "this string is not closed on its line (a string cannot span lines; use a <<EOT heredoc)"
    if rest.startswith("<<"):
        match = re.match(r"<<-?'?([A-Za-z_][A-Za-z0-9_]*)", rest)
        if match:
            return f"heredoc <<{match.group(1)} is never closed: end it with a line holding only {match.group(1)}"
        return "a heredoc starts with <<MARKER (or <<-MARKER, <<'MARKER') followed by a line break"
    if rest.startswith("/*"):
        return "comment opened with /* is never closed with */"
    char = e.char
    shown = repr(char) if not char.isprintable() or char.isspace() else f"'{char}'"
    allowed = getattr(e, "allowed", None) or set()
    if allowed:
        return f"unexpected character {shown}; expected {_describe_expected(allowed)}"
    return f"unexpected character {shown}"

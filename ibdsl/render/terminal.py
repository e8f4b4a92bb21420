"""Text that a terminal or a CI log will obey: the one place every text writer escapes through.

Labels, keys, list items, file names and service messages reach the text output. Left raw, a
label holding `\\n::stop-commands::x` becomes a GitHub workflow command in a CI log, an escape
sequence recolours or rewrites the terminal, and a bare CR hides what came before it. So each
output line is escaped here as a whole: control characters (C0, DEL, C1), Unicode line
separators and bidirectional overrides are shown as `\\n`, `\\x1b`, `\\u202e`; bytes of a file
name that are not UTF-8 as `\\xff`. Escaping is idempotent (its output has nothing left to
escape), so a line escaped twice reads the same.

Secrets: the resolved AWS credentials are registered once a client exists, and every line is
redacted before it is written, whatever message echoed them.
"""

from __future__ import annotations

import re
from functools import cache

# What may not reach a terminal as it is: controls, line and paragraph separators, direction
# marks and overrides, lone surrogates (none of them printable ASCII).
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_secrets: set[str] = set()
REDACTED = "[redacted]"


def _visible(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def add_secret(value: str | None) -> None:
    if value and len(value) >= 8:  # short values would redact ordinary words
        _secrets.add(value)


def redact(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


@cache
def _unsafe(keep_tabs: bool) -> re.Pattern:
    # Compiled on first use: the ranges make it a millisecond, and most output is plain ASCII.
    return re.compile(_UNSAFE.replace("\x00-\x1f", "\x00-\x08\x0a-\x1f") if keep_tabs else _UNSAFE)


def escape(text: str, keep_tabs: bool = False) -> str:
    """One line of output: nothing in it can act on a terminal or a CI log. `keep_tabs` for
    text that must stay what it was where a tab is harmless (a diff that `patch` applies)."""
    text = redact(text)
    if text.isascii() and text.isprintable():  # nothing _UNSAFE can match
        return text
    return _unsafe(keep_tabs).sub(_visible, text)


def path_text(path: str) -> str:
    """A file name as text that can be encoded: bytes that are not UTF-8 become `\\xNN`."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def write(stream, *items: str, keep_tabs: bool = False) -> None:
    stream.write("".join(escape(item, keep_tabs) + "\n" for item in items))

"""JSON from files ibdsl did not write, with bounded work and positioned errors.

The standard library's parser recurses once per nesting level (deep input ends in a
RecursionError) and refuses integers of more than 4,300 digits with a bare ValueError; both
are checked first, so every problem has a line and a column.
"""

from __future__ import annotations

import json

MAX_INTEGER_DIGITS = 19  # 2^63-1, the largest integer anything in Image Builder takes


class JsonProblem(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_nesting(text: str, max_depth: int) -> None:
    depth, in_string, escaped = 0, False, False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                raise JsonProblem(f"nested more than {max_depth} levels deep", *_position(text, offset))
        elif char in "]}":
            depth -= 1


class _LongInteger(Exception):
    pass


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _LongInteger(digits)
    return int(digits)


def loads(text: str):
    from .limits import limit

    _check_nesting(text, limit("input", "max_nesting_depth"))
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as e:
        raise JsonProblem(f"not valid JSON: {e.msg}", e.lineno, e.colno) from None
    except _LongInteger as e:
        digits = e.args[0]
        raise JsonProblem(
            f"a number of {len(digits.lstrip('-'))} digits; the largest ibdsl reads has {MAX_INTEGER_DIGITS}",
            *_position(text, max(0, text.find(digits))),
        ) from None

"""Evaluated values: plain data that remembers where each piece was written."""

from __future__ import annotations

import json

from ..diagnostics import Span
from ..language import syntax as ast
from ..language.origins import LiteralOrigin, Origin


class Val:
    """str, int, bool, list[Val] or dict[str, Val], with the span that produced it."""

    __slots__ = ("data", "span", "keys", "encoded", "size", "origin")

    def __init__(
        self,
        data: object,
        span: Span,
        keys: dict[str, Span] | None = None,  # spans of object keys
        encoded: bool = False,  # already base64 (raw_base64): the compiler must not encode again
        origin: Origin | ast.Str | None = None,
    ) -> None:
        self.data, self.span, self.keys, self.encoded = data, span, keys, encoded
        # Strings: where each character was written (heredoc lines, file() lines); None: at `span`.
        # A literal without ${...} holds its syntax node instead: see origin_of().
        self.origin = origin
        # How much work the value is to walk or write out: characters plus nodes, counting a value
        # shared by reference (a fragment used twice) each time it appears. Evaluation budgets it.
        if isinstance(data, str):
            self.size = len(data) + 1
        elif isinstance(data, list):
            self.size = 1 + sum(item.size for item in data)
        elif isinstance(data, dict):
            self.size = 1 + len(data) + sum(item.size for item in data.values())
        else:
            self.size = 1

    def plain(self):
        data = self.data
        if isinstance(data, list):
            return [item.plain() for item in data]
        if isinstance(data, dict):
            return {key: value.plain() for key, value in data.items()}
        return data


def origin_of(value: Val) -> Origin | None:
    """Where the characters of a string value were written. A literal without ${...} keeps its
    syntax node, and its origin is made when asked: most strings are never asked about, and
    an origin each was a twentieth of a large project's memory."""
    origin = value.origin
    if origin is None or isinstance(origin, Origin):
        return origin
    return LiteralOrigin(value.data, origin)


def type_name(data) -> str:
    if isinstance(data, bool):
        return "a boolean"
    if isinstance(data, int):
        return "a number"
    if isinstance(data, str):
        return "a string"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, dict):
        return "a map"
    return "a value"


def respan(value: Val, span: Span) -> Val:
    """The same value placed at `span` throughout (for values that have no source of their own)."""
    data = value.data
    if isinstance(data, list):
        data = [respan(item, span) for item in data]
    elif isinstance(data, dict):
        data = {key: respan(item, span) for key, item in data.items()}
    keys = {key: span for key in value.keys} if value.keys else None
    return Val(data, span, keys, value.encoded)


def from_plain(data, span: Span) -> Val:
    """A Val for JSON-like data (var files in JSON), every part at `span`."""
    if isinstance(data, list):
        return Val([from_plain(item, span) for item in data], span)
    if isinstance(data, dict):
        return Val({str(k): from_plain(v, span) for k, v in data.items()}, span, {str(k): span for k in data})
    return Val(data, span)


def identity(value: Val) -> str:
    """What `-=` matches list items by: the ARN of a component, the device of a block device
    mapping, the region of a distribution, else the whole value."""
    data = value.data
    if isinstance(data, str):
        return data
    if isinstance(data, dict):
        for key in ("component_arn", "device_name", "region"):
            if key in data and isinstance(data[key].data, str):
                return data[key].data
    return json.dumps(value.plain(), sort_keys=True)

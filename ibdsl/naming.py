"""The language writes API members in snake_case; the payload uses the API's camelCase."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake(camel: str) -> str:
    return _BOUNDARY.sub(r"_\1", camel).lower()


def camel(snake_name: str) -> str:
    head, *rest = snake_name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)

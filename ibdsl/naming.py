"""The language writes API members in snake_case; the payload uses the API's camelCase."""

from __future__ import annotations

import re
from functools import lru_cache

_BOUNDARY = re.compile(r"(?<=[a-z0-9])([A-Z])")


@lru_cache(maxsize=4096)  # called for every member of every payload: a handful of distinct names
def snake(camel: str) -> str:
    return _BOUNDARY.sub(r"_\1", camel).lower()


@lru_cache(maxsize=4096)
def camel(snake_name: str) -> str:
    head, *rest = snake_name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)

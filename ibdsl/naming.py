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


def close_matches(word: str, known, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The known names closest to a misspelt one (difflib.get_close_matches). difflib is
    imported here, on first use: only a finding's did-you-mean hint needs it."""
    import difflib

    return difflib.get_close_matches(word, known, n=n, cutoff=cutoff)

"""Every numeric limit ibdsl enforces, loaded from data/limits.json (one place, with sources)."""

from __future__ import annotations

import json
from functools import cache


@cache
def limits() -> dict:
    from .data import read_text

    return json.loads(read_text("limits.json"))


def limit(section: str, name: str):
    return limits()[section][name]

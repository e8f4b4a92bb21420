"""Every numeric limit ibdsl enforces, loaded from data/limits.json (one place, with sources)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def limits() -> dict:
    with open(Path(__file__).parent / "data" / "limits.json", encoding="utf-8") as f:
        return json.load(f)


def limit(section: str, name: str):
    return limits()[section][name]

"""ibdsl's package data, in one place: the grammar, the JSON Schemas generated from botocore's
model, and the limits (each with its source). Read from the package's own directory, which a
checkout, an editable install and a wheel all have (importlib.resources, which would also read
from a zip, costs a lint several milliseconds of imports)."""

from __future__ import annotations

import os
from functools import cache

HERE = os.path.dirname(os.path.abspath(__file__))


@cache
def read_text(*parts: str) -> str:
    with open(os.path.join(HERE, *parts), encoding="utf-8") as f:
        return f.read()


def grammar_text() -> str:
    return read_text("grammar", "ibdsl.lark")


def schema_text(operation: str) -> str:
    return read_text("schemas", f"{operation}.json")

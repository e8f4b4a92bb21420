"""ibdsl's package data, in one place: the grammar, the JSON Schemas generated from botocore's
model, and the limits (each with its source). Read with importlib.resources, so a checkout, an
editable install and a wheel find the same files the same way."""

from __future__ import annotations

from functools import cache


@cache
def read_text(*parts: str) -> str:
    from importlib.resources import files

    resource = files(__name__)
    for part in parts:
        resource = resource.joinpath(part)
    return resource.read_text(encoding="utf-8")


def grammar_text() -> str:
    return read_text("grammar", "ibdsl.lark")


def schema_text(operation: str) -> str:
    return read_text("schemas", f"{operation}.json")

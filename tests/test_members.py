"""One test per API member: setting it in source puts it, camelCased, into the payload.

The members come from the committed schemas (which come from botocore's model), so a member
the model gains is tested without anyone writing a test for it.
"""

from __future__ import annotations

import base64
import json

import pytest

from ibdsl.compile.schema import resolve_ref
from ibdsl.data import schema_text
from ibdsl.domain.kinds import KINDS
from ibdsl.naming import snake

from conftest import SETTINGS, compile_text
from programs import PATTERN_SAMPLES, Layout, Text, Word


class Sampler:
    def __init__(self, schema: dict):
        self.schema = schema

    def resolve(self, node):
        return resolve_ref(self.schema, node)

    def value(self, node, target: tuple = ()):
        """(source value with snake keys, expected payload value) for a node; when `target`
        names a member path, that member is set too."""
        shape, node = self.resolve(node)
        kind = node["type"]
        if kind == "object" and "properties" in node:
            source, payload = {}, {}
            wanted = set(node.get("required", ()))
            if target:
                wanted.add(target[0])
            for name in node["properties"]:
                if name in wanted:
                    rest = target[1:] if target and target[0] == name else ()
                    source[snake(name)], payload[name] = self.value(node["properties"][name], rest)
            return source, payload
        if kind == "object":
            key, _ = self.value(node["propertyNames"])
            item, expected_item = self.value(node["additionalProperties"])
            return {key: item}, {key: expected_item}
        if kind == "array":
            item, expected_item = self.value(node["items"], target)
            return [item], [expected_item]
        if kind == "boolean":
            return True, True
        if kind == "integer":
            number = max(node.get("minimum", 1), 1)
            return number, number
        if "enum" in node:
            return Word(node["enum"][0]), node["enum"][0]
        if shape in PATTERN_SAMPLES:
            text = PATTERN_SAMPLES[shape][0]
        elif node.get("maxLength") == 0:
            text = ""
        else:
            text = "sample text"
        if shape == "UserDataOverride":
            return Text(text), base64.b64encode(text.encode()).decode()
        return Text(text), text


def member_paths(schema: dict):
    """Every member path (API names; list levels are implicit), depth first."""
    sampler = Sampler(schema)

    def walk(node, prefix, seen):
        shape, node = sampler.resolve(node)
        if node["type"] == "array":
            yield from walk(node["items"], prefix, seen)
            return
        if node["type"] != "object" or "properties" not in node or shape in seen:
            return
        for name, child in node["properties"].items():
            path = prefix + (name,)
            yield path
            yield from walk(child, path, seen | {shape})

    yield from walk(schema, (), frozenset())


def load(operation):
    return json.loads(schema_text(operation))


CASES = [
    (kind, path)
    for kind in KINDS
    for path in member_paths(load(kind.operation))
    if path != ("name",)  # the block label, tested below
]


def dig(payload, path, schema):
    """Follow a member path through the payload, taking the first item of every list."""
    sampler = Sampler(schema)
    node = schema
    value = payload
    for name in path:
        _, node = sampler.resolve(node)
        value = value[name]
        _, node = sampler.resolve(node["properties"][name])
        while node["type"] == "array":
            value = value[0]
            _, node = sampler.resolve(node["items"])
    return value


@pytest.mark.parametrize("kind,path", CASES, ids=[f"{k.block}:{'.'.join(snake(p) for p in path)}" for k, path in CASES])
def test_member_reaches_payload(kind, path):
    schema = load(kind.operation)
    sampler = Sampler(schema)
    source, expected = sampler.value(schema, path)
    source.pop("name")
    expected_root = dict(expected)
    text = SETTINGS + f'{kind.block} "sample-name" ' + Layout().body(source, 0) + "\n"
    result, report = compile_text(text)
    assert not result.diagnostics.has_errors, text + report
    (resource,) = result.resources
    payload = resource.payload
    assert payload == expected_root
    assert dig(payload, path, schema) == dig(expected_root, path, schema)


@pytest.mark.parametrize("kind", KINDS, ids=[k.block for k in KINDS])
def test_block_label_is_the_name(kind):
    schema = load(kind.operation)
    source, _ = Sampler(schema).value(schema)
    source.pop("name")
    result, report = compile_text(SETTINGS + f'{kind.block} "Label With Spaces" ' + Layout().body(source, 0) + "\n")
    assert not result.diagnostics.has_errors, report
    (resource,) = result.document()["resources"]
    assert resource["name"] == resource["payload"]["name"] == "Label With Spaces"
    assert resource["kind"] == kind.output and resource["operation"] == kind.operation


def test_every_member_is_covered():
    # The model has dozens of members; a generator bug that found none must not pass quietly.
    assert len(CASES) > 80

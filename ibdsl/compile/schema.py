"""The operation schemas in ibdsl/data/schemas/, and a validator that speaks in the domain's words.

The validator covers exactly the keywords schemagen emits ($ref, type, properties, required,
additionalProperties, propertyNames, items, enum, pattern, min/max lengths, items, properties
and values); tests/test_schemas.py checks that the schemas use no other keyword and that this
validator agrees with the jsonschema package. It exists because importing jsonschema costs
more than a whole lint of a file should.
"""

from __future__ import annotations

import json
import re
from functools import cache

from .. import codes
from ..data import schema_text
from ..naming import close_matches, snake
from .values import type_name

# Schema keyword -> the lint code its violations carry (the rules of the IB1 family document them).
SCHEMA_CODES = {
    "required": codes.MISSING_MEMBER,
    "enum": codes.UNKNOWN_ENUM_VALUE,
    "minLength": codes.TEXT_LENGTH,
    "maxLength": codes.TEXT_LENGTH,
    "pattern": codes.TEXT_PATTERN,
    "minimum": codes.NUMBER_RANGE,
    "maximum": codes.NUMBER_RANGE,
    "minItems": codes.ITEM_COUNT,
    "maxItems": codes.ITEM_COUNT,
    "minProperties": codes.ITEM_COUNT,
    "maxProperties": codes.ITEM_COUNT,
    "type": codes.VALUE_TYPE,
    "additionalProperties": codes.UNKNOWN_MEMBER,
}

SUPPORTED_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$ref", "$defs", "title", "description", "type", "properties", "required",
        "additionalProperties", "propertyNames", "items", "enum", "pattern", "minLength", "maxLength",
        "minimum", "maximum", "minItems", "maxItems", "minProperties", "maxProperties",
        "x-pattern-words", "x-unit",
    }
)  # fmt: skip

TYPE_WORDS = {  # JSON Schema types in the words diagnostics use
    "string": "a string",
    "integer": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a map",
}


class Violation:
    __slots__ = ("path", "message", "keyword", "shape", "at_key", "member")

    def __init__(
        self,
        path: tuple,  # payload path of the offending value (or of the object missing a member)
        message: str,
        keyword: str,
        shape: str | None,  # botocore shape name, when the schema node has one
        at_key: bool = False,  # the offence is a map key (tags), not its value
        member: str | None = None,  # for "required": the API name of the missing member
    ) -> None:
        self.path, self.message, self.keyword, self.shape = path, message, keyword, shape
        self.at_key, self.member = at_key, member


def _is_type(value, json_type: str) -> bool:
    if json_type == "string":
        return isinstance(value, str)
    if json_type == "integer":
        return type(value) is int
    if json_type == "boolean":
        return isinstance(value, bool)
    if json_type == "array":
        return isinstance(value, list)
    if json_type == "object":
        return isinstance(value, dict)
    return False


def _short(value, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 4] + "...'"


def resolve_ref(document: dict, node: dict) -> tuple[str | None, dict]:
    """(shape name, node) for a `$ref` into the document's $defs; (None, node) otherwise."""
    ref = node.get("$ref")
    if ref is None:
        return None, node
    name = ref.rsplit("/", 1)[-1]
    return name, document["$defs"][name]


class Schema:
    def __init__(self, operation: str, document: dict):
        self.operation = operation
        self.document = document
        self.defs = document.get("$defs", {})

    def resolve(self, node: dict) -> tuple[str | None, dict]:
        return resolve_ref(self.document, node)

    # validation ------------------------------------------------------------------------
    def validate(self, instance, root_name: str) -> list[Violation]:
        violations: list[Violation] = []
        self._check(instance, self.document, (), root_name, None, violations)
        return violations

    def _check(self, value, node: dict, path: tuple, where: str, shape: str | None, out: list[Violation]) -> None:
        name, node = self.resolve(node)
        shape = name or shape

        def report(
            message: str, keyword: str, at_key: bool = False, at: tuple = path, member: str | None = None
        ) -> None:
            out.append(Violation(at, message, keyword, shape, at_key, member))

        json_type = node.get("type")
        if json_type and not _is_type(value, json_type):
            report(f"{where} must be {TYPE_WORDS[json_type]}, not {type_name(value)}", "type")
            return
        if "enum" in node and value not in node["enum"]:
            allowed = node["enum"]
            hint = ""
            if isinstance(value, str):
                folded = [a for a in allowed if a.lower() == value.lower()]
                guess = folded or close_matches(value, allowed, n=1)
                hint = f" (did you mean {guess[0]}?)" if guess else ""
            report(f"{where} must be one of {', '.join(allowed)}; got {_short(value)}{hint}", "enum")
        if isinstance(value, str):
            self._check_string(value, node, where, report)
        elif isinstance(value, bool):
            pass
        elif isinstance(value, int):
            unit = f" {node['x-unit']}" if "x-unit" in node else ""
            if "minimum" in node and value < node["minimum"]:
                report(
                    f"{where} must be at least {node['minimum']}{unit} (Image Builder API limit); got {value}",
                    "minimum",
                )
            if "maximum" in node and value > node["maximum"]:
                report(
                    f"{where} must be at most {node['maximum']}{unit} (Image Builder API limit); got {value}", "maximum"
                )
        elif isinstance(value, list):
            count = len(value)
            if "minItems" in node and count < node["minItems"]:
                need = node["minItems"]
                report(
                    f"{where} must not be an empty list"
                    if need == 1
                    else f"{where} needs at least {need} items; it has {count}",
                    "minItems",
                )
            if "maxItems" in node and count > node["maxItems"]:
                report(f"{where} has {count} items; at most {node['maxItems']} are allowed", "maxItems")
            if "items" in node:
                for index, item in enumerate(value):
                    self._check(item, node["items"], path + (index,), f"{where}[{index}]", None, out)
        elif isinstance(value, dict):
            self._check_object(value, node, path, where, report, out)

    def _check_string(self, value: str, node: dict, where: str, report) -> None:
        length = len(value)
        if "minLength" in node and length < node["minLength"]:
            need = node["minLength"]
            report(
                f"{where} must not be empty"
                if need == 1
                else f"{where} must be at least {need} characters; it has {length}",
                "minLength",
            )
        if "maxLength" in node and length > node["maxLength"]:
            if node["maxLength"] == 0:
                report(f'{where} must be empty (""); got {_short(value)}', "maxLength")
            else:
                report(f"{where} must be at most {node['maxLength']} characters; it has {length}", "maxLength")
        if "pattern" in node and not _compiled(node["pattern"]).search(value):
            words = node.get("x-pattern-words", "in the form the service expects")
            report(f"{where} must be {words}; got {_short(value)}", "pattern")

    def _check_object(self, value: dict, node: dict, path: tuple, where: str, report, out) -> None:
        count = len(value)
        if "minProperties" in node and count < node["minProperties"]:
            report(f"{where} must not be empty", "minProperties")
        if "maxProperties" in node and count > node["maxProperties"]:
            report(f"{where} has {count} entries; at most {node['maxProperties']} are allowed", "maxProperties")
        properties = node.get("properties")
        if properties is not None:
            for required in node.get("required", ()):
                if required not in value:
                    report(f"{where} is missing required member '{snake(required)}'", "required", member=required)
            for key, item in value.items():
                if key in properties:
                    member_where = snake(key) if not path else f"{where}.{snake(key)}"
                    self._check(item, properties[key], path + (key,), member_where, None, out)
                elif node.get("additionalProperties") is False:
                    report(f"{where} has no member '{snake(key)}'", "additionalProperties", at=path + (key,))
            return
        key_node = node.get("propertyNames")
        value_node = node.get("additionalProperties")
        for key, item in value.items():
            if key_node is not None:
                key_violations: list[Violation] = []
                self._check(key, key_node, path + (key,), f"{where} key {key!r}", None, key_violations)
                out.extend(Violation(v.path, v.message, v.keyword, v.shape, True) for v in key_violations)
            if isinstance(value_node, dict):
                self._check(item, value_node, path + (key,), f"{where}[{key!r}]", None, out)


@cache
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@cache
def load_schema(operation: str) -> Schema:
    return Schema(operation, json.loads(schema_text(operation)))

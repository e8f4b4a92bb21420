"""Values -> API payload, guided by the operation schema, with a map back to the source.

Struct members are renamed snake_case -> camelCase and emitted in the model's order; map keys
(tags) are kept as written and sorted. A few shapes accept a shorter form than the API:

- a component or workflow entry may be just its ARN: `components = [component.nginx]`,
  `workflows = [workflow.build-and-tag]`;
- component and workflow parameters may be a map: `parameters = { Port = "8080" }` (a
  single string means a one-item list);
- user data is written as plain text and base64-encoded here (raw_base64() opts out).
"""

from __future__ import annotations

from functools import cache

from .. import codes
from ..diagnostics import Span
from ..language.origins import Origin
from ..naming import camel, close_matches, snake
from .schema import Schema
from .values import Val, origin_of, type_name

_FAILED = object()
UNKNOWN_MEMBER = codes.UNKNOWN_MEMBER


# The conveniences components and workflows share: a bare ARN for an entry without parameters,
# parameters as a map, a single string for a one-value list.
BARE_ARNS = {"ComponentConfiguration": "component_arn", "WorkflowConfiguration": "workflow_arn"}
PARAMETER_LISTS = ("ComponentParameterList", "WorkflowParameterList")
PARAMETER_VALUE_LISTS = ("ComponentParameterValueList", "WorkflowParameterValueList")


@cache
def _snake_names(properties: tuple[str, ...]) -> dict[str, str]:
    return {snake(name): name for name in properties}


class Lowering:
    def __init__(self, schema: Schema, report, origins: bool = True):
        self.schema = schema
        self.report = report  # report(span, message, code)
        self.source_map: dict[tuple, Span] = {}
        self.key_map: dict[tuple, Span] = {}
        # Payload strings that know where each character was written; None: not asked for (the
        # compile itself never places a character, and drops its maps).
        self.origins: dict[tuple, Origin] | None = {} if origins else None
        self.failed_paths: set[tuple] = set()  # values left out of the payload after an error
        self.partial: set[tuple] = set()  # lists and maps that lost some of their items to an error
        self.ok = True

    def fail(self, span: Span, message: str, code: str):
        self.report(span, message, code)
        self.ok = False
        return _FAILED

    def lower_root(self, members: Val, root_span: Span) -> dict:
        """The payload; members with errors are left out (and `ok` is False)."""
        self.source_map[()] = root_span
        return self._object(members, self.schema.document, (), "")

    def _lower(self, value: Val, node: dict, path: tuple, where: str):
        result = self._lower_value(value, node, path, where)
        if result is _FAILED:
            self.failed_paths.add(path)
        return result

    def _lower_value(self, value: Val, node: dict, path: tuple, where: str):
        shape, node = self.schema.resolve(node)
        value = self._sugar(shape, value)
        self.source_map[path] = value.span
        json_type = node.get("type")
        data = value.data
        if json_type == "object":
            if not isinstance(data, dict):
                return self.fail(
                    value.span, f"{where} must be a map {{ ... }}, not {type_name(data)}", code=codes.VALUE_TYPE
                )
            if "properties" in node:
                return self._object(value, node, path, where)
            return self._map(value, node, path, where)
        if json_type == "array":
            if not isinstance(data, list):
                return self.fail(
                    value.span, f"{where} must be a list [ ... ], not {type_name(data)}", code=codes.VALUE_TYPE
                )
            items = []
            for index, item in enumerate(data):
                # Paths are payload paths: an item after a dropped one takes its index.
                lowered = self._lower(item, node["items"], path + (len(items),), f"{where}[{index}]")
                if lowered is _FAILED:
                    self.partial.add(path)
                else:
                    items.append(lowered)
            return items
        if json_type == "string":
            if not isinstance(data, str):
                hint = ' (write it in quotes: "...")' if type(data) is int else ""
                return self.fail(
                    value.span, f"{where} must be a string, not {type_name(data)}{hint}", code=codes.VALUE_TYPE
                )
            if shape == "UserDataOverride" and not value.encoded:
                # base64 (with struct and binascii) imported here: only a recipe's user data needs it.
                import base64

                return base64.b64encode(data.encode("utf-8")).decode("ascii")
            if value.origin is not None and self.origins is not None:
                self.origins[path] = origin_of(value)
            return data
        if json_type == "integer":
            if type(data) is not int:
                return self.fail(value.span, f"{where} must be a number, not {type_name(data)}", code=codes.VALUE_TYPE)
            return data
        if json_type == "boolean":
            if not isinstance(data, bool):
                return self.fail(
                    value.span, f"{where} must be true or false, not {type_name(data)}", code=codes.VALUE_TYPE
                )
            return data
        raise AssertionError(f"schema node without a known type at {path}")

    def _sugar(self, shape: str | None, value: Val) -> Val:
        data = value.data
        if shape in BARE_ARNS and isinstance(data, str):
            member = BARE_ARNS[shape]
            return Val({member: value}, value.span, {member: value.span})
        if shape in PARAMETER_LISTS and isinstance(data, dict):
            keys = value.keys or {}
            items = []
            for name, item in data.items():
                key_span = keys.get(name, value.span)
                entry = {"name": Val(name, key_span), "value": item}
                items.append(Val(entry, key_span, {"name": key_span, "value": item.span}))
            return Val(items, value.span)
        if shape in PARAMETER_VALUE_LISTS and isinstance(data, str):
            return Val([value], value.span)
        return value

    def _object(self, value: Val, node: dict, path: tuple, where: str):
        properties = node["properties"]
        by_snake = _snake_names(tuple(properties))
        given: dict[str, tuple[str, Val, tuple]] = {}
        keys = value.keys or {}
        for key, item in value.data.items():
            key_span = keys.get(key, item.span)
            api_name = by_snake.get(key)
            if api_name is None:
                self._unknown_member(key, key_span, list(by_snake), where)
                continue
            member_path = path + (api_name,)  # one tuple for both maps
            given[api_name] = (key, item, member_path)
            self.key_map[member_path] = key_span
        result = {}
        for api_name in properties:  # the model's order: one canonical layout
            if api_name not in given:
                continue
            key, item, member_path = given[api_name]
            member_where = key if not where else f"{where}.{key}"
            lowered = self._lower(item, properties[api_name], member_path, member_where)
            if lowered is not _FAILED:
                result[api_name] = lowered
        return result

    def _map(self, value: Val, node: dict, path: tuple, where: str):
        value_node = node.get("additionalProperties")
        keys = value.keys or {}
        result = {}
        for key in sorted(value.data):
            item = value.data[key]
            member_path = path + (key,)
            self.key_map[member_path] = keys.get(key, item.span)
            lowered = (
                self._lower(item, value_node, member_path, f"{where}[{key!r}]")
                if isinstance(value_node, dict)
                else item.plain()
            )
            if lowered is _FAILED:
                self.partial.add(path)
            else:
                result[key] = lowered
        return result

    def _unknown_member(self, key: str, span: Span, allowed: list[str], where: str) -> None:
        owner = f"{where} has" if where else "this block has"
        if snake(key) in allowed and snake(key) != key:
            message = f"members are written in snake_case: '{snake(key)}', not '{key}'"
        elif camel(key) != key and snake(camel(key)) in allowed:
            message = f"unknown member '{key}'; did you mean '{snake(camel(key))}'?"
        else:
            guess = close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else f"members are {', '.join(allowed)}"
            message = f"{owner} no member '{key}'; {hint}"
        self.fail(span, message, code=UNKNOWN_MEMBER)


def lowering_root(resolved) -> tuple[Val, Span]:
    """What a resource's payload is lowered from: its label as `name`, then its members."""
    block = resolved.block
    label_span = block.label_span or block.kind_span
    members = {"name": Val(block.label, label_span), **resolved.members}
    return Val(members, block.span, {"name": label_span, **resolved.member_keys}), label_span


def lower_again(schema: Schema, resolved) -> tuple[dict, dict, dict]:
    """A resource's source map, key map and origins, lowered again: the same members make the
    same maps, and its findings were reported the first time. The compile keeps none of them
    (findings are about few resources), so a finding's resource is lowered twice."""
    lowering = Lowering(schema, lambda span, message, code: None)
    lowering.lower_root(*lowering_root(resolved))
    return lowering.source_map, lowering.key_map, lowering.origins

"""Members from the operation schemas (what is valid where) and their documentation from
botocore's imagebuilder model, the one the schemas are generated from (ibdsl/dev/schemagen.py).
Schema `$defs` are named after botocore shapes, so a schema node leads to its documentation.
botocore is read only when a hover first asks for documentation."""

from __future__ import annotations

import html
import re
from functools import cache

from ..domain.kinds import BLOCK_KINDS
from ..naming import snake

ITEM = None  # a path step into a list's items


class Place:
    """A schema node reached from a block kind by member names and list steps."""

    def __init__(self, schema, node: dict, shape: str | None, parent_shape: str | None, member: str | None):
        self.schema = schema
        self.node = node  # resolved: no $ref
        self.shape = shape  # the botocore shape of this node, when it has its own
        self.parent_shape = parent_shape  # the shape whose member this is
        self.member = member  # its API (camelCase) name

    def properties(self) -> dict[str, dict]:
        if self.node.get("type") == "array":
            return {}
        return self.node.get("properties", {})

    def enum(self) -> list[str]:
        node = self.node
        if node.get("type") == "array":
            _name, node = self.schema.resolve(node.get("items", {}))
        return list(node.get("enum", ()))


def _root_shape(operation: str) -> str:
    return "".join(part.title() for part in operation.split("_")) + "Request"


def place(block_kind: str | None, path: list) -> Place | None:
    """The schema node at `path` (snake_case member names, ITEM for a list item) inside a block."""
    from ..compile.schema import load_schema

    kind = BLOCK_KINDS.get(block_kind or "")
    if kind is None:
        return None
    schema = load_schema(kind.operation)
    here = Place(schema, schema.document, _root_shape(kind.operation), None, None)
    for step in path:
        name, node = schema.resolve(here.node)
        shape = name or here.shape
        if step is ITEM:
            if node.get("type") != "array":
                return None
            items = node.get("items", {})
            item_name, item = schema.resolve(items)
            here = Place(schema, item, item_name, shape, here.member)
            continue
        member = next((p for p in node.get("properties", {}) if snake(p) == step), None)
        if member is None:
            return None
        child_name, child = schema.resolve(node["properties"][member])
        here = Place(schema, child, child_name, shape, member)
    return here


def describe(place_: Place) -> str:
    """Markdown for a member: its API name, type and limits, and the service's documentation."""
    node = place_.node
    facts = []
    json_type = node.get("type")
    if json_type == "array":
        _name, items = place_.schema.resolve(node.get("items", {}))
        facts.append(f"list of {items.get('type', 'object')}")
    elif json_type:
        facts.append(
            {"object": "map" if "additionalProperties" in node and "properties" not in node else "block"}.get(
                json_type, json_type
            )
        )
    for low, high, unit in (
        ("minimum", "maximum", node.get("x-unit", "")),
        ("minLength", "maxLength", "characters"),
        ("minItems", "maxItems", "items"),
    ):
        if low in node or high in node:
            facts.append(f"{node.get(low, '')}..{node.get(high, '')} {unit}".strip())
    if node.get("x-pattern-words"):
        facts.append(node["x-pattern-words"])
    heading = f"**{snake(place_.member)}** (`{place_.member}`)" if place_.member else f"`{place_.shape}`"
    lines = [heading + (": " + "; ".join(facts) if facts else "")]
    values = place_.enum()
    if values:
        lines.append("One of: " + ", ".join(f"`{v}`" for v in values))
    doc = documentation(place_.parent_shape, place_.member) if place_.member else None
    if doc:
        lines.append(doc)
    return "\n\n".join(lines)


@cache
def _model() -> dict | None:
    try:
        from botocore.loaders import Loader
    except ImportError:
        return None
    try:
        return Loader().load_service_model("imagebuilder", "service-2")
    except Exception:  # noqa: BLE001 - an unusual botocore install: hover goes without the docs
        return None


def documentation(shape: str | None, member: str) -> str | None:
    model = _model()
    if model is None or shape is None:
        return None
    shapes = model["shapes"]
    entry = shapes.get(shape, {}).get("members", {}).get(member)
    if entry is None:
        return None
    text = entry.get("documentation") or shapes.get(entry.get("shape", ""), {}).get("documentation")
    return markdown(text) if text else None


def markdown(text: str) -> str:
    """The service model's HTML documentation as plain Markdown."""
    text = re.sub(r"<code>(.*?)</code>", r"`\1`", text, flags=re.S)
    text = re.sub(r"<a [^>]*href=\"([^\"]+)\"[^>]*>(.*?)</a>", r"[\2](\1)", text, flags=re.S)
    text = re.sub(r"<(b|strong)>(.*?)</\1>", r"**\2**", text, flags=re.S)
    text = re.sub(r"<(i|em)>(.*?)</\1>", r"*\2*", text, flags=re.S)
    text = re.sub(r"<li>\s*", "\n- ", text)
    text = re.sub(r"</p>\s*|<br\s*/?>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = "\n".join(line.strip() for line in html.unescape(text).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def member_names(place_: Place) -> list[tuple[str, str]]:
    """(snake_case name, API name) of the members a block or map item takes, `name` left out
    at the top (a resource's name is its label)."""
    names = []
    for member in place_.properties():
        if place_.parent_shape is None and member == "name":
            continue
        names.append((snake(member), member))
    return names

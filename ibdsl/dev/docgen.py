"""Print the README's member reference from the schemas: `python -m ibdsl.dev.docgen`.

tests/test_docs.py fails when the README section differs from this output, so the reference
cannot drift from the schemas (and through them from botocore's model).
"""

from __future__ import annotations

import json

from ..data import schema_text
from ..domain.kinds import KINDS
from ..naming import snake


def _resolve(schema: dict, node: dict) -> tuple[str | None, dict]:
    ref = node.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return name, schema["$defs"][name]
    return None, node


def _element(schema: dict, node: dict) -> tuple[str | None, dict]:
    shape, node = _resolve(schema, node)
    while node["type"] == "array":
        shape, node = _resolve(schema, node["items"])
    return shape, node


def _describe(schema: dict, node: dict) -> tuple[str, list[str]]:
    _, node = _resolve(schema, node)
    kind = node["type"]
    if kind == "object" and "properties" in node:
        return "block", []
    if kind == "object":
        return "map of strings", [f"at most {node['maxProperties']} entries"] if "maxProperties" in node else []
    if kind == "array":
        inner, extra = _describe(schema, node["items"])
        counts = []
        if node.get("minItems"):
            counts.append(f"at least {node['minItems']}")
        if node.get("maxItems"):
            counts.append(f"at most {node['maxItems']}")
        return f"list of {'blocks' if inner == 'block' else inner}", counts + extra
    if kind == "boolean":
        return "bool", []
    if kind == "integer":
        unit = f" {node['x-unit']}" if "x-unit" in node else ""
        if "minimum" in node and "maximum" in node:
            return "number", [f"{node['minimum']}..{node['maximum']}{unit}"]
        return "number", [f"at least {node['minimum']}{unit}"] if "minimum" in node else []
    if "enum" in node:
        return "enum: " + ", ".join(node["enum"]), []
    notes = [node["x-pattern-words"]] if "x-pattern-words" in node else []
    if "maxLength" in node:
        notes.append(
            'must be ""' if node["maxLength"] == 0 else f"{node.get('minLength', 0)}..{node['maxLength']} characters"
        )
    return "string", notes


def _tables(schema: dict, node: dict, prefix: str, seen: frozenset, out: list[str]) -> None:
    _, node = _resolve(schema, node)
    required = set(node.get("required", ()))
    rows, nested = [], []
    for name, child in node["properties"].items():
        if not prefix and name == "name":
            continue  # the block label
        kind, notes = _describe(schema, child)
        rows.append(f"| `{snake(name)}` | {kind} | {'yes' if name in required else ''} | {'; '.join(notes)} |")
        shape, element = _element(schema, child)
        if element["type"] == "object" and "properties" in element and shape not in seen:
            nested.append((prefix + snake(name), shape))
    out.append("| member | type | required | constraints |\n|---|---|---|---|\n" + "\n".join(rows))
    for path, shape in nested:
        out.append(f"\n`{path}` members:\n")
        _tables(schema, {"$ref": f"#/$defs/{shape}"}, path + ".", seen | {shape}, out)


def member_reference() -> str:
    sections = []
    for kind in KINDS:
        schema = json.loads(schema_text(kind.operation))
        out: list[str] = []
        _tables(schema, schema, "", frozenset(), out)
        sections.append(f"#### `{kind.block}` (`{kind.operation}`)\n\n" + "\n".join(out) + "\n")
    return "\n".join(sections)


def rules_reference() -> str:
    """The README's table of lint rules, from the registry."""
    from ..lint.registry import RULES

    pipe = "\\|"  # a literal | inside a Markdown table cell
    rows = [f"| {r.code} | `{r.name}` | {r.severity} | {r.summary.replace('|', pipe)} |" for r in RULES]
    return "| code | name | default | what it checks |\n|---|---|---|---|\n" + "\n".join(rows) + "\n"


if __name__ == "__main__":
    import sys

    print(rules_reference() if sys.argv[1:] == ["rules"] else member_reference(), end="")

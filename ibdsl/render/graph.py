"""A picture of the stack: the project's resources and what each uses, as Mermaid or DOT.

Edges run from what is used to its user (component -> recipe -> pipeline), the way an image
is put together. Resources of the project come from their references (`component.web`,
inherited ones included); what the project uses but does not declare (AWS-managed
components, images and workflows, the account's own, a parent AMI or container image) is
drawn as an external node from the ARNs and parent images in the payloads.
"""

from __future__ import annotations

from typing import NamedTuple

from ..compile.compiler import CompileResult
from ..domain.arns import arn_name, parse_any_arn
from ..domain.kinds import BLOCK_KINDS

GROUPINGS = ("kind", "file")


class Node(NamedTuple):
    key: tuple  # sort key and identity
    label: str
    group: str  # the kind or the file; "external" for what the project does not declare
    external: bool


USES, EXTENDS = "uses", "extends"


class Graph(NamedTuple):
    nodes: list[Node]
    edges: list[tuple[int, int, str]]  # (used, user, USES or EXTENDS) as indices into nodes


# Members that name a resource of the project by its name, not its ARN (the API's own choice):
# kind -> payload path of the list -> the kinds the names may be.
NAME_REFERENCES = {"lifecycle_policy": (("resourceSelection", "recipes"), ("image_recipe", "container_recipe"))}


def _walk_strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_strings(item, (*path, index))


def _member(path: tuple) -> str | None:
    return next((part for part in reversed(path) if isinstance(part, str)), None)


def _used(text: str, member: str | None, own: dict, account: str | None) -> tuple | None:
    """(key, label) of what a payload string names: a resource of the project (label None)
    or a node of its own, or None when the string names nothing. Only ARN members and the
    parent image are read: an ARN in a tag or a description uses nothing."""
    if member is None or not (member.endswith(("Arn", "Arns")) or member == "parentImage"):
        return None
    arn = parse_any_arn(text)
    if arn is not None and arn.service == "imagebuilder":
        parts = arn.resource.split("/")
        kind, rest = parts[0], parts[1:]
        if kind == "workflow" and len(rest) >= 2:
            kind, rest = f"workflow/{rest[0]}", rest[1:]
        name, version = (rest[0] if rest else ""), "/".join(rest[1:])
        if (kind, name) in own and arn.account == account:
            return own[kind, name], None  # a literal ARN of the project's own resource
        owner = "AWS-managed" if arn.account == "aws" else f"account {arn.account}"
        return ("arn", text), f"{kind.replace('-', ' ')}\n{name} {version}\n({owner})"
    if member == "parentImage":
        return ("parent", text), f"parent image\n{text}"
    return None


def build_graph(compiled: CompileResult, group_by: str = "kind") -> Graph:
    resources = compiled.resources
    account = compiled.settings.account
    own: dict[tuple, tuple] = {}  # (ARN type, ARN name) -> node key
    for r in resources:
        segment = r.payload.get("type") if r.kind.arn_segment else None
        arn_type = f"{r.kind.arn_type}/{segment.lower()}" if isinstance(segment, str) else r.kind.arn_type
        own[arn_type, arn_name(r.name)] = ("own", r.kind.block, r.name)
    nodes: dict[tuple, Node] = {}
    edges: set[tuple[tuple, tuple, str]] = set()
    for r in resources:
        key = ("own", r.kind.block, r.name)
        if group_by == "kind":  # the box says the kind
            nodes[key] = Node(key, r.name, r.kind.block, False)
        else:
            nodes[key] = Node(key, f"{r.kind.block}\n{r.name}", r.resolved.module, False)
        for kind, name, _span in r.resolved.references:
            edges.add((("own", kind.block, name), key, USES))
        if r.resolved.ancestors:
            parent = r.resolved.ancestors[0].node
            edges.add((("own", parent.kind, parent.label), key, EXTENDS))
        for path, text in _walk_strings(r.payload):
            found = _used(text, _member(path), own, account)
            if found is not None:
                used, label = found
                if label is not None:
                    nodes.setdefault(used, Node(used, label, "external", True))
                edges.add((used, key, USES))
        by_name = NAME_REFERENCES.get(r.kind.block)
        if by_name:
            listed, kinds = by_name
            for path, text in _walk_strings(r.payload):
                if path[: len(listed)] == listed and path[-1] == "name":
                    edges.update((("own", k, text), key, USES) for k in kinds)
    rank = {block: i for i, block in enumerate(BLOCK_KINDS)}
    ordered = sorted(nodes.values(), key=lambda n: (n.external, rank.get(n.key[1], 0), n.key))
    index = {node.key: i for i, node in enumerate(ordered)}
    kept = sorted(
        (index[a], index[b], how) for a, b, how in edges if a in index and b in index and a != b
    )  # an abstract parent or a name of no resource draws nothing
    return Graph(ordered, kept)


def _groups(graph: Graph) -> dict[str, list[int]]:
    """Boxes in the order the nodes come: kinds as an image is put together, external last."""
    groups: dict[str, list[int]] = {}
    for i, node in enumerate(graph.nodes):
        groups.setdefault(node.group, []).append(i)
    return groups


def _mermaid_text(text: str) -> str:
    # Mermaid's own entity codes: a quote, brackets or a pipe would end the label.
    text = text.replace("#", "#35;")  # first: the codes below start with one
    for character, code in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(character, code)
    return text.replace("\n", "<br/>")


def mermaid(graph: Graph) -> str:
    lines = ["flowchart LR"]
    for g, (group, members) in enumerate(_groups(graph).items()):
        lines.append(f'  subgraph g{g}["{_mermaid_text(group)}"]')
        for i in members:
            node = graph.nodes[i]
            shape = ('(["', '"])') if node.external else ('["', '"]')
            lines.append(f"    n{i}{shape[0]}{_mermaid_text(node.label)}{shape[1]}")
        lines.append("  end")
    lines += [f"  n{a} {'-. extends .->' if how == EXTENDS else '-->'} n{b}" for a, b, how in graph.edges]
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def dot(graph: Graph) -> str:
    lines = [
        "digraph ibdsl {",
        "  rankdir=LR;",
        '  graph [fontname="Helvetica"];',
        '  node [shape=box, fontname="Helvetica"];',
    ]
    for g, (group, members) in enumerate(_groups(graph).items()):
        lines.append(f"  subgraph cluster_{g} {{")
        lines.append(f'    label="{_dot_text(group)}";')
        for i in members:
            node = graph.nodes[i]
            style = ', style="rounded,dashed"' if node.external else ""
            lines.append(f'    n{i} [label="{_dot_text(node.label)}"{style}];')
        lines.append("  }")
    lines += [
        f'  n{a} -> n{b} [style=dashed, label="extends"];' if how == EXTENDS else f"  n{a} -> n{b};"
        for a, b, how in graph.edges
    ]
    return "\n".join(lines) + "\n}\n"

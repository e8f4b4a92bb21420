"""`ibdsl import --from-cloudformation`: Image Builder resources of a CloudFormation template.

Every AWS::ImageBuilder type ibdsl has a kind for (domain/kinds.py) is imported: properties
are the API's members in PascalCase, with two renames (Version is the semantic version;
LaunchPermissionConfiguration is launchPermission). Scalars get CloudFormation's own
coercions where the API wants a number or a boolean ("100", "true"). A Ref or GetAtt ... Arn of
another Image Builder resource of the template becomes a reference to its block
(`infrastructure_configuration.build`). Any other intrinsic function (Fn::Sub, a Ref to a
parameter, ...) has no value until CloudFormation runs, so it is reported with its place in
the template and the resource is not imported.

Templates are JSON or YAML (PyYAML, an ibdsl dependency for component documents; a missing
PyYAML is still reported in words rather than a traceback).
"""

from __future__ import annotations

import re

from ..domain.kinds import CLOUDFORMATION_KINDS
from .importer import ImportError_, Reference

# A name that can follow `<kind>.` in a reference.
_LABEL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")

RENAMES = {"Version": "semanticVersion", "LaunchPermissionConfiguration": "launchPermission"}
# Maps whose keys are data (tag names), not property names to rename.
DATA_MAPS = {"Tags", "AmiTags"}


class Intrinsic:
    """A YAML short-form intrinsic (!Ref, !Sub, ...): a reference when it names a resource of
    the template, else reported."""

    def __init__(self, tag: str, value=None):
        self.tag, self.value = tag, value


def load_template(text: str, path: str) -> dict:
    from ..limits import limit
    from ..safejson import JsonProblem, loads

    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            return loads(text)
        except JsonProblem as e:
            raise ImportError_(e.message, e.line, e.column) from None
    try:
        import yaml
    except ModuleNotFoundError:
        raise ImportError_(
            f"{path} looks like YAML; install PyYAML (pip install pyyaml) or convert it to JSON"
        ) from None

    class Loader(yaml.SafeLoader):
        pass

    def intrinsic(loader, suffix, node):
        value = loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
        return Intrinsic("!" + suffix, value)

    def integer(loader, node):
        digits = loader.construct_scalar(node).replace("_", "")
        if len(digits.lstrip("+-")) > MAX_INTEGER_DIGITS:
            raise ImportError_(
                f"a number of {len(digits)} digits; the largest ibdsl reads has {MAX_INTEGER_DIGITS}", *_where(node)
            )
        return yaml.SafeLoader.construct_yaml_int(loader, node)

    Loader.add_multi_constructor("!", intrinsic)
    Loader.add_constructor("tag:yaml.org,2002:int", integer)
    try:
        _check_nesting(yaml, text, Loader, path, limit("input", "max_nesting_depth"))
        node = yaml.compose(text, Loader=Loader)
        if node is None:
            return None
        _check_expansion(yaml, node, path, limit("input", "max_yaml_expansion"))
        return Loader(text).construct_document(node)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise ImportError_(f"not valid YAML: {problem}", *((mark.line + 1, mark.column + 1) if mark else ())) from None


MAX_INTEGER_DIGITS = 19


def _where(node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _check_nesting(yaml, text: str, loader, path: str, max_depth: int) -> None:
    """The composer recurses once per level: count levels on the (iterative) token stream first."""
    opening = (
        yaml.BlockMappingStartToken,
        yaml.BlockSequenceStartToken,
        yaml.FlowMappingStartToken,
        yaml.FlowSequenceStartToken,
    )
    closing = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    depth = 0
    for token in yaml.scan(text, Loader=loader):
        if isinstance(token, opening):
            depth += 1
            if depth > max_depth:
                raise ImportError_(f"nested more than {max_depth} levels deep", *_where(token))
        elif isinstance(token, closing):
            depth -= 1


def _check_expansion(yaml, root, path: str, budget: int) -> None:
    """Aliases repeat a node wherever they are used: count nodes and characters as used, not
    as written, so an alias bomb (a few lines that expand to billions) is refused."""
    sizes: dict[int, int] = {}
    stack = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if children_done:
            open_nodes.discard(key)
            own = (
                len(node.value) if isinstance(node, yaml.ScalarNode) else 0
            )  # a long string repeated is as costly as many nodes
            sizes[key] = 1 + own + sum(sizes[id(child)] for child in children)
            if sizes[key] > budget:
                raise ImportError_(
                    f"this value expands to more than {budget:,} characters and nodes (through aliases)", *_where(node)
                )
            continue
        if key in open_nodes:
            raise ImportError_("an alias refers to a value that contains it", *_where(node))
        open_nodes.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                raise ImportError_("an alias refers to a value that contains it", *_where(child))
            if id(child) not in sizes:
                stack.append((child, False))


def _target(value) -> str | None:
    """The logical id a Ref or GetAtt ... Arn names, in either template form."""
    if isinstance(value, Intrinsic):
        if value.tag == "!Ref" and isinstance(value.value, str):
            return value.value
        if value.tag == "!GetAtt" and isinstance(value.value, str) and value.value.endswith(".Arn"):
            return value.value[: -len(".Arn")]
        return None
    if isinstance(value, dict) and len(value) == 1:
        ((key, item),) = value.items()
        if key == "Ref" and isinstance(item, str):
            return item
        if key == "Fn::GetAtt":
            parts = item.split(".", 1) if isinstance(item, str) else item
            if isinstance(parts, list) and len(parts) == 2 and parts[1] == "Arn" and isinstance(parts[0], str):
                return parts[0]
    return None


def _convert(value, where: str, problems: list[str], blocks: dict, data_map: bool = False):
    target = _target(value)
    if target is not None and target in blocks:
        return blocks[target]
    if isinstance(value, Intrinsic):
        problems.append(f"{where}: {value.tag} is an intrinsic function; only literal properties can be imported")
        return None
    if isinstance(value, dict):
        if len(value) == 1:
            (key,) = value
            if isinstance(key, str) and (key == "Ref" or key.startswith("Fn::") or key == "Condition"):
                problems.append(f"{where}: {key} is an intrinsic function; only literal properties can be imported")
                return None
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append(f"{where}: the key {key!r} is not a string; properties and tags are named by strings")
                continue
            name = key if data_map else RENAMES.get(key, key[:1].lower() + key[1:])
            out[name] = _convert(item, f"{where}.{key}", problems, blocks, data_map=key in DATA_MAPS)
        return out
    if isinstance(value, list):
        return [_convert(item, f"{where}[{i}]", problems, blocks) for i, item in enumerate(value)]
    return value


def _coerce(schema, node: dict, value):
    """CloudFormation's scalar coercions: "100" where the API wants an integer, "true" a boolean."""
    _, node = schema.resolve(node)
    kind = node.get("type")
    if isinstance(value, str) and not isinstance(value, Reference):
        if kind == "integer" and re.fullmatch(r"-?[0-9]{1,18}", value):
            return int(value)
        if kind == "boolean" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return value
    if isinstance(value, dict) and kind == "object":
        properties = node.get("properties")
        if properties is None:
            extra = node.get("additionalProperties")
            return {k: _coerce(schema, extra, v) if isinstance(extra, dict) else v for k, v in value.items()}
        return {k: _coerce(schema, properties[k], v) if k in properties else v for k, v in value.items()}
    if isinstance(value, list) and kind == "array":
        return [_coerce(schema, node["items"], item) for item in value]
    return value


def template_to_document(template, path: str) -> tuple[dict, list[str]]:
    """compile's {"resources": [...]} for the template's Image Builder resources, and the
    reasons any resource could not be imported."""
    if not isinstance(template, dict) or not isinstance(template.get("Resources"), dict):
        raise ImportError_(f"{path} has no Resources section")
    from ..language.fmt import KEYWORDS

    ours = {
        logical_id: resource
        for logical_id, resource in template["Resources"].items()
        if isinstance(resource, dict)
        and isinstance(resource.get("Type"), str)
        and resource["Type"] in CLOUDFORMATION_KINDS
    }
    blocks = {}  # logical id -> the reference to its block, where its name can be written as one
    for logical_id, resource in ours.items():
        properties = resource.get("Properties")
        name = properties.get("Name", logical_id) if isinstance(properties, dict) else logical_id
        if isinstance(name, str) and _LABEL.fullmatch(name) and name not in KEYWORDS:
            blocks[logical_id] = Reference(f"{CLOUDFORMATION_KINDS[resource['Type']].block}.{name}")
    # A resource that cannot be imported takes its users with it (they would name a block that
    # is not there): convert until no refused resource is still named.
    while True:
        resources, problems, refused = _import_all(ours, blocks)
        named = refused & set(blocks)
        if not named:
            break
        for logical_id in named:
            del blocks[logical_id]
    if not resources and not problems:
        types = ", ".join(sorted(CLOUDFORMATION_KINDS))
        raise ImportError_(f"{path} has no Image Builder resource ibdsl imports ({types})")
    return {"resources": resources}, problems


def _import_all(ours: dict, blocks: dict) -> tuple[list, list, set]:
    """(resources, problems, refused logical ids) for the template's Image Builder resources."""
    from ..compile.schema import load_schema

    resources, problems, refused = [], [], set()
    for logical_id, resource in ours.items():
        own: list[str] = []
        properties = resource.get("Properties") or {}
        if not isinstance(properties, dict):
            problems.append(f"Resources.{logical_id}.Properties must be a mapping")
            refused.add(logical_id)
            continue
        payload = _convert(properties, f"Resources.{logical_id}.Properties", own, blocks)
        if own:
            problems.extend(own)
            refused.add(logical_id)
            continue
        kind = CLOUDFORMATION_KINDS[resource["Type"]]
        payload = _coerce(load_schema(kind.operation), load_schema(kind.operation).document, payload)
        resources.append({"kind": kind.output, "name": payload.get("name", logical_id), "payload": payload})
    return resources, problems, refused

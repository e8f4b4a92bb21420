"""`ibdsl import --from-cloudformation`: Image Builder resources of a CloudFormation template.

AWS::ImageBuilder::Component, ImageRecipe, ContainerRecipe and DistributionConfiguration
properties are the API's members in PascalCase, with two renames (Version is the semantic
version; LaunchPermissionConfiguration is launchPermission). Properties must be literals: an
intrinsic function (Ref, Fn::Sub, ...) has no value until CloudFormation runs, so it is
reported with its place in the template and the resource is not imported.

Templates are JSON, or YAML when PyYAML is installed (it is not an ibdsl dependency: JSON
needs no extra package, and YAML templates are one `pip install pyyaml` away).
"""

from __future__ import annotations

from ..domain.kinds import CLOUDFORMATION_KINDS
from .importer import ImportError_

RENAMES = {"Version": "semanticVersion", "LaunchPermissionConfiguration": "launchPermission"}
# Maps whose keys are data (tag names), not property names to rename.
DATA_MAPS = {"Tags", "AmiTags"}


class Intrinsic:
    """A YAML short-form intrinsic (!Ref, !Sub, ...), kept only to be reported."""

    def __init__(self, tag: str):
        self.tag = tag


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

    def intrinsic(_loader, suffix, _node):
        return Intrinsic("!" + suffix)

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


def _convert(value, where: str, problems: list[str], data_map: bool = False):
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
            out[name] = _convert(item, f"{where}.{key}", problems, data_map=key in DATA_MAPS)
        return out
    if isinstance(value, list):
        return [_convert(item, f"{where}[{i}]", problems) for i, item in enumerate(value)]
    return value


def template_to_document(template, path: str) -> tuple[dict, list[str]]:
    """compile's {"resources": [...]} for the template's Image Builder resources, and the
    reasons any resource could not be imported."""
    if not isinstance(template, dict) or not isinstance(template.get("Resources"), dict):
        raise ImportError_(f"{path} has no Resources section")
    resources, problems = [], []
    for logical_id, resource in template["Resources"].items():
        if (
            not isinstance(resource, dict)
            or not isinstance(resource.get("Type"), str)
            or resource["Type"] not in CLOUDFORMATION_KINDS
        ):
            continue
        own: list[str] = []
        properties = resource.get("Properties") or {}
        if not isinstance(properties, dict):
            problems.append(f"Resources.{logical_id}.Properties must be a mapping")
            continue
        payload = _convert(properties, f"Resources.{logical_id}.Properties", own)
        if own:
            problems.extend(own)
            continue
        kind = CLOUDFORMATION_KINDS[resource["Type"]].output
        resources.append({"kind": kind, "name": payload.get("name", logical_id), "payload": payload})
    if not resources and not problems:
        raise ImportError_(
            f"{path} has no AWS::ImageBuilder Component, ImageRecipe, ContainerRecipe or DistributionConfiguration"
        )
    return {"resources": resources}, problems

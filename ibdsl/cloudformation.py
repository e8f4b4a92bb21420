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

import json

from .importer import ImportError_

RESOURCE_KINDS = {
    "AWS::ImageBuilder::Component": "component",
    "AWS::ImageBuilder::ImageRecipe": "image_recipe",
    "AWS::ImageBuilder::ContainerRecipe": "container_recipe",
    "AWS::ImageBuilder::DistributionConfiguration": "distribution_configuration",
}
RENAMES = {"Version": "semanticVersion", "LaunchPermissionConfiguration": "launchPermission"}
# Maps whose keys are data (tag names), not property names to rename.
DATA_MAPS = {"Tags", "AmiTags"}


class Intrinsic:
    """A YAML short-form intrinsic (!Ref, !Sub, ...), kept only to be reported."""

    def __init__(self, tag: str):
        self.tag = tag


def load_template(text: str, path: str) -> dict:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise ImportError_(f"{path}:{e.lineno}:{e.colno}: not valid JSON: {e.msg}") from None
    try:
        import yaml
    except ModuleNotFoundError:
        raise ImportError_(f"{path} looks like YAML; install PyYAML (pip install pyyaml) or convert it to JSON") from None

    class Loader(yaml.SafeLoader):
        pass

    def intrinsic(_loader, suffix, _node):
        return Intrinsic("!" + suffix)

    Loader.add_multi_constructor("!", intrinsic)
    try:
        return yaml.load(text, Loader=Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as e:
        raise ImportError_(f"{path}: not valid YAML: {e}") from None


def _convert(value, where: str, problems: list[str], data_map: bool = False):
    if isinstance(value, Intrinsic):
        problems.append(f"{where}: {value.tag} is an intrinsic function; only literal properties can be imported")
        return None
    if isinstance(value, dict):
        if len(value) == 1:
            (key,) = value
            if key == "Ref" or key.startswith("Fn::") or key == "Condition":
                problems.append(f"{where}: {key} is an intrinsic function; only literal properties can be imported")
                return None
        out = {}
        for key, item in value.items():
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
        if not isinstance(resource, dict) or resource.get("Type") not in RESOURCE_KINDS:
            continue
        own: list[str] = []
        payload = _convert(resource.get("Properties") or {}, f"Resources.{logical_id}.Properties", own)
        if own:
            problems.extend(own)
            continue
        kind = RESOURCE_KINDS[resource["Type"]]
        resources.append({"kind": kind, "name": payload.get("name", logical_id), "payload": payload})
    if not resources and not problems:
        raise ImportError_(f"{path} has no AWS::ImageBuilder Component, ImageRecipe, ContainerRecipe or DistributionConfiguration")
    return {"resources": resources}, problems

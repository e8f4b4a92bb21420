"""Walk compiled payloads for the parts rules look at, with each part's payload path."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.kinds import DISTRIBUTION, PIPELINE, RECIPES
from .compiler import CompiledResource


class Part:
    __slots__ = ("resource", "path", "value")

    def __init__(self, resource: CompiledResource, path: tuple, value: dict | str) -> None:
        self.resource, self.path, self.value = resource, path, value


def _items(resource: CompiledResource, path: tuple) -> Iterator[Part]:
    value = resource.payload
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield Part(resource, path + (index,), item)


def block_device_lists(resources) -> Iterator[tuple[CompiledResource, tuple, list]]:
    for resource in resources:
        for path in (("blockDeviceMappings",), ("instanceConfiguration", "blockDeviceMappings")):
            items = list(_items(resource, path))
            if items:
                yield resource, path, items


def block_devices(resources) -> Iterator[Part]:
    for _, _, items in block_device_lists(resources):
        for part in items:
            if isinstance(part.value, dict):
                yield part


def ebs_volumes(resources) -> Iterator[Part]:
    """Each mapping's `ebs` block; `path` points at the block."""
    for part in block_devices(resources):
        ebs = part.value.get("ebs")
        if isinstance(ebs, dict):
            yield Part(part.resource, part.path + ("ebs",), ebs)


def recipes(resources) -> Iterator[CompiledResource]:
    return (r for r in resources if r.kind in RECIPES)


def pipelines(resources) -> Iterator[CompiledResource]:
    return (r for r in resources if r.kind is PIPELINE)


def arn_of(result, resource: CompiledResource) -> str | None:
    """The ARN the project's own `resource` gets, as references render it."""
    settings = result.settings
    if not (settings.region and settings.account):
        return None
    kind = resource.kind
    segment = resource.payload.get(kind.arn_segment) if kind.arn_segment else None
    return kind.arn(
        settings.resolved_partition(), settings.region, settings.account, resource.name,
        resource.payload.get("semanticVersion"), segment,
    )  # fmt: skip


def schedules(resources) -> Iterator[Part]:
    """Each pipeline's schedule block; `path` points at it."""
    for resource in resources:
        schedule = resource.payload.get("schedule") if resource.kind is PIPELINE else None
        if isinstance(schedule, dict):
            yield Part(resource, ("schedule",), schedule)


def components(resources) -> Iterator[Part]:
    for resource in recipes(resources):
        yield from (p for p in _items(resource, ("components",)) if isinstance(p.value, dict))


def distributions(resources) -> Iterator[Part]:
    for resource in resources:
        if resource.kind is DISTRIBUTION:
            yield from (p for p in _items(resource, ("distributions",)) if isinstance(p.value, dict))


def version_arns(resources) -> Iterator[Part]:
    """Strings that may be Image Builder ARNs carrying versions: component ARNs and parent images."""
    for part in components(resources):
        arn = part.value.get("componentArn")
        if isinstance(arn, str):
            yield Part(part.resource, part.path + ("componentArn",), arn)
    for resource in recipes(resources):
        parent = resource.payload.get("parentImage")
        if isinstance(parent, str) and parent.startswith("arn:"):
            yield Part(resource, ("parentImage",), parent)


def display(path: tuple) -> str:
    """A payload path as the user wrote it: block_device_mappings[1].ebs.volume_size."""
    from ..naming import snake

    text = ""
    for key in path:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            text += ("." if text else "") + snake(key)
    return text


def arns(resources) -> Iterator[tuple[Part, object, str | None]]:
    """(part, parsed ARN, the region it is used in) for every ARN string in the payloads. The
    region is the distribution's for what sits inside one, else None (the project's region)."""
    from ..domain.arns import parse_any_arn

    def walk(resource, value, path, region):
        if isinstance(value, str):
            arn = parse_any_arn(value) if value.startswith("arn:") else None
            if arn is not None:
                yield Part(resource, path, value), arn, region
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(resource, item, path + (index,), region)
        elif isinstance(value, dict):
            for key, item in value.items():
                here = region
                if path == ("distributions",) or (len(path) == 2 and path[0] == "distributions"):
                    here = value.get("region") if isinstance(value.get("region"), str) else region
                yield from walk(resource, item, path + (key,), here)

    for resource in resources:
        yield from walk(resource, resource.payload, (), None)


def assigned_versions(resources) -> Iterator[Part]:
    """Every semantic_version being assigned."""
    for resource in resources:
        version = resource.payload.get("semanticVersion")
        if isinstance(version, str):
            yield Part(resource, ("semanticVersion",), version)


def arn_versions(resources) -> Iterator[tuple[Part, object]]:
    """(part, parsed ARN) for every Image Builder ARN in the payloads that carries a version."""
    from ..domain.versions import parse_arn

    for part in version_arns(resources):
        arn = parse_arn(part.value)
        if arn is not None and arn.version is not None:
            yield part, arn


def repeats(parts, key) -> Iterator[tuple[Part, tuple]]:
    """(part, path of the first part with the same key) for every repeat, per resource."""
    first: dict[tuple, tuple] = {}
    for part in parts:
        value = key(part)
        if value is None:
            continue
        seen = first.setdefault((id(part.resource), value), part.path)
        if seen != part.path:
            yield part, seen

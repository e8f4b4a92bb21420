"""Image Builder ARNs and the AWS partition of a region."""

from __future__ import annotations

import json
import re
from functools import cache

from ..naming import close_matches
from ..records import NamedTuple


@cache
def _partitions() -> list[dict]:
    """botocore's partitions.json, read as data: importing botocore would cost a lint its speed."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("botocore")
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(location, "data", "partitions.json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                return json.load(f)["partitions"]
    return []


@cache
def partition_for(region: str) -> str:
    for partition in _partitions():
        if region in partition.get("regions", {}) or re.match(partition.get("regionRegex", "$^"), region):
            return partition["id"]
    return "aws"


@cache
def known_regions() -> dict[str, str]:
    """Region code -> partition id, for every region botocore knows."""
    return {region: p["id"] for p in _partitions() for region in p.get("regions", {}) if not region.startswith("aws-")}


@cache
def region_problem(region: str) -> str | None:
    """Why `region` is not a region of any AWS partition (with the nearest one), if it is not.
    None when it is, or when botocore's partition data is not installed to check against."""
    regions = known_regions()
    if not regions or region in regions:
        return None
    guess = close_matches(region, regions)
    return f"{region!r} is not an AWS region" + (f"; did you mean {guess[0]}?" if guess else "")


class Arn(NamedTuple):
    partition: str
    service: str
    region: str
    account: str
    resource: str


def parse_any_arn(text: str) -> Arn | None:
    """Any ARN's parts (arn:partition:service:region:account:resource), or None."""
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    return Arn(*parts[1:])


def arn_name(resource_name: str) -> str:
    """The name part of an ARN: the service lowercases the name and turns spaces and
    underscores into hyphens (botocore model, CreateComponentRequest.name: names that differ
    only in case, spaces or underscores count as the same name)."""
    return resource_name.lower().replace(" ", "-").replace("_", "-")


def imagebuilder_arn(
    partition: str, region: str, owner: str, resource_type: str, name: str, version: str | None
) -> str:
    tail = f"{resource_type}/{name}" if version is None else f"{resource_type}/{name}/{version}"
    return f"arn:{partition}:imagebuilder:{region}:{owner}:{tail}"

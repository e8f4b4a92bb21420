"""EC2 facts from botocore's EC2 model, read as data (importing botocore would cost a lint its
speed): the instance types it knows."""

from __future__ import annotations

from functools import cache


@cache
def instance_types() -> frozenset[str]:
    """Every InstanceType of the newest EC2 model botocore has; empty when it is not installed."""
    import gzip
    import importlib.util
    import json
    import os

    spec = importlib.util.find_spec("botocore")
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = os.path.join(location, "data", "ec2")
        versions = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        for version in reversed(versions):
            for name, opener in (("service-2.json.gz", gzip.open), ("service-2.json", open)):
                path = os.path.join(folder, version, name)
                if os.path.exists(path):
                    with opener(path, "rt", encoding="utf-8") as f:
                        shapes = json.load(f)["shapes"]
                    return frozenset(shapes.get("InstanceType", {}).get("enum", ()))
    return frozenset()

"""`ibdsl catalog refresh`: build the offline catalog from the service with boto3 paginators.

This and the pusher are the only modules that import boto3, and only when their command runs.
"""

from __future__ import annotations

from ..diagnostics import UsageError
from ..domain.catalog import FORMAT
from ..domain.kinds import COMPONENT
from ..domain.versions import parse_arn


def _builds(client, operation: str, argument: str, arn: str, result_key: str) -> list[int]:
    builds = set()
    for page in client.get_paginator(operation).paginate(**{argument: arn}):
        for summary in page.get(result_key, []):
            parsed = parse_arn(summary.get("arn", ""))
            if parsed is not None and parsed.build is not None and parsed.build.isdigit():
                builds.add(int(parsed.build))
    return sorted(builds)


def _collect(
    client, owners, listing: str, list_key: str, build_listing: str, build_argument: str, build_key: str
) -> list[dict]:
    entries: dict[tuple[str, str], dict[str, list[int]]] = {}
    for owner in owners:
        for page in client.get_paginator(listing).paginate(owner=owner):
            for item in page.get(list_key, []):
                arn = item.get("arn", "")
                parsed = parse_arn(arn)
                if parsed is None or parsed.version is None:
                    continue
                versions = entries.setdefault((parsed.owner, parsed.name), {})
                versions[parsed.version] = _builds(client, build_listing, build_argument, arn, build_key)
    return [
        {"owner": owner, "name": name, "versions": dict(sorted(versions.items()))}
        for (owner, name), versions in sorted(entries.items())
    ]


def build_catalog(client, region: str, owners) -> dict:
    return {
        "format": FORMAT,
        "region": region,
        "components": _collect(
            client, owners, COMPONENT.list, COMPONENT.list_key,
            "list_component_build_versions", "componentVersionArn", "componentSummaryList",
        ),
        # Images are built, not declared: not a kind of the project, so named here.
        "images": _collect(
            client, owners, "list_images", "imageVersionList",
            "list_image_build_versions", "imageVersionArn", "imageSummaryList",
        ),
    }  # fmt: skip


def refresh(region: str, owners, output: str, profile: str | None = None, endpoint_url: str | None = None) -> dict:
    from .clients import client_for, explain

    client = client_for("imagebuilder", region=region, profile=profile, endpoint_url=endpoint_url)
    try:
        catalog = build_catalog(client, region, owners)
    except Exception as e:  # noqa: BLE001 - every boto failure becomes one sentence, exit 2
        raise UsageError(f"catalog refresh failed: {explain(e)}") from None
    from ..compile.output import dumps
    from ..files import Refused, write_atomic

    try:
        write_atomic(output, dumps(catalog))
    except (OSError, Refused) as e:
        raise UsageError(f"cannot write {output}: {getattr(e, 'strerror', None) or e}") from None
    return catalog

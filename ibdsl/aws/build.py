"""`ibdsl build`: start an image (a pipeline run, or one image from a recipe) and follow it.

A build starts only when the account has the project's resources as the source describes
them (the push plan finds them unchanged): otherwise it would build something else. Its client
token is new for every invocation and kept by botocore's retries of that one call, so a second
`ibdsl build` starts a second build. Following polls get_image until AVAILABLE, FAILED or
CANCELLED (botocore's own image_available waiter polls every 60 s for up to 6 h).
"""

from __future__ import annotations

import time
import uuid

TERMINAL = ("AVAILABLE", "FAILED", "CANCELLED")


class NotPushed(Exception):
    """The account does not have these resources as the source describes them."""

    def __init__(self, planned: list):
        self.planned = planned
        super().__init__(", ".join(f"{p.kind} '{p.resource.name}' ({p.action})" for p in planned))


class UnknownResource(Exception):
    """The project has no such resource (or names it two ways)."""


class FollowTimeout(Exception):
    def __init__(self, image: dict | None, seconds: float):
        self.image, self.seconds = image, seconds
        super().__init__(f"the build did not finish within {seconds:g} s")


def find(resources: list, block: str, name: str):
    found = next((r for r in resources if r.kind.block == block and r.name == name), None)
    if found is None:
        names = sorted(r.name for r in resources if r.kind.block == block)
        known = f"; the project has {', '.join(names)}" if names else f"; the project has no {block}"
        raise UnknownResource(f"no {block} named {name!r}{known}")
    return found


def start(
    pusher,
    resources: list,
    pipeline: str | None,
    recipe: str | None,
    infrastructure: str | None,
    distribution: str | None,
    plan=None,
) -> str:
    """The image build version ARN of the build started. Raises NotPushed, UnknownResource.
    `plan(resources)` compares them with the account (default: the pusher's own plan)."""
    from .calls import expect

    if pipeline:
        used = [find(resources, "image_pipeline", pipeline)]
    else:
        kinds = [
            r.kind.block for r in resources if r.name == recipe and r.kind.block in ("image_recipe", "container_recipe")
        ]
        if len(kinds) > 1:
            raise UnknownResource(
                f"{recipe!r} is both an image_recipe and a container_recipe; give one of them another name"
            )
        kind = kinds[0] if kinds else "image_recipe"
        used = [find(resources, kind, recipe), find(resources, "infrastructure_configuration", infrastructure)]
        if distribution:
            used.append(find(resources, "distribution", distribution))
    # What the build uses is what the account must have as described: the resources named
    # and everything they refer to.
    wanted = _with_references(used, resources)
    stale = [p for p in (plan or pusher.plan)(wanted) if p.action != "unchanged"]
    if stale:
        raise NotPushed(stale)
    token = uuid.uuid4().hex  # one per invocation; botocore's retries of this call keep it
    if pipeline:
        arn = _arn(pusher, used[0])
        response = pusher.call("start_image_pipeline_execution", imagePipelineArn=arn, clientToken=token)
        return expect("start_image_pipeline_execution", response, "imageBuildVersionArn", str)
    recipe_resource = used[0]
    params = {
        ("containerRecipeArn" if recipe_resource.kind.block == "container_recipe" else "imageRecipeArn"): _arn(pusher, recipe_resource),
        "infrastructureConfigurationArn": _arn(pusher, used[1]),
    }  # fmt: skip
    if distribution:
        params["distributionConfigurationArn"] = _arn(pusher, used[2])
    response = pusher.call("create_image", **params, clientToken=token)
    return expect("create_image", response, "imageBuildVersionArn", str)


def _arn(pusher, resource) -> str:
    """The ARN a build names: the newest version an auto-versioned recipe made, else its own."""
    from ..domain.versions import is_auto_version, matches, ordering_key

    version = resource.payload.get("semanticVersion")
    if resource.kind.auto_versions and isinstance(version, str) and is_auto_version(version):
        versions = pusher._versions(resource)
        covered = sorted((v for v in versions if matches(version, v)), key=ordering_key)
        if covered:
            return versions[covered[-1]]
    return pusher.arn_of(resource)


def _with_references(used: list, resources: list) -> list:
    by_key = {(r.kind.block, r.name): r for r in resources}
    seen, todo = {}, list(used)
    while todo:
        resource = todo.pop()
        key = (resource.kind.block, resource.name)
        if key in seen:
            continue
        seen[key] = resource
        todo += [by_key[(k.block, n)] for k, n, _ in resource.resolved.references if (k.block, n) in by_key]
    return [r for r in resources if (r.kind.block, r.name) in seen]


def follow(call, arn: str, interval: float, timeout: float, on_state) -> dict:
    """The image once it is AVAILABLE, FAILED or CANCELLED; on_state(image, elapsed) hears
    every answer. Raises FollowTimeout when `timeout` passes first."""
    from .calls import expect

    started = time.monotonic()
    image = None
    while True:
        image = expect("get_image", call("get_image", imageBuildVersionArn=arn), "image", dict)
        elapsed = time.monotonic() - started
        on_state(image, elapsed)
        if status(image) in TERMINAL:
            return image
        if elapsed + interval > timeout:
            raise FollowTimeout(image, timeout)
        time.sleep(interval)


def status(image: dict | None) -> str:
    return str(((image or {}).get("state") or {}).get("status", "UNKNOWN"))


def images(call, pipeline_arn: str) -> list[dict]:
    """The images a pipeline made, newest first (list_image_pipeline_images)."""
    found, token = [], None
    while True:
        page = {"nextToken": token} if token else {}
        response = call("list_image_pipeline_images", imagePipelineArn=pipeline_arn, **page)
        found += [i for i in response.get("imageSummaryList") or [] if isinstance(i, dict)]
        token = response.get("nextToken")
        if not token:
            return sorted(found, key=lambda i: str(i.get("dateCreated", "")), reverse=True)

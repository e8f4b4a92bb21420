"""`ibdsl destroy`: delete the project's resources, what uses a resource before it.

The order is the reverse of the apply order (pipelines, then recipes and workflows, then
configurations, then components). A versioned resource is deleted version by version as the
service keeps them: every build of a component's or workflow's version, every version an
auto-versioned recipe's pattern covers. Images and the AMIs they made are never deleted:
lifecycle policies do that.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compile.compiler import CompiledResource
from ..domain.kinds import SEMANTIC_AND_BUILD
from ..domain.versions import is_auto_version, matches, ordering_key
from .push import Outcome


@dataclass
class Doomed:
    resource: CompiledResource
    arn: str  # what the delete operation takes

    @property
    def kind(self) -> str:
        return self.resource.kind.output


def plan(pusher, resources: list[CompiledResource]) -> tuple[list[Doomed], list[CompiledResource]]:
    """(what will be deleted, in order; the resources the account does not have)."""
    doomed, absent = [], []
    for resource in reversed(resources):
        arns = _arns(pusher, resource)
        if arns:
            doomed.extend(Doomed(resource, arn) for arn in arns)
        else:
            absent.append(resource)
    return doomed, absent


def _arns(pusher, resource: CompiledResource) -> list[str]:
    import botocore.exceptions

    kind = resource.kind
    version = resource.payload.get("semanticVersion")
    if kind.auto_versions and isinstance(version, str) and is_auto_version(version):
        versions = pusher._versions(resource)
        return [versions[v] for v in sorted((v for v in versions if matches(version, v)), key=ordering_key)]
    arn = pusher.arn_of(resource)
    try:
        pusher.call(kind.get, **{kind.arn_parameter: arn})
    except botocore.exceptions.ClientError as e:
        if e.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
            return []
        raise
    if kind.versioning != SEMANTIC_AND_BUILD:
        return [arn]
    builds, token = [], None
    while True:  # every build of the version: list_<noun>_build_versions
        page = {"nextToken": token} if token else {}
        response = pusher.call(f"list_{kind.output}_build_versions", **{f"{kind.response_key}VersionArn": arn}, **page)
        builds += [i["arn"] for i in response.get(f"{kind.response_key}SummaryList") or [] if isinstance(i, dict)]
        token = response.get("nextToken")
        if not token:
            return builds or [arn]


def _users(pusher, arn: str) -> list[str]:
    """The pipelines of the account that name `arn` (the service's message does not say who)."""
    try:
        found, token = [], None
        while True:
            response = pusher.call("list_image_pipelines", **({"nextToken": token} if token else {}))
            for pipeline in response.get("imagePipelineList") or []:
                named = [pipeline.get(k) for k in ("imageRecipeArn", "containerRecipeArn",
                         "infrastructureConfigurationArn", "distributionConfigurationArn")]  # fmt: skip
                if arn in named and isinstance(pipeline.get("arn"), str):
                    found.append(pipeline["arn"])
            token = response.get("nextToken")
            if not token:
                return found
    except Exception:  # noqa: BLE001 - only to say more; the failure itself is reported anyway
        return []


def apply(pusher, doomed: list[Doomed]) -> list[Outcome]:
    """Delete in order; stop at the first failure, saying what was and was not deleted."""
    import botocore.exceptions

    from .calls import CallTimeout, UnexpectedResponse
    from .clients import explain

    outcomes: list[Outcome] = []
    failed = False
    for item in doomed:
        resource = item.resource
        source = f"{resource.span.path}:{resource.span.line}"
        if failed:
            outcomes.append(Outcome(item.kind, resource.name, "skipped", item.arn, source))
            continue
        kind = resource.kind
        try:
            pusher.call(kind.delete, **{kind.arn_parameter: item.arn})
            outcomes.append(Outcome(item.kind, resource.name, "delete", item.arn, source))
            continue
        except KeyboardInterrupt:
            pusher.interrupted = True
            error = ("Interrupted", "stopped while deleting it; the service may have carried the call out")
        except botocore.exceptions.ClientError as e:
            info = e.response.get("Error", {})
            code, message = str(info.get("Code", "Error")), str(info.get("Message", ""))
            if code == "ResourceDependencyException":
                users = _users(pusher, item.arn)
                named = f"; used by {', '.join(users)}" if users else ""
                message = f"something outside this project still uses it, which must go first{named} ({message})"
            elif code.isdigit() or not code:
                message = explain(e)
            error = (code, message)
        except (botocore.exceptions.BotoCoreError, CallTimeout, UnexpectedResponse) as e:
            error = (type(e).__name__, explain(e) if isinstance(e, botocore.exceptions.BotoCoreError) else str(e))
        outcomes.append(Outcome(item.kind, resource.name, "failed", item.arn, source, error))
        failed = True
    return outcomes

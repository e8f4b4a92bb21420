"""`ibdsl push`: plan by asking the service, then create or update, safely and idempotently.

For each compiled resource, in dependency order (components, image recipes, container recipes,
distribution configurations), the plan is one of:

- create: it does not exist;
- unchanged: a component or recipe of that name and version exists with the same content;
- conflict: it exists with different content. Versions are immutable, so the push stops
  before creating anything and asks for a version bump;
- update: a distribution configuration exists and differs (update_distribution_configuration,
  plus tag_resource/untag_resource for its tags).

Every create and update carries a clientToken derived from its payload, so a retried or
repeated call never creates a second resource. botocore's standard retry mode handles 5xx
errors; Image Builder's throttling (CallRateLimitExceededException, HTTP 429) is not retryable
for botocore, so a needs-retry hook retries it with backoff inside the same attempt budget.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from dataclasses import dataclass, field

from .arns import arn_name, imagebuilder_arn
from .compiler import CompiledResource

THROTTLING = "CallRateLimitExceededException"

# kind -> (ARN resource type, get operation, its ARN parameter, response key, create response ARN key)
KIND_API = {
    "component": ("component", "get_component", "componentBuildVersionArn", "component", "componentBuildVersionArn"),
    "image_recipe": ("image-recipe", "get_image_recipe", "imageRecipeArn", "imageRecipe", "imageRecipeArn"),
    "container_recipe": ("container-recipe", "get_container_recipe", "containerRecipeArn", "containerRecipe", "containerRecipeArn"),
    "distribution_configuration": (
        "distribution-configuration", "get_distribution_configuration", "distributionConfigurationArn",
        "distributionConfiguration", "distributionConfigurationArn",
    ),
}  # fmt: skip

# Members a get response does not echo, so they cannot be compared (the service keeps the
# document itself, not the URI it was read from).
NOT_RETURNED = {"name", "semanticVersion", "uri", "dockerfileTemplateUri", "platformOverride", "imageOsVersionOverride"}


@dataclass
class Planned:
    resource: CompiledResource
    arn: str  # the version ARN (or the distribution configuration ARN)
    action: str  # create, update, unchanged, conflict
    differences: list[str] = field(default_factory=list)
    current: dict | None = None  # what the service has

    @property
    def kind(self) -> str:
        return self.resource.kind.output


@dataclass
class Outcome:
    kind: str
    name: str
    action: str  # create, update, unchanged, conflict, failed, skipped
    arn: str
    source: str  # file:line of the resource's block
    error: tuple[str, str] | None = None  # (service error code, message)

    def as_json(self) -> dict:
        item = {"kind": self.kind, "name": self.name, "action": self.action, "arn": self.arn}
        if self.error:
            item["error"] = {"code": self.error[0], "message": self.error[1], "source": self.source}
        return item


def client_token(operation: str, payload: dict) -> str:
    """Deterministic per payload: the same request always carries the same token (64 hex)."""
    canonical = json.dumps({"operation": operation, "payload": payload}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def add_throttling_retries(client, max_attempts: int) -> None:
    """Retry 429s with full-jitter exponential backoff; `attempts` is botocore's own count, so
    throttling and the 5xx retries of standard mode share one budget of `max_attempts`."""
    base = float(os.environ.get("IBDSL_BACKOFF_BASE_SECONDS", "0.5"))
    cap = 20.0

    def needs_retry(response=None, attempts=None, **kwargs):
        if response is None or attempts is None:
            return None
        http, parsed = response
        code = parsed.get("Error", {}).get("Code") if isinstance(parsed, dict) else None
        if code != THROTTLING and getattr(http, "status_code", None) != 429:
            return None
        if attempts >= max_attempts:
            return None
        return random.uniform(0, min(cap, base * 2 ** (attempts - 1)))

    client.meta.events.register("needs-retry.imagebuilder", needs_retry)


def _normalise(value):
    """Drop what the service reports as absent (None, empty) so absent equals absent."""
    if isinstance(value, dict):
        out = {k: _normalise(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def differences(operation: str, payload: dict, current: dict) -> list[str]:
    """Create-payload members whose value differs from what the service has."""
    from .naming import snake
    from .schema import load_schema

    members = [m for m in load_schema(operation).document["properties"] if m not in NOT_RETURNED]
    wanted, have = _normalise(payload), _normalise(current)
    return [snake(m) for m in members if wanted.get(m) != have.get(m)]


class Pusher:
    def __init__(self, client, partition: str, region: str, account: str):
        self.client = client
        self.partition, self.region, self.account = partition, region, account

    def arn_of(self, resource: CompiledResource) -> str:
        resource_type = KIND_API[resource.kind.output][0]
        version = resource.payload.get("semanticVersion") if resource.kind.versioned else None
        return imagebuilder_arn(self.partition, self.region, self.account, resource_type, arn_name(resource.name), version)

    # plan -------------------------------------------------------------------------------
    def plan(self, resources: list[CompiledResource]) -> list[Planned]:
        return [self._plan_one(resource) for resource in resources]

    def _plan_one(self, resource: CompiledResource) -> Planned:
        import botocore.exceptions

        _, get, parameter, key, _ = KIND_API[resource.kind.output]
        arn = self.arn_of(resource)
        try:
            response = getattr(self.client, get)(**{parameter: arn})
        except botocore.exceptions.ClientError as e:
            if e.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                return Planned(resource, arn, "create")
            raise
        current = response.get(key, {})
        changed = differences(resource.kind.operation, resource.payload, current)
        if not changed:
            return Planned(resource, current.get("arn", arn), "unchanged", current=current)
        action = "conflict" if resource.kind.versioned else "update"
        return Planned(resource, arn, action, changed, current)

    # apply ------------------------------------------------------------------------------
    def apply(self, plan: list[Planned]) -> list[Outcome]:
        """Carry out creates and updates in order; stop at the first failure."""
        import botocore.exceptions

        from .aws import explain

        outcomes: list[Outcome] = []
        failed = False
        for item in plan:
            resource = item.resource
            source = f"{resource.span.path}:{resource.span.line}"
            if item.action == "unchanged":
                outcomes.append(Outcome(item.kind, resource.name, "unchanged", item.arn, source))
                continue
            if failed:
                outcomes.append(Outcome(item.kind, resource.name, "skipped", item.arn, source))
                continue
            try:
                arn = self._create(resource) if item.action == "create" else self._update(item)
                outcomes.append(Outcome(item.kind, resource.name, item.action, arn, source))
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                code = e.response.get("Error", {}).get("Code", "Error") if isinstance(e, botocore.exceptions.ClientError) else type(e).__name__
                message = e.response.get("Error", {}).get("Message", "") if isinstance(e, botocore.exceptions.ClientError) else explain(e)
                outcomes.append(Outcome(item.kind, resource.name, "failed", item.arn, source, (code, message)))
                failed = True
        return outcomes

    def _create(self, resource: CompiledResource) -> str:
        operation = resource.kind.operation
        payload = resource.payload
        response = getattr(self.client, operation)(**payload, clientToken=client_token(operation, payload))
        return response[KIND_API[resource.kind.output][4]]

    def _update(self, item: Planned) -> str:
        payload = item.resource.payload
        update = {"distributionConfigurationArn": item.arn, "distributions": payload["distributions"]}
        if "description" in payload:
            update["description"] = payload["description"]
        if {"description", "distributions"} & set(item.differences):  # what the plan found differs
            self.client.update_distribution_configuration(**update, clientToken=client_token("update_distribution_configuration", update))
        if "tags" not in item.differences:
            return item.arn
        wanted, have = payload.get("tags", {}), (item.current or {}).get("tags") or {}
        stale = sorted(set(have) - set(wanted))
        if stale:
            self.client.untag_resource(resourceArn=item.arn, tagKeys=stale)
        changed = {k: v for k, v in wanted.items() if have.get(k) != v}
        if changed:
            self.client.tag_resource(resourceArn=item.arn, tags=changed)
        return item.arn


# --- rendering ------------------------------------------------------------------------------

def plan_lines(plan: list[Planned]) -> list[str]:
    width_kind = max((len(p.kind) for p in plan), default=0)
    width_name = max((len(p.resource.name) for p in plan), default=0)
    lines = []
    for p in plan:
        line = f"{p.action:<9}  {p.kind:<{width_kind}}  {p.resource.name:<{width_name}}  {p.arn}"
        if p.action in ("conflict", "update"):
            line += f"  (differs in: {', '.join(p.differences)})"
        lines.append(line)
    return lines


def outcome_lines(outcomes: list[Outcome]) -> list[str]:
    width_kind = max((len(o.kind) for o in outcomes), default=0)
    width_name = max((len(o.name) for o in outcomes), default=0)
    lines = []
    for o in outcomes:
        line = f"{o.action:<9}  {o.kind:<{width_kind}}  {o.name:<{width_name}}  {o.arn}"
        lines.append(line)
        if o.error:
            lines.append(f"           {o.source}: {o.error[0]}: {o.error[1]}")
    return lines


def outcomes_json(outcomes: list[Outcome]) -> str:
    return json.dumps({"resources": [o.as_json() for o in outcomes]}, indent=2) + "\n"

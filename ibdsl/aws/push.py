"""`ibdsl push`: plan by asking the service, then create or update, safely and idempotently.

For each compiled resource, in apply order (what it refers to first), the plan is one of:

- create: it does not exist;
- unchanged: it exists (that name, and that version for a versioned kind) with the same content;
- update: it exists and differs only in what its kind's update mode can change in place
  (domain/kinds.py: REPLACE calls update_<noun> with the members that operation takes,
  TAGS_ONLY changes tags; both change tags through tag_resource/untag_resource);
- build: a component or workflow exists at that version with other content: the service
  makes its next build;
- replace: it must be deleted and created again (a pipeline trading its kind of recipe);
- conflict: it exists and differs in what cannot change in place. Versions are immutable, so
  the push stops before creating anything and asks for a version bump (or auto-versioning).

Every create and update carries a client token (client_token), so a retried call never
creates a second resource; calls go through calls.Caller (deadlines, answers checked,
throttling retried).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field

from ..compile.compiler import CompiledResource
from ..domain.arns import arn_name
from ..domain.kinds import NO_UPDATE, REPLACE, SEMANTIC_AND_BUILD, TAGS_ONLY, Kind
from ..domain.versions import is_auto_version, matches, next_auto_version, ordering_key, parse_arn
from ..naming import snake
from .calls import Caller, CallTimeout, UnexpectedResponse, expect

# How the service says a new instance profile or role is not visible yet.
NOT_YET = re.compile(r"(instance profile|role) does not exist", re.IGNORECASE)


@dataclass
class Planned:
    resource: CompiledResource
    arn: str  # the resource's ARN: its version ARN for a versioned kind
    action: str  # create, update, unchanged, conflict
    differences: list[str] = field(default_factory=list)
    current: dict | None = None  # what the service has
    note: str | None = None  # what the service will do that the source does not say (a version it assigns)
    changes: dict = field(default_factory=dict)  # member -> (service's value, source's value)

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
    detail: str | None = None  # what the plan said of it: the version the service assigns, what differs


def client_token(operation: str, payload: dict, run: str) -> str:
    """The token of one intended change (64 hex): the payload and the push it belongs to.

    The service answers a request whose token it has seen with the original response, without
    running it again. botocore's retries of one call reuse its parameters, so they keep the
    token; another push asking for the same payload (a revert A -> B -> A, a new build of a
    component whose content went back) carries another `run` and is carried out."""
    canonical = json.dumps(
        {"operation": operation, "payload": payload, "run": run}, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _normalise(value):
    """Drop what the service reports as absent (None, empty) so absent equals absent."""
    if isinstance(value, dict):
        out = {k: _normalise(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def differences(kind: Kind, payload: dict, current: dict) -> list[str]:
    """Create-payload members whose value differs from what the service has."""
    return [snake(member) for member in changes(kind, payload, current)]


def changes(kind: Kind, payload: dict, current: dict) -> dict[str, tuple]:
    """member -> (what the service has, what the source says), for the members that differ;
    ABSENT where one side has no value."""
    from ..compile.schema import load_schema

    members = [m for m in load_schema(kind.operation).document["properties"] if m not in kind.not_returned]
    # A member left out is what the service stores for it: the same as its default.
    wanted, have = _normalise(with_defaults(kind.server_defaults, payload)), _normalise(current)
    return {m: (have.get(m, ABSENT), wanted.get(m, ABSENT)) for m in members if wanted.get(m) != have.get(m)}


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()


def with_defaults(defaults: dict, given: dict) -> dict:
    """`given` with what the service stores for what it leaves out, at any depth (a given
    image_tests_configuration still gets the stored 720 minutes)."""
    merged = dict(given)
    for key, default in defaults.items():
        if key not in merged:
            merged[key] = default
        elif isinstance(default, dict) and isinstance(merged[key], dict):
            merged[key] = with_defaults(default, merged[key])
    return merged


def updatable(kind: Kind) -> set[str]:
    """The members (snake_case, as differences() names them) an update can change in place."""
    if kind.update == NO_UPDATE:
        return set()
    if kind.update == TAGS_ONLY:
        return {"tags"}
    from ..naming import snake

    return {"tags"} | {snake(m) for m in _update_members(kind)}


def _update_members(kind: Kind) -> list[str]:
    from ..compile.schema import load_schema

    return [m for m in load_schema(kind.update_operation).document["properties"] if m != kind.arn_parameter]


# Reads of a plan in flight at once: within botocore's connection pool (10), and few enough that
# Image Builder's per-account request rate throttles rarely (each throttled call is retried).
PLAN_READERS = 8


class Pusher:
    def __init__(self, caller: Caller, partition: str, region: str, account: str):
        self.call = caller
        self.partition, self.region, self.account = partition, region, account
        self.interrupted = False
        self.run = secrets.token_hex(16)  # this push's part of every client token
        self.on_wait = lambda message: None  # what the push says while it waits for IAM

    def arn_of(self, resource: CompiledResource) -> str:
        kind = resource.kind
        version = resource.payload.get("semanticVersion") if kind.versioned else None
        segment = resource.payload.get(kind.arn_segment) if kind.arn_segment else None
        return kind.arn(self.partition, self.region, self.account, resource.name, version, segment)

    # plan -------------------------------------------------------------------------------
    def plan(self, resources: list[CompiledResource]) -> list[Planned]:
        """Each resource compared with what the account has, in the order given. The reads are
        independent, so PLAN_READERS of them are in flight at once (one after another, 3,000
        resources took minutes); throttling is retried with backoff as for every call, and the
        first failure, in resource order, is raised once the reads under way have finished."""
        if len(resources) < 2:
            return [self._plan_one(resource) for resource in resources]
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=min(PLAN_READERS, len(resources)), thread_name_prefix="ibdsl-plan")
        try:
            futures = [pool.submit(self._plan_one, resource) for resource in resources]
            planned = [future.result() for future in futures]
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)  # reads only: nothing to wait for
            raise
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        return planned

    def _plan_one(self, resource: CompiledResource) -> Planned:
        import botocore.exceptions

        kind = resource.kind
        version = resource.payload.get("semanticVersion")
        if kind.auto_versions and isinstance(version, str) and is_auto_version(version):
            return self._plan_auto_versioned(resource, version)
        arn = self.arn_of(resource)
        try:
            response = self.call(kind.get, **{kind.arn_parameter: arn})
        except botocore.exceptions.ClientError as e:
            if e.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                return Planned(resource, arn, "create")
            raise
        current = expect(kind.get, response, kind.response_key, dict)
        found = changes(kind, resource.payload, current)
        changed = [snake(member) for member in found]
        if not changed:
            return Planned(resource, current.get("arn", arn), "unchanged", current=current)
        planned = self._judge(resource, kind, arn, current, changed, version)
        planned.changes = found
        return planned

    def _judge(self, resource, kind: Kind, arn: str, current: dict, changed: list, version) -> Planned:
        """What to do about a resource that exists and differs."""
        switched = [m for m in kind.switch_members if (m in resource.payload) != (m in current)]
        if switched:
            note = (
                f"{' and '.join(snake(m) for m in switched)} cannot be traded by an update: deleted and created again"
            )
            return Planned(resource, current.get("arn", arn), "replace", changed, current, note=note)
        if set(changed) <= updatable(kind):  # changed in place: address what the service has
            return Planned(resource, current.get("arn", arn), "update", changed, current)
        if kind.versioning == SEMANTIC_AND_BUILD and set(changed) == {"tags"}:
            # Tags are not content: they change on the build that exists.
            return Planned(resource, current.get("arn", arn), "update", changed, current)
        if kind.versioning == SEMANTIC_AND_BUILD:
            # Same version, other content: the service makes the next build of that version, and
            # whatever names the version ARN gets the newest build.
            build = current.get("arn", "").rsplit("/", 1)[-1]
            next_build = f"{version}/{int(build) + 1}" if build.isdigit() else f"the next build of {version}"
            return Planned(resource, arn, "build", changed, current, note=f"new build {next_build}")
        return Planned(resource, arn, "conflict", changed, current)

    def _plan_auto_versioned(self, resource: CompiledResource, pattern: str) -> Planned:
        """A recipe whose version has one x: compare with the newest version the pattern covers;
        a change is a create, for which the service assigns the next version."""
        kind = resource.kind
        pattern_arn = self.arn_of(resource)
        versions = self._versions(resource)
        covered = sorted((v for v in versions if matches(pattern, v)), key=ordering_key)
        expected = next_auto_version(pattern, covered)
        note = f"Image Builder assigns {expected}"
        if not covered:
            return Planned(resource, pattern_arn, "create", note=note)
        newest_arn = versions[covered[-1]]
        response = self.call(kind.get, **{kind.arn_parameter: newest_arn})
        current = expect(kind.get, response, kind.response_key, dict)
        found = changes(kind, resource.payload, current)
        if not found:
            return Planned(resource, current.get("arn", newest_arn), "unchanged", current=current)
        changed = [snake(member) for member in found]
        return Planned(resource, pattern_arn, "create", changed, current, note=note, changes=found)

    def _versions(self, resource: CompiledResource) -> dict[str, str]:
        """version -> version ARN of every version of this resource the account has."""
        kind, name = resource.kind, arn_name(resource.name)
        found, token = {}, None
        while True:
            page = {"nextToken": token} if token else {}
            response = self.call(kind.list, owner="Self", filters=[{"name": "name", "values": [resource.name]}], **page)
            for item in response.get(kind.list_key) or []:
                arn = item.get("arn", "") if isinstance(item, dict) else ""
                parsed = parse_arn(arn)
                if parsed is not None and parsed.name == name and parsed.version and parsed.build is None:
                    found[parsed.version] = arn
            token = response.get("nextToken")
            if not token:
                return found

    # apply ------------------------------------------------------------------------------
    def apply(self, plan: list[Planned]) -> list[Outcome]:
        """Carry out creates and updates in order; stop at the first failure. Ctrl-C stops
        too: the outcome says which call was under way (its result is unknown) and what was
        not attempted, and `interrupted` is set."""
        import botocore.exceptions

        from .clients import explain

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
                if item.action == "replace":
                    self.call(resource.kind.delete, **{resource.kind.arn_parameter: item.arn})
                arn = self._create(resource) if item.action in ("create", "build", "replace") else self._update(item)
                outcomes.append(Outcome(item.kind, resource.name, item.action, arn, source, detail=item.note))
                continue
            except KeyboardInterrupt:
                self.interrupted = True
                error = ("Interrupted", f"stopped while {item.action == 'create' and 'creating' or 'updating'} it; "
                         "the service may have carried the call out: push again to compare")  # fmt: skip
            except botocore.exceptions.ClientError as e:
                error = (e.response.get("Error", {}).get("Code", "Error"), explain_failure(e, item))
            except botocore.exceptions.BotoCoreError as e:
                error = (type(e).__name__, explain(e))
            except CallTimeout as e:
                error = ("Timeout", f"{e}; the service may still carry it out: push again to compare")
            except UnexpectedResponse as e:
                error = ("UnexpectedResponse", str(e))
            outcomes.append(Outcome(item.kind, resource.name, "failed", item.arn, source, error))
            failed = True
        return outcomes

    def _settled(self, operation: str, params: dict):
        """The call, retried while IAM has not yet made a new instance profile or role visible
        to Image Builder (bounded; each attempt says so). A refused attempt changed nothing, so
        each retry carries its own token."""
        import botocore.exceptions

        from ..limits import limit

        waited, attempt = 0.0, 0
        interval = float(os.environ.get("IBDSL_SETTLE_INTERVAL_SECONDS", limit("push", "settle_interval_seconds")))
        while True:
            token = client_token(operation, params, f"{self.run}/{attempt}" if attempt else self.run)
            try:
                return self.call(operation, **params, clientToken=token)
            except botocore.exceptions.ClientError as e:
                message = str(e.response.get("Error", {}).get("Message", ""))
                if not NOT_YET.search(message) or waited >= limit("push", "settle_seconds"):
                    raise
                what = NOT_YET.search(message).group(1)
                self.on_wait(
                    f"ibdsl: {operation}: the {what} is not visible to Image Builder yet (IAM takes a while); "
                    f"retrying for up to {limit('push', 'settle_seconds')} s"
                )
            time.sleep(interval)
            waited += interval
            attempt += 1

    def _create(self, resource: CompiledResource) -> str:
        operation = resource.kind.operation
        payload = resource.payload
        response = self._settled(operation, payload)
        return expect(operation, response, resource.kind.create_arn_key, str)

    def _update(self, item: Planned) -> str:
        """Change in place what the plan found differs: the update call when more than tags
        differ (it takes the whole of what it can change), then the tags."""
        kind, payload = item.resource.kind, item.resource.payload
        if kind.update == REPLACE and set(item.differences) - {"tags"}:
            operation = kind.update_operation
            update = {kind.arn_parameter: item.arn, **{m: payload[m] for m in _update_members(kind) if m in payload}}
            response = self._settled(operation, update)
            expect(operation, response, kind.arn_parameter, str)
        if "tags" not in item.differences:
            return item.arn
        wanted, have = payload.get("tags", {}), (item.current or {}).get("tags") or {}
        stale = sorted(set(have) - set(wanted))
        if stale:
            self.call("untag_resource", resourceArn=item.arn, tagKeys=stale)
        changed = {k: v for k, v in wanted.items() if have.get(k) != v}
        if changed:
            self.call("tag_resource", resourceArn=item.arn, tags=changed)
        return item.arn


def explain_failure(error, item: Planned) -> str:
    """A service error during apply, in words that say what happened and what to do."""
    from .clients import explain

    info = error.response.get("Error", {})
    code = str(info.get("Code", ""))
    if code == "ResourceDependencyException":
        return (f"{item.kind} '{item.resource.name}' is in use by another resource, which must change or go "
                f"first: {info.get('Message', '')}")  # fmt: skip
    if code == "ResourceAlreadyExistsException" and item.action == "build":
        return (f"the service found {item.kind} '{item.resource.name}' the same as its newest build: what differs "
                f"({', '.join(item.differences)}) is not part of a build; change the document to make one")  # fmt: skip
    if code == "ResourceAlreadyExistsException":
        return (f"{item.kind} '{item.resource.name}' was created by someone else after the plan was made; "
                "push again to compare it with the source")  # fmt: skip
    if code.isdigit() or not code:
        return explain(error)
    return str(info.get("Message", ""))

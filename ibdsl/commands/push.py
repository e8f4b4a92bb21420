"""`ibdsl push` as steps the command line drives: prepare (read, settings, compile, lint, then
AWS identity), plan (ask the service), apply (create and update).

The project is read once and compiled with the region and account the options and settings
name (stand-ins for what they do not), then linted: a project with lint errors is refused
before AWS is asked anything. Only when the credentials must say which account it is, or the
client's region differs, and the payloads used the stand-in, is the project compiled again,
with the real values; a project whose settings name region and account compiles once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compile.compiler import CompileOptions, compile_loaded, declared_settings, load
from ..diagnostics import UsageError
from ..records import replace

# Only ever used to lint a project whose region or account is not known yet; never pushed.
STAND_IN_REGION = "us-east-1"
STAND_IN_ACCOUNT = "000000000000"


@dataclass
class PushRequest:
    paths: list[str]
    compile: CompileOptions
    profile: str | None = None
    endpoint_url: str | None = None
    allow_http: bool = False
    max_attempts: int = 5
    call_timeout: float = 120.0
    timeout: float = 3600.0
    catalog: str | None = None


@dataclass
class Prepared:
    lint: object  # lint.linter.LintResult
    region: str | None = None
    account: str | None = None
    pusher: object | None = None  # aws.push.Pusher; None when refused

    @property
    def refused(self) -> bool:
        return self.pusher is None


class PlanInterrupted(Exception):
    """Ctrl-C while the current resources were being read: nothing was changed."""


def prepare(request: PushRequest) -> Prepared:
    """Raises UsageError for what stops the push before any change (endpoint, credentials,
    account mismatch); a project with lint errors is refused (Prepared.refused) before that."""
    from ..aws.clients import check_endpoint

    check_endpoint(request.endpoint_url, request.allow_http)
    loaded = load(request.paths, request.compile)
    declared = declared_settings(loaded, request.compile)
    options = replace(
        request.compile,
        region=declared.region or STAND_IN_REGION,
        account=declared.account or STAND_IN_ACCOUNT,
    )
    result = _lint(loaded, options, request)
    if result.counts()["error"]:
        return Prepared(result)
    caller, region, account = _identity(request, declared)
    used = result.compiled.settings.used
    if ("region" in used and region != options.region) or ("account" in used and account != options.account):
        result = _lint(loaded, replace(options, region=region, account=account), request)
        if result.counts()["error"]:
            return Prepared(result, region, account)
    from ..aws.push import Pusher

    return Prepared(
        result, region, account, Pusher(caller, result.compiled.settings.resolved_partition(), region, account)
    )


def _lint(loaded, options: CompileOptions, request: PushRequest):
    from ..lint.linter import LintOptions, lint_compiled

    lint_options = LintOptions(options, catalog=request.catalog, enforce_schema=True)
    return lint_compiled(compile_loaded(loaded, options), request.paths[0], lint_options)


def _identity(request: PushRequest, declared):
    """(caller, region, account) the push goes to: the options, then the settings, then what
    the credentials say."""
    from ..aws.calls import Caller, add_throttling_retries
    from ..aws.clients import client_for, explain

    attempts, call_timeout = request.max_attempts, request.call_timeout
    region = request.compile.region or declared.region
    client = client_for("imagebuilder", region, request.profile, request.endpoint_url, attempts, call_timeout)
    add_throttling_retries(client, attempts)
    caller = Caller(client, call_timeout, request.timeout)
    region = client.meta.region_name
    account = request.compile.account
    if account is None:
        try:
            sts = client_for("sts", region, request.profile, None, attempts, call_timeout)
            found = Caller(sts, call_timeout, request.timeout)("get_caller_identity")["Account"]
        except Exception as e:  # noqa: BLE001 - any failure here is reported in words, exit 2
            raise UsageError(f"cannot identify the AWS account: {explain(e)}") from None
        if declared.account and declared.account != found:
            raise UsageError(
                f"the project's settings name account {declared.account}, but the credentials are for {found}; "
                "use other credentials, or --account to push anyway"
            )
        account = found
    return caller, region, account


def plan(prepared: Prepared, resources: list | None = None) -> list:
    """What the service has, compared with the source (all of it, or `resources`). Only reads;
    raises UsageError when the answers cannot be had, PlanInterrupted on Ctrl-C."""
    from ..aws.calls import CallTimeout, UnexpectedResponse
    from ..aws.clients import explain

    try:
        return prepared.pusher.plan(prepared.lint.compiled.resources if resources is None else resources)
    except KeyboardInterrupt:
        raise PlanInterrupted() from None
    except (CallTimeout, UnexpectedResponse) as e:
        raise UsageError(f"cannot read the current resources: {e}; nothing was changed") from None
    except Exception as e:  # noqa: BLE001 - planning only reads; any failure is exit 2
        raise UsageError(f"cannot read the current resources: {explain(e)}; nothing was changed") from None


def apply(prepared: Prepared, planned: list, on_wait=None) -> list:
    """Create and update as planned; `on_wait(message)` hears what the push waits for."""
    if on_wait is not None:
        prepared.pusher.on_wait = on_wait
    return prepared.pusher.apply(planned)


def planned_outcomes(planned: list, action_for_changes: str | None = None) -> list:
    """The plan as outcomes (for --plan, and for what a refused push would have done)."""
    from ..aws.push import Outcome
    from ..render.push import CHANGES, plan_detail

    return [
        Outcome(
            p.kind,
            p.resource.name,
            action_for_changes if action_for_changes and p.action in CHANGES else p.action,
            p.arn,
            f"{p.resource.span.path}:{p.resource.span.line}",
            detail=plan_detail(p),
        )
        for p in planned
    ]


# What a push remembers: the resources it found or made, by kind and name, so that a later
# push can say which of them the source no longer declares. Kept in the project, as data.
STATE = (".ibdsl", "pushed.json")


def state_path(prepared: Prepared, paths: list[str]) -> str:
    """The project's record: beside its settings block (one per project), else beside the first path."""
    import os

    settings = prepared.lint.compiled.project.settings if prepared.lint is not None else []
    anchor = settings[0].module if settings else paths[0]
    anchor = os.path.abspath(anchor)
    root = anchor if os.path.isdir(anchor) else os.path.dirname(anchor)
    return os.path.join(root, *STATE)


def remembered(prepared: Prepared, paths: list[str]) -> list[dict]:
    """[{kind, name, arn, region, account}] of earlier pushes; empty without a readable record."""
    from ..files import Refused, read_regular
    from ..safejson import JsonProblem, loads

    try:
        document = loads(read_regular(state_path(prepared, paths)).decode("utf-8"))
    except (OSError, Refused, JsonProblem, UnicodeDecodeError):
        return []
    entries = document.get("resources") if isinstance(document, dict) else None
    return [e for e in entries or [] if isinstance(e, dict) and {"kind", "name", "arn"} <= set(e)]


def not_in_source(prepared: Prepared, paths: list[str]) -> tuple[list[dict], list[dict]]:
    """(what earlier pushes made here that the source no longer declares and the account still
    has; the record's entries to keep). An entry is forgotten only when the service says it is
    gone; any other answer keeps it for the next push."""
    import botocore.exceptions

    from ..domain.kinds import OUTPUT_KINDS

    declared = {(r.kind.output, r.name) for r in prepared.lint.compiled.resources}
    here = (prepared.region, prepared.account)
    found, kept = [], []
    for entry in remembered(prepared, paths):
        kind = OUTPUT_KINDS.get(entry["kind"])
        if kind is None or (entry["kind"], entry["name"]) in declared:
            continue
        if (entry.get("region"), entry.get("account")) != here:
            kept.append(entry)  # another region or account of the project: not asked here
            continue
        try:
            prepared.pusher.call(kind.get, **{kind.arn_parameter: entry["arn"]})
        except botocore.exceptions.ClientError as e:
            if e.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
                kept.append(entry)
            continue
        except Exception:  # noqa: BLE001 - unknown now: keep it, say nothing
            kept.append(entry)
            continue
        found.append(entry)
        kept.append(entry)
    return found, kept


def remember(prepared: Prepared, paths: list[str], outcomes: list, kept: list[dict]) -> str | None:
    """Record what the account has of the project now; a warning when it cannot be written."""
    import json
    import os

    from ..files import Refused, write_atomic

    entries = {(e["kind"], e["name"], e.get("region"), e.get("account")): e for e in kept}
    for o in outcomes:
        if o.action in ("create", "build", "update", "replace", "unchanged") and o.arn:
            key = (o.kind, o.name, prepared.region, prepared.account)
            entries[key] = {
                "kind": o.kind,
                "name": o.name,
                "arn": o.arn,
                "region": prepared.region,
                "account": prepared.account,
            }
    path = state_path(prepared, paths)
    text = json.dumps({"resources": [entries[k] for k in sorted(entries, key=str)]}, indent=2) + "\n"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_atomic(path, text)
    except (OSError, Refused) as e:
        return (
            f"ibdsl: warning: the record of what was pushed is not kept ({path}: {getattr(e, 'strerror', None) or e})"
        )
    return None

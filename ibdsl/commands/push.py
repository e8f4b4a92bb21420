"""`ibdsl push` as steps the command line drives: prepare (read, settings, AWS identity,
one compile, lint), plan (ask the service), apply (create and update).

The project is read and compiled once, with the region and account it will be pushed to. When
the credentials must say which account that is and cannot (or the region is unknown), the
project is still compiled and linted, with stand-ins, so lint errors come first; the AWS
problem is reported only for a project that lints clean.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..compile.compiler import CompileOptions, compile_loaded, declared_settings, load
from ..diagnostics import UsageError

# Only ever used to lint a project whose region or account could not be found; never pushed.
STAND_IN_REGION = "us-east-1"
STAND_IN_ACCOUNT = "000000000000"


@dataclass
class PushRequest:
    paths: list[str]
    compile: CompileOptions
    profile: str | None = None
    endpoint_url: str | None = None
    allow_http: bool = False
    max_attempts: int = 10
    call_timeout: float = 120.0
    timeout: float = 3600.0


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
    account mismatch), after lint errors, which refuse it first."""
    from ..aws.clients import check_endpoint
    from ..lint.linter import LintOptions, lint_compiled

    check_endpoint(request.endpoint_url, request.allow_http)
    loaded = load(request.paths, request.compile)
    declared = declared_settings(loaded, request.compile)
    caller = region = account = problem = None
    try:
        caller, region, account = _identity(request, declared)
    except UsageError as e:
        problem = e
    options = replace(request.compile, region=region or STAND_IN_REGION, account=account or STAND_IN_ACCOUNT)
    result = lint_compiled(compile_loaded(loaded, options), request.paths[0], LintOptions(options, enforce_schema=True))
    if result.counts()["error"]:
        return Prepared(result, region, account)
    if problem is not None:
        raise problem
    from ..aws.push import Pusher

    return Prepared(
        result, region, account, Pusher(caller, result.compiled.settings.resolved_partition(), region, account)
    )


def _identity(request: PushRequest, declared):
    """(caller, region, account) the push goes to: the options, then the settings, then what
    the credentials say."""
    from ..aws.clients import client_for, explain
    from ..aws.push import Caller, add_throttling_retries

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


def plan(prepared: Prepared) -> list:
    """What the service has, compared with the source. Only reads; raises UsageError when
    the answers cannot be had, PlanInterrupted on Ctrl-C."""
    from ..aws.clients import explain
    from ..aws.push import CallTimeout, UnexpectedResponse

    try:
        return prepared.pusher.plan(prepared.lint.compiled.resources)
    except KeyboardInterrupt:
        raise PlanInterrupted() from None
    except (CallTimeout, UnexpectedResponse) as e:
        raise UsageError(f"cannot read the current resources: {e}; nothing was changed") from None
    except Exception as e:  # noqa: BLE001 - planning only reads; any failure is exit 2
        raise UsageError(f"cannot read the current resources: {explain(e)}; nothing was changed") from None


def apply(prepared: Prepared, planned: list) -> list:
    return prepared.pusher.apply(planned)


def planned_outcomes(planned: list, action_for_changes: str | None = None) -> list:
    """The plan as outcomes (for --plan, and for what a refused push would have done)."""
    from ..aws.push import Outcome

    return [
        Outcome(
            p.kind,
            p.resource.name,
            action_for_changes if action_for_changes and p.action in ("create", "update") else p.action,
            p.arn,
            f"{p.resource.span.path}:{p.resource.span.line}",
        )
        for p in planned
    ]

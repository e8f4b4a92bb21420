"""The commands that operate on the account: build, images, destroy. Like runs.py: arguments
in, a call of the policy (ibdsl/aws/), the result rendered, an exit code out."""

from __future__ import annotations

import sys

from ..diagnostics import UsageError
from .common import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, say, show
from .runs import _confirmed, _project


def run_destroy(args) -> int:
    from ..aws import destroy
    from ..aws.push import Outcome
    from ..commands import push
    from ..render.push import outcome_lines, outcomes_json
    from ..render.text import render

    request = push.PushRequest(
        *_project(args), args.profile, args.endpoint_url, args.allow_http,
        args.max_attempts, args.call_timeout, args.timeout,
    )  # fmt: skip
    prepared = push.prepare(request)
    sys.stderr.write(render(prepared.lint.findings, prepared.lint.compiled.sources))
    if prepared.refused:
        say("ibdsl: destroy refused: the project has lint errors, so what it names is not certain; nothing was deleted")
        return EXIT_FINDINGS
    resources = prepared.lint.compiled.resources
    if args.only:
        resources = _with_dependents(resources, args.only)
    try:
        doomed, absent = destroy.plan(prepared.pusher, resources)
    except KeyboardInterrupt:
        raise
    except Exception as e:  # noqa: BLE001 - planning only reads: in words, exit 2
        raise UsageError(f"cannot read the current resources: {_explained(e)}; nothing was deleted") from None
    planned = [Outcome(d.kind, d.resource.name, "delete", d.arn, _source(d.resource)) for d in doomed]
    planned += [Outcome(r.kind.output, r.name, "absent", "", _source(r)) for r in absent]

    def report(outcomes) -> None:
        if args.output == "json":
            sys.stdout.write(outcomes_json(outcomes))
        else:
            show(*outcome_lines(outcomes))

    note = "ibdsl: images and their AMIs are not deleted (lifecycle policies do that)"
    if args.plan or not doomed:
        report(planned)
        say(note if doomed else "ibdsl: nothing of this project is in the account")
        return EXIT_OK
    if not args.yes and not _confirmed(outcome_lines(planned), len(doomed), prepared, verb="Delete"):
        say("ibdsl: not deleted; nothing was changed")
        return EXIT_FINDINGS
    outcomes = destroy.apply(prepared.pusher, doomed)
    report(outcomes)
    deleted = sum(1 for o in outcomes if o.action == "delete")
    failed = [o for o in outcomes if o.action == "failed"]
    if failed:
        left = len(outcomes) - deleted
        say(f"ibdsl: destroy stopped at {failed[0].kind} '{failed[0].name}' ({failed[0].source}); "
            f"{deleted} deleted, {left} not deleted. Fix the cause and destroy again.")  # fmt: skip
        return EXIT_INTERRUPTED if prepared.pusher.interrupted else EXIT_FINDINGS
    say(f"ibdsl: {deleted} deleted", note)
    return EXIT_OK


def run_build(args) -> int:
    import time

    from ..aws import build
    from ..aws.calls import CallTimeout
    from ..commands import push
    from ..render import build as shown
    from ..render.terminal import escape, redact
    from ..render.text import render
    from .common import EXIT_TIMEOUT, EXIT_USAGE

    if args.cancel:
        if args.pipeline or args.recipe:
            raise UsageError("--cancel ARN cancels that build; it takes no PIPELINE or --recipe")
        return _cancel(args)
    if bool(args.pipeline) == bool(args.recipe) or (args.recipe and not args.infrastructure):
        raise UsageError("name a PIPELINE, or --recipe NAME with --infrastructure NAME")
    if args.pipeline and (args.infrastructure or args.distribution):
        raise UsageError(
            "a pipeline names its infrastructure and distribution: --infrastructure and --distribution go with --recipe"
        )
    args.paths = args.paths or ["."]
    # --timeout bounds the following; the calls get that and one call's time more.
    request = push.PushRequest(
        *_project(args), args.profile, args.endpoint_url, args.allow_http,
        args.max_attempts, args.call_timeout, args.timeout + args.call_timeout,
    )  # fmt: skip
    prepared = push.prepare(request)
    sys.stderr.write(render(prepared.lint.findings, prepared.lint.compiled.sources))
    if prepared.refused:
        say("ibdsl: build refused: the project has lint errors; nothing was started")
        return EXIT_FINDINGS
    resources = prepared.lint.compiled.resources
    try:
        arn = build.start(
            prepared.pusher, resources, args.pipeline, args.recipe, args.infrastructure, args.distribution,
            plan=lambda wanted: push.plan(prepared, wanted),
        )  # fmt: skip
    except build.UnknownResource as e:
        raise UsageError(str(e)) from None
    except build.NotPushed as e:
        say(f"ibdsl: the account does not have what this build uses as the source describes it: {e}; "
            "run `ibdsl push` first; nothing was started")  # fmt: skip
        return EXIT_FINDINGS
    except (UsageError, KeyboardInterrupt):
        raise
    except Exception as e:  # noqa: BLE001 - a service error while starting: in words, nothing started
        raise UsageError(f"cannot start the build: {_explained(e)}; nothing was started") from None
    if args.no_wait:
        show(arn)
        return EXIT_OK
    live = sys.stderr.isatty() and args.output == "text"
    last = [None]

    def on_state(image, elapsed) -> None:
        if live:
            sys.stderr.write("\r\x1b[K" + escape(redact(shown.live_line(image, elapsed))))
            sys.stderr.flush()
        elif shown.status(image) != last[0]:
            say(shown.change_line(image, elapsed, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())))
        last[0] = shown.status(image)

    started = time.monotonic()
    try:
        image = build.follow(prepared.pusher.call, arn, args.interval, args.timeout, on_state)
    except (build.FollowTimeout, CallTimeout) as e:
        say(*([""] if live else []), f"ibdsl: {e}; it goes on: follow it in the console, or ibdsl build --cancel {arn}")
        return EXIT_TIMEOUT
    except KeyboardInterrupt:
        say("", f"ibdsl: stopped following; the build goes on. To cancel it: ibdsl build --cancel {arn}")
        return EXIT_INTERRUPTED
    except Exception as e:  # noqa: BLE001 - the build is the service's: say so, whatever went wrong here
        say(*([""] if live else []), f"ibdsl: cannot follow the build any more: {_explained(e)}; it goes on. "
            f"To cancel it: ibdsl build --cancel {arn}")  # fmt: skip
        return EXIT_USAGE
    if live:
        sys.stderr.write("\n")
    elapsed = time.monotonic() - started
    infra = next((r for r in resources if r.kind.block == "infrastructure_configuration"
                  and r.name in (args.infrastructure or "", *_infrastructure_of(resources, args.pipeline))), None)  # fmt: skip
    logs = shown.log_places(image, ((infra.payload.get("logging") or {}).get("s3Logs")) if infra else None)
    if args.output == "json":
        sys.stdout.write(shown.result_json(image, elapsed, logs))
    else:
        show(*shown.result_lines(image, elapsed, logs))
    return EXIT_OK if shown.status(image) == "AVAILABLE" else EXIT_FINDINGS


def _explained(error) -> str:
    from ..aws.clients import explain

    return explain(error) if hasattr(error, "response") or type(error).__module__.startswith("botocore") else str(error)


def _cancel(args) -> int:
    """Cancel a build; its region comes from its ARN."""
    import uuid

    from ..aws.calls import Caller, add_throttling_retries
    from ..aws.clients import check_endpoint, client_for
    from ..domain.arns import parse_any_arn

    arn = parse_any_arn(args.cancel)
    if arn is None or arn.service != "imagebuilder" or not arn.resource.startswith("image/"):
        raise UsageError(f"--cancel {args.cancel!r}: give an image build version ARN, as ibdsl build prints it")
    check_endpoint(args.endpoint_url, args.allow_http)
    client = client_for(
        "imagebuilder", args.region or arn.region, args.profile, args.endpoint_url, args.max_attempts, args.call_timeout
    )
    add_throttling_retries(client, args.max_attempts)
    try:
        Caller(client, args.call_timeout, args.timeout)(
            "cancel_image_creation", imageBuildVersionArn=args.cancel, clientToken=uuid.uuid4().hex
        )
    except Exception as e:  # noqa: BLE001 - in words, exit 2
        raise UsageError(f"cannot cancel {args.cancel}: {_explained(e)}") from None
    say(f"ibdsl: cancelling {args.cancel}; the image ends CANCELLED (AMIs already made stay)")
    return EXIT_OK


def _infrastructure_of(resources, pipeline: str | None) -> tuple:
    for resource in resources:
        if resource.kind.block == "image_pipeline" and resource.name == pipeline:
            return tuple(n for k, n, _ in resource.resolved.references if k.block == "infrastructure_configuration")
    return ()


def _with_dependents(resources: list, only: str) -> list:
    """The resource KIND.NAME and every resource that refers to it, directly or not."""
    block, _, name = only.partition(".")
    keys = {(r.kind.block, r.name) for r in resources}
    if (block, name) not in keys:
        raise UsageError(f"--only {only}: the project has no such resource (write KIND.NAME, such as image_recipe.web)")
    wanted, grew = {(block, name)}, True
    while grew:
        grew = False
        for resource in resources:
            key = (resource.kind.block, resource.name)
            if key not in wanted and any((k.block, n) in wanted for k, n, _ in resource.resolved.references):
                wanted.add(key)
                grew = True
    return [r for r in resources if (r.kind.block, r.name) in wanted]


def run_images(args) -> int:
    import json

    from ..aws import build
    from ..commands import push
    from ..render.text import render

    args.paths = args.paths or ["."]
    request = push.PushRequest(
        *_project(args), args.profile, args.endpoint_url, args.allow_http,
        args.max_attempts, args.call_timeout, args.timeout,
    )  # fmt: skip
    prepared = push.prepare(request)
    sys.stderr.write(render(prepared.lint.findings, prepared.lint.compiled.sources))
    if prepared.refused:
        say("ibdsl: the project has lint errors, so the pipelines it names are not certain")
        return EXIT_FINDINGS
    pipelines = [r for r in prepared.lint.compiled.resources if r.kind.block == "image_pipeline"]
    if args.pipeline:
        pipelines = [r for r in pipelines if r.name == args.pipeline]
        if not pipelines:
            raise UsageError(f"the project has no image_pipeline named {args.pipeline!r}")
    rows = []
    for pipeline in pipelines:
        try:
            found = build.images(prepared.pusher.call, prepared.pusher.arn_of(pipeline))
        except KeyboardInterrupt:
            raise
        except Exception as e:  # noqa: BLE001 - a pipeline not pushed yet lists nothing; else in words
            if getattr(e, "response", {}).get("Error", {}).get("Code") != "ResourceNotFoundException":
                raise UsageError(f"cannot list the images of {pipeline.name}: {_explained(e)}") from None
            found = []
        rows += [(pipeline.name, image) for image in found]
    if args.output == "json":
        sys.stdout.write(json.dumps([{
            "pipeline": name, "arn": i.get("arn"), "version": i.get("version"),
            "status": (i.get("state") or {}).get("status"), "date": i.get("dateCreated"),
            "amis": [a.get("image") for a in (i.get("outputResources") or {}).get("amis") or []],
        } for name, i in rows], indent=2) + "\n")  # fmt: skip
        return EXIT_OK
    lines = [
        f"{name:<20}  {str(i.get('version', '')):<10}  {str((i.get('state') or {}).get('status', '')):<12}  "
        f"{str(i.get('dateCreated', '')):<24}  "
        + " ".join(a.get("image", "") for a in (i.get("outputResources") or {}).get("amis") or [])
        for name, i in rows
    ]
    show(*lines) if lines else say("ibdsl: no images yet")
    return EXIT_OK


def _source(resource) -> str:
    return f"{resource.span.path}:{resource.span.line}"

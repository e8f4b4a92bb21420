"""Each command: turn its arguments into a call of its policy (ibdsl/commands/, the compiler, the
linter), render what comes back, and pick the exit code. Each imports only what it needs, when it runs."""

from __future__ import annotations

import os
import sys

from ..errors import UsageError
from .common import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, say, show


def _project(args):
    """(paths, options) of the one project args.paths name: a project's folder becomes its
    entry files, and its var files and roots apply (lint/workspace.py: single_project)."""
    from ..lint.workspace import single_project

    return single_project(args.paths, _given_options(args))


def _given_options(args):
    """The compile options as the command line gives them."""
    from ..compile.compiler import CompileOptions

    if args.account is not None and not (len(args.account) == 12 and args.account.isdigit()):
        raise UsageError(f"--account {args.account!r}: an AWS account id is 12 digits")
    if args.region is not None:
        from ..domain.arns import region_problem

        problem = region_problem(args.region)
        if problem:
            raise UsageError(f"--region: {problem}")
    return CompileOptions(
        region=args.region, account=args.account, variables=args.variables, var_files=args.var_files,
        roots=args.roots, allow_outside_root=args.allow_outside_root,
    )  # fmt: skip


def _lint_options(args, compile_options, enforce_schema: bool):
    from ..lint.linter import LintOptions

    return LintOptions(
        compile=compile_options,
        select=getattr(args, "select", None),
        ignore=getattr(args, "ignore", ()) or (),
        strict=getattr(args, "strict", None),
        catalog=getattr(args, "catalog", None),
        enforce_schema=enforce_schema,
    )


def _lint(args, enforce_schema: bool = True):
    from ..lint.linter import lint_paths

    paths, options = _project(args)
    return lint_paths(paths, _lint_options(args, options, enforce_schema))


def _summary(result) -> str:
    counts = result.counts()
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n]
    files = len(result.files())
    checked = f"{files} file{'s' if files != 1 else ''}"
    projects = sum(1 for project in result.projects if project is not None)
    if projects > 1:
        checked += f" of {projects} projects"
    return f"ibdsl: {', '.join(parts)} in {checked}\n" if parts else f"ibdsl: no findings in {checked}\n"


def run_lint(args) -> int:
    cache = _lint_cache(args)
    if cache is not None:
        answer = cache.get()  # before the parser, the compiler or a rule is imported
        if answer is not None:
            sys.stdout.write(answer["stdout"])
            sys.stderr.write(answer["stderr"])
            return answer["code"]
        cache.record()
    out, err, code = _lint_answer(args)
    if cache is not None:
        cache.put(out, err, code)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


def _lint_cache(args):
    """The result cache for this lint (ibdsl/lint/cache.py), or None when it is off or cannot be
    used here. It is keyed by the arguments exactly as written, so a stored answer belongs to
    one command line, however it was read (lint_arguments.py or argparse)."""
    if args.no_cache or os.environ.get("IBDSL_NO_CACHE"):
        return None
    from ..lint.cache import ResultCache

    return ResultCache.open(args.paths, getattr(args, "argv", None) or ["lint", *args.paths])


def _lint_answer(args) -> tuple[str, str, int]:
    """What a lint prints on standard output and standard error, and its exit code: every
    project the paths belong to, each whole (lint/workspace.py)."""
    from ..lint.workspace import lint_workspace

    result = lint_workspace(args.paths, _lint_options(args, _given_options(args), enforce_schema=False))
    findings = result.findings
    err = ""
    if args.format == "json":
        from ..render.json import render as render_json

        out = render_json(findings)
    elif args.format == "sarif":
        from ..lint.registry import RULES
        from ..render.sarif import render as render_sarif

        out = render_sarif(findings, RULES)
    elif args.format == "github":
        from ..render.github import render as render_github

        out = render_github(findings)
    else:
        from ..render.text import render as render_text

        out = render_text(findings, result.sources)
        err = _summary(result)
    return out, err, EXIT_FINDINGS if result.failed else EXIT_OK


def run_compile(args) -> int:
    from ..compile.output import dumps, write_outdir
    from ..render.text import render

    result = _lint(args)
    sys.stderr.write(render(result.findings, result.compiled.sources))
    errors = result.counts()["error"]
    if errors:
        say(f"ibdsl: {errors} error{'s' if errors != 1 else ''}; nothing was written")
        return EXIT_FINDINGS
    document = result.compiled.document()
    if args.output_dir:
        from ..files import Refused

        try:
            written = write_outdir(args.output_dir, document)
        except Refused as e:
            raise UsageError(f"{e}; nothing more was written") from None
        except OSError as e:
            raise UsageError(f"cannot write to {args.output_dir}: {e.strerror or e}") from None
        say(f"ibdsl: wrote {len(written) - 1} payload(s) and manifest.json to {args.output_dir}")
    else:
        sys.stdout.write(dumps(document))
    return EXIT_OK


def run_rules(args) -> int:
    from ..lint.registry import BY_CODE, RULES
    from ..render.rules import rule_page, rule_table

    if args.code is None:
        show(*rule_table(RULES))
        return EXIT_OK
    rule = BY_CODE.get(args.code.upper())
    if rule is None:
        family = [r for r in RULES if r.code.startswith(args.code.upper())]
        if not family:
            raise UsageError(f"unknown rule code {args.code!r}; `ibdsl rules` lists them")
        show(*rule_table(family, aligned=False))
        return EXIT_OK
    sys.stdout.write(rule_page(rule))
    return EXIT_OK


def run_resolve(args) -> int:
    from ..commands.resolve import resolve_paths
    from ..render.resolve import resolution_lines, resolutions_json
    from ..render.text import render

    compiled, rows = resolve_paths(*_project(args), args.catalog)
    sys.stderr.write(render(compiled.diagnostics.sorted(), compiled.sources))
    if args.format == "json":
        sys.stdout.write(resolutions_json(rows))
    else:
        show(*resolution_lines(rows))
    unmatched = any(r.resolution is None for _, r in rows)
    return EXIT_FINDINGS if unmatched or compiled.diagnostics.has_errors else EXIT_OK


def run_graph(args) -> int:
    from ..commands.graph import graph_paths
    from ..render.text import render

    compiled, picture = graph_paths(*_project(args), args.format, args.group_by)
    sys.stderr.write(render(compiled.diagnostics.sorted(), compiled.sources))
    if picture is None:
        say("ibdsl: the project has errors; no graph was drawn")
        return EXIT_FINDINGS
    if args.output:
        from ..files import Refused, write_atomic

        try:
            write_atomic(args.output, picture)
        except (Refused, OSError) as e:
            raise UsageError(f"cannot write {args.output}: {getattr(e, 'strerror', None) or e}") from None
        say(f"ibdsl: wrote {args.output}")
    else:
        sys.stdout.write(picture)
    return EXIT_OK


def run_fmt(args) -> int:
    from ..commands.fmt import format_paths
    from ..render.text import render

    run, sources = format_paths(args.paths, write=not (args.check or args.diff))
    for kind, value in run.events:
        if kind == "diagnostic":
            sys.stderr.write(render([value], sources))
        elif kind in ("bug", "unwritable"):
            say(value)
        elif kind == "written":
            say(f"reformatted {value}")
        else:  # changed
            if args.diff:
                import difflib

                from ..render.terminal import write

                lines = value.text.splitlines(), value.formatted.splitlines()
                write(
                    sys.stdout,
                    *difflib.unified_diff(*lines, value.shown, f"{value.shown} (formatted)", lineterm=""),
                    keep_tabs=True,
                )
            if args.check:
                say(f"would reformat {value.shown}")
    if run.broken:
        say(f"ibdsl: {run.broken} file(s) could not be formatted")
        return EXIT_FINDINGS
    if args.check and run.changed:
        say(f"ibdsl: {run.changed} file(s) would be reformatted")
        return EXIT_FINDINGS
    return EXIT_OK


def run_lsp(args) -> int:
    from importlib.util import find_spec

    missing = [name for name in ("pygls", "lsprotocol") if find_spec(name) is None]
    if missing:
        say(
            f"ibdsl: error: ibdsl lsp needs {' and '.join(missing)}, which are not installed",
            "Install the language server's extra: pip install 'ibdsl[lsp]'",
        )
        return EXIT_USAGE
    from ..lsp.server import serve

    serve()
    return EXIT_OK


def run_import(args) -> int:
    from ..commands.importing import import_file

    run = import_file(args.file, args.kind, args.from_cloudformation)
    sys.stdout.write(run.text)
    say(*run.problems)
    return EXIT_FINDINGS if run.problems else EXIT_OK


def run_push(args) -> int:
    from ..aws.push import Outcome
    from ..commands import push
    from ..render.push import CHANGES, conflict_advice, failure_summary, outcome_lines, outcomes_json, plan_lines
    from ..render.text import render

    args.paths, options = _project(args)  # the project's own paths, for the record of what was pushed
    request = push.PushRequest(
        args.paths, options, args.profile, args.endpoint_url, args.allow_http,
        args.max_attempts, args.call_timeout, args.timeout, args.catalog,
    )  # fmt: skip
    prepared = push.prepare(request)
    sys.stderr.write(render(prepared.lint.findings, prepared.lint.compiled.sources))
    if prepared.refused:
        say("ibdsl: push refused: the project has lint errors; nothing was changed")
        return EXIT_FINDINGS
    try:
        plan = push.plan(prepared)
    except push.PlanInterrupted:
        say("ibdsl: interrupted while reading the current resources; nothing was changed")
        return EXIT_INTERRUPTED
    orphans, kept = push.not_in_source(prepared, args.paths)
    conflicts = [p for p in plan if p.action == "conflict"]
    changes = [p for p in plan if p.action in CHANGES]

    left = [Outcome(e["kind"], e["name"], "not in source", e["arn"], "") for e in orphans]

    def report(outcomes) -> None:
        # What earlier pushes made and the source no longer declares: listed, never deleted.
        if args.output == "json":
            sys.stdout.write(outcomes_json(outcomes + left))
        else:
            show(*outcome_lines(outcomes + left))

    if args.plan:
        if args.output == "json":
            report(push.planned_outcomes(plan))
        else:
            show(*plan_lines(plan), *outcome_lines(left))  # with what differs, member by member
        if conflicts:
            say(*conflict_advice(conflicts))
            return EXIT_FINDINGS
        return EXIT_OK
    if conflicts:
        report(push.planned_outcomes(plan, "skipped"))
        say(*conflict_advice(conflicts), "ibdsl: nothing was pushed")
        return EXIT_FINDINGS
    if not changes:
        report(push.planned_outcomes(plan))
        say(*filter(None, [push.remember(prepared, args.paths, push.planned_outcomes(plan), kept)]))
        say("ibdsl: everything is up to date")
        return EXIT_OK
    if not args.yes and not _confirmed(plan_lines(plan), len(changes), prepared):
        say("ibdsl: not applied; nothing was changed")
        return EXIT_FINDINGS
    outcomes = push.apply(prepared, plan, on_wait=say)
    report(outcomes)
    say(*filter(None, [push.remember(prepared, args.paths, outcomes, kept)]))
    if any(o.action == "failed" for o in outcomes):
        interrupted = prepared.pusher.interrupted
        say(failure_summary(outcomes, interrupted))
        return EXIT_INTERRUPTED if interrupted else EXIT_FINDINGS
    return EXIT_OK


def _confirmed(plan_text: list[str], changes: int, prepared, verb: str = "Apply") -> bool:
    """Ask on the terminal; without one, say how to go on (a usage error)."""
    say(*plan_text)
    if not sys.stdin.isatty():
        raise UsageError(
            f"{'push changes' if verb == 'Apply' else 'destroy deletes'} AWS resources and there is no terminal to "
            "confirm: pass --yes to go ahead, or --plan to preview"
        )
    from ..render.terminal import escape

    sys.stderr.write(
        escape(f"{verb} {changes} change(s) in account {prepared.account}, region {prepared.region}? [y/N] ")
    )
    sys.stderr.flush()
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        answer = ""
    return answer.strip().lower() in ("y", "yes")


def run_catalog_refresh(args) -> int:
    from ..aws.catalog_refresh import refresh

    owners = args.owner or ["Amazon"]
    from ..aws.clients import check_endpoint

    check_endpoint(args.endpoint_url, args.allow_http)
    catalog = refresh(args.region, owners, args.output, profile=args.profile, endpoint_url=args.endpoint_url)
    components = sum(len(e["versions"]) for e in catalog["components"])
    images = sum(len(e["versions"]) for e in catalog["images"])
    say(f"ibdsl: wrote {args.output}: {components} component versions, {images} image versions ({', '.join(owners)})")
    return EXIT_OK

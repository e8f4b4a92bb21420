"""The `ibdsl` command line. Each subcommand imports only what it needs, when it runs."""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .diagnostics import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _say(*lines: str) -> None:
    """Lines to standard error, escaped (they quote file names, labels and service messages)."""
    from .render.terminal import write

    write(sys.stderr, *lines)


def _print(*lines: str) -> None:
    from .render.terminal import write

    write(sys.stdout, *lines)


def _add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help=".ib files, or directories searched for .ib files")
    parser.add_argument("--region", help="AWS region for rendered ARNs (overrides the settings block)")
    parser.add_argument("--account", help="12-digit AWS account id for rendered ARNs (overrides the settings block)")
    parser.add_argument(
        "--var", dest="variables", action="append", default=[], metavar="NAME=VALUE", help="set a variable (repeatable)"
    )
    parser.add_argument(
        "--var-file",
        dest="var_files",
        action="append",
        default=[],
        metavar="FILE",
        help="read variables from FILE (repeatable)",
    )
    parser.add_argument(
        "--root",
        dest="roots",
        action="append",
        default=[],
        metavar="DIR",
        help="imports and file() stay inside DIR (repeatable; default: the directories of the PATHs)",
    )
    parser.add_argument("--allow-outside-root", action="store_true", help="let imports and file() read anywhere")


FORMATS = ("text", "json", "sarif", "github")


def _codes(text: str) -> tuple[str, ...]:
    from .lint.registry import RULES

    codes = tuple(part.strip().upper() for part in text.split(",") if part.strip())
    for code in codes:
        if not any(rule.code.startswith(code) for rule in RULES):
            raise argparse.ArgumentTypeError(f"unknown rule code {code!r}; `ibdsl rules` lists them")
    return codes


def _attempts(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 50:
        raise argparse.ArgumentTypeError("a whole number from 1 to 50")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError("a number of seconds, more than 0 and at most 86400")
    return value


def build_parser() -> argparse.ArgumentParser:
    from .domain.kinds import KINDS

    parser = argparse.ArgumentParser(
        prog="ibdsl",
        description="A language, compiler and linter for AWS EC2 Image Builder resources.",
    )
    parser.add_argument("--version", action="version", version=f"ibdsl {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    compile_ = commands.add_parser(
        "compile",
        help="compile .ib sources to boto3 imagebuilder payloads",
        description="Compile .ib sources to the keyword arguments of boto3 imagebuilder create_* calls. "
        "Refuses (exit 1, nothing written) when lint finds an error.",
    )
    _add_project_options(compile_)
    compile_.add_argument(
        "-o",
        "--output-dir",
        dest="output_dir",
        metavar="OUTDIR",
        help="write OUTDIR/<kind>/<name>.json and OUTDIR/manifest.json instead of printing",
    )
    compile_.add_argument(
        "--catalog", metavar="FILE", help="resolve version filters against this catalog (see `ibdsl resolve`)"
    )
    compile_.set_defaults(run=_run_compile)

    lint = commands.add_parser(
        "lint",
        help="check .ib sources offline for everything the API and EC2 would refuse",
        description="Check .ib sources offline. Exit 0 when there is no error-level finding "
        "(none at all with --strict), 1 when there is one, 2 for usage problems.",
    )
    _add_project_options(lint)
    lint.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    lint.add_argument(
        "--select", type=_codes, metavar="CODES", help="only these rule codes or prefixes, comma-separated (IB4,IB201)"
    )
    lint.add_argument("--ignore", type=_codes, default=(), metavar="CODES", help="never these rule codes or prefixes")
    lint.add_argument("--strict", action="store_true", default=None, help="warnings and infos fail too")
    lint.add_argument("--catalog", metavar="FILE", help="resolve version filters against this catalog")
    lint.set_defaults(run=_run_lint)

    rules = commands.add_parser("rules", help="list lint rules, or show one rule's documentation")
    rules.add_argument("code", nargs="?", metavar="CODE", help="a rule code such as IB402")
    rules.set_defaults(run=_run_rules)

    resolve = commands.add_parser(
        "resolve",
        help="show the concrete version each version filter selects, from a catalog",
        description="For every component and image version in the project's ARNs, print the version "
        "it selects in the catalog (highest match, latest build). Exit 1 when one matches nothing.",
    )
    _add_project_options(resolve)
    resolve.add_argument("--catalog", metavar="FILE", help="the catalog (default: catalog in [tool.ibdsl])")
    resolve.add_argument("--format", choices=("text", "json"), default="text")
    resolve.set_defaults(run=_run_resolve)

    fmt = commands.add_parser(
        "fmt",
        help="rewrite .ib files in the canonical layout",
        description="Rewrite .ib files in one canonical layout, keeping every comment and the order "
        "you wrote. --check and --diff change nothing.",
    )
    fmt.add_argument("paths", nargs="+", metavar="PATH", help=".ib files, or directories searched for .ib files")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 and name the files that would change")
    fmt.add_argument("--diff", action="store_true", help="change nothing; print a unified diff of what would change")
    fmt.set_defaults(run=_run_fmt)

    import_ = commands.add_parser(
        "import",
        help="turn API JSON (a create payload, a get response, or compile output) into .ib source",
        description="Print .ib source that compiles back to the same payload(s). FILE may be - for standard input.",
    )
    import_.add_argument("file", metavar="FILE.json")
    import_.add_argument(
        "--from-cloudformation",
        action="store_true",
        help="FILE is a CloudFormation template (JSON; YAML with PyYAML installed)",
    )
    import_.add_argument(
        "--kind",
        choices=[kind.output for kind in KINDS],
        help="the kind of a create payload, when it cannot be inferred",
    )
    import_.set_defaults(run=_run_import)

    push = commands.add_parser(
        "push",
        help="create the compiled resources in AWS through boto3 (plan, confirm, apply)",
        description="Compile, lint, ask the service what exists, then create what is missing and "
        "update changed distribution configurations. Versions are immutable: a component or "
        "recipe that exists with other content is a conflict, and nothing is created.",
    )
    _add_project_options(push)
    push.add_argument("--profile", help="AWS profile")
    push.add_argument("--endpoint-url", metavar="URL", help="Image Builder endpoint (for tests and private endpoints)")
    push.add_argument("--plan", action="store_true", help="print what would be done, change nothing")
    push.add_argument("--yes", action="store_true", help="apply without asking (required when there is no terminal)")
    push.add_argument(
        "--max-attempts",
        type=_attempts,
        default=5,
        metavar="N",
        help="HTTP attempts per call, retries included (default 5)",
    )
    push.add_argument("--output", choices=("text", "json"), default="text")
    push.add_argument(
        "--call-timeout",
        type=_seconds,
        default=120,
        metavar="SECONDS",
        help="give up on one call after this long, retries included (default 120)",
    )
    push.add_argument(
        "--timeout",
        type=_seconds,
        default=3600,
        metavar="SECONDS",
        help="give up on the whole push after this long (default 3600)",
    )
    push.add_argument(
        "--allow-http", action="store_true", help="allow a plain-http --endpoint-url that is not this machine"
    )
    push.add_argument("--catalog", metavar="FILE", help="lint version filters against this catalog")
    push.set_defaults(run=_run_push)

    catalog = commands.add_parser("catalog", help="build the offline version catalog")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", metavar="SUBCOMMAND")
    catalog_commands.required = True
    refresh = catalog_commands.add_parser(
        "refresh",
        help="list components and images with boto3 and write the catalog",
        description="List component and image versions and their builds through boto3 paginators "
        "and write them as an ibdsl catalog.",
    )
    refresh.add_argument("--region", required=True)
    refresh.add_argument(
        "--owner",
        action="append",
        choices=("Amazon", "Self", "Shared", "ThirdParty"),
        help="whose resources (repeatable; default Amazon)",
    )
    refresh.add_argument(
        "-o",
        "--output",
        default="ibdsl-catalog.json",
        metavar="FILE",
        help="where to write (default ibdsl-catalog.json)",
    )
    refresh.add_argument("--profile", help="AWS profile")
    refresh.add_argument("--endpoint-url", metavar="URL", help="talk to this endpoint instead of AWS")
    refresh.add_argument(
        "--allow-http", action="store_true", help="allow a plain-http --endpoint-url that is not this machine"
    )
    refresh.set_defaults(run=_run_catalog_refresh)
    return parser


def _compile_options(args):
    from .compile.compiler import CompileOptions

    if args.account is not None and not (len(args.account) == 12 and args.account.isdigit()):
        raise UsageError(f"--account {args.account!r}: an AWS account id is 12 digits")
    return CompileOptions(
        region=args.region, account=args.account, variables=args.variables, var_files=args.var_files,
        roots=args.roots, allow_outside_root=args.allow_outside_root,
    )  # fmt: skip


def _lint(args, enforce_schema: bool = True):
    from .lint.linter import LintOptions, lint_paths

    options = LintOptions(
        compile=_compile_options(args),
        select=getattr(args, "select", None),
        ignore=getattr(args, "ignore", ()) or (),
        strict=getattr(args, "strict", None),
        catalog=getattr(args, "catalog", None),
        enforce_schema=enforce_schema,
    )
    return lint_paths(args.paths, options)


def _summary(result) -> str:
    counts = result.counts()
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n]
    files = len(set(result.compiled.project.modules) | {f.span.path for f in result.findings})
    checked = f"{files} file{'s' if files != 1 else ''}"
    return f"ibdsl: {', '.join(parts)} in {checked}\n" if parts else f"ibdsl: no findings in {checked}\n"


def _run_lint(args) -> int:
    result = _lint(args, enforce_schema=False)
    findings = result.findings
    if args.format == "json":
        from .render.json import render as render_json

        sys.stdout.write(render_json(findings))
    elif args.format == "sarif":
        from .lint.registry import RULES
        from .render.sarif import render as render_sarif

        sys.stdout.write(render_sarif(findings, RULES))
    elif args.format == "github":
        from .render.github import render as render_github

        sys.stdout.write(render_github(findings))
    else:
        from .render.text import render as render_text

        sys.stdout.write(render_text(findings, result.compiled.sources))
        sys.stderr.write(_summary(result))
    return EXIT_FINDINGS if result.failed else EXIT_OK


def _run_compile(args) -> int:
    from .compile.output import dumps, write_outdir
    from .render.text import render

    result = _lint(args)
    sys.stderr.write(render(result.findings, result.compiled.sources))
    errors = result.counts()["error"]
    if errors:
        _say(f"ibdsl: {errors} error{'s' if errors != 1 else ''}; nothing was written")
        return EXIT_FINDINGS
    document = result.compiled.document()
    if args.output_dir:
        from .files import Refused

        try:
            written = write_outdir(args.output_dir, document)
        except Refused as e:
            raise UsageError(f"{e}; nothing more was written") from None
        except OSError as e:
            raise UsageError(f"cannot write to {args.output_dir}: {e.strerror or e}") from None
        _say(f"ibdsl: wrote {len(written) - 1} payload(s) and manifest.json to {args.output_dir}")
    else:
        sys.stdout.write(dumps(document))
    return EXIT_OK


def _run_rules(args) -> int:
    from .lint.registry import BY_CODE, RULES

    if args.code is None:
        width = max(len(rule.name) for rule in RULES)
        for rule in RULES:
            _print(f"{rule.code}  {rule.name:<{width}}  {rule.severity:<7}  {rule.summary}")
        return EXIT_OK
    rule = BY_CODE.get(args.code.upper())
    if rule is None:
        family = [r for r in RULES if r.code.startswith(args.code.upper())]
        if not family:
            raise UsageError(f"unknown rule code {args.code!r}; `ibdsl rules` lists them")
        for r in family:
            _print(f"{r.code}  {r.name}  {r.severity}  {r.summary}")
        return EXIT_OK
    indent = lambda text: "".join(f"    {line}\n" for line in text.rstrip("\n").split("\n"))  # noqa: E731
    sys.stdout.write(
        f"{rule.code} {rule.name} (default severity: {rule.severity})\n\n{rule.summary}\n\n{rule.doc}\n\n"
        f"Fails:\n\n{indent(rule.bad)}\nPasses:\n\n{indent(rule.good)}"
    )
    return EXIT_OK


def _run_resolve(args) -> int:
    import json

    from .compile.compiler import compile_paths
    from .domain.catalog import Catalog
    from .lint.config import config_for_path
    from .lint.resolve import references
    from .render.text import render

    path = args.catalog or config_for_path(args.paths[0]).catalog
    if not path:
        raise UsageError('no catalog: pass --catalog FILE or set catalog = "..." in [tool.ibdsl]')
    catalog = Catalog.load(path)
    compiled = compile_paths(args.paths, _compile_options(args))
    # Errors are shown, but every reference that could be compiled is still resolved.
    sys.stderr.write(render(compiled.diagnostics.sorted(), compiled.sources))
    rows = sorted(
        ((r.part.resource.span_of(r.part.path), r) for r in references(compiled.resources, catalog)),
        key=lambda row: (row[0].path, row[0].line, row[0].column),
    )
    if args.format == "json":
        sys.stdout.write(json.dumps([
            {
                "path": span.path, "line": span.line, "column": span.column,
                "resource": r.part.resource.name, "member": r.where, "type": r.type, "owner": r.owner,
                "name": r.name, "filter": r.wanted, "selected": str(r.resolution) if r.resolution else None,
            }
            for span, r in rows
        ], indent=2) + "\n")  # fmt: skip
    else:
        for span, r in rows:
            selected = str(r.resolution) if r.resolution else f"no match ({r.problem})"
            _print(f"{span.path}:{span.line}:{span.column}: {r.type} {r.owner}/{r.name} {r.wanted} -> {selected}")
    unmatched = any(r.resolution is None for _, r in rows)
    return EXIT_FINDINGS if unmatched or compiled.diagnostics.has_errors else EXIT_OK


def _run_fmt(args) -> int:
    import difflib

    from .compile.loader import expand_paths
    from .files import Refused, display_path, read_regular, write_atomic
    from .language.fmt import FormatError, format_text
    from .language.parser import ParseError
    from .language.sources import SourceCache, SourceError
    from .render.text import render

    sources = SourceCache()
    changed, broken = [], 0
    for path in expand_paths(args.paths):
        shown = display_path(path)
        try:
            text = sources.read(shown)
            formatted = format_text(shown, text)
        except SourceError as e:
            if e.unreadable:
                raise UsageError(e.diagnostic.message) from None
            sys.stderr.write(render([e.diagnostic], sources))
            broken += 1
            continue
        except ParseError as e:
            sys.stderr.write(render([e.diagnostic], sources))
            broken += 1
            continue
        except FormatError as e:
            _say(
                f"{shown}: error: not formatted: {e}; the file is left as it is (this is a bug in ibdsl fmt: please report it)"
            )
            broken += 1
            continue
        if formatted == text:
            continue
        changed.append(shown)
        if args.diff:
            from .render.terminal import write

            diff = difflib.unified_diff(
                text.splitlines(), formatted.splitlines(), shown, f"{shown} (formatted)", lineterm=""
            )
            write(sys.stdout, *diff, keep_tabs=True)
        if args.check:
            _say(f"would reformat {shown}")
        elif not args.diff:
            newline = "\r\n" if b"\r\n" in read_regular(path) else "\n"
            try:
                write_atomic(path, formatted.replace("\n", newline))
            except (Refused, OSError) as e:
                _say(f"{shown}: error: cannot reformat: {getattr(e, 'strerror', None) or e}")
                broken += 1
                continue
            _say(f"reformatted {shown}")
    if broken:
        _say(f"ibdsl: {broken} file(s) could not be formatted")
        return EXIT_FINDINGS
    if args.check and changed:
        _say(f"ibdsl: {len(changed)} file(s) would be reformatted")
        return EXIT_FINDINGS
    return EXIT_OK


def _run_import(args) -> int:
    from .authoring.importer import ImportError_, KindNeeded, import_document
    from .files import Refused, read_regular, read_stdin
    from .safejson import JsonProblem, loads

    try:
        raw = read_stdin() if args.file == "-" else read_regular(args.file)
    except Refused as e:
        raise UsageError(f"cannot read {args.file}: {e}") from None
    except OSError as e:
        raise UsageError(f"cannot read {args.file}: {e.strerror or e}") from None
    if args.from_cloudformation:
        return _import_cloudformation(args, raw)
    try:
        document = loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        _say(f"{args.file}: error: not UTF-8 text")
        return EXIT_FINDINGS
    except JsonProblem as e:
        _say(f"{args.file}:{e.line}:{e.column}: error: {e.message}")
        return EXIT_FINDINGS
    try:
        sys.stdout.write(import_document(document, args.kind))
    except KindNeeded as e:
        raise UsageError(f"{args.file}: {e}") from None
    except ImportError_ as e:
        _say(f"{e.where(args.file)}: error: {e}")
        return EXIT_FINDINGS
    return EXIT_OK


def _import_cloudformation(args, raw: bytes) -> int:
    from .authoring.cloudformation import load_template, template_to_document
    from .authoring.importer import ImportError_, import_document

    try:
        template = load_template(raw.decode("utf-8-sig"), args.file)
        document, problems = template_to_document(template, args.file)
        if document["resources"]:
            sys.stdout.write(import_document(document))
    except UnicodeDecodeError:
        _say(f"{args.file}: error: not UTF-8 text")
        return EXIT_FINDINGS
    except ImportError_ as e:
        _say(f"{e.where(args.file)}: error: {e}")
        return EXIT_FINDINGS
    for problem in problems:
        _say(f"{args.file}: error: {problem}")
    return EXIT_FINDINGS if problems else EXIT_OK


def _run_push(args) -> int:
    from .aws.clients import check_endpoint, client_for, explain
    from .aws.push import (
        Caller,
        CallTimeout,
        Outcome,
        Pusher,
        UnexpectedResponse,
        add_throttling_retries,
        outcome_lines,
        outcomes_json,
        plan_lines,
    )
    from .compile.compiler import compile_paths
    from .render.text import render

    check_endpoint(args.endpoint_url, args.allow_http)
    options = _compile_options(args)
    declared = compile_paths(args.paths, options).settings  # where the source says it goes
    # Lint offline first, so a broken project is refused before AWS is asked anything. Where
    # region or account are not known yet, stand-ins let ARNs render; the real values come later.
    first_look = argparse.Namespace(**vars(args))
    first_look.region = args.region or declared.region or "us-east-1"
    first_look.account = args.account or declared.account or "000000000000"
    early = _lint(first_look)
    if early.counts()["error"]:
        sys.stderr.write(render(early.findings, early.compiled.sources))
        _say("ibdsl: push refused: the project has lint errors; nothing was changed")
        return EXIT_FINDINGS
    client = client_for(
        "imagebuilder",
        args.region or declared.region,
        args.profile,
        args.endpoint_url,
        args.max_attempts,
        args.call_timeout,
    )
    add_throttling_retries(client, args.max_attempts)
    caller = Caller(client, args.call_timeout, args.timeout)
    region = client.meta.region_name
    account = args.account
    if account is None:
        try:
            sts = client_for("sts", region, args.profile, None, args.max_attempts, args.call_timeout)
            caller_account = Caller(sts, args.call_timeout, args.timeout)("get_caller_identity")["Account"]
        except Exception as e:  # noqa: BLE001 - any failure here is reported in words, exit 2
            raise UsageError(f"cannot identify the AWS account: {explain(e)}") from None
        if declared.account and declared.account != caller_account:
            raise UsageError(
                f"the project's settings name account {declared.account}, but the credentials are for {caller_account}; "
                "use other credentials, or --account to push anyway"
            )
        account = caller_account
    options.region, options.account = region, account
    args.region, args.account = region, account
    result = _lint(args)
    sys.stderr.write(render(result.findings, result.compiled.sources))
    if result.counts()["error"]:
        _say("ibdsl: push refused: the project has lint errors; nothing was changed")
        return EXIT_FINDINGS

    pusher = Pusher(caller, result.compiled.settings.resolved_partition(), region, account)
    try:
        plan = pusher.plan(result.compiled.resources)
    except KeyboardInterrupt:
        _say("ibdsl: interrupted while reading the current resources; nothing was changed")
        return EXIT_INTERRUPTED
    except (CallTimeout, UnexpectedResponse) as e:
        raise UsageError(f"cannot read the current resources: {e}; nothing was changed") from None
    except Exception as e:  # noqa: BLE001 - planning only reads; any failure is exit 2
        raise UsageError(f"cannot read the current resources: {explain(e)}; nothing was changed") from None

    conflicts = [p for p in plan if p.action == "conflict"]
    changes = [p for p in plan if p.action in ("create", "update")]

    def report(outcomes) -> None:
        if args.output == "json":
            sys.stdout.write(outcomes_json(outcomes))
        else:
            _print(*outcome_lines(outcomes))

    def planned_outcomes(action_for_changes: str | None = None):
        return [
            Outcome(p.kind, p.resource.name, action_for_changes if action_for_changes and p.action in ("create", "update") else p.action,
                    p.arn, f"{p.resource.span.path}:{p.resource.span.line}")
            for p in plan
        ]  # fmt: skip

    if args.plan:
        report(planned_outcomes())
        if conflicts:
            _say(*_conflict_advice(conflicts))
            return EXIT_FINDINGS
        return EXIT_OK
    if conflicts:
        report(planned_outcomes("skipped"))
        _say(*_conflict_advice(conflicts), "ibdsl: nothing was pushed")
        return EXIT_FINDINGS
    if not changes:
        report(planned_outcomes())
        _say("ibdsl: everything is up to date")
        return EXIT_OK
    if not args.yes:
        if not sys.stdin.isatty():
            _say(*plan_lines(plan))
            raise UsageError(
                "push changes AWS resources and there is no terminal to confirm: pass --yes to apply, or --plan to preview"
            )
        _say(*plan_lines(plan))
        from .render.terminal import escape

        sys.stderr.write(escape(f"Apply {len(changes)} change(s) in account {account}, region {region}? [y/N] "))
        sys.stderr.flush()
        try:
            answer = sys.stdin.readline()
        except KeyboardInterrupt:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            _say("ibdsl: not applied; nothing was changed")
            return EXIT_FINDINGS
    outcomes = pusher.apply(plan)
    report(outcomes)
    failed = [o for o in outcomes if o.action == "failed"]
    if failed:
        done = sum(1 for o in outcomes if o.action in ("create", "update"))
        skipped = sum(1 for o in outcomes if o.action == "skipped")
        what = "interrupted" if pusher.interrupted else "failed"
        _say(f"ibdsl: push {what} at {failed[0].kind} '{failed[0].name}' ({failed[0].source}); "
             f"{done} change(s) made, {skipped} not attempted. Fix the cause and push again: "
             "what exists is kept, the rest is created.")  # fmt: skip
        return EXIT_INTERRUPTED if pusher.interrupted else EXIT_FINDINGS
    return EXIT_OK


def _conflict_advice(conflicts) -> list[str]:
    lines = []
    for p in conflicts:
        span = p.resource.span
        lines.append(
            f"{span.path}:{span.line}:{span.column}: {p.kind} '{p.resource.name}' version "
            f"{p.resource.payload.get('semanticVersion')} already exists with different content "
            f"({', '.join(p.differences)}); versions are immutable: bump semantic_version"
        )
    return lines


def _run_catalog_refresh(args) -> int:
    from .aws.catalog_refresh import refresh

    owners = args.owner or ["Amazon"]
    from .aws.clients import check_endpoint

    check_endpoint(args.endpoint_url, args.allow_http)
    catalog = refresh(args.region, owners, args.output, profile=args.profile, endpoint_url=args.endpoint_url)
    components = sum(len(e["versions"]) for e in catalog["components"])
    images = sum(len(e["versions"]) for e in catalog["images"])
    _say(f"ibdsl: wrote {args.output}: {components} component versions, {images} image versions ({', '.join(owners)})")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as e:
        _say(f"ibdsl: error: {e}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say("ibdsl: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `ibdsl compile ... | head`: the reader left; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:  # noqa: BLE001 - last resort: a bug must not look like a user error
        if os.environ.get("IBDSL_DEBUG"):
            raise
        _say(
            f"ibdsl: internal error: {type(e).__name__}: {e}",
            "This is a bug in ibdsl. Run again with IBDSL_DEBUG=1 to see the traceback, and report it.",
        )
        return EXIT_INTERNAL

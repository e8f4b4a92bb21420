"""The `ibdsl` command line. Each subcommand imports only what it needs, when it runs."""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .diagnostics import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help=".ib files, or directories searched for .ib files")
    parser.add_argument("--region", help="AWS region for rendered ARNs (overrides the settings block)")
    parser.add_argument("--account", help="12-digit AWS account id for rendered ARNs (overrides the settings block)")
    parser.add_argument("--var", dest="variables", action="append", default=[], metavar="NAME=VALUE", help="set a variable (repeatable)")
    parser.add_argument("--var-file", dest="var_files", action="append", default=[], metavar="FILE", help="read variables from FILE (repeatable)")


def build_parser() -> argparse.ArgumentParser:
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
        description="Compile .ib sources to the keyword arguments of boto3 imagebuilder create_* calls.",
    )
    _add_project_options(compile_)
    compile_.add_argument("-o", "--output-dir", dest="output_dir", metavar="OUTDIR", help="write OUTDIR/<kind>/<name>.json and OUTDIR/manifest.json instead of printing")
    compile_.set_defaults(run=_run_compile)
    return parser


def _options(args):
    from .compiler import CompileOptions

    if args.account is not None and not (len(args.account) == 12 and args.account.isdigit()):
        raise UsageError(f"--account {args.account!r}: an AWS account id is 12 digits")
    return CompileOptions(region=args.region, account=args.account, variables=args.variables, var_files=args.var_files)


def _print_diagnostics(result) -> None:
    from .render.text import render

    text = render(result.diagnostics.sorted(), result.sources)
    if text:
        sys.stderr.write(text)


def _run_compile(args) -> int:
    from .compiler import compile_paths
    from .output import dumps, write_outdir

    result = compile_paths(args.paths, _options(args))
    _print_diagnostics(result)
    if result.diagnostics.has_errors:
        count = sum(1 for d in result.diagnostics if d.severity == "error")
        sys.stderr.write(f"ibdsl: {count} error{'s' if count != 1 else ''}; nothing was written\n")
        return EXIT_FINDINGS
    document = result.document()
    if args.output_dir:
        try:
            written = write_outdir(args.output_dir, document)
        except OSError as e:
            raise UsageError(f"cannot write to {args.output_dir}: {e.strerror or e}") from None
        sys.stderr.write(f"ibdsl: wrote {len(written) - 1} payload(s) and manifest.json to {args.output_dir}\n")
    else:
        sys.stdout.write(dumps(document))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as e:
        sys.stderr.write(f"ibdsl: error: {e}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `ibdsl compile ... | head`: the reader left; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:  # noqa: BLE001 - last resort: a bug must not look like a user error
        if os.environ.get("IBDSL_DEBUG"):
            raise
        sys.stderr.write(
            f"ibdsl: internal error: {type(e).__name__}: {e}\n"
            "This is a bug in ibdsl. Run again with IBDSL_DEBUG=1 to see the traceback, and report it.\n"
        )
        return EXIT_INTERNAL

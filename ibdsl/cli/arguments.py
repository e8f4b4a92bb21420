"""The command line's arguments: one subparser per command, each naming the function that runs it."""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from . import operate, runs
from .lint_arguments import FORMATS, rule_codes


def _add_project_options(parser: argparse.ArgumentParser, paths: bool = True) -> None:
    if paths:
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


def _codes(text: str) -> tuple[str, ...]:
    codes, unknown = rule_codes(text)
    if unknown is not None:
        raise argparse.ArgumentTypeError(f"unknown rule code {unknown!r}; `ibdsl rules` lists them")
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


def _add_aws_options(parser: argparse.ArgumentParser, verb: str) -> None:
    """The options of the commands that call Image Builder."""
    parser.add_argument("--profile", help="AWS profile")
    parser.add_argument(
        "--endpoint-url", metavar="URL", help="Image Builder endpoint (for tests and private endpoints)"
    )
    parser.add_argument("--plan", action="store_true", help="print what would be done, change nothing")
    parser.add_argument("--yes", action="store_true", help="apply without asking (required when there is no terminal)")
    parser.add_argument(
        "--max-attempts",
        type=_attempts,
        default=5,
        metavar="N",
        help="HTTP attempts per call, retries included (default 5)",
    )
    parser.add_argument("--output", choices=("text", "json"), default="text")
    parser.add_argument(
        "--call-timeout",
        type=_seconds,
        default=120,
        metavar="SECONDS",
        help="give up on one call after this long, retries included (default 120)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=3600,
        metavar="SECONDS",
        help=f"give up on the whole {verb} after this long (default 3600)",
    )
    parser.add_argument(
        "--allow-http", action="store_true", help="allow a plain-http --endpoint-url that is not this machine"
    )


class _Skipped:
    """A command that is not being run: whatever is added to it is dropped."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: self


class _Only:
    """Subcommands of which only one is built: argparse's work for every other command's
    arguments was a sixth of a one-file lint (and most of a cached one)."""

    def __init__(self, commands, name: str):
        self.commands, self.name, self.found = commands, name, False

    def add_parser(self, name: str, **kwargs):
        if name != self.name:
            return _Skipped()
        self.found = True
        return self.commands.add_parser(name, **kwargs)


def _terminal_width() -> int:
    """shutil.get_terminal_size().columns, without importing shutil (and bz2, lzma, fnmatch):
    argparse makes a help formatter, which asks for the width, for every argument it adds."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        width = _terminal_width() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help formatter does not import shutil; its subcommands' parsers
    are of the same class (argparse makes them with the parent's)."""

    def __init__(self, *args, formatter_class=_HelpFormatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `command` only that command (the whole one when no
    command has that name, so a mistyped one is answered with the list)."""
    parser = _Parser(
        prog="ibdsl",
        description="A language, compiler and linter for AWS EC2 Image Builder resources.",
    )
    parser.add_argument("--version", action="version", version=f"ibdsl {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    only = _Only(subparsers, command) if command is not None else None
    _add_commands(only or subparsers)
    if only is not None and not only.found:
        return build_parser()
    return parser


def _add_commands(commands) -> None:
    from ..domain.kinds import KINDS

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
    compile_.set_defaults(run=runs.run_compile)

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
    lint.add_argument(
        "--no-cache",
        dest="no_cache",
        action="store_true",
        help="neither use nor store the result cache in .ibdsl/cache/ (also: IBDSL_NO_CACHE=1)",
    )
    lint.set_defaults(run=runs.run_lint)

    rules = commands.add_parser("rules", help="list lint rules, or show one rule's documentation")
    rules.add_argument("code", nargs="?", metavar="CODE", help="a rule code such as IB402")
    rules.set_defaults(run=runs.run_rules)

    resolve = commands.add_parser(
        "resolve",
        help="show the concrete version each version filter selects, from a catalog",
        description="For every component and image version in the project's ARNs, print the version "
        "it selects in the catalog (highest match, latest build). Exit 1 when one matches nothing.",
    )
    _add_project_options(resolve)
    resolve.add_argument("--catalog", metavar="FILE", help="the catalog (default: catalog in [tool.ibdsl])")
    resolve.add_argument("--format", choices=("text", "json"), default="text")
    resolve.set_defaults(run=runs.run_resolve)

    graph = commands.add_parser(
        "graph",
        help="draw the project's resources and what each uses (Mermaid, DOT or SVG)",
        description="Draw the project's resources and the references between them, with what the "
        "project uses but does not declare (AWS-managed components, images, workflows) as external nodes.",
    )
    _add_project_options(graph)
    graph.add_argument("--format", choices=("mermaid", "dot", "svg"), default="mermaid", help="default: mermaid")
    graph.add_argument("--group-by", choices=("kind", "file"), default="kind", help="boxes by kind or by file")
    graph.add_argument("-o", "--output", metavar="FILE", help="write FILE instead of printing")
    graph.set_defaults(run=runs.run_graph)

    fmt = commands.add_parser(
        "fmt",
        help="rewrite .ib files in the canonical layout",
        description="Rewrite .ib files in one canonical layout, keeping every comment and the order "
        "you wrote. --check and --diff change nothing.",
    )
    fmt.add_argument("paths", nargs="+", metavar="PATH", help=".ib files, or directories searched for .ib files")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 and name the files that would change")
    fmt.add_argument("--diff", action="store_true", help="change nothing; print a unified diff of what would change")
    fmt.set_defaults(run=runs.run_fmt)

    lsp = commands.add_parser(
        "lsp",
        help="run the language server (for editors) over standard input and output",
        description="Speak the Language Server Protocol over stdin/stdout: diagnostics, hover, completion, "
        "definitions, symbols and formatting for .ib files. Needs the lsp extra: pip install 'ibdsl[lsp]'.",
    )
    lsp.add_argument(
        "--stdio", action="store_true", help="accepted for editors that pass it; stdio is the only transport"
    )
    lsp.set_defaults(run=runs.run_lsp)

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
    import_.set_defaults(run=runs.run_import)

    push = commands.add_parser(
        "push",
        help="create the compiled resources in AWS through boto3 (plan, confirm, apply)",
        description="Compile, lint, ask the service what exists, then create what is missing and "
        "update changed distribution configurations. Versions are immutable: a component or "
        "recipe that exists with other content is a conflict, and nothing is created.",
    )
    _add_project_options(push)
    _add_aws_options(push, "push")
    push.add_argument("--catalog", metavar="FILE", help="lint version filters against this catalog")
    push.set_defaults(run=runs.run_push)

    destroy = commands.add_parser(
        "destroy",
        help="delete the project's resources from AWS (plan, confirm, delete)",
        description="Delete the project's resources in reverse reference order: pipelines, then recipes "
        "and workflows, then configurations, then components, every build and auto-assigned version of "
        "them. Images and AMIs are never deleted (lifecycle policies do that).",
    )
    _add_project_options(destroy)
    _add_aws_options(destroy, "destroy")
    destroy.add_argument(
        "--only", metavar="KIND.NAME", help="only this resource (image_recipe.web) and what depends on it"
    )
    destroy.set_defaults(run=operate.run_destroy)

    build = commands.add_parser(
        "build",
        help="build an image: run a pipeline of the project, or one recipe, and follow it",
        description="Start a build of the project's pipeline PIPELINE (or of --recipe on --infrastructure) "
        "and follow it to AVAILABLE, FAILED or CANCELLED. Pushes nothing: the account must have the "
        "resources as the source describes them. Exit 0 AVAILABLE, 1 FAILED or CANCELLED, 4 when "
        "--timeout passes first (the build goes on).",
    )
    build.add_argument("pipeline", nargs="?", metavar="PIPELINE", help="the name of an image_pipeline of the project")
    build.add_argument("--project", dest="paths", action="append", metavar="PATH", help="the project (default: .)")
    _add_project_options(build, paths=False)
    build.add_argument("--recipe", metavar="NAME", help="build this image or container recipe, without a pipeline")
    build.add_argument("--infrastructure", metavar="NAME", help="with --recipe: the infrastructure_configuration")
    build.add_argument("--distribution", metavar="NAME", help="with --recipe: a distribution")
    build.add_argument("--no-wait", action="store_true", help="print the image's ARN and return")
    build.add_argument("--interval", type=_seconds, default=30, metavar="SECONDS", help="poll this often (default 30)")
    build.add_argument("--cancel", metavar="ARN", help="cancel this build (an image build version ARN) and return")
    _add_aws_options(build, "build")
    build.set_defaults(run=operate.run_build)

    images = commands.add_parser(
        "images", help="the recent images of the project's pipelines: state, version, date, AMIs"
    )
    images.add_argument("pipeline", nargs="?", metavar="PIPELINE", help="only this image_pipeline of the project")
    images.add_argument("--project", dest="paths", action="append", metavar="PATH", help="the project (default: .)")
    _add_project_options(images, paths=False)
    _add_aws_options(images, "listing")
    images.set_defaults(run=operate.run_images)

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
    refresh.set_defaults(run=runs.run_catalog_refresh)

"""The `ibdsl` command line: arguments (arguments.py), one function per command (runs.py), and
here the exit codes for what goes wrong outside a command's own findings."""

from __future__ import annotations

import gc
import os
import sys

from ..errors import UsageError
from .common import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, say


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        _refuse_dash_dash_values(argv)
        if argv[:1] == ["lint"]:
            from .lint_arguments import read

            values = read(argv[1:])  # the usual shapes of a lint line, without argparse
            if values is not None:
                return _lint(argv, values)
        from .arguments import build_parser

        parser = build_parser(argv[0] if argv and not argv[0].startswith("-") else None)
        args = parser.parse_args(argv)
        args.argv = argv
        return args.run(args)
    except UsageError as e:
        say(f"ibdsl: error: {e}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        say("ibdsl: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `ibdsl compile ... | head`: the reader left; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:  # noqa: BLE001 - last resort: a bug must not look like a user error
        if os.environ.get("IBDSL_DEBUG"):
            raise
        say(
            f"ibdsl: internal error: {type(e).__name__}: {e}",
            "This is a bug in ibdsl. Run again with IBDSL_DEBUG=1 to see the traceback, and report it.",
        )
        return EXIT_INTERNAL


def _refuse_dash_dash_values(argv: list[str]) -> None:
    """`--region=--`: argparse drops a `--` given as a value, leaving the option an empty list
    that no command expects (and newer Pythons keep it): refused the same way on every Python."""
    for argument in argv:
        if argument == "--":
            return  # what follows is paths
        name, equals, value = argument.partition("=")
        if name.startswith("--") and equals and value == "--":
            raise UsageError(f"{name}=--: '--' ends the options and cannot be a value")


def _lint(argv: list[str], values: dict) -> int:
    from types import SimpleNamespace

    from . import runs

    return runs.run_lint(SimpleNamespace(**values, run=runs.run_lint, argv=argv))


def entry() -> None:
    """The `ibdsl` program (console script and `python -m ibdsl`): main() in a process of its own.

    A run makes many small objects that live until it ends (trees, values, findings), so the
    collector's young generation is made larger: its default walks them over and over, which
    made 10,000 files take 15 times as long as 1,000. Once the output is flushed the process
    ends without tearing its heap down, which is all the interpreter would still do. main()
    itself keeps the usual behaviour for callers in the same process (tests, the language server)."""
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left before the last write was flushed
        pass
    except OSError:
        code = code or EXIT_INTERNAL
    os._exit(code)


# Allocations between young-generation collections (the interpreter's default is 700).
GC_YOUNG = 50_000

"""The `ibdsl` command line: arguments (arguments.py), one function per command (runs.py), and
here the exit codes for what goes wrong outside a command's own findings."""

from __future__ import annotations

import os
import sys

from ..diagnostics import UsageError
from .arguments import build_parser
from .common import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, say


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
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

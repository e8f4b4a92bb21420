"""What every command shares: exit codes and escaped output."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_TIMEOUT = 4  # a followed build did not finish within --timeout (it goes on)


def say(*lines: str) -> None:
    """Lines to standard error, escaped (they quote file names, labels and service messages)."""
    from ..render.terminal import write

    write(sys.stderr, *lines)


def show(*lines: str) -> None:
    from ..render.terminal import write

    write(sys.stdout, *lines)

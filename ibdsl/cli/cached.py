"""A lint whose inputs are all unchanged answers from the result cache (ibdsl/lint/cache.py)
before the command line is parsed: argparse, the parser and the rules are then never imported.
It reads the arguments only as far as it needs to find the paths, and leaves anything it does
not recognise to the full run (which also stores the answer). The cache is keyed by the
arguments exactly as written, so the two readings never have to agree for an answer to be right."""

from __future__ import annotations

import os
import sys

# The lint options (arguments.py) that take a value, and those that do not.
VALUE_OPTIONS = frozenset(
    ("--region", "--account", "--var", "--var-file", "--root", "--format", "--select", "--ignore", "--catalog")
)
FLAGS = frozenset(("--allow-outside-root", "--strict"))


def lint_paths(arguments: list[str]) -> list[str] | None:
    """The paths of `lint ARGUMENTS`, or None when they hold anything else (help, --no-cache,
    an abbreviated or unknown option, a path that starts with a dash)."""
    paths: list[str] = []
    expect_value = only_paths = False
    for argument in arguments:
        if expect_value:
            expect_value = False
        elif only_paths:
            paths.append(argument)
        elif argument == "--":  # what pre-commit passes before the file names
            only_paths = True
        elif argument in FLAGS:
            pass
        elif argument in VALUE_OPTIONS:
            expect_value = True
        elif argument.startswith("-"):
            if argument.split("=", 1)[0] not in VALUE_OPTIONS:
                return None
        else:
            paths.append(argument)
    return paths if paths and not expect_value else None


def lint_cache(argv: list[str], paths: list[str]):
    """The cache entry of this lint, or None when caching is off or not possible here."""
    if os.environ.get("IBDSL_NO_CACHE"):
        return None
    from ..lint.cache import ResultCache

    return ResultCache.open(paths, argv)


def cached_lint(argv: list[str]) -> int | None:
    """Print the stored answer and return its exit code; None when there is none to give."""
    paths = lint_paths(argv[1:])
    cache = lint_cache(argv, paths) if paths else None
    answer = cache.get() if cache is not None else None
    if answer is None:
        return None
    sys.stdout.write(answer["stdout"])
    sys.stderr.write(answer["stderr"])
    return answer["code"]

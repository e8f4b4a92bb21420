"""A lint whose inputs are all unchanged answers from the result cache (ibdsl/lint/cache.py)
before argparse, the parser or the rules are imported. It needs the arguments read by
lint_arguments.py (a line that reader leaves to argparse is never answered from the cache).
The cache is keyed by the arguments exactly as written, so a stored answer belongs to one line."""

from __future__ import annotations

import os
import sys


def lint_cache(argv: list[str], paths: list[str]):
    """The cache entry of this lint, or None when caching is off or not possible here."""
    if os.environ.get("IBDSL_NO_CACHE"):
        return None
    from ..lint.cache import ResultCache

    return ResultCache.open(paths, argv)


def cached_lint(argv: list[str], values: dict) -> int | None:
    """Print the stored answer and return its exit code; None when there is none to give.
    `values` are the arguments as lint_arguments.read gives them."""
    cache = None if values["no_cache"] else lint_cache(argv, values["paths"])
    answer = cache.get() if cache is not None else None
    if answer is None:
        return None
    sys.stdout.write(answer["stdout"])
    sys.stderr.write(answer["stderr"])
    return answer["code"]

"""The error every stage may raise for a problem with the call itself. Apart from diagnostics.py
(which re-exports it) so that the command line and the lint result cache, which answer without
compiling, do not import what diagnostics need."""

from __future__ import annotations


class UsageError(Exception):
    """A problem with how ibdsl was called (exit code 2), not with the source."""

"""`ibdsl fmt` over files: format each, prove it (language/fmt.py), write it or report it.

Returns what happened, file by file, in order; the command line renders it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import UsageError


@dataclass
class Formatted:
    shown: str  # the path as the user reads it
    text: str
    formatted: str


@dataclass
class FormatRun:
    # In order: ("diagnostic", Diagnostic), ("bug", message), ("changed", Formatted),
    # ("written", shown), ("unwritable", message)
    events: list = field(default_factory=list)
    broken: int = 0  # files that could not be formatted or written
    changed: int = 0

    def add(self, kind: str, value) -> None:
        self.events.append((kind, value))


def format_paths(paths: list[str], write: bool):
    """(FormatRun, SourceCache). Raises UsageError for a path that cannot be read at all."""
    from ..compile.loader import expand_paths
    from ..files import Refused, display_path, read_regular, write_atomic
    from ..language.fmt import FormatError, format_text
    from ..language.parser import ParseError
    from ..language.sources import SourceCache, SourceError

    sources = SourceCache()
    run = FormatRun()
    for path in expand_paths(paths):
        shown = display_path(path)
        try:
            text = sources.read(shown)
            formatted = format_text(shown, text)
        except SourceError as e:
            if e.unreadable:
                raise UsageError(e.diagnostic.message) from None
            run.add("diagnostic", e.diagnostic)
            run.broken += 1
            continue
        except ParseError as e:
            run.add("diagnostic", e.diagnostic)
            run.broken += 1
            continue
        except FormatError as e:
            run.add(
                "bug",
                f"{shown}: error: not formatted: {e}; the file is left as it is (this is a bug in ibdsl fmt: please report it)",
            )
            run.broken += 1
            continue
        if formatted == text:
            continue
        run.changed += 1
        run.add("changed", Formatted(shown, text, formatted))
        if write:
            newline = "\r\n" if b"\r\n" in read_regular(path) else "\n"
            try:
                write_atomic(path, formatted.replace("\n", newline))
            except (Refused, OSError) as e:
                run.add("unwritable", f"{shown}: error: cannot reformat: {getattr(e, 'strerror', None) or e}")
                run.broken += 1
                continue
            run.add("written", shown)
    return run, sources

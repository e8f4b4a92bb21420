"""Where the characters of a string value were written, so a finding about line 12 of an
embedded document (a heredoc, a file() read) can point at that line rather than at the
whole value.

An origin holds the value's text and the few facts needed to place a character; the
character-by-character work is done only when a position is asked for (lint runs on every
keystroke, and most values are never asked about).
"""

from __future__ import annotations

from bisect import bisect_right

from ..diagnostics import Span
from . import syntax as ast


class Origin:
    """Maps a position inside `text` (1-based line and column, as an editor or a YAML parser
    counts them; the column in characters) to where that character was written."""

    __slots__ = ("text", "_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def span_at(self, line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> Span:
        """The source of the character at line:column of the text; with an end (exclusive), the
        source of the range when it was written in one piece, else of its first character.
        Positions past a line's end or the text's end are taken to be at that end."""
        offset = self.offset(line, column)
        start = self.span_at_offset(offset)
        if end_line is None or end_column is None:
            return start
        end = self.offset(end_line, end_column)
        if end <= offset + 1:
            return start
        last = self.span_at_offset(end - 1)
        if last.path == start.path and (last.line, last.column) >= (start.line, start.column):
            return Span(start.path, start.line, start.column, last.end_line, last.end_column)
        return start

    def offset(self, line: int, column: int) -> int:
        """The index into `text` of line:column."""
        starts = self._line_starts()
        line = min(max(line, 1), len(starts))
        first = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)  # the newline, or the end
        return first + min(max(column, 1) - 1, end - first)

    def position(self, offset: int) -> tuple[int, int]:
        """The line and column in `text` of an index into it."""
        starts = self._line_starts()
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def span_at_offset(self, offset: int) -> Span:
        raise NotImplementedError

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            starts, text, at = [0], self.text, self.text.find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = text.find("\n", at + 1)
            self._starts = starts
        return self._starts


class SpanOrigin(Origin):
    """Text with no finer source than one span (a reference's value, an ARN, a --var)."""

    __slots__ = ("span",)

    def __init__(self, text: str, span: Span) -> None:
        super().__init__(text)
        self.span = span

    def span_at_offset(self, offset: int) -> Span:
        return self.span


class FileOrigin(Origin):
    """The whole text of a file (file()): a position in the text is that position in the file."""

    __slots__ = ("path",)

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text)
        self.path = path  # as displayed, which is how the source cache knows the file

    def span_at_offset(self, offset: int) -> Span:
        line, column = self.position(min(max(offset, 0), len(self.text)))
        return Span.point(self.path, line, column)


class LiteralOrigin(Origin):
    """A string or heredoc as written: its literal text maps character for character to the
    source (through escapes, `<<-` indentation and `$${`); the text each ${...} inserted maps
    to that ${...}. `inserted` holds the lengths of those texts, in order."""

    __slots__ = ("node", "inserted", "_table")

    def __init__(self, text: str, node: ast.Str, inserted: tuple[int, ...] = ()) -> None:
        super().__init__(text)
        self.node = node
        self.inserted = inserted
        self._table: tuple[list[int], list] | None = None

    def span_at_offset(self, offset: int) -> Span:
        starts, places = self._places()
        if not starts:
            return self.node.span
        index = max(bisect_right(starts, offset) - 1, 0)
        place = places[index]
        if isinstance(place, Span):
            return place
        line, column = place
        return Span.point(self.node.span.path, line, column + offset - starts[index])

    def _places(self) -> tuple[list[int], list]:
        """(start offset, (line, column) or the span of a ${...}) for each piece of the text."""
        if self._table is None:
            from .strings import runs

            starts: list[int] = []
            places: list = []
            at, inserted = 0, iter(self.inserted)
            for run in runs(self.node):
                starts.append(at)
                if isinstance(run, Span):
                    places.append(run)
                    at += next(inserted, 0)
                else:
                    length, line, column = run
                    places.append((line, column))
                    at += length
            self._table = (starts, places)
        return self._table


class JoinedOrigin(Origin):
    """Texts joined by `+`: each part keeps its own origin."""

    __slots__ = ("starts", "parts")

    def __init__(self, text: str, parts: list[Origin]) -> None:
        super().__init__(text)
        self.parts = parts
        starts, at = [], 0
        for part in parts:
            starts.append(at)
            at += len(part.text)
        self.starts = starts

    def span_at_offset(self, offset: int) -> Span:
        index = max(bisect_right(self.starts, offset) - 1, 0)
        # An empty part shares its start with the next; bisect picks the last, which has text.
        return self.parts[index].span_at_offset(offset - self.starts[index])

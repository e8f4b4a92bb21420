"""Source spans and diagnostics: the one currency of the parser, compiler, linter and pusher."""

from __future__ import annotations

from .errors import UsageError  # noqa: F401 - defined apart so the command line can raise it cheaply
from .records import NamedTuple, fields_repr


class Span(NamedTuple):
    """A region of a source file. Lines and columns are 1-based; the end is exclusive.

    A NamedTuple rather than a dataclass: a parse makes one per token, and a tuple is
    several times cheaper to build."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def contains(self, other: Span) -> bool:
        return (
            self.path == other.path
            and (self.line, self.column) <= (other.line, other.column)
            and (other.end_line, other.end_column) <= (self.end_line, self.end_column)
        )

    @staticmethod
    def point(path: str, line: int = 1, column: int = 1) -> Span:
        return Span(path, line, column, line, column + 1)


ERROR = "error"  # severities: error, warning, info


class Note(NamedTuple):
    message: str
    span: Span | None = None


class Diagnostic:
    """A finding. Treated as immutable (records.replace makes a changed copy): findings are
    compared and kept in sets, by everything but their subject."""

    __slots__ = ("span", "message", "severity", "code", "notes", "subject")

    def __init__(
        self,
        span: Span,
        message: str,
        severity: str = ERROR,
        code: str | None = None,
        notes: tuple[Note, ...] = (),
        # What the finding is about, when it is a payload value: (kind, name, payload path).
        # Two findings about one value can then be told apart from two at one position.
        subject: tuple | None = None,
    ) -> None:
        self.span, self.message, self.severity, self.code = span, message, severity, code
        self.notes, self.subject = notes, subject

    def _compared(self) -> tuple:
        return (self.span, self.message, self.severity, self.code, self.notes)

    def __eq__(self, other) -> bool:
        if other.__class__ is self.__class__:
            return self._compared() == other._compared()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._compared())

    __repr__ = fields_repr

    def sort_key(self) -> tuple:
        s = self.span
        return (s.path, s.line, s.column, self.code or "", self.message)


class Diagnostics:
    """An append-only collection that ignores exact repeats (one value seen twice)."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []
        self._seen: set[Diagnostic] = set()

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self._seen:
            self._seen.add(diagnostic)
            self._items.append(diagnostic)

    def error(self, span: Span, message: str, *notes: Note, code: str) -> None:
        self.add(Diagnostic(span, message, ERROR, code, tuple(notes)))

    def extend(self, diagnostics) -> None:
        for d in diagnostics:
            self.add(d)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self._items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self._items, key=Diagnostic.sort_key)

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

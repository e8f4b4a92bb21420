"""Reading source files: size limit, strict UTF-8, and line lookup for diagnostics."""

from __future__ import annotations

from ..codes import SYNTAX_ERROR
from ..diagnostics import Diagnostic, Span
from ..limits import limit
from ..records import replace


class SourceError(Exception):
    """A file that cannot be used as source text. `diagnostic` says where and why."""

    def __init__(self, diagnostic: Diagnostic, unreadable: bool = False):
        super().__init__(diagnostic.message)
        if diagnostic.code is None:
            diagnostic = replace(diagnostic, code=SYNTAX_ERROR)  # not usable source text: like a syntax error
        self.diagnostic = diagnostic
        # True when the file could not be opened at all (a usage problem for entry files).
        self.unreadable = unreadable


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def decode_source(path: str, data: bytes, what: str = "source file") -> str:
    max_bytes = limit("input", "max_file_bytes")
    if len(data) > max_bytes:
        raise SourceError(
            Diagnostic(Span.point(path), f"{what} is larger than {max_bytes} bytes, the most ibdsl reads")
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position(data, nul)
        raise SourceError(
            Diagnostic(Span.point(path, line, column), f"{what} contains a NUL byte; is it a binary file?")
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, column = _position(data, e.start)
        raise SourceError(
            Diagnostic(Span.point(path, line, column), f"{what} is not valid UTF-8 (byte 0x{data[e.start]:02x})")
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    # One newline convention inside ibdsl: positions and heredocs then behave the same everywhere.
    return text.replace("\r\n", "\n")


def read_bytes(path: str, roots: list[str] | None = None, what: str = "source file") -> bytes:
    """`roots`: the opened file must lie inside one of them (imports and file())."""
    from ..files import Refused, read_regular

    try:
        return read_regular(path, roots=roots)
    except Refused as e:
        if e.too_large:
            max_bytes = limit("input", "max_file_bytes")
            raise SourceError(
                Diagnostic(Span.point(path), f"{what} is larger than {max_bytes} bytes, the most ibdsl reads")
            ) from None
        raise SourceError(Diagnostic(Span.point(path), f"cannot read {path}: {e}"), unreadable=True) from None
    except OSError as e:
        reason = e.strerror or str(e)
        if isinstance(e, IsADirectoryError):
            reason = "it is a directory"
        raise SourceError(Diagnostic(Span.point(path), f"cannot read {path}: {reason}"), unreadable=True) from None


class SourceCache:
    """Texts of the files read in one run, by display path."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._lines: dict[str, list[str]] = {}

    def read(self, path: str, what: str = "source file", roots: list[str] | None = None) -> str:
        if path not in self._texts:
            self._texts[path] = decode_source(path, read_bytes(path, roots, what), what)
        return self._texts[path]

    def parse(self, path: str, text: str):
        """The syntax tree of `text` (raises ParseError); the language server's cache keeps the
        trees of files that did not change between runs."""
        from .parser import parse_module

        return parse_module(path, text)

    def add(self, path: str, text: str) -> None:
        self._texts[path] = text
        self._lines.pop(path, None)

    def text(self, path: str) -> str | None:
        return self._texts.get(path)

    def line(self, path: str, number: int) -> str | None:
        if path not in self._lines:
            text = self._texts.get(path)
            if text is None:
                try:
                    text = decode_source(path, read_bytes(path))
                except SourceError:
                    return None
                self._texts[path] = text
            self._lines[path] = text.split("\n")
        lines = self._lines[path]
        if 1 <= number <= len(lines):
            return lines[number - 1]
        return None

"""`ibdsl fmt`: one canonical layout, every comment kept, the author's order kept.

The layout: two-space indentation; one statement per line; `=` aligned within a run of
consecutive one-line members (a blank line, a nested block or a value spanning lines ends
the run); at most one blank line
where the author left any; top-level blocks always open on their header line and list one
member per line. Lists, objects and calls keep the author's choice of one line or several:
written on one line they stay on one line, written across lines they get one item per line
and a trailing comma. Strings and heredocs are kept exactly as written.

Comments are consumed in source order while the tree is rendered: a comment on the line
where the previous element ended stays at the end of that line; any other comment goes on
its own line before the next element (or before the closing bracket). A block comment
inside a one-line value moves to the end of its line. No comment is ever dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

INDENT = "  "


@dataclass
class _Element:
    start: tuple[int, int]
    end: tuple[int, int]
    node: object
    kind: str  # "attribute", "block", "item", "value"


def _start(node) -> tuple[int, int]:
    meta = getattr(node, "meta", None)
    if meta is not None and not getattr(meta, "empty", True):
        return meta.line, meta.column
    return node.line, node.column


def _end(node) -> tuple[int, int]:
    meta = getattr(node, "meta", None)
    if meta is not None and not getattr(meta, "empty", True):
        return meta.end_line, meta.end_column
    return node.end_line, node.end_column


def _multiline(node) -> bool:
    return _start(node)[0] != _end(node)[0]


def _spans_lines(value) -> bool:
    """Whether a value is rendered across lines: heredocs, and lists and objects written so."""
    kind = getattr(value, "data", None)
    if kind == "heredoc":
        return True
    if kind in ("list", "object") and _multiline(value):
        return True
    return kind is not None and any(True for _ in value.find_data("heredoc"))


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quote(text: str) -> str:
    """A string literal for `text` in ibdsl syntax (which has no raw line breaks or ${ in it)."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or ch in "\u2028\u2029\x85":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out).replace("${", "$${") + '"'


class Formatter:
    def __init__(self, comments):
        self._comments = sorted(comments, key=lambda c: (c.line, c.column))
        self._next = 0

    # comments ---------------------------------------------------------------------------
    def _take_before(self, position: tuple[int, int]) -> list:
        taken = []
        while self._next < len(self._comments):
            comment = self._comments[self._next]
            if (comment.line, comment.column) >= position:
                break
            taken.append(comment)
            self._next += 1
        return taken

    def _rest(self) -> list:
        taken = self._comments[self._next :]
        self._next = len(self._comments)
        return taken

    # multi-line bodies ------------------------------------------------------------------
    def _body(self, elements: list[_Element], end: tuple[int, int] | None, indent: str, render) -> list[str]:
        """Lines for `elements` at `indent`, with the comments that fall between them.
        `render(element, indent, key_width)` gives an element's lines."""
        out: list[str] = []
        previous_end_line = None  # source line where the last emitted element (or comment) ended
        trailing_free = False  # may a comment still go at the end of the last output line?
        widths = self._key_widths(elements)

        def place(comments) -> None:
            nonlocal previous_end_line, trailing_free
            for comment in comments:
                if trailing_free and comment.line == previous_end_line and out:
                    out[-1] += "  " + comment.value
                    trailing_free = _closed_on_its_line(comment)  # only `/* */` lets more follow
                    previous_end_line = comment.end_line
                    continue
                if previous_end_line is not None and comment.line - previous_end_line > 1 and out:
                    out.append("")
                lines = comment.value.split("\n")
                out.append(indent + lines[0])
                out.extend(lines[1:])  # the inside of a block comment is kept as written
                previous_end_line = comment.end_line
                trailing_free = False

        for index, element in enumerate(elements):
            place(self._take_before(element.start))
            if previous_end_line is not None and element.start[0] - previous_end_line > 1 and out:
                out.append("")
            out.extend(render(element, indent, widths[index]))
            previous_end_line = element.end[0]
            trailing_free = True
            # Comments inside a value rendered on one line stay at the end of the line while
            # they can (one-line block comments, then at most one line comment: a suppression
            # must stay on the line it suppresses); the others follow on their own lines.
            inline = self._take_before(element.end)
            if inline:
                kept = 0
                while kept < len(inline) and (kept == 0 or _closed_on_its_line(inline[kept - 1])):
                    kept += 1
                out[-1] += "  " + "  ".join(comment.value for comment in inline[:kept])
                trailing_free = _closed_on_its_line(inline[kept - 1])
                previous_end_line = max(previous_end_line, inline[kept - 1].end_line)
                for comment in inline[kept:]:
                    lines = comment.value.split("\n")
                    out.append(indent + lines[0])
                    out.extend(lines[1:])
        place(self._take_before(end) if end is not None else self._rest())
        return out

    def _blank_between(self, end: tuple[int, int], start: tuple[int, int]) -> bool:
        """Whether the output has a blank line between two elements: a gap of more than one
        source line between them or any comment lying between them."""
        line = end[0]
        for comment in self._comments:
            if (comment.line, comment.column) < end:
                continue
            if (comment.line, comment.column) >= start:
                break
            if comment.line - line > 1:
                return True
            line = comment.end_line
        return start[0] - line > 1

    def _key_widths(self, elements: list[_Element]) -> list[int]:
        """The width each attribute's key is padded to: the longest in its run."""
        widths = [0] * len(elements)
        run: list[int] = []

        def close() -> None:
            width = max((len(_key_text(elements[i].node.children[0])) for i in run), default=0)
            for i in run:
                widths[i] = width
            run.clear()

        previous_end = None
        for index, element in enumerate(elements):
            blank = previous_end is not None and self._blank_between(previous_end, element.start)
            aligned = element.kind == "attribute" and not _spans_lines(element.node.children[2])
            if not aligned or blank:
                close()
            if aligned:
                run.append(index)
            previous_end = element.end
        close()
        return widths

    # module -----------------------------------------------------------------------------
    def module(self, tree) -> str:
        elements = [_Element(_start(c), _end(c), c, "item") for c in tree.children]
        lines = self._body(elements, None, "", self._item)
        while lines and lines[-1] == "":
            lines.pop()
        return "\n".join(lines) + "\n" if lines else ""

    def _item(self, element: _Element, indent: str, _width: int) -> list[str]:
        node = element.node
        kind = node.data
        if kind == "import_stmt":
            return [f"{indent}import {node.children[0].value}"]
        if kind == "variable_decl":
            name, type_name, _assign, default = node.children
            head = f"{indent}variable {name.value}: {type_name.value}"
            if default is None:
                return [head]
            return self._with_value(head + " = ", default, indent)
        if kind == "fragment_decl":
            name, _assign, value = node.children
            return self._with_value(f"{indent}fragment {name.value} = ", value, indent)
        abstract, kind_token, label, _extends_kw, parent, body = node.children
        head = indent + ("abstract " if abstract is not None else "") + kind_token.value
        if label is not None:
            head += " " + _label(label)
        if parent is not None:
            head += " extends " + _label(parent)
        return self._object_lines(head + " ", body, indent, force_multiline=True)

    # values -----------------------------------------------------------------------------
    def _with_value(self, prefix: str, value, indent: str) -> list[str]:
        """`prefix` followed by a value that may span lines."""
        if value.data == "object" and _multiline(value):
            return self._object_lines(prefix, value, indent)
        if value.data == "list" and _multiline(value):
            return self._list_lines(prefix, value, indent)
        text = self._inline(value, indent)
        lines = text.split("\n")
        return [prefix + lines[0], *lines[1:]]

    def _object_lines(self, prefix: str, node, indent: str, force_multiline: bool = False) -> list[str]:
        entries = [
            c for c in node.children if c is not None and getattr(c, "data", None) in ("attribute", "nested_block")
        ]
        if not entries and not self._has_comments_before(_end(node)):
            return [prefix + "{}"]
        if not force_multiline and not _multiline(node):
            return [prefix + self._inline(node)]
        elements = [_Element(_start(e), _end(e), e, "attribute" if e.data == "attribute" else "block") for e in entries]
        inner = self._body(elements, _end(node), indent + INDENT, self._entry)
        return [prefix + "{", *inner, indent + "}"]

    def _has_comments_before(self, position) -> bool:
        if self._next >= len(self._comments):
            return False
        comment = self._comments[self._next]
        return (comment.line, comment.column) < position

    def _entry(self, element: _Element, indent: str, width: int) -> list[str]:
        node = element.node
        key = _key_text(node.children[0])
        if node.data == "nested_block":
            return self._object_lines(f"{indent}{key} ", node.children[1], indent)
        _, op, value = node.children
        return self._with_value(f"{indent}{key.ljust(width)} {op.value} ", value, indent)

    def _list_lines(self, prefix: str, node, indent: str) -> list[str]:
        items = [c for c in node.children if c is not None]
        if not items and not self._has_comments_before(_end(node)):
            return [prefix + "[]"]
        elements = [_Element(_start(i), _end(i), i, "item") for i in items]

        def render(element: _Element, inner_indent: str, _width: int) -> list[str]:
            lines = self._with_value(inner_indent, element.node, inner_indent)
            lines[-1] += ","
            return lines

        inner = self._body(elements, _end(node), indent + INDENT, render)
        return [prefix + "[", *inner, indent + "]"]

    def _inline(self, node, indent: str = "") -> str:
        """A value on one line (heredocs keep their lines)."""
        from .generated_parser import Token

        if isinstance(node, Token):
            return node.value
        kind = node.data
        if kind in ("string", "heredoc", "int", "true", "false", "word"):
            return node.children[0].value
        if kind == "ref":
            return ".".join(t.value for t in node.children)
        if kind == "add":
            operands = _operands(node)
            text = self._inline(operands[0], indent)
            for previous, operand in zip(operands, operands[1:]):
                # A heredoc's closing line may hold only its marker and a closing bracket,
                # comma or comment: `EOT + x` would not close it, so `+` starts the next line.
                joiner = f"\n{indent}{INDENT}+ " if _ends_with_heredoc(previous) else " + "
                text += joiner + self._inline(operand, indent)
            return text
        if kind == "group":
            return "(" + self._inline(node.children[0], indent) + ")"
        if kind == "call":
            name, *args = node.children
            return f"{name.value}({', '.join(self._inline(a, indent) for a in args if a is not None)})"
        if kind == "list":
            return "[" + ", ".join(self._inline(i, indent) for i in node.children if i is not None) + "]"
        if kind == "object":
            entries = [
                c for c in node.children if c is not None and getattr(c, "data", None) in ("attribute", "nested_block")
            ]
            if not entries:
                return "{}"
            parts = []
            for entry in entries:
                key = _key_text(entry.children[0])
                if entry.data == "nested_block":
                    parts.append(f"{key} {self._inline(entry.children[1], indent)}")
                else:
                    _, op, value = entry.children
                    parts.append(f"{key} {op.value} {self._inline(value, indent)}")
            return "{ " + ", ".join(parts) + " }"
        if kind == "interpolation":
            return self._inline(node.children[0], indent)
        raise AssertionError(f"cannot format {kind}")


def _closed_on_its_line(comment) -> bool:
    """A `/* ... */` on one line: code or another comment may follow it on the line."""
    return comment.value.startswith("/*") and "\n" not in comment.value


def _operands(node) -> list:
    """The operands of a left-deep `a + b + c` chain, without recursion (chains may be long)."""
    operands = []
    while getattr(node, "data", None) == "add":
        left, _plus, right = node.children
        operands.append(right)
        node = left
    operands.append(node)
    operands.reverse()
    return operands


def _ends_with_heredoc(node) -> bool:
    while getattr(node, "data", None) == "add":
        node = node.children[2]
    return getattr(node, "data", None) == "heredoc"


# Words the grammar reserves: as a bare key at the start of a line, one would be read as the
# keyword, so fmt writes such a key quoted ("fragment" = ..., the same key).
KEYWORDS = frozenset({"true", "false", "import", "variable", "fragment", "abstract", "extends"})


def _key_text(token) -> str:
    if token.type == "NAME" and token.value in KEYWORDS:
        return quote(token.value)
    return token.value


def _label(token) -> str:
    return token.value if token.type == "STRING" else quote(token.value)


class FormatError(Exception):
    """The formatted text would not mean what the input means; nothing may be written."""


def format_text(path: str, text: str) -> str:
    """The canonical layout of `text`; raises ParseError when it does not parse, and
    FormatError when the layout could not be proved to keep the meaning.

    The proof: the output parses, and its syntax tree and comments are the input's, spans
    aside. A layout bug then costs a refusal, never a changed file."""
    from .parser import ParseError, parse_module, parse_tree

    tree, comments = parse_tree(path, text)
    formatted = Formatter(comments).module(tree)
    if formatted == text:
        return formatted
    before = parse_module(path, text)
    try:
        after = parse_module(path, formatted)
    except ParseError as e:
        raise FormatError(
            f"the formatted text does not parse ({e.diagnostic.message} at line {e.diagnostic.span.line})"
        ) from None
    if _meaning(before.items) != _meaning(after.items):
        raise FormatError("the formatted text would not compile to the same thing")
    if sorted(c.text for c in before.comments) != sorted(c.text for c in after.comments):
        raise FormatError("the formatted text would not keep every comment")
    if not _suppressions_kept(_suppressed(tree, comments), _suppressed(*parse_tree(path, formatted))):
        raise FormatError("an `ibdsl: ignore[...]` comment would no longer be on the line of what it suppresses")
    return formatted


def _suppressed(tree, comments) -> list[set[int]]:
    """For each suppression comment, what starts on its line (a suppression applies to the
    findings that start there): indices of the syntax nodes and tokens, in tree order."""
    from .generated_parser import Token

    starts = []
    for node in tree.iter_subtrees_topdown():
        starts.append(None if node.meta.empty else node.meta.line)
        starts.extend(child.line for child in node.children if isinstance(child, Token))
    return [
        {index for index, line in enumerate(starts) if line == comment.line}
        for comment in comments
        if "ibdsl:" in comment.value
    ]


def _suppressions_kept(before: list[set[int]], after: list[set[int]]) -> bool:
    """Everything a suppression covered, it still covers (fmt may join lines, never split
    what a suppression stands on)."""
    return len(before) == len(after) and all(old <= new for old, new in zip(before, after))


def _meaning(node):
    """A syntax tree without its positions: what two layouts of one program share."""
    from ..diagnostics import Span

    if isinstance(node, Span):
        return None
    if isinstance(node, tuple):
        return (type(node).__name__, *(_meaning(child) for child in node))
    return node

"""What the cursor stands on: in the syntax tree when the file parses (references, labels,
imports), and in the raw text before it when it does not (completion is asked for in the
middle of typing, where the file rarely parses)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..language import syntax as ast

# --- the tree ------------------------------------------------------------------------------


class Hit(NamedTuple):
    what: str  # "ref", "extends", "import", "call", "label", "variable", "fragment"
    node: object
    block: ast.Block | None = None


def _inside(span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) < (span.end_line, span.end_column) or (
        (span.end_line, span.end_column) == (line, column)  # just after the last character
    )


def hit_at(module: ast.Module, line: int, column: int) -> Hit | None:
    """The reference, label, import or declaration name at 1-based (line, column)."""
    for item in module.items:
        if not _inside(item.span, line, column):
            continue
        if isinstance(item, ast.Import):
            return Hit("import", item)
        if isinstance(item, ast.VariableDecl):
            if _inside(item.name_span, line, column):
                return Hit("variable", item)
            return _in_expression(item.default, line, column, None) if item.default is not None else None
        if isinstance(item, ast.FragmentDecl):
            if _inside(item.name_span, line, column):
                return Hit("fragment", item)
            return _in_expression(item.value, line, column, None)
        if item.extends_span is not None and _inside(item.extends_span, line, column):
            return Hit("extends", item, item)
        if item.label_span is not None and _inside(item.label_span, line, column):
            return Hit("label", item, item)
        return _in_expression(item.body, line, column, item)
    return None


def _in_expression(expr, line: int, column: int, block) -> Hit | None:
    best = None
    for node in ast.expressions(expr):
        if isinstance(node, (ast.Ref, ast.Call)) and _inside(node.span, line, column):
            # The innermost wins: a reference inside a call's arguments, inside an interpolation.
            if best is None or best.node.span.contains(node.span):
                best = Hit("ref" if isinstance(node, ast.Ref) else "call", node, block)
    return best


# --- the text ------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<heredoc><<-?'?(?P<marker>[A-Za-z_][A-Za-z0-9_]*)'?[ \t]*\n)
      | (?P<string>"(?:[^"\\\n]|\\.)*"?)
      | (?P<comment>\#[^\n]*|//[^\n]*|/\*(?:.|\n)*?(?:\*/|\Z))
      | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
      | (?P<newline>\n)
      | (?P<punct>[{}\[\](),=+.:])
      | (?P<space>[ \t\r\f]+)
      | (?P<other>.)""",
    re.VERBOSE,
)


@dataclass
class Frame:
    bracket: str  # "{" or "["
    key: str | None  # the member this bracket is the value of; for the outermost `{`, the block kind
    keys: set[str] = field(default_factory=set)  # the members written in it before the cursor


@dataclass
class TextContext:
    frames: list[Frame] = field(default_factory=list)
    statement: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) since the last boundary
    in_string: bool = False  # the cursor is inside an unclosed string or a heredoc
    in_comment: bool = False

    @property
    def block(self) -> str | None:
        return self.frames[0].key if self.frames else None


def _scan(text: str):
    """(kind, text) tokens; a heredoc is one ("string", "") token; a string, comment or heredoc
    the text ends inside is ("open-string" or "open-comment", ...) and ends the scan."""
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        kind = match.lastgroup
        token = match.group(kind)
        position = match.end()
        if kind == "heredoc":
            end = re.compile(rf"^[ \t]*{re.escape(match.group('marker'))}\b", re.MULTILINE).search(text, position)
            if end is None:
                yield "open-string", token
                return
            position = end.end()
            yield "string", ""
        elif (
            kind == "string"
            and position == len(text)
            and (len(token) == 1 or not token.endswith('"') or token.endswith('\\"'))
        ):
            yield "open-string", token
            return
        elif (
            kind == "comment"
            and position == len(text)
            and (not token.startswith("/*") or not (len(token) >= 4 and token.endswith("*/")))
        ):
            yield "open-comment", token
            return
        elif kind not in ("space", "comment"):
            yield kind, token


def _starts_member(statement: list[tuple[str, str]], kind: str, token: str) -> bool:
    """Whether `token` after `statement` makes its first token a member name: `key =`,
    `key +=`, `key {`."""
    if not statement or statement[0][0] not in ("name", "string") or kind != "punct":
        return False
    rest = [text for _kind, text in statement[1:]]
    return (token == "=" and rest in ([], ["+"])) or (token == "{" and not rest)


def text_context(before: str) -> TextContext:
    """The brackets open at the end of `before` (the text up to the cursor), each with the member
    it is the value of, and the tokens of the statement being written."""
    context = TextContext()
    for kind, token in _scan(before):
        if kind == "open-string":
            context.in_string = True
        elif kind == "open-comment":
            context.in_comment = True
        elif context.frames and _starts_member(context.statement, kind, token):
            context.frames[-1].keys.add(context.statement[0][1].strip('"'))
        if kind == "newline" or (kind == "punct" and token == ","):
            context.statement = []
        elif kind == "punct" and token in "{[":
            context.frames.append(Frame(token, _key_of(context)))
            context.statement = []
        elif kind == "punct" and token in "}]":
            if context.frames:
                context.frames.pop()
            context.statement = []
        elif kind in ("name", "punct", "string"):
            context.statement.append((kind, token))
    return context


def keys_after(after: str) -> set[str]:
    """The members written after the cursor in the object it stands in (up to its `}`)."""
    keys: set[str] = set()
    depth = 0
    statement: list[tuple[str, str]] = []
    for kind, token in _scan(after):
        if depth == 0 and _starts_member(statement, kind, token):
            keys.add(statement[0][1].strip('"'))
        if kind == "punct" and token in "{[(":
            depth += 1
        elif kind == "punct" and token in "}])":
            depth -= 1
            if depth < 0:
                break
        if kind == "newline" or (kind == "punct" and token in ",{}[]"):
            statement = []
        elif depth == 0 and kind in ("name", "punct", "string"):
            statement.append((kind, token))
    return keys


def _key_of(context: TextContext) -> str | None:
    names = [text for kind, text in context.statement if kind in ("name", "string")]
    if not context.frames:  # a block header: [abstract] KIND [LABEL] [extends LABEL]
        words = [text for kind, text in context.statement if kind == "name" and text != "abstract"]
        return words[0] if words else None
    if context.frames[-1].bracket == "[" and ("punct", "=") not in context.statement and not names:
        return None  # an item of a list
    return names[0].strip('"') if names else None


def word_before(before: str) -> str:
    """The dotted name being typed at the end of `before` (`var.en`, `component.`, `vol`)."""
    match = re.search(r"[A-Za-z_][A-Za-z0-9_.-]*$", before)
    return match.group(0) if match else ""


def word_around(line_text: str, column: int) -> tuple[str, int, int]:
    """The dotted name around 0-based `column` of a line: (text, start, end)."""
    for match in re.finditer(r"[A-Za-z_][A-Za-z0-9_.-]*", line_text):
        if match.start() <= column <= match.end():
            return match.group(0), match.start(), match.end()
    return "", column, column

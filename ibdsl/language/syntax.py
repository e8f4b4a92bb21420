"""The syntax tree of an .ib file: what was written and where, before any meaning is given.

Nodes are NamedTuples: a parse builds thousands of them, and tuples are the cheapest
immutable records to define (at import) and to build.
"""

from __future__ import annotations

from ..diagnostics import Span
from ..records import NamedTuple


class Str(NamedTuple):
    """A quoted string or heredoc; parts are literal text or interpolated expressions."""

    parts: tuple[str | Expr, ...]
    span: Span
    heredoc: bool = False
    raw: str = ""  # the token as written: where each character came from is worked out from it


class Int(NamedTuple):
    value: int
    span: Span


class Bool(NamedTuple):
    value: bool
    span: Span


class Word(NamedTuple):
    """A bare word in value position: an enum value such as gp3, Linux or DOCKER."""

    name: str
    span: Span


class Ref(NamedTuple):
    """A dotted reference: var.NAME, fragment.NAME, component.NAME, settings.NAME."""

    parts: tuple[str, ...]
    span: Span


class Call(NamedTuple):
    name: str
    args: tuple[Expr, ...]
    span: Span
    name_span: Span


class ListExpr(NamedTuple):
    items: tuple[Expr, ...]
    span: Span


class Entry(NamedTuple):
    """`key = value`, `key += value`, `key -= value`, or the block form `key { ... }`."""

    key: str
    key_span: Span
    op: str
    value: Expr
    span: Span


class ObjectExpr(NamedTuple):
    entries: tuple[Entry, ...]
    span: Span


class Add(NamedTuple):
    """`a + b + ...`: concatenates lists and strings, merges maps, adds numbers."""

    operands: tuple[Expr, ...]
    span: Span
    op_spans: tuple[Span, ...]


Expr = Str | Int | Bool | Word | Ref | Call | ListExpr | ObjectExpr | Add


class Import(NamedTuple):
    path: str
    span: Span


class VariableDecl(NamedTuple):
    name: str
    type_name: str
    default: Expr | None
    span: Span
    name_span: Span
    type_span: Span


class FragmentDecl(NamedTuple):
    name: str
    value: Expr
    span: Span
    name_span: Span


class Block(NamedTuple):
    """A top-level block: `settings { }` or a resource such as `image_recipe "web" { }`."""

    kind: str
    label: str | None
    extends: str | None
    abstract: bool
    body: ObjectExpr
    span: Span
    kind_span: Span
    label_span: Span | None
    extends_span: Span | None


Item = Import | VariableDecl | FragmentDecl | Block


class Comment(NamedTuple):
    text: str
    span: Span


class Module(NamedTuple):
    path: str
    items: tuple[Item, ...]
    comments: tuple[Comment, ...]


def expressions(expr: Expr):
    """Every expression inside `expr`, interpolations included, without recursion."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Str):
            stack.extend(part for part in node.parts if not isinstance(part, str))
        elif isinstance(node, Add):
            stack.extend(node.operands)
        elif isinstance(node, Call):
            stack.extend(node.args)
        elif isinstance(node, ListExpr):
            stack.extend(node.items)
        elif isinstance(node, ObjectExpr):
            stack.extend(entry.value for entry in node.entries)

"""The syntax tree of an .ib file: what was written and where, before any meaning is given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .diagnostics import Span


@dataclass(frozen=True, slots=True)
class Str:
    """A quoted string or heredoc; parts are literal text or interpolated expressions."""

    parts: tuple["str | Expr", ...]
    span: Span
    heredoc: bool = False


@dataclass(frozen=True, slots=True)
class Int:
    value: int
    span: Span


@dataclass(frozen=True, slots=True)
class Bool:
    value: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Word:
    """A bare word in value position: an enum value such as gp3, Linux or DOCKER."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Ref:
    """A dotted reference: var.NAME, fragment.NAME, component.NAME, settings.NAME."""

    parts: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple["Expr", ...]
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class ListExpr:
    items: tuple["Expr", ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Entry:
    """`key = value`, `key += value`, `key -= value`, or the block form `key { ... }`."""

    key: str
    key_span: Span
    op: str
    value: "Expr"
    span: Span


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    entries: tuple[Entry, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Add:
    """`a + b + ...`: concatenates lists and strings, merges maps, adds numbers."""

    operands: tuple["Expr", ...]
    span: Span
    op_spans: tuple[Span, ...]


Expr = Union[Str, Int, Bool, Word, Ref, Call, ListExpr, ObjectExpr, Add]


@dataclass(frozen=True, slots=True)
class Import:
    path: str
    span: Span


@dataclass(frozen=True, slots=True)
class VariableDecl:
    name: str
    type_name: str
    default: Expr | None
    span: Span
    name_span: Span
    type_span: Span


@dataclass(frozen=True, slots=True)
class FragmentDecl:
    name: str
    value: Expr
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class Block:
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


Item = Union[Import, VariableDecl, FragmentDecl, Block]


@dataclass(frozen=True, slots=True)
class Comment:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Module:
    path: str
    items: tuple[Item, ...]
    comments: tuple[Comment, ...]

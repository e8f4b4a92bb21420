"""Source text -> syntax tree, with positions. The words of syntax errors are in parse_errors.py,
the reading of strings and heredocs in strings.py."""

from __future__ import annotations

import sys
from contextvars import ContextVar
from functools import cache

from ..diagnostics import Diagnostic, Span
from ..limits import limit
from . import strings
from . import syntax as ast
from .parse_errors import ParseError, lark_diagnostic

__all__ = ["ParseError", "parse_expression", "parse_module", "parse_tree"]

# Names, keys and operators recur in every file: one string each, not one per occurrence
# (a tenth of a large project's memory).
_name = sys.intern

_OPENERS = {"LBRACE", "LSQB", "LPAR"}
_CLOSERS = {"RBRACE", "RSQB", "RPAR"}


class _LexState:
    """One parse's state fed by Lark's lexer callbacks (comments and bracket depth). Lark takes
    callbacks only when it is built, and building it is slow, so the one cached parser's
    callbacks find the state of the parse running in their thread or task here."""

    __slots__ = ("comments", "depth")

    def __init__(self) -> None:
        self.comments: list = []
        self.depth = 0


_lex_state: ContextVar[_LexState] = ContextVar("ibdsl_lex_state")


def _on_comment(token):
    _lex_state.get().comments.append(token)
    return token


def _on_open(token):
    state = _lex_state.get()
    state.depth += 1
    if state.depth > limit("input", "max_nesting_depth"):
        raise _TooDeep(token)
    return token


def _on_close(token):
    _lex_state.get().depth -= 1
    return token


class _TooDeep(Exception):
    def __init__(self, token):
        self.token = token


@cache
def _lark(terminal_scanners: bool = True):
    # Generated from the grammar by ibdsl/dev/parsergen.py: no grammar to compile, no Lark
    # import, and no table cache read from a shared directory. Its lexer's scanners compile
    # nothing per parser state up front (lexer.py); tests build the plain Lark lexer too.
    from .generated_parser import Lark_StandAlone
    from .lexer import ContextualLexer

    callbacks = {"COMMENT": _on_comment, "BLOCK_COMMENT": _on_comment}
    callbacks.update({name: _on_open for name in _OPENERS})
    callbacks.update({name: _on_close for name in _CLOSERS})
    plugins = {"ContextualLexer": ContextualLexer} if terminal_scanners else {}
    return Lark_StandAlone(lexer_callbacks=callbacks, _plugins=plugins)


def parse_tree(path: str, text: str):
    """The Lark tree of a whole file and its comment tokens (for the formatter)."""
    return _parse(path, text, "start")


def parse_module(path: str, text: str) -> ast.Module:
    tree, comment_tokens = parse_tree(path, text)
    builder = _Builder(path, text)
    items = tuple(builder.item(child) for child in tree.children)
    comments = tuple(ast.Comment(t.value, builder.token_span(t)) for t in comment_tokens)
    return ast.Module(path, items, comments)


def parse_expression(path: str, text: str, line: int = 1, column: int = 1) -> ast.Expr:
    """Parse `text` as one expression placed at line/column of `path` (interpolations, --var)."""
    tree, _comments = _parse(path, text, "interpolation", line - 1, column - 1)
    builder = _Builder(path, text, line - 1, column - 1)
    return builder.expr(tree.children[0])


def _parse(path: str, text: str, start: str, line_offset: int = 0, column_offset: int = 0):
    """The Lark tree of `text` and its comment tokens."""
    from .generated_parser import UnexpectedInput

    parser = _lark()

    def at(line: int, column: int, width: int = 1) -> Span:
        if line == 1:
            column += column_offset
        line += line_offset
        return Span(path, line, column, line, column + max(1, width))

    state = _LexState()
    token = _lex_state.set(state)
    try:
        return parser.parse(text, start=start), state.comments
    except _TooDeep as e:
        t = e.token
        raise ParseError(
            Diagnostic(
                at(t.line, t.column),
                f"nesting is deeper than {limit('input', 'max_nesting_depth')} levels; split the value into fragments",
            )
        ) from None
    except UnexpectedInput as e:
        raise ParseError(lark_diagnostic(e, text, at)) from None
    finally:
        _lex_state.reset(token)


# --- tree -> AST ---------------------------------------------------------------------------


class _Builder:
    def __init__(self, path: str, text: str, line_offset: int = 0, column_offset: int = 0):
        self.path = path
        self.text = text
        self.line_offset = line_offset
        self.column_offset = column_offset

    # positions -------------------------------------------------------------------------
    def _pos(self, line: int, column: int) -> tuple[int, int]:
        if line == 1:
            column += self.column_offset
        return line + self.line_offset, column

    def token_span(self, token) -> Span:
        line, column = self._pos(token.line, token.column)
        end_line, end_column = self._pos(token.end_line, token.end_column)
        return Span(self.path, line, column, end_line, end_column)

    def tree_span(self, tree) -> Span:
        meta = tree.meta
        line, column = self._pos(meta.line, meta.column)
        end_line, end_column = self._pos(meta.end_line, meta.end_column)
        return Span(self.path, line, column, end_line, end_column)

    def span_of(self, node) -> Span:
        from .generated_parser import Token

        return self.token_span(node) if isinstance(node, Token) else self.tree_span(node)

    # items -----------------------------------------------------------------------------
    def item(self, tree) -> ast.Item:
        kind = tree.data
        if kind == "import_stmt":
            token = tree.children[0]
            return ast.Import(self.string_literal(token, "an import path"), self.tree_span(tree))
        if kind == "variable_decl":
            name, type_name, _assign, default = tree.children
            return ast.VariableDecl(
                _name(name.value),
                _name(type_name.value),
                None if default is None else self.expr(default),
                self.tree_span(tree),
                self.token_span(name),
                self.token_span(type_name),
            )
        if kind == "fragment_decl":
            name, _assign, value = tree.children
            return ast.FragmentDecl(_name(name.value), self.expr(value), self.tree_span(tree), self.token_span(name))
        abstract, kind_token, label, _extends_keyword, extends, body = tree.children
        return ast.Block(
            kind=_name(kind_token.value),
            label=None if label is None else self.label(label),
            extends=None if extends is None else self.label(extends),
            abstract=abstract is not None,
            body=self.object(body),
            span=self.tree_span(tree),
            kind_span=self.token_span(kind_token),
            label_span=None if label is None else self.token_span(label),
            extends_span=None if extends is None else self.token_span(extends),
        )

    def label(self, token) -> str:
        return self.string_literal(token, "a block label") if token.type == "STRING" else _name(token.value)

    def string_literal(self, token, what: str) -> str:
        node = self.string(token)
        if any(not isinstance(part, str) for part in node.parts):
            raise ParseError(Diagnostic(node.span, f"{what} cannot use ${{...}} interpolation"))
        return "".join(node.parts)

    def key(self, node) -> tuple[str, Span]:
        if node.type == "STRING":
            return self.string_literal(node, "a member name"), self.token_span(node)
        return _name(node.value), self.token_span(node)

    # expressions -----------------------------------------------------------------------
    def object(self, tree) -> ast.ObjectExpr:
        entries = []
        for child in tree.children:
            if child is None or getattr(child, "type", None) == "COMMA":
                continue
            if child.data == "attribute":
                key_node, op, value = child.children
                key, key_span = self.key(key_node)
                entries.append(ast.Entry(key, key_span, _name(op.value), self.expr(value), self.tree_span(child)))
            else:  # nested_block: `key { ... }` is `key = { ... }`
                key_node, body = child.children
                key, key_span = self.key(key_node)
                entries.append(ast.Entry(key, key_span, "{", self.object(body), self.tree_span(child)))
        return ast.ObjectExpr(tuple(entries), self.tree_span(tree))

    def expr(self, node) -> ast.Expr:
        from .generated_parser import Token

        if isinstance(node, Token):  # `?atom` inlines a lone STRING etc. only via aliases
            raise AssertionError(f"unexpected token {node!r}")
        kind = node.data
        if kind == "add":
            # `a + b + c` is a left-deep tree; walk its spine without recursion.
            operands, op_spans = [], []
            while node.data == "add":
                left, plus, right = node.children
                operands.append(self.expr(right))
                op_spans.append(self.token_span(plus))
                node = left
                if isinstance(node, Token):
                    break
            operands.append(self.expr(node))
            operands.reverse()
            op_spans.reverse()
            first, last = operands[0].span, operands[-1].span
            span = Span(self.path, first.line, first.column, last.end_line, last.end_column)
            return ast.Add(tuple(operands), span, tuple(op_spans))
        if kind == "string":
            return self.string(node.children[0])
        if kind == "heredoc":
            return self.heredoc(node.children[0])
        if kind == "int":
            return self.integer(node.children[0])
        if kind == "true":
            return ast.Bool(True, self.tree_span(node))
        if kind == "false":
            return ast.Bool(False, self.tree_span(node))
        if kind == "word":
            return ast.Word(_name(node.children[0].value), self.tree_span(node))
        if kind == "ref":
            return ast.Ref(tuple(_name(t.value) for t in node.children), self.tree_span(node))
        if kind == "call":
            name, *args = node.children
            args = [a for a in args if a is not None]
            return ast.Call(
                _name(name.value), tuple(self.expr(a) for a in args), self.tree_span(node), self.token_span(name)
            )
        if kind == "list":
            items = [c for c in node.children if c is not None]
            return ast.ListExpr(tuple(self.expr(c) for c in items), self.tree_span(node))
        if kind == "object":
            return self.object(node)
        if kind == "group":  # parentheses only group; fmt keeps them, the meaning is the inside
            return self.expr(node.children[0])
        raise AssertionError(f"unknown expression {kind}")

    def integer(self, token) -> ast.Int:
        span = self.token_span(token)
        maximum = limit("input", "max_integer")
        digits = token.value.lstrip("-")
        if len(digits.lstrip("0")) > len(str(maximum)) or abs(int(digits)) > maximum:
            raise ParseError(Diagnostic(span, f"number is too large: ibdsl integers are at most {maximum}"))
        return ast.Int(int(token.value), span)

    # strings ---------------------------------------------------------------------------
    def string(self, token) -> ast.Str:
        return strings.string(self.path, token, self.token_span(token))

    def heredoc(self, token) -> ast.Str:
        return strings.heredoc(self.path, token, self.token_span(token))

"""Source text -> syntax tree, with positions, and syntax errors in words a user understands."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from ..diagnostics import Diagnostic, Span
from ..limits import limit
from . import syntax as ast

# Lark terminal names -> words. Value starters are folded into "a value" when all expected.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": "a string",
    "HEREDOC": "a heredoc",
    "INT": "a number",
    "TRUE": "true",
    "FALSE": "false",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "DOT": "'.'",
    "COLON": "':'",
    "OP": "'=', '+=' or '-='",
    "ASSIGN": "'='",
    "PLUS": "'+'",
    "ABSTRACT": "'abstract'",
    "EXTENDS": "'extends'",
    "IMPORT": "'import'",
    "VARIABLE": "'variable'",
    "FRAGMENT": "'fragment'",
    "$END": "the end of the file",
}
_VALUE_STARTERS = {"STRING", "HEREDOC", "INT", "TRUE", "FALSE", "NAME", "LSQB", "LBRACE", "LPAR"}
_OPENERS = {"LBRACE", "LSQB", "LPAR"}
_CLOSERS = {"RBRACE", "RSQB", "RPAR"}


SYNTAX_ERROR = "IB001"


class ParseError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        if diagnostic.code is None:
            diagnostic = replace(diagnostic, code=SYNTAX_ERROR)
        self.diagnostic = diagnostic


class _LexState:
    """Per-parse state fed by Lark's lexer callbacks (comments and bracket depth)."""

    def __init__(self) -> None:
        self.reset("<input>")

    def reset(self, path: str, line_offset: int = 0, column_offset: int = 0) -> None:
        self.path = path
        self.comments: list = []
        self.depth = 0
        self.line_offset = line_offset
        self.column_offset = column_offset


_state = _LexState()


def _on_comment(token):
    _state.comments.append(token)
    return token


def _on_open(token):
    _state.depth += 1
    if _state.depth > limit("input", "max_nesting_depth"):
        raise _TooDeep(token)
    return token


def _on_close(token):
    _state.depth -= 1
    return token


class _TooDeep(Exception):
    def __init__(self, token):
        self.token = token


@cache
def _lark():
    from lark import Lark

    from ..data import grammar_text

    callbacks = {"COMMENT": _on_comment, "BLOCK_COMMENT": _on_comment}
    callbacks.update({name: _on_open for name in _OPENERS})
    callbacks.update({name: _on_close for name in _CLOSERS})
    return Lark(
        grammar_text(),
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=True,
        start=["start", "interpolation"],
        lexer_callbacks=callbacks,
        cache=True,
    )


def parse_tree(path: str, text: str):
    """The Lark tree of a whole file and its comment tokens (for the formatter)."""
    tree = _parse(path, text, "start")
    return tree, list(_state.comments)


def parse_module(path: str, text: str) -> ast.Module:
    tree, comment_tokens = parse_tree(path, text)  # building may parse interpolations, which resets _state
    builder = _Builder(path, text)
    items = tuple(builder.item(child) for child in tree.children)
    comments = tuple(ast.Comment(t.value, builder.token_span(t)) for t in comment_tokens)
    return ast.Module(path, items, comments)


def parse_expression(path: str, text: str, line: int = 1, column: int = 1) -> ast.Expr:
    """Parse `text` as one expression placed at line/column of `path` (interpolations, --var)."""
    tree = _parse(path, text, "interpolation", line - 1, column - 1)
    builder = _Builder(path, text, line - 1, column - 1)
    return builder.expr(tree.children[0])


def _parse(path: str, text: str, start: str, line_offset: int = 0, column_offset: int = 0):
    from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

    _state.reset(path, line_offset, column_offset)
    parser = _lark()

    def at(line: int, column: int, width: int = 1) -> Span:
        if line == 1:
            column += column_offset
        line += line_offset
        return Span(path, line, column, line, column + max(1, width))

    try:
        return parser.parse(text, start=start)
    except _TooDeep as e:
        t = e.token
        raise ParseError(
            Diagnostic(
                at(t.line, t.column),
                f"nesting is deeper than {limit('input', 'max_nesting_depth')} levels; split the value into fragments",
            )
        ) from None
    except UnexpectedCharacters as e:
        raise ParseError(Diagnostic(at(e.line, e.column), _unexpected_character(text, e))) from None
    except UnexpectedToken as e:
        token = e.token
        if token.type == "$END":
            line, column = _end_position(text)
            span = at(line, column)
        else:
            span = at(token.line, token.column, len(token.value or " ") if token.end_line == token.line else 1)
        raise ParseError(Diagnostic(span, _unexpected_token(text, e))) from None
    except UnexpectedInput as e:  # pragma: no cover - other lark input errors, same treatment
        raise ParseError(Diagnostic(at(getattr(e, "line", 1) or 1, getattr(e, "column", 1) or 1), str(e))) from None


def _end_position(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


def _describe_expected(expected) -> str:
    names = set(expected)
    words = []
    if _VALUE_STARTERS <= names:
        words.append("a value")
        names -= _VALUE_STARTERS
    for name in sorted(names):
        if name in _TERMINAL_WORDS:
            words.append(_TERMINAL_WORDS[name])
        elif not name.startswith("__"):
            words.append(f"'{name.lower()}'")
    if not words:
        return "something else"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _describe_token(token) -> str:
    if token.type == "$END":
        return "the end of the file"
    if token.type == "NAME":
        return f"name '{token.value}'"
    if token.type == "STRING":
        return f"string {token.value}"
    if token.type == "INT":
        return f"number {token.value}"
    if token.type == "HEREDOC":
        return "a heredoc"
    return f"'{token.value}'"


def _unexpected_token(text: str, e) -> str:
    token = e.token
    expected = set(e.expected)
    try:  # the state's exact accepted set; e.expected may hold a merged LALR state's union
        expected = set(e.interactive_parser.accepts()) or expected
    except Exception:  # noqa: BLE001 - fall back to the coarse set on any lark internals change
        pass
    message = f"expected {_describe_expected(expected)}, found {_describe_token(token)}"
    before = text[: token.start_pos].rstrip() if token.start_pos is not None else ""
    if token.type == "DOT" and re.search(r"[0-9]$", before):
        message += '; versions and other dotted values are strings and need quotes, such as "1.0.0"'
    elif "OP" in expected and token.type in _VALUE_STARTERS:
        message += "; a member is written `name = value`"
    elif token.type == "$END" and ({"RBRACE", "RSQB", "RPAR"} & expected):
        message = f"unexpected end of the file; expected {_describe_expected(expected)} (is a bracket left open?)"
    elif token.type in _VALUE_STARTERS and "COMMA" in expected and "NAME" not in expected:
        message += "; list items and call arguments are separated by ','"
    return message


def _unexpected_character(text: str, e) -> str:
    rest = text[e.pos_in_stream :]
    if rest.startswith('"'):
        return "this string is not closed on its line (a string cannot span lines; use a <<EOT heredoc)"
    if rest.startswith("<<"):
        match = re.match(r"<<-?'?([A-Za-z_][A-Za-z0-9_]*)", rest)
        if match:
            return f"heredoc <<{match.group(1)} is never closed: end it with a line holding only {match.group(1)}"
        return "a heredoc starts with <<MARKER (or <<-MARKER, <<'MARKER') followed by a line break"
    if rest.startswith("/*"):
        return "comment opened with /* is never closed with */"
    char = e.char
    shown = repr(char) if not char.isprintable() or char.isspace() else f"'{char}'"
    allowed = getattr(e, "allowed", None) or set()
    if allowed:
        return f"unexpected character {shown}; expected {_describe_expected(allowed)}"
    return f"unexpected character {shown}"


# --- tree -> AST ---------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$", "/": "/"}


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
        from lark import Token

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
                name.value,
                type_name.value,
                None if default is None else self.expr(default),
                self.tree_span(tree),
                self.token_span(name),
                self.token_span(type_name),
            )
        if kind == "fragment_decl":
            name, _assign, value = tree.children
            return ast.FragmentDecl(name.value, self.expr(value), self.tree_span(tree), self.token_span(name))
        abstract, kind_token, label, _extends_keyword, extends, body = tree.children
        return ast.Block(
            kind=kind_token.value,
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
        return self.string_literal(token, "a block label") if token.type == "STRING" else token.value

    def string_literal(self, token, what: str) -> str:
        node = self.string(token)
        if any(not isinstance(part, str) for part in node.parts):
            raise ParseError(Diagnostic(node.span, f"{what} cannot use ${{...}} interpolation"))
        return "".join(node.parts)

    def key(self, node) -> tuple[str, Span]:
        if node.type == "STRING":
            return self.string_literal(node, "a member name"), self.token_span(node)
        return node.value, self.token_span(node)

    # expressions -----------------------------------------------------------------------
    def object(self, tree) -> ast.ObjectExpr:
        entries = []
        for child in tree.children:
            if child is None or getattr(child, "type", None) == "COMMA":
                continue
            if child.data == "attribute":
                key_node, op, value = child.children
                key, key_span = self.key(key_node)
                entries.append(ast.Entry(key, key_span, op.value, self.expr(value), self.tree_span(child)))
            else:  # nested_block: `key { ... }` is `key = { ... }`
                key_node, body = child.children
                key, key_span = self.key(key_node)
                entries.append(ast.Entry(key, key_span, "{", self.object(body), self.tree_span(child)))
        return ast.ObjectExpr(tuple(entries), self.tree_span(tree))

    def expr(self, node) -> ast.Expr:
        from lark import Token

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
            return ast.Word(node.children[0].value, self.tree_span(node))
        if kind == "ref":
            return ast.Ref(tuple(t.value for t in node.children), self.tree_span(node))
        if kind == "call":
            name, *args = node.children
            args = [a for a in args if a is not None]
            return ast.Call(name.value, tuple(self.expr(a) for a in args), self.tree_span(node), self.token_span(name))
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
        span = self.token_span(token)
        raw = token.value[1:-1]
        line, column = span.line, span.column + 1
        parts = self.template(raw, lambda i: (line, column + i), escapes=True)
        return ast.Str(parts, span)

    def heredoc(self, token) -> ast.Str:
        span = self.token_span(token)
        header, _, rest = token.value.partition("\n")
        match = re.match(r"<<(-?)('?)", header)
        strip, raw = match.group(1) == "-", match.group(2) == "'"
        lines = rest.split("\n")[:-1]  # the last line is the closing marker
        indent = 0
        if strip:
            widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
            indent = min(widths) if widths else 0
        parts: list = []
        for number, text in enumerate(lines):
            body = text[indent:] + "\n"
            if raw:
                parts.append(body)
                continue
            line, column = span.line + 1 + number, indent + 1
            parts.extend(self.template(body, lambda i, line=line, column=column: (line, column + i), escapes=False))
        return ast.Str(tuple(_merge_literals(parts)), span, heredoc=True)

    def template(self, raw: str, position, escapes: bool) -> tuple:
        """Split string content into literal text and ${...} expressions."""
        parts: list = []
        literal: list[str] = []
        i = 0
        n = len(raw)
        while i < n:
            c = raw[i]
            if c == "\\" and escapes:
                i = self._escape(raw, i, literal, position)
                continue
            if c == "$" and raw.startswith("$${", i):
                literal.append("${")
                i += 3
                continue
            if c == "$" and raw.startswith("${", i):
                end = _closing_brace(raw, i + 2)
                if end < 0:
                    line, column = position(i)
                    raise ParseError(
                        Diagnostic(Span(self.path, line, column, line, column + 2), "'${' is never closed with '}'")
                    )
                inner = raw[i + 2 : end]
                if not inner.strip():
                    line, column = position(i)
                    raise ParseError(
                        Diagnostic(Span(self.path, line, column, line, column + 3), "empty interpolation '${}'")
                    )
                if literal:
                    parts.append("".join(literal))
                    literal = []
                line, column = position(i)
                whole = Span(self.path, line, column, line, column + len(inner) + 3)
                parts.append(self._interpolation(inner, whole))
                # parse_expression resets the lexer state; the outer parse has finished lexing.
                i = end + 1
                continue
            literal.append(c)
            i += 1
        if literal:
            parts.append("".join(literal))
        return tuple(parts)

    def _interpolation(self, inner: str, whole: Span) -> ast.Expr:
        """The expression inside `${...}`. Shell and Dockerfile text (`${HOME}`, `${USER:-x}`)
        is the commonest content of these strings, so anything that is not clearly an ibdsl
        expression is refused with the way to write it literally, never given a meaning."""
        literal = "$${" + inner + "}"
        advice = f"write {literal} for the literal text, or use a raw heredoc <<'EOT' that never interpolates"
        try:
            expr = parse_expression(self.path, inner, whole.line, whole.column + 2)
        except ParseError as e:
            if _IBDSL_EXPRESSION.match(inner):
                message = e.diagnostic.message.replace("the end of the file", "the closing '}'")
                raise ParseError(replace(e.diagnostic, message=message)) from None
            raise ParseError(
                Diagnostic(whole, f"'${{{inner}}}' is shell or template syntax, not an ibdsl expression; {advice}")
            ) from None
        for node in ast.expressions(expr):
            if isinstance(node, ast.Word):
                raise ParseError(
                    Diagnostic(
                        node.span,
                        f"'{node.name}' inside ${{...}} is not an ibdsl name (a bare word is an enum value, "
                        f"which has no place in a string); {advice}, or var.{node.name} for a variable",
                    )
                )
            if isinstance(node, ast.Int) and node is expr:
                raise ParseError(Diagnostic(whole, f"'${{{inner}}}' would insert the number {inner.strip()}; {advice}"))
        return expr

    def _escape(self, raw: str, i: int, literal: list[str], position) -> int:
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        if nxt in _ESCAPES:
            literal.append(_ESCAPES[nxt])
            return i + 2
        if nxt in ("u", "U"):
            width = 4 if nxt == "u" else 8
            digits = raw[i + 2 : i + 2 + width]
            if len(digits) == width and all(ch in "0123456789abcdefABCDEF" for ch in digits):
                code = int(digits, 16)
                if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                    literal.append(chr(code))
                    return i + 2 + width
        line, column = position(i)
        raise ParseError(
            Diagnostic(
                Span(self.path, line, column, line, column + 2),
                f"unknown escape '\\{nxt}'; known escapes are \\n \\t \\r \\\" \\\\ \\$ \\uXXXX \\UXXXXXXXX",
            )
        )


# What an ibdsl expression inside ${...} starts with: a reference, a call, a literal or a
# bracket. Anything else that fails to parse is taken for shell syntax.
_IBDSL_EXPRESSION = re.compile(
    r"\s*(?:(?:var|fragment|settings|component)\s*\.|[A-Za-z_][A-Za-z0-9_-]*\s*\(|[\"\[{(]|-?[0-9]+\s*\+|true\b|false\b)"
)


def _closing_brace(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            if depth == 0:
                return i
            depth -= 1
    return -1


def _merge_literals(parts: list) -> list:
    """Adjacent literal texts joined into one: each run joined once (a heredoc of many lines
    must not be built by repeated concatenation, which is quadratic)."""
    merged: list = []
    run: list[str] = []
    for part in parts:
        if isinstance(part, str):
            run.append(part)
            continue
        if run:
            merged.append("".join(run))
            run = []
        merged.append(part)
    if run:
        merged.append("".join(run))
    return merged

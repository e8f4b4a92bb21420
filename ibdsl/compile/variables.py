"""Typed variables: declarations with defaults, --var NAME=VALUE and --var-file FILE."""

from __future__ import annotations

import re

from .. import codes
from ..diagnostics import Diagnostic, Diagnostics, Span, UsageError
from ..files import display_path
from ..language import syntax as ast
from ..language.parser import ParseError, parse_expression
from ..language.sources import SourceCache, SourceError
from .values import Val, from_plain

TYPES = {
    "string": lambda d: isinstance(d, str),
    "number": lambda d: type(d) is int,
    "bool": lambda d: isinstance(d, bool),
    "list": lambda d: isinstance(d, list),
    "map": lambda d: isinstance(d, dict),
    "any": lambda d: True,
}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def constant(expr: ast.Expr) -> Val:
    """A literal value (var files and --var): no references, functions or interpolation."""
    if isinstance(expr, ast.Str):
        if any(not isinstance(part, str) for part in expr.parts):
            raise ParseError(Diagnostic(expr.span, "a variable value is a literal; it cannot use ${...}"))
        text = "".join(expr.parts)
        return Val(text, expr.span, origin=expr)  # its LiteralOrigin, when asked (origin_of)
    if isinstance(expr, (ast.Int, ast.Bool)):
        return Val(expr.value, expr.span)
    if isinstance(expr, ast.Word):
        return Val(expr.name, expr.span)
    if isinstance(expr, ast.ListExpr):
        return Val([constant(item) for item in expr.items], expr.span)
    if isinstance(expr, ast.ObjectExpr):
        data, keys = {}, {}
        for entry in expr.entries:
            if entry.op not in ("=", "{"):
                raise ParseError(
                    Diagnostic(entry.key_span, f"'{entry.op}' has no meaning in a value; write `{entry.key} = ...`")
                )
            data[entry.key] = constant(entry.value)
            keys[entry.key] = entry.key_span
        return Val(data, expr.span, keys)
    raise ParseError(Diagnostic(expr.span, "a variable value is a literal: a string, number, boolean, list or map"))


def read_var_file(path: str, sources: SourceCache, diagnostics: Diagnostics) -> dict[str, tuple[Val, Span]]:
    """NAME -> (value, span of the name). JSON files hold an object; others `name = value` lines."""
    shown = display_path(path)
    try:
        text = sources.read(shown, what="var file")
    except SourceError as e:
        if e.unreadable:
            raise UsageError(f"--var-file: {e.diagnostic.message}") from None
        diagnostics.add(e.diagnostic)
        return {}
    if path.endswith(".json"):
        from ..safejson import JsonProblem, loads

        try:
            data = loads(text)
        except JsonProblem as e:
            diagnostics.error(Span.point(shown, e.line, e.column), f"var file: {e.message}", code=codes.UNREADABLE_FILE)
            return {}
        if not isinstance(data, dict):
            diagnostics.error(
                Span.point(shown), 'a JSON var file holds one object: {"name": value, ...}', code=codes.UNREADABLE_FILE
            )
            return {}
        return {name: (from_plain(value, Span.point(shown)), Span.point(shown)) for name, value in data.items()}
    try:
        # The body of an object, parsed from column 0 so that positions match the file.
        expr = parse_expression(shown, "{" + text + "\n}", 1, 0)
        value = constant(expr)
    except ParseError as e:
        diagnostics.add(e.diagnostic)
        return {}
    return {name: (item, value.keys[name]) for name, item in value.data.items()}


def parse_cli_var(text: str) -> tuple[str, str]:
    name, sep, raw = text.partition("=")
    if not sep or not _NAME.match(name):
        raise UsageError(f"--var {text!r}: write --var NAME=VALUE")
    return name, raw


class VariableValues:
    """The values given for variables: --var and var files, read and checked against the
    declarations. Only data: defaults and uses are evaluated by the Evaluator (names.py)."""

    def __init__(self, project, diagnostics: Diagnostics, cli_vars: list[str] = (), var_files: list[str] = ()):
        self.project = project
        self.diagnostics = diagnostics
        self._given: dict[str, Val] = {}
        self._from_cli: set[str] = set()
        declared = project.variables
        for path in var_files:
            for name, (value, name_span) in read_var_file(path, project.sources, diagnostics).items():
                if name not in declared:
                    diagnostics.error(
                        name_span,
                        f"the var file sets '{name}', but no variable '{name}' is declared{_known(declared)}",
                        code=codes.UNDEFINED_NAME,
                    )
                    continue
                self._given[name] = value
        for text in cli_vars:
            name, raw = parse_cli_var(text)
            if name not in declared:
                raise UsageError(f"--var {name}: no variable '{name}' is declared{_known(declared)}")
            self._given[name] = self._cli_value(name, raw, declared[name].node.type_name)
            self._from_cli.add(name)

    def _cli_value(self, name: str, raw: str, type_name_: str) -> Val:
        here = Span.point("<command line>")
        if type_name_ == "string":
            return Val(raw, here)
        if type_name_ == "number":
            if not re.fullmatch(r"-?[0-9]{1,18}", raw):
                raise UsageError(f"--var {name}={raw}: variable '{name}' is a number")
            return Val(int(raw), here)
        if type_name_ == "bool":
            if raw not in ("true", "false"):
                raise UsageError(f"--var {name}={raw}: variable '{name}' is a bool (true or false)")
            return Val(raw == "true", here)
        try:
            return constant(parse_expression("<command line>", raw))
        except ParseError as e:
            raise UsageError(f"--var {name}={raw}: {e.diagnostic.message}") from None

    def given(self, name: str) -> Val | None:
        """The value --var or a var file gives, if any."""
        return self._given.get(name)

    def from_command_line(self, name: str) -> bool:
        return name in self._from_cli


def _known(declared: dict) -> str:
    return f" (declared: {', '.join(sorted(declared))})" if declared else " (this project declares no variables)"

"""Typed variables: declarations with defaults, --var NAME=VALUE and --var-file FILE."""

from __future__ import annotations

import re

from .. import codes
from ..diagnostics import Diagnostic, Diagnostics, Note, Span, UsageError
from ..files import display_path
from ..language import syntax as ast
from ..language.origins import LiteralOrigin
from ..language.parser import ParseError, parse_expression
from ..language.sources import SourceCache, SourceError
from .values import Val, from_plain, respan, type_name

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
        return Val(text, expr.span, origin=LiteralOrigin(text, expr))
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
    """The value of each variable: --var, then var files, then the declared default."""

    def __init__(self, project, diagnostics: Diagnostics, cli_vars: list[str] = (), var_files: list[str] = ()):
        self.project = project
        self.diagnostics = diagnostics
        self._given: dict[str, Val] = {}
        self._from_cli: set[str] = set()
        self._cache: dict[str, Val | None] = {}
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

    def check_declarations(self, evaluator) -> None:
        """Report bad types and defaults even for variables nothing uses."""
        for name, declared in self.project.variables.items():
            decl: ast.VariableDecl = declared.node
            if decl.type_name not in TYPES:
                self.diagnostics.error(
                    decl.type_span,
                    f"unknown type '{decl.type_name}'; types are {', '.join(TYPES)}",
                    code=codes.UNDEFINED_NAME,
                )
                continue
            if name in self._given:
                value = self._given[name]
                if not TYPES[decl.type_name](value.data):
                    where = value.span if name not in self._from_cli else decl.name_span
                    self.diagnostics.error(
                        where,
                        f"variable '{name}' is a {decl.type_name}, but the value given is {type_name(value.data)}",
                        code=codes.TYPE_MISMATCH,
                    )
            elif decl.default is not None:
                value = evaluator.evaluate(decl.default, declared.module)
                if value is not None and not TYPES[decl.type_name](value.data):
                    self.diagnostics.error(
                        decl.default.span,
                        f"the default of '{name}' is {type_name(value.data)}, but the variable is a {decl.type_name}",
                        code=codes.TYPE_MISMATCH,
                    )

    def use(self, evaluator, name: str, span: Span, module: str) -> Val:
        declared = evaluator.visible_declaration(self.project.variables, name, "variable", name, span, module)
        decl: ast.VariableDecl = declared.node
        if name not in self._cache:
            value = self._given.get(name)
            if value is None and decl.default is not None:
                value = evaluator.evaluate(decl.default, declared.module)
                if value is None:
                    self._cache[name] = None
            elif value is None:
                evaluator.fail(
                    span,
                    f"var.{name} has no value: pass --var {name}=VALUE or a --var-file, or give it a default",
                    Note("declared here", decl.name_span),
                    code=codes.INVALID_REFERENCE,
                )
            if value is not None and decl.type_name in TYPES and not TYPES[decl.type_name](value.data):
                value = None  # check_declarations reports the mismatch once, at its source
            self._cache[name] = value
        value = self._cache[name]
        if value is None:
            from .evaluate import EvaluationError

            raise EvaluationError()
        if name in self._from_cli:
            value = respan(value, span)  # the command line has no source line: point at the use
        return evaluator.charge(value, span)


def _known(declared: dict) -> str:
    return f" (declared: {', '.join(sorted(declared))})" if declared else " (this project declares no variables)"

"""Protocol answers: diagnostics, hover, completion, definitions, symbols and formatting, built
from lint results, syntax trees and the schemas. Positions: ibdsl counts characters from 1,
the protocol counts UTF-16 code units from 0."""

from __future__ import annotations

import os
import re
from pathlib import Path

from lsprotocol import types

from ..diagnostics import Diagnostic, Span
from ..domain.kinds import BLOCK_KINDS
from ..language import syntax as ast
from . import cursor, members

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
KEYWORDS = ("abstract", "variable", "fragment", "import", "settings")


def uri_of(path: str) -> str:
    return Path(os.path.abspath(path)).as_uri()


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position(line_text: str | None, line: int, column: int) -> types.Position:
    """1-based (line, character column) -> the protocol's 0-based UTF-16 position."""
    prefix = (line_text or "")[: column - 1]
    return types.Position(line=max(line - 1, 0), character=_units(prefix) + max(column - 1 - len(prefix), 0))


def span_range(span: Span, line_of) -> types.Range:
    return types.Range(
        start=position(line_of(span.path, span.line), span.line, span.column),
        end=position(line_of(span.path, span.end_line), span.end_line, span.end_column),
    )


def columns(text: str, at: types.Position) -> tuple[str, int, int]:
    """(the line's text, 1-based line, 1-based character column) of a protocol position."""
    lines = text.split("\n")
    line_text = lines[at.line] if at.line < len(lines) else ""
    units, index = 0, 0
    while index < len(line_text) and units < at.character:
        units += _units(line_text[index])
        index += 1
    return line_text, at.line + 1, index + 1


def split_at(text: str, at: types.Position) -> tuple[str, str]:
    """The text before and after a protocol position."""
    lines = text.split("\n")
    _line_text, _line, column = columns(text, at)
    if at.line >= len(lines):
        return text, ""
    before = "\n".join(lines[: at.line] + [lines[at.line][: column - 1]])
    return before, text[len(before) :]


# --- diagnostics ---------------------------------------------------------------------------


def rule_doc_uri(code: str, base: str | None) -> str | None:
    """Where a rule's documentation is: the configured base URL, or the docs/rules/ of the
    source checkout ibdsl runs from."""
    if base:
        return base.rstrip("/") + f"/{code}.md"
    local = Path(__file__).resolve().parents[2] / "docs" / "rules" / f"{code}.md"
    return local.as_uri() if local.is_file() else None


def diagnostic(finding: Diagnostic, line_of, docs_base: str | None) -> types.Diagnostic:
    href = rule_doc_uri(finding.code, docs_base) if finding.code else None
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri_of(note.span.path), range=span_range(note.span, line_of)),
            message=note.message,
        )
        for note in finding.notes
        if note.span is not None
    ]
    message = finding.message
    unplaced = [note.message for note in finding.notes if note.span is None]
    if unplaced:
        message += "\n" + "\n".join(unplaced)
    return types.Diagnostic(
        range=span_range(finding.span, line_of),
        message=message,
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Error),
        code=finding.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source="ibdsl",
        related_information=related or None,
    )


# --- symbols -------------------------------------------------------------------------------


def symbols(module: ast.Module, line_of) -> list[types.DocumentSymbol]:
    out = []
    for item in module.items:
        whole = span_range(item.span, line_of)
        if isinstance(item, ast.Import):
            out.append(
                types.DocumentSymbol(
                    name=f'import "{item.path}"', kind=types.SymbolKind.File, range=whole, selection_range=whole
                )
            )
        elif isinstance(item, ast.VariableDecl):
            out.append(
                types.DocumentSymbol(
                    name=f"var.{item.name}", detail=item.type_name, kind=types.SymbolKind.Variable,
                    range=whole, selection_range=span_range(item.name_span, line_of),
                )
            )  # fmt: skip
        elif isinstance(item, ast.FragmentDecl):
            out.append(
                types.DocumentSymbol(
                    name=f"fragment.{item.name}", kind=types.SymbolKind.Constant,
                    range=whole, selection_range=span_range(item.name_span, line_of),
                )
            )  # fmt: skip
        else:
            name = item.kind if item.label is None else f"{item.kind}.{item.label}"
            detail = ("abstract " if item.abstract else "") + (f"extends {item.extends}" if item.extends else "")
            out.append(
                types.DocumentSymbol(
                    name=name, detail=detail.strip() or None, kind=types.SymbolKind.Class, range=whole,
                    selection_range=span_range(item.label_span or item.kind_span, line_of),
                    children=_members(item.body, line_of),
                )
            )  # fmt: skip
    return out


def _members(body: ast.ObjectExpr, line_of) -> list[types.DocumentSymbol]:
    out = []
    for entry in body.entries:
        children = _members(entry.value, line_of) if isinstance(entry.value, ast.ObjectExpr) else None
        out.append(
            types.DocumentSymbol(
                name=entry.key, kind=types.SymbolKind.Field, range=span_range(entry.span, line_of),
                selection_range=span_range(entry.key_span, line_of), children=children or None,
            )
        )  # fmt: skip
    return out


# --- definitions ---------------------------------------------------------------------------


def definition_span(hit: cursor.Hit, module_path: str, project) -> Span | None:
    """Where what the cursor names is declared, in the project's declaration tables."""
    if hit.what == "import":
        target = os.path.join(project.directory.get(module_path, os.path.dirname(module_path)), hit.node.path)
        return Span.point(os.path.normpath(target)) if os.path.isfile(target) else None
    if hit.what == "call" and hit.node.name == "file" and hit.node.args and isinstance(hit.node.args[0], ast.Str):
        relative = "".join(p for p in hit.node.args[0].parts if isinstance(p, str))
        target = os.path.join(project.directory.get(module_path, os.path.dirname(module_path)), relative)
        return Span.point(os.path.normpath(target)) if os.path.isfile(target) else None
    if hit.what == "extends":
        declared = project.resources.get((hit.block.kind, hit.block.extends))
        return declared.node.label_span if declared else None
    if hit.what != "ref" or len(hit.node.parts) < 2:
        return None
    head, name = hit.node.parts[0], hit.node.parts[1]
    if head == "var":
        declared = project.variables.get(name)
        return declared.node.name_span if declared else None
    if head == "fragment":
        declared = project.fragments.get(name)
        return declared.node.name_span if declared else None
    if head == "settings":
        return project.settings[0].node.kind_span if project.settings else None
    declared = project.resources.get((head, name))
    return declared.node.label_span if declared else None


# --- hover ---------------------------------------------------------------------------------

_SUPPRESSION = re.compile(r"ibdsl:\s*ignore\[[^\]]*\]")


def rule_hover(line_text: str, column: int) -> str | None:
    """The documentation of a rule code written in a suppression comment at 0-based `column`."""
    from ..lint.registry import BY_CODE

    for match in _SUPPRESSION.finditer(line_text):
        for code in re.finditer(r"[A-Za-z]+[0-9]+", match.group(0)):
            start, end = match.start() + code.start(), match.start() + code.end()
            if start <= column <= end:
                rule = BY_CODE.get(code.group(0).upper())
                if rule is None:
                    return f"`{code.group(0)}`: no such rule; `ibdsl rules` lists them"
                return f"**{rule.code}** {rule.name} ({rule.severity})\n\n{rule.summary}\n\n{rule.doc}"
    return None


def reference_hover(hit: cursor.Hit, result) -> str | None:
    from ..compile.payloads import arn_of

    project = result.compiled.project
    if hit.what == "label":  # a block's own label: what references to it compile to
        head, name = hit.block.kind, hit.block.label
    else:
        head, name = hit.node.parts[0], hit.node.parts[1] if len(hit.node.parts) > 1 else ""
    if head == "var" and name in project.variables:
        declared = project.variables[name]
        return f"variable `{name}`: {declared.node.type_name}, declared in {declared.module}"
    if head == "fragment" and name in project.fragments:
        return f"fragment `{name}`, declared in {project.fragments[name].module}"
    if head == "settings":
        value = getattr(result.compiled.settings, name, None)
        return f"settings.{name} = `{value}`" if value else f"settings.{name} is not set"
    kind = BLOCK_KINDS.get(head)
    if kind is None:
        return None
    resource = next((r for r in result.compiled.resources if r.kind is kind and r.name == name), None)
    if resource is None:
        declared = project.resources.get((head, name))
        if declared is not None and declared.node.abstract:
            return f"{head} `{name}` is abstract: it is never created, so it has no ARN"
        return None
    arn = arn_of(result.compiled, resource)
    where = f"declared in {project.resources[(head, name)].module}" if (head, name) in project.resources else ""
    if arn is None:
        return f"{head} `{name}` ({where}); its ARN needs a region and an account (a settings block)"
    return f"{head} `{name}` compiles to\n\n`{arn}`\n\n{where}"


def member_hover(before_word: str, word: str) -> str | None:
    """The documentation of the member named at the cursor, or of the member whose value it is."""
    context = cursor.text_context(before_word)
    if context.in_string or context.in_comment:
        return None
    if not context.frames:
        kind = BLOCK_KINDS.get(word)
        return f"`{word}` block: compiles to boto3 `imagebuilder.{kind.operation}`" if kind else None
    path = frame_path(context)
    statement = context.statement
    if ("punct", "=") in statement and statement[0][0] in ("name", "string"):
        path.append(statement[0][1].strip('"'))
    elif context.frames[-1].bracket == "[":
        pass  # an item of a list: the list's member
    else:
        path.append(word)
    place = members.place(context.block, path)
    return members.describe(place) if place is not None and place.member else None


def frame_path(context: cursor.TextContext) -> list:
    path: list = []
    for frame in context.frames[1:]:
        if frame.key is not None:
            path.append(frame.key)
        if frame.bracket == "[":
            path.append(members.ITEM)
    return path

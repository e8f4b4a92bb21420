"""Completion: what may be written at the cursor, read from the text before it (the file
rarely parses mid-edit), the schemas, the project's declarations and the catalog."""

from __future__ import annotations

import re

from lsprotocol import types

from ..domain.kinds import BLOCK_KINDS
from . import cursor, members
from .features import KEYWORDS, frame_path

_MANAGED_CALL = re.compile(r"\b(aws_component|aws_image)\(\s*\"([^\"]*)$")
_SETTINGS = ("region", "account", "partition")


def complete(before: str, after: str, module: str, project, catalog) -> list[types.CompletionItem]:
    """`before` and `after`: the text around the cursor; `module`: the display path of the
    file; `project`: the last loaded project that holds it (None before the first lint);
    `catalog`: the configured Catalog or None."""
    context = cursor.text_context(before)
    if context.in_comment:
        return []
    if context.in_string:
        call = _MANAGED_CALL.search(before)
        if call is None or catalog is None:
            return []
        kind = "component" if call.group(1) == "aws_component" else "image"
        return [
            _item(name, types.CompletionItemKind.Module, f"AWS-managed {kind}") for name in catalog.names(kind, "aws")
        ]
    word = cursor.word_before(before)
    if "." in word:
        return _names(word.rsplit(".", 1)[0], module, project)
    if not context.frames:
        return [_item(k, types.CompletionItemKind.Keyword, "block") for k in (*BLOCK_KINDS, *KEYWORDS)]
    path = frame_path(context)
    statement = context.statement
    value_position = ("punct", "=") in statement or context.frames[-1].bracket == "["
    if value_position and context.frames[-1].bracket == "{":
        path.append(statement[0][1].strip('"'))
    place = members.place(context.block, path)
    if not value_position:
        written = context.frames[-1].keys | cursor.keys_after(after)  # a member is written once
        if context.block == "settings" and len(context.frames) == 1:
            return [_item(n, types.CompletionItemKind.Property, "setting") for n in _SETTINGS if n not in written]
        if place is None:
            return []
        return [
            _item(name, types.CompletionItemKind.Property, api, insert=f"{name} = ")
            for name, api in members.member_names(place)
            if name not in written
        ]
    items = []
    if place is not None:
        items += [_item(value, types.CompletionItemKind.EnumMember, "enum value") for value in place.enum()]
        if place.node.get("type") == "boolean":
            items += [_item(value, types.CompletionItemKind.Value, "boolean") for value in ("true", "false")]
        wanted = _arn_kind(place.member)
        if wanted is not None and project is not None:
            items += _names(wanted.block, module, project, qualified=True)
    items += [_item(prefix, types.CompletionItemKind.Module, "reference") for prefix in ("var.", "fragment.")]
    return items


def _arn_kind(member: str | None):
    from ..compile.compiler import ARN_MEMBERS

    return ARN_MEMBERS.get(member or "")


def _names(prefix: str, module: str, project, qualified: bool = False) -> list[types.CompletionItem]:
    """The names `prefix.` can be followed by, among the declarations `module` sees; `qualified`:
    as whole references (`component.NAME`), where the prefix is not typed yet."""
    if prefix == "settings":
        return [
            _item(f"settings.{name}", types.CompletionItemKind.Property, "setting", label=name) for name in _SETTINGS
        ]
    if project is None:
        return []
    visible = project.visible(module) if module in project.modules else frozenset(project.modules)
    if prefix == "var":
        kind, names = types.CompletionItemKind.Variable, list(project.variables.items())
    elif prefix == "fragment":
        kind, names = types.CompletionItemKind.Constant, list(project.fragments.items())
    elif prefix in BLOCK_KINDS:
        kind = types.CompletionItemKind.Reference
        names = [(label, d) for (k, label), d in project.resources.items() if k == prefix and not d.node.abstract]
    else:
        return []
    return [
        _item(f"{prefix}.{name}", kind, f"declared in {declared.module}", label=None if qualified else name)
        for name, declared in sorted(names, key=lambda pair: pair[0])
        if declared.module in visible
    ]


def _item(text: str, kind, detail: str, insert: str | None = None, label: str | None = None) -> types.CompletionItem:
    return types.CompletionItem(
        label=label or text,
        kind=kind,
        detail=detail,
        insert_text=insert or (label if label else text),
        filter_text=label or text,
    )

"""YAML documents (AWSTOE component and workflow documents) read into nodes that keep their
place in the text, so a finding can point at the line inside the document.

PyYAML's compose() builds nodes without constructing objects (nothing is executed, no
classes, no tags acted on) and every node keeps its start and end offset. Working on nodes
rather than loaded values also keeps the text as written: `on`, `yes` and `1.0` stay the text
AWSTOE's Go reader sees, not YAML 1.1 booleans and floats. Aliases reuse one node, and walks
visit each node once, so an alias bomb costs nothing. The C parser (libyaml, bundled in
PyYAML's wheels) is used when present: about 18 times faster, the same offsets, and it refuses
nesting over 1,000 levels itself; the pure-Python parser words the errors, so messages are the
same on every machine. The module imports yaml only when a document is parsed.
"""

from __future__ import annotations

import re

EXPRESSION = re.compile(r"\{\{([^{}\n]*)\}\}")


class YamlProblem:
    __slots__ = ("message", "start", "end")

    def __init__(self, message: str, start: int, end: int) -> None:
        self.message, self.start, self.end = message, start, end  # start, end: offsets into the text


class Parsed:
    """One document: its root node (None when empty or broken), the parse error, and what a
    walk of every node found."""

    __slots__ = ("text", "root", "error", "unquoted_templates", "duplicates", "second_document")

    def __init__(self, text: str) -> None:
        self.text = text
        self.root: object = None
        self.error: YamlProblem | None = None
        # (node, offset) of a value that starts with {{ without quotes: YAML read a flow mapping.
        self.unquoted_templates: list = []
        # (key node, first key node) for each key repeated in one mapping.
        self.duplicates: list = []
        # Offset of a second document's start (`---`): only the first is read, as Go's
        # yaml.Unmarshal does; whether AWSTOE refuses the rest is not documented.
        self.second_document: int | None = None


def parse(text: str) -> Parsed:
    """The document's nodes, or its YAML error. Callers keep the result (lint/documents.py
    keeps it on the compiled resource, so every rule of a run shares one parse)."""
    import yaml

    parsed = Parsed(text)
    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    try:
        parsed.root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        parsed.error = _problem(yaml, text)
        if parsed.error.message == _ANOTHER_DOCUMENT:
            parsed.second_document, parsed.error = parsed.error.start, None
            parsed.root = next(yaml.compose_all(text, Loader=loader))  # composes the first only
    except RecursionError:
        parsed.error = _too_deep(yaml, text)
    if parsed.root is not None:
        _walk(yaml, parsed)
    return parsed


_ANOTHER_DOCUMENT = "expected a single document in the stream, but found another document"
NESTING = 1000  # libyaml's limit; Python's parser meets its recursion limit sooner


def _problem(yaml, text: str) -> YamlProblem:
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context_mark is not None and (e.problem or "").startswith("found unexpected end of stream"):
            mark = e.context_mark  # an unclosed quote or bracket: where it opened, not the file's end
        if e.problem == "exceeded maximum nesting depth":  # libyaml's words (the C parser's error)
            return _too_deep(yaml, text)
        words = ", ".join(part for part in (e.context, e.problem) if part)  # "while parsing X, expected Y"
        start = mark.index if mark else 0
        return YamlProblem(words or "not valid YAML", start, start + 1)
    except yaml.YAMLError as e:
        return YamlProblem(str(e), 0, 1)
    except RecursionError:
        return _too_deep(yaml, text)
    return YamlProblem("not valid YAML", 0, 1)  # the C parser refused what Python's accepts


def _too_deep(yaml, text: str) -> YamlProblem:
    """Nesting too deep to read, at the token where it passed libyaml's limit (or, when Python's
    parser gave up sooner, the deepest one): the scanner reads tokens without recursing."""
    opening = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
    opening += (yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)
    closing = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)
    depth = deepest = at = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            depth += isinstance(token, opening) - isinstance(token, closing)
            if depth > deepest:
                deepest, at = depth, token.start_mark.index
            if depth > NESTING:
                break
    except yaml.YAMLError:
        pass  # the tokens up to a scanner error are enough
    levels = f"more than {NESTING:,} levels" if deepest > NESTING else f"{deepest} levels"
    return YamlProblem(f"nested too deeply to read ({levels})", at, at + 1)


def _walk(yaml, parsed: Parsed) -> None:
    seen: set[int] = set()
    stack = [parsed.root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            if node.flow_style and node.value and isinstance(node.value[0][0], yaml.MappingNode):
                parsed.unquoted_templates.append(node)
                continue
            first: dict[str, object] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    earlier = first.setdefault(key.value, key)
                    if earlier is not key:
                        parsed.duplicates.append((key, earlier))
                stack.append(value)
                stack.append(key)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


# --- reading nodes ---------------------------------------------------------------------------


def kind(node) -> str:
    """scalar, map or list (None for a missing node)."""
    if node is None:
        return "none"
    return {"ScalarNode": "scalar", "MappingNode": "map", "SequenceNode": "list"}[type(node).__name__]


def is_null(node) -> bool:
    return node is None or (kind(node) == "scalar" and node.tag.endswith(":null"))


def text_of(node) -> str | None:
    """A scalar's text as written (unquoted), or None for a mapping or list."""
    return node.value if kind(node) == "scalar" else None


MERGE = "tag:yaml.org,2002:merge"


def entries(node, _seen: frozenset = frozenset()) -> list[tuple[str, object, object]]:
    """(key text, key node, value node) of a mapping, in order; keys that are not text skipped.
    A merge key (`<<: *defaults`, which Go's YAML readers apply too) adds the keys of the
    mappings it names that the mapping does not set itself."""
    if kind(node) != "map" or id(node) in _seen:
        return []
    own = [(key.value, key, value) for key, value in node.value if kind(key) == "scalar" and key.tag != MERGE]
    merged = [value for key, value in node.value if kind(key) == "scalar" and key.tag == MERGE]
    if not merged:
        return own
    names = {name for name, _, _ in own}
    for source in merged:
        for part in items(source) if kind(source) == "list" else [source]:
            for entry in entries(part, _seen | {id(node)}):
                if entry[0] not in names:
                    names.add(entry[0])
                    own.append(entry)
    return own


def members(node) -> dict[str, tuple[object, object]]:
    """key text -> (key node, value node); the first of repeated keys."""
    found: dict[str, tuple[object, object]] = {}
    for name, key, value in entries(node):
        found.setdefault(name, (key, value))
    return found


def items(node) -> list:
    return list(node.value) if kind(node) == "list" else []


def scalars(node) -> list:
    """Every scalar under `node`, each once, in document order."""
    found, seen, stack = [], set(), [node]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        shape = kind(current)
        if shape == "scalar":
            found.append(current)
        elif shape == "list":
            stack.extend(reversed(current.value))
        elif shape == "map":
            for key, value in reversed(current.value):
                stack.append(value)
                stack.append(key)
    return found


def multiline_scalars(root) -> list[tuple[set[int], int, int]]:
    """(header lines, first line, last line), 0-based, of each scalar written over several
    lines: a block scalar (`|`, `>`) or a folded quoted one. Its header lines are the line it
    starts on (`content: |`, `- |`) and the line of its key, where a comment can stand."""
    found, seen, stack = [], set(), [(None, root)]
    while stack:
        key, node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        shape = kind(node)
        if shape == "scalar":
            start, end = node.start_mark.line, node.end_mark.line
            if node.end_mark.column == 0:
                end -= 1  # a block scalar ends at the start of the line after its text
            if end > start:
                found.append(({start} | ({key.start_mark.line} if key is not None else set()), start, end))
        elif shape == "list":
            stack.extend((None, item) for item in node.value)
        elif shape == "map":
            stack.extend(node.value)
    return found


def expressions(text: str, node) -> list[tuple[str, int, int]]:
    """(content, start, end) of each {{ ... }} in a scalar as written, offsets into `text`."""
    raw = text[node.start_mark.index : node.end_mark.index]
    if "{{" not in raw:
        return []
    base = node.start_mark.index
    return [(m.group(1), base + m.start(), base + m.end()) for m in EXPRESSION.finditer(raw)]


_INTEGER = re.compile(r"[-+]?(?:[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+|0b[01]+)")


def integer(node) -> int | None:
    """The whole number a scalar holds, plain (600) or quoted ("600": a reader that wants a
    number may convert the text, so quotes are not judged), in decimal or in the hex, octal
    and binary forms Go's YAML reader takes (0x10, 0o17, 0b11)."""
    value = text_of(node)
    if value is None or not _INTEGER.fullmatch(value):
        return None
    digits = value.lstrip("+-")
    number = int(digits, 0) if digits[1:2] in ("x", "o", "b") else int(digits)
    return -number if value.startswith("-") else number

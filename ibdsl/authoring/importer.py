"""`ibdsl import`: API JSON back to .ib source that compiles to the same payload.

Accepted documents: a create payload (the boto3 keyword arguments; clientToken and dryRun are
ignored), a get response ({"imageRecipe": {...}} and the like; members the create operation
does not take are dropped and `version` becomes semantic_version), or compile's own
{"resources": [...]} document. Import is faithful: content that breaks lint rules comes in as
it is; only what the language cannot represent (null, fractional numbers, members the
operation does not have) is refused, with the payload path.
"""

from __future__ import annotations

import base64
import binascii
import re

from ..compile.schema import TYPE_WORDS, load_schema
from ..domain.kinds import KINDS, OUTPUT_KINDS, RESPONSE_KINDS, Kind
from ..language.fmt import KEYWORDS, format_text, quote
from ..naming import snake

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
CALL_ONLY = {"clientToken", "dryRun"}


class ImportError_(Exception):
    """The document cannot be imported; the message says what, `line`/`column` where (if known)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line, self.column = line, column

    def where(self, path: str) -> str:
        return f"{path}:{self.line}:{self.column}" if self.line else path


class KindNeeded(ImportError_):
    """The kind cannot be inferred: --kind is needed."""


def import_document(document, kind: str | None = None) -> str:
    resources = _resources(document, kind)
    blocks = [_block(OUTPUT_KINDS[k], payload) for k, payload in resources]
    return format_text("<import>", "\n".join(blocks))


def _resources(document, kind: str | None) -> list[tuple[str, dict]]:
    if not isinstance(document, dict):
        raise ImportError_("the document must be a JSON object")
    if isinstance(document.get("resources"), list):
        out = []
        for index, item in enumerate(document["resources"]):
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("kind"), str)
                or item["kind"] not in OUTPUT_KINDS
                or not isinstance(item.get("payload"), dict)
            ):
                raise ImportError_(f"resources[{index}] needs a kind ({', '.join(OUTPUT_KINDS)}) and a payload object")
            out.append((item["kind"], _create_payload(item["payload"], item["kind"], f"resources[{index}].payload")))
        return out
    gets = [key for key in RESPONSE_KINDS if isinstance(document.get(key), dict)]
    if len(gets) == 1 and set(document) <= {gets[0], "requestId", "latestVersionReferences"}:
        output_kind = RESPONSE_KINDS[gets[0]].output
        return [(output_kind, _from_get(document[gets[0]], output_kind))]
    payload = {k: v for k, v in document.items() if k not in CALL_ONLY}
    output_kind = kind or _infer_kind(payload)
    return [(output_kind, _create_payload(payload, output_kind, ""))]


def _properties(output_kind: str) -> dict:
    return load_schema(OUTPUT_KINDS[output_kind].operation).document["properties"]


def _infer_kind(payload: dict) -> str:
    known = set().union(*(load_schema(kind.operation).document["properties"] for kind in KINDS))
    strangers = [key for key in payload if key not in known]
    if strangers:
        raise ImportError_(f"{strangers[0]} is not a member of any create operation ibdsl knows")
    candidates = []
    for kind in KINDS:
        document = load_schema(kind.operation).document
        if set(payload) <= set(document["properties"]) and set(document.get("required", ())) <= set(payload):
            candidates.append(kind.output)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise KindNeeded(f"this payload could be any of {', '.join(candidates)}; pass --kind")
    raise KindNeeded(
        "cannot tell which kind of resource this payload is (its members fit no create operation); "
        f"pass --kind ({', '.join(OUTPUT_KINDS)})"
    )


def _create_payload(payload: dict, output_kind: str, where: str) -> dict:
    payload = {k: v for k, v in payload.items() if k not in CALL_ONLY}
    properties = _properties(output_kind)
    unknown = [k for k in payload if k not in properties]
    if unknown:
        at = f"{where}." if where else ""
        raise ImportError_(
            f"{at}{unknown[0]} is not a member of {OUTPUT_KINDS[output_kind].operation}; "
            f"is --kind right? ({output_kind} takes {', '.join(properties)})"
        )
    if not isinstance(payload.get("name"), str):
        raise ImportError_(f"{where or 'the payload'} has no name")
    return payload


def _from_get(resource: dict, output_kind: str) -> dict:
    """A get response's resource as a create payload: only members the create takes."""
    properties = _properties(output_kind)
    payload = {k: v for k, v in resource.items() if k in properties}
    if OUTPUT_KINDS[output_kind].versioned and "version" in resource:
        version = str(resource["version"]).split("/")[0]
        payload["semanticVersion"] = version
    if not isinstance(payload.get("name"), str):
        raise ImportError_("the resource has no name")
    return payload


# --- rendering ----------------------------------------------------------------------------


def _block(kind: Kind, payload: dict) -> str:
    schema = load_schema(kind.operation)
    order = schema.document["properties"]  # the API model's order, as compile emits it
    body = {k: payload[k] for k in order if k in payload and k != "name"}
    lines = _members(schema, schema.document, body, "", (kind.output,))
    return f"{kind.block} {quote(payload['name'])} {{\n" + "".join(lines) + "}\n"


def _members(schema, node: dict, value: dict, indent: str, path: tuple) -> list[str]:
    _, node = schema.resolve(node)
    properties = node["properties"]
    inner = indent + "  "
    lines = []
    for key, item in value.items():
        if key not in properties:
            raise ImportError_(f"{_where(path)}.{key} is not a member the language knows")
        _, child = schema.resolve(properties[key])
        name = snake(key)
        if child.get("type") == "object" and "properties" in child and isinstance(item, dict):
            lines.append(f"{inner}{name} {{\n")
            lines.extend(_members(schema, child, item, inner, path + (key,)))
            lines.append(f"{inner}}}\n")
        else:
            lines.append(f"{inner}{name} = {_value(schema, properties[key], item, inner, path + (key,))}\n")
    return lines


class Reference(str):
    """`<kind>.NAME` to write as it is: another resource of the imported document."""


def _text_or_reference(value: str) -> str:
    return str(value) if isinstance(value, Reference) else _text(value)


def _value(schema, node: dict, value, indent: str, path: tuple) -> str:
    shape, node = schema.resolve(node)
    if isinstance(value, Reference):
        return str(value)
    if value is None:
        raise ImportError_(f"{_where(path)} is null; ibdsl has no null (leave the member out)")
    if isinstance(value, float):
        raise ImportError_(f"{_where(path)} is {value}; ibdsl numbers are whole numbers")
    if shape == "ComponentConfiguration" and isinstance(value, dict):
        return _component(schema, node, value, indent, path)
    if shape == "UserDataOverride" and isinstance(value, str):
        return _user_data(value)
    kind = node.get("type")
    if kind == "array" and isinstance(value, list):
        items = [_value(schema, node["items"], item, indent + "  ", path + (i,)) for i, item in enumerate(value)]
        if not items:
            return "[]"
        if all("\n" not in item for item in items) and sum(len(i) for i in items) < 80:
            return "[" + ", ".join(items) + "]"
        return "[\n" + "".join(f"{indent}  {item},\n" for item in items) + f"{indent}]"
    if kind == "object" and isinstance(value, dict):
        if "properties" in node:
            lines = _members(schema, node, value, indent, path)
            return "{\n" + "".join(lines) + f"{indent}}}" if lines else "{}"
        if not value:
            return "{}"
        value_node = node.get("additionalProperties", {})
        entries = "".join(
            f"{indent}  {_key(k)} = {_value(schema, value_node, v, indent + '  ', path + (k,))}\n"
            for k, v in value.items()
        )
        return "{\n" + entries + f"{indent}}}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            raise ImportError_(f"{_where(path)} holds a lone UTF-16 surrogate, which no text file can hold")
        if "enum" in node and value in node["enum"] and _NAME.match(value) and value not in KEYWORDS:
            return value
        return _text(value)
    if isinstance(value, (list, dict)):
        raise ImportError_(
            f"{_where(path)} is a {'list' if isinstance(value, list) else 'map'}, but the member takes {_words(kind)}"
        )
    raise ImportError_(f"{_where(path)} has a value ibdsl cannot represent: {value!r}")


def _component(schema, node: dict, value: dict, indent: str, path: tuple) -> str:
    """`"arn"` for a bare component; parameters as a map when their names allow."""
    if set(value) == {"componentArn"} and isinstance(value["componentArn"], str):
        return _text_or_reference(value["componentArn"])
    parameters = value.get("parameters")
    names = (
        [p.get("name") for p in parameters]
        if isinstance(parameters, list) and all(isinstance(p, dict) for p in parameters)
        else None
    )
    mappable = (
        names is not None
        and set(value) <= {"componentArn", "parameters"}
        and all(isinstance(n, str) for n in names)
        and len(set(names)) == len(names)
        and all(
            set(p) == {"name", "value"} and isinstance(p["value"], list) and all(isinstance(v, str) for v in p["value"])
            for p in parameters
        )
    )
    if not mappable:
        lines = _members(schema, node, value, indent, path)
        return "{\n" + "".join(lines) + f"{indent}}}"
    inner = indent + "  "
    entries = []
    for parameter in parameters:
        values = parameter["value"]
        rendered = _text(values[0]) if len(values) == 1 else "[" + ", ".join(_text(v) for v in values) + "]"
        entries.append(f"{inner}  {_key(parameter['name'])} = {rendered}\n")
    lines = [f"{inner}component_arn = {_text_or_reference(value['componentArn'])}\n"]
    lines.append(
        f"{inner}parameters = {{\n" + "".join(entries) + f"{inner}}}\n" if entries else f"{inner}parameters = {{}}\n"
    )
    return "{\n" + "".join(lines) + f"{indent}}}"


def _user_data(encoded: str) -> str:
    """Readable text when the base64 decodes to text that encodes back to the same bytes."""
    try:
        raw = base64.b64decode(encoded, validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return f"raw_base64({quote(encoded)})"
    if base64.b64encode(text.encode("utf-8")).decode("ascii") != encoded:
        return f"raw_base64({quote(encoded)})"
    return _text(text)


def _text(text: str) -> str:
    """A raw heredoc for multi-line text that survives one exactly, else a quoted string."""
    if text.endswith("\n") and "\r" not in text and _heredoc_safe(text):
        marker = "EOT"
        while any(line.strip().startswith(marker) for line in text.split("\n")):
            marker += "_"
        return f"<<'{marker}'\n{text}{marker}"
    return quote(text)


def _heredoc_safe(text: str) -> bool:
    return all(ch in "\n\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F and ch not in "\u2028\u2029\x85") for ch in text)


def _key(key: str) -> str:
    return key if _NAME.match(key) and key not in KEYWORDS else quote(key)


def _where(path: tuple) -> str:
    text = path[0]
    for part in path[1:]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _words(kind) -> str:
    return TYPE_WORDS.get(kind, "another kind of value")

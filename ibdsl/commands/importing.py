"""`ibdsl import`: API JSON or a CloudFormation template -> .ib source text.

Returns the text and the problems (each already placed: "file:line:col" or "file"); raises
UsageError for what is wrong with the call (an unreadable file, a kind that must be named)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import UsageError


@dataclass
class ImportRun:
    text: str = ""
    problems: list[str] = field(default_factory=list)  # "where: error: what"


def import_file(file: str, kind: str | None, from_cloudformation: bool) -> ImportRun:
    from ..files import Refused, read_regular, read_stdin

    try:
        raw = read_stdin() if file == "-" else read_regular(file)
    except Refused as e:
        raise UsageError(f"cannot read {file}: {e}") from None
    except OSError as e:
        raise UsageError(f"cannot read {file}: {e.strerror or e}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportRun(problems=[f"{file}: error: not UTF-8 text"])
    return _from_cloudformation(file, text) if from_cloudformation else _from_api_json(file, text, kind)


def _from_api_json(file: str, text: str, kind: str | None) -> ImportRun:
    from ..authoring.importer import ImportError_, KindNeeded, import_document
    from ..safejson import JsonProblem, loads

    try:
        document = loads(text)
    except JsonProblem as e:
        return ImportRun(problems=[f"{file}:{e.line}:{e.column}: error: {e.message}"])
    try:
        return ImportRun(import_document(document, kind))
    except KindNeeded as e:
        raise UsageError(f"{file}: {e}") from None
    except ImportError_ as e:
        return ImportRun(problems=[f"{e.where(file)}: error: {e}"])


def _from_cloudformation(file: str, text: str) -> ImportRun:
    from ..authoring.cloudformation import load_template, template_to_document
    from ..authoring.importer import ImportError_, import_document

    try:
        template = load_template(text, file)
        document, problems = template_to_document(template, file)
        imported = import_document(document) if document["resources"] else ""
    except ImportError_ as e:
        return ImportRun(problems=[f"{e.where(file)}: error: {e}"])
    return ImportRun(imported, [f"{file}: error: {problem}" for problem in problems])

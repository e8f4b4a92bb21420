"""The language server over stdio: pygls receives the protocol, workspace.py lints, features.py
and completion.py answer. Lint runs go to one worker thread, one at a time, so requests (hover,
completion) are answered while a run goes on; a change waits `debounce` seconds for the next
keystroke before its run starts, and a run a newer one replaced is not published."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..files import display_path
from . import cursor, features
from .workspace import Workspace

DEBOUNCE_SECONDS = 0.15  # a typing burst is one run; measured in docs/editors.md


def path_of(uri: str) -> str | None:
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else None


class IbdslServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("ibdsl", __version__)
        self.state = Workspace()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ibdsl-lint")
        self.pending: dict[str, tuple[asyncio.Task, bool]] = {}  # file -> its run, and whether whole
        self.linting_whole: dict[str, int] = {}  # project root -> whole runs scheduled and not done
        self.debounce = DEBOUNCE_SECONDS
        self.docs_base: str | None = None

    def schedule(self, path: str, whole: bool, delay: float) -> None:
        """Lint for `path` after `delay`, replacing a run scheduled for it that is not done (a
        replaced whole-project run makes its replacement one)."""
        previous = self.pending.pop(path, None)
        if previous is not None and not previous[0].done():
            previous[0].cancel()
            whole = whole or previous[1]
        root = self.project_of(path)
        if whole:
            self.linting_whole[root] = self.linting_whole.get(root, 0) + 1
        task = asyncio.get_running_loop().create_task(self._run(path, delay, whole, root))
        self.pending[path] = (task, whole)

    def project_of(self, path: str) -> str:
        found = self.state.targets(path)
        return found[0].root if found else path

    def whole_run_coming(self, path: str) -> bool:
        """Whether a whole run of the file's project is scheduled or going on: a file opened
        meanwhile needs only what it affects, linted after it."""
        return self.linting_whole.get(self.project_of(path), 0) > 0

    async def _run(self, path: str, delay: float, whole: bool, root: str) -> None:
        try:
            await asyncio.sleep(delay)
            outcome = await asyncio.get_running_loop().run_in_executor(self.worker, self.state.lint, path, whole)
        except Exception:  # noqa: BLE001 - a bug in a run must not stop the server
            import traceback

            message = f"ibdsl: internal error while linting {path} (a bug in ibdsl; please report it):\n"
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Error, message=message + traceback.format_exc())
            )
            return
        finally:
            if whole:
                self.linting_whole[root] -= 1
        self.publish(outcome, path)

    def publish(self, outcome, path: str) -> None:
        what = "whole project" if outcome.whole else "what the change affects"
        self.window_log_message(
            types.LogMessageParams(
                type=types.MessageType.Log,
                message=f"ibdsl: linted {outcome.read} files for {display_path(path)} ({what}) in {outcome.seconds * 1000:.0f} ms",
            )
        )
        for problem in outcome.problems:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"ibdsl: {problem}"))
            here = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=1))
            diagnostic = types.Diagnostic(
                range=here, message=problem, severity=types.DiagnosticSeverity.Error, source="ibdsl"
            )
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=features.uri_of(path), diagnostics=[diagnostic])
            )
        for shown, findings in outcome.findings.items():
            diagnostics = [features.diagnostic(f, outcome.line_of, self.docs_base) for f in findings]
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=features.uri_of(shown), diagnostics=diagnostics)
            )


server = IbdslServer()


def _document(ls: IbdslServer, uri: str) -> tuple[str | None, str]:
    return path_of(uri), ls.workspace.get_text_document(uri).source


@server.feature(types.INITIALIZE)
def initialize(ls: IbdslServer, params: types.InitializeParams) -> None:
    options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
    if isinstance(options.get("rulesUrl"), str):
        ls.docs_base = options["rulesUrl"]
    if isinstance(options.get("debounceMs"), (int, float)) and not isinstance(options.get("debounceMs"), bool):
        ls.debounce = max(0.0, options["debounceMs"] / 1000)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: IbdslServer, params: types.DidOpenTextDocumentParams) -> None:
    path, text = _document(ls, params.text_document.uri)
    if path is not None:
        ls.state.open(path, text)
        # The first file of a project lints all of it; a file of a project already linted
        # needs only what it affects.
        ls.schedule(path, whole=not ls.state.knows(path) and not ls.whole_run_coming(path), delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: IbdslServer, params: types.DidChangeTextDocumentParams) -> None:
    path, text = _document(ls, params.text_document.uri)
    if path is not None:
        ls.state.open(path, text)
        ls.schedule(path, whole=False, delay=ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: IbdslServer, params: types.DidSaveTextDocumentParams) -> None:
    path, text = _document(ls, params.text_document.uri)
    if path is not None:
        ls.state.open(path, text)
        ls.schedule(path, whole=True, delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: IbdslServer, params: types.DidCloseTextDocumentParams) -> None:
    path = path_of(params.text_document.uri)
    if path is not None and ls.state.close(path):  # the file on disk is the source again
        ls.schedule(path, whole=False, delay=ls.debounce)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def watched_files_changed(ls: IbdslServer, params: types.DidChangeWatchedFilesParams) -> None:
    """Files changed on disk (a checkout, another program, ibdsl.toml): lint the projects of the
    open files whole again, once per project."""
    seen = set()
    for shown in sorted(ls.state.buffers):
        path = os.path.abspath(shown)
        found = ls.state.targets(path)
        root = found[0].root if found else path
        if root not in seen:
            seen.add(root)
            ls.schedule(path, whole=True, delay=ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: IbdslServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    path, text = _document(ls, params.text_document.uri)
    module = ls.state.tree(path, text) if path else None
    if module is None:
        return []
    lines = text.replace("\r\n", "\n").split("\n")
    return features.symbols(module, lambda _path, n: lines[n - 1] if 0 < n <= len(lines) else None)


def _hit(ls: IbdslServer, uri: str, at: types.Position):
    path, text = _document(ls, uri)
    if path is None:
        return None, None, None
    module = ls.state.tree(path, text)
    if module is None:
        return path, None, None
    _line_text, line, column = features.columns(text.replace("\r\n", "\n"), at)
    return path, module, cursor.hit_at(module, line, column)


def _line_reader(result):
    return result.compiled.sources.line


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: IbdslServer, params: types.DefinitionParams) -> types.Location | None:
    path, _module, hit = _hit(ls, params.text_document.uri, params.position)
    if hit is None:
        return None
    shown = display_path(path)
    for result in ls.state.results_for(path):
        span = features.definition_span(hit, shown, result.compiled.project)
        if span is not None:
            target = features.span_range(span, _line_reader(result))
            return types.Location(uri=features.uri_of(span.path), range=target)
    return None


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: IbdslServer, params: types.HoverParams) -> types.Hover | None:
    path, text = _document(ls, params.text_document.uri)
    if path is None:
        return None
    text = text.replace("\r\n", "\n")
    line_text, line, column = features.columns(text, params.position)
    value = features.rule_hover(line_text, column - 1)
    if value is None:
        _path, _module, hit = _hit(ls, params.text_document.uri, params.position)
        if hit is not None and hit.what in ("ref", "label"):
            for result in ls.state.results_for(path):
                value = features.reference_hover(hit, result)
                if value is not None:
                    break
    if value is None:
        word, start, _end = cursor.word_around(line_text, column - 1)
        if word and "." not in word:
            before = "\n".join(text.split("\n")[: line - 1] + [line_text[:start]])
            value = features.member_hover(before, word)
    if value is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=value))


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[".", '"', "="]))
def completion(ls: IbdslServer, params: types.CompletionParams) -> types.CompletionList:
    from .completion import complete

    path, text = _document(ls, params.text_document.uri)
    if path is None:
        return types.CompletionList(is_incomplete=False, items=[])
    before, after = features.split_at(text.replace("\r\n", "\n"), params.position)
    results = ls.state.results_for(path)
    project = results[0].compiled.project if results else None
    items = complete(before, after, display_path(path), project, _catalog(path))
    return types.CompletionList(is_incomplete=False, items=items)


def _catalog(path: str):
    from ..diagnostics import UsageError
    from ..domain.catalog import Catalog
    from ..lint.config import config_for_path

    try:
        configured = config_for_path(path).catalog
        return Catalog.load(configured) if configured else None
    except UsageError:
        return None  # the lint run reports it


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: IbdslServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    from ..language.fmt import FormatError, format_text
    from ..language.parser import ParseError

    path, text = _document(ls, params.text_document.uri)
    if path is None:
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    source = text.replace("\r\n", "\n")
    try:
        formatted = format_text(display_path(path), source)
    except ParseError:
        return None  # the diagnostics say why; nothing is changed
    except FormatError as e:
        ls.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=f"ibdsl fmt: not formatted: {e}")
        )
        return None
    if formatted == source:
        return []
    lines = source.split("\n")
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=len(lines), character=0))
    return [types.TextEdit(range=whole, new_text=formatted.replace("\n", newline))]


def serve() -> None:
    server.start_io()

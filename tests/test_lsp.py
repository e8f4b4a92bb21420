"""`ibdsl lsp` driven by a real client (pytest-lsp) over stdio: the server is the installed
command in a subprocess, and every answer goes through the protocol."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is in the test extra: pip install -e '.[test]'")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from conftest import REPO  # noqa: E402

DATA = REPO / "tests" / "data" / "lsp"
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of tests/data/lsp: a project with a configuration and a catalog, outside the repository."""
    root = tmp_path_factory.mktemp("lsp") / "project"
    shutil.copytree(DATA, root)
    return root


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "ibdsl", "lsp"])


async def initialize(client: LanguageClient, root: Path) -> None:
    """Start a session for the folder `root`, with a short debounce (tests wait for runs)."""
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            initialization_options={"debounceMs": 20},
        )
    )


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(lsp_client: LanguageClient, project: Path):
    await initialize(lsp_client, project)
    yield
    await lsp_client.shutdown_session()


async def published(client: LanguageClient, uri: str, action, timeout: float = 30) -> list[types.Diagnostic]:
    """Run `action` and wait for the next diagnostics of `uri`."""
    client.diagnostics.pop(uri, None)
    action()
    deadline = time.monotonic() + timeout
    while uri not in client.diagnostics:
        assert time.monotonic() < deadline, f"no diagnostics for {uri}"
        await asyncio.sleep(0.02)
    return list(client.diagnostics[uri])


def open_file(client: LanguageClient, path: Path, text: str | None = None) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=path.as_uri(), language_id="ibdsl", version=1, text=path.read_text() if text is None else text
            )
        )
    )


def change_file(client: LanguageClient, path: Path, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def at(path: Path, needle: str, offset: int = 0, occurrence: int = 0) -> types.Position:
    """The position of `needle` (its `occurrence`-th match) in `path`, moved `offset` characters in."""
    text = path.read_text()
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index)
    return types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


def document(path: Path) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=path.as_uri())


async def test_diagnostics_are_the_findings_of_ibdsl_lint(client: LanguageClient, project: Path):
    broken = project / "broken.ib"
    diagnostics = await published(client, broken.as_uri(), lambda: open_file(client, broken))
    lint = subprocess.run(
        [sys.executable, "-m", "ibdsl", "lint", "--format", "json", str(project)], capture_output=True, text=True
    )
    expected = [f for f in json.loads(lint.stdout) if Path(f["path"]).resolve() == broken.resolve()]
    assert len(expected) == 4  # the fixture's findings: a typo, a range, an enum, an unused suppression
    severities = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning}
    got = sorted(
        (d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1,
         d.code, d.severity, d.message)
        for d in diagnostics
    )  # fmt: skip
    want = sorted(
        (f["line"], f["column"], f["end_line"], f["end_column"], f["code"], severities[f["severity"]], f["message"])
        for f in expected
    )
    assert got == want
    for d in diagnostics:
        href = d.code_description.href
        assert href.endswith(f"/docs/rules/{d.code}.md") and Path(href.removeprefix("file://")).is_file()
        assert d.source == "ibdsl"


async def test_an_unsaved_buffer_is_what_is_linted(client: LanguageClient, project: Path):
    main = project / "main.ib"
    assert await published(client, main.as_uri(), lambda: open_file(client, main)) == []
    typo = main.read_text().replace("volume_type = gp3", "volume_type = gp4")
    diagnostics = await published(client, main.as_uri(), lambda: change_file(client, main, typo, 2))
    assert [(d.code, d.range.start.line + 1) for d in diagnostics] == [("IB102", 13)]
    assert "gp4" in diagnostics[0].message and "gp4" not in main.read_text()
    assert await published(client, main.as_uri(), lambda: change_file(client, main, main.read_text(), 3)) == []

    def burst() -> None:  # faster than the debounce: what is linted is the last text
        change_file(client, main, typo, 4)
        change_file(client, main, main.read_text(), 5)

    assert await published(client, main.as_uri(), burst) == []
    await asyncio.sleep(0.3)
    assert list(client.diagnostics[main.as_uri()]) == []  # and nothing older comes after it


async def test_a_change_to_a_shared_file_is_reported_where_it_breaks_its_users(client: LanguageClient, project: Path):
    common, main = project / "common.ib", project / "main.ib"
    open_file(client, main)
    await published(client, common.as_uri(), lambda: open_file(client, common))
    renamed = common.read_text().replace('component "install-nginx"', 'component "install-httpd"')
    # The run for the edited file publishes for the files that import it too.
    diagnostics = await published(client, main.as_uri(), lambda: change_file(client, common, renamed, 2))
    assert [(d.code, d.range.start.line + 1) for d in diagnostics] == [("IB002", 6)], diagnostics
    assert "install-nginx" in diagnostics[0].message
    assert await published(client, main.as_uri(), lambda: change_file(client, common, common.read_text(), 3)) == []


async def test_files_changed_on_disk_are_linted_again(client: LanguageClient, project: Path):
    main, other = project / "main.ib", project / "other.ib"
    open_file(client, main)

    def changed_on_disk(kind) -> None:
        event = types.FileEvent(uri=other.as_uri(), type=kind)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[event]))

    other.write_text('image_recipe "web" {\n  semantic_version = "2.0.0"\n}\n')
    diagnostics = await published(client, other.as_uri(), lambda: changed_on_disk(types.FileChangeType.Created))
    assert [d.message for d in diagnostics] == ["image_recipe 'web' is declared twice"]
    other.unlink()
    assert await published(client, other.as_uri(), lambda: changed_on_disk(types.FileChangeType.Deleted)) == []


async def test_hover_documents_members_rule_codes_and_references(client: LanguageClient, project: Path):
    main, broken = project / "main.ib", project / "broken.ib"
    open_file(client, main)
    open_file(client, broken)

    async def hover(path: Path, position: types.Position) -> str:
        answer = await client.text_document_hover_async(
            types.HoverParams(text_document=document(path), position=position)
        )
        assert answer is not None
        return answer.contents.value

    size = await hover(main, at(main, "volume_size", 3))
    from botocore.loaders import Loader

    model = Loader().load_service_model("imagebuilder", "service-2")
    words = model["shapes"]["EbsInstanceBlockDeviceSpecification"]["members"]["volumeSize"]["documentation"]
    assert "`volumeSize`" in size and "1..16000 GiB" in size and words.removeprefix("<p>").removesuffix("</p>") in size
    enum = await hover(main, at(main, "gp3", 1))
    assert "`gp3`" in enum and "volume_type" in enum
    rule = await hover(broken, at(broken, "IB402", 2))
    assert rule.startswith("**IB402**")
    arn = await hover(main, at(main, "component.install-nginx", 12))
    assert "arn:aws:imagebuilder:us-east-1:111122223333:component/install-nginx/1.0.0" in arn
    label = await hover(project / "common.ib", at(project / "common.ib", '"install-nginx"', 3))
    assert "component/install-nginx/1.0.0" in label
    assert "abstract" in await hover(main, at(main, '"base"', 2))
    assert await hover(main, at(main, "var.env", 5)) == "variable `env`: string, declared in " + str(
        project / "common.ib"
    )


async def test_go_to_definition(client: LanguageClient, project: Path):
    main, common = project / "main.ib", project / "common.ib"
    open_file(client, main)
    await published(client, main.as_uri(), lambda: change_file(client, main, main.read_text(), 9))

    async def target(needle: str, offset: int) -> tuple[str, int, int]:
        found = await client.text_document_definition_async(
            types.DefinitionParams(text_document=document(main), position=at(main, needle, offset))
        )
        return Path(found.uri.removeprefix("file://")).name, found.range.start.line + 1, found.range.start.character + 1

    assert await target("var.env", 5) == ("common.ib", 6, 10)
    assert await target("fragment.tags", 10) == ("common.ib", 8, 10)
    assert await target("component.install-nginx", 11) == ("common.ib", 10, 11)
    assert await target('extends "base"', 10) == ("main.ib", 3, 23)
    assert await target('import "common.ib"', 9) == ("common.ib", 1, 1)
    assert common.read_text().splitlines()[9][10:].startswith('"install-nginx"')


async def test_completion(client: LanguageClient, project: Path):
    main = project / "main.ib"
    text = main.read_text()
    open_file(client, main)

    async def labels(before: str, typed: str = "") -> list[str]:
        """Type `typed` into main.ib just before the first `before`, and complete after it."""
        index = text.index(before) if before else 0
        buffer = text[:index] + typed + "\n" + text[index:]
        change_file(client, main, buffer, 20)
        lines = (text[:index] + typed).split("\n")
        position = types.Position(line=len(lines) - 1, character=len(lines[-1]))
        answer = await client.text_document_completion_async(
            types.CompletionParams(text_document=document(main), position=position)
        )
        return [item.label for item in answer.items]

    members = await labels("volume_size")
    # The members of ebs (not of the mapping around it) that the block does not set yet.
    assert "iops" in members and "throughput" in members and "device_name" not in members
    assert "volume_size" not in members and "volume_type" not in members
    assert set(await labels("volume_size", "volume_type = ")) >= {"gp3", "io2", "st1"}
    in_web = await labels("description")  # in image_recipe "web", before its members
    assert "parent_image" in in_web and "name" not in in_web
    assert "description" not in in_web and "tags" not in in_web  # written already, after the cursor
    assert "tags" not in await labels("block_device_mappings")  # written already, before the cursor
    assert await labels("description", "description = var.") == ["env"]
    assert await labels("description", "tags = fragment.") == ["tags"]
    assert await labels("description", "components = [component.") == ["install-nginx"]  # not the abstract base
    arns = await labels("description", "components = [{ component_arn = ")  # a member that takes a component
    assert "component.install-nginx" in arns and "var." in arns
    assert await labels("description", 'parent_image = aws_image("') == ["amazon-linux-2023-x86"]
    assert "update-linux" in await labels("description", 'components = [aws_component("')
    assert "image_pipeline" in await labels("")
    assert await labels("description", "# a comment ") == []
    change_file(client, main, text, 21)


async def test_document_symbols_outline_the_blocks(client: LanguageClient, project: Path):
    main = project / "main.ib"
    open_file(client, main)
    change_file(client, main, main.read_text(), 30)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=document(main)))
    assert [s.name for s in symbols] == ['import "common.ib"', "image_recipe.base", "image_recipe.web"]
    web = symbols[2]
    assert [c.name for c in web.children] == ["description", "tags", "block_device_mappings"]
    assert web.detail == "extends base" and symbols[1].detail == "abstract"


async def test_formatting_is_ibdsl_fmt(client: LanguageClient, project: Path, tmp_path: Path):
    main = project / "main.ib"
    messy = main.read_text().replace("  description = ", "description=").replace("tags        =", "tags =")
    open_file(client, main)
    change_file(client, main, messy, 40)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=document(main), options=types.FormattingOptions(tab_size=2, insert_spaces=True)
        )
    )
    copy = tmp_path / "main.ib"
    copy.write_text(messy)
    subprocess.run([sys.executable, "-m", "ibdsl", "fmt", str(copy)], check=True, capture_output=True)
    assert len(edits) == 1 and edits[0].new_text == copy.read_text() == main.read_text()
    change_file(client, main, "image_recipe {", 41)
    assert await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=document(main), options=types.FormattingOptions(tab_size=2, insert_spaces=True)
        )
    ) is None  # fmt: skip
    change_file(client, main, main.read_text(), 42)

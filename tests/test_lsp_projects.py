"""`ibdsl lsp` in a repository of several projects (ibdsl.toml): each file is checked in its
own project, with that project's var files and roots, and a shared file in the projects that
read it, whose breakage shows where it appears."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is in the test extra: pip install -e '.[test]'")
from lsprotocol import types  # noqa: E402
from pytest_lsp import LanguageClient  # noqa: E402
from test_lsp import SERVER, change_file, initialize, open_file, published  # noqa: E402
from test_projects import write_monorepo  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def monorepo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("monorepo")
    (root / ".git").mkdir()
    write_monorepo(root)
    return root


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(lsp_client: LanguageClient, monorepo: Path):
    await initialize(lsp_client, monorepo)
    yield
    await lsp_client.shutdown_session()


async def test_each_file_is_checked_in_its_own_project(client: LanguageClient, monorepo: Path):
    web, api = monorepo / "platform" / "web.ib", monorepo / "container-api" / "api.ib"
    # No region conflict with container-api, env comes from platform's var file, and the
    # shared import is inside platform's roots.
    assert await published(client, web.as_uri(), lambda: open_file(client, web)) == []
    assert await published(client, api.as_uri(), lambda: open_file(client, api)) == []


async def test_a_shared_file_is_checked_in_the_projects_that_read_it(client: LanguageClient, monorepo: Path):
    shared = monorepo / "shared" / "base.ib"
    web, api = monorepo / "platform" / "web.ib", monorepo / "container-api" / "api.ib"
    for path in (web, api):
        open_file(client, path)
    assert await published(client, shared.as_uri(), lambda: open_file(client, shared)) == []
    renamed = shared.read_text().replace("fragment hardening", "fragment hardened")
    client.diagnostics.pop(web.as_uri(), None)
    client.diagnostics.pop(api.as_uri(), None)
    # The shared file is published last (its runs publish in path order), its users before it.
    await published(client, shared.as_uri(), lambda: change_file(client, shared, renamed, 2))
    for path, line in ((web, 9), (api, 13)):
        (finding,) = client.diagnostics[path.as_uri()]
        assert finding.range.start.line + 1 == line and "hardening" in finding.message, finding
    await published(client, shared.as_uri(), lambda: change_file(client, shared, shared.read_text(), 3))
    assert list(client.diagnostics[web.as_uri()]) == list(client.diagnostics[api.as_uri()]) == []


async def test_a_file_in_no_project_is_checked_with_the_files_of_its_folder(client: LanguageClient, tmp_path_factory):
    folder = tmp_path_factory.mktemp("loose")
    component = 'component "tool" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = "x"\n}\n'
    (folder / "a.ib").write_text(component)
    (folder / "b.ib").write_text(component)
    (folder / "below").mkdir()
    (folder / "below" / "c.ib").write_text(component)
    a, b, c = folder / "a.ib", folder / "b.ib", folder / "below" / "c.ib"
    await published(client, b.as_uri(), lambda: open_file(client, a))
    assert [d.message for d in client.diagnostics[b.as_uri()]] == ["component 'tool' is declared twice"]
    assert c.as_uri() not in client.diagnostics  # a folder below is not part of it


async def test_an_unreadable_project_file_is_reported_until_it_is_fixed(client: LanguageClient, tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    marker, main = folder / "ibdsl.toml", folder / "main.ib"
    marker.write_text("[project\n")
    main.write_text('variable env: string = "dev"\n')
    (diagnostic,) = await published(client, main.as_uri(), lambda: open_file(client, main))
    assert "ibdsl.toml: not valid TOML" in diagnostic.message and diagnostic.range.start.line == 0
    assert any("not valid TOML" in m.message for m in client.messages)
    marker.write_text("[project]\n")
    event = types.FileEvent(uri=marker.as_uri(), type=types.FileChangeType.Changed)

    def fixed_on_disk() -> None:
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[event]))

    assert await published(client, main.as_uri(), fixed_on_disk) == []


async def test_files_opened_together_share_one_whole_project_run(client: LanguageClient, tmp_path_factory):
    folder = tmp_path_factory.mktemp("together")
    (folder / ".ibdsl.toml").write_text("")
    paths = [folder / f"file{n}.ib" for n in range(4)]
    for n, path in enumerate(paths):
        path.write_text(f'variable v{n}: string = "x"\n')
    before = len(client.log_messages)

    def open_all() -> None:
        for path in paths:
            open_file(client, path)

    await published(client, paths[-1].as_uri(), open_all)
    while not all(p.as_uri() in client.diagnostics for p in paths):
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.3)
    # (Runs of earlier tests' projects may still be logged meanwhile: only this folder's count.)
    runs = [
        m.message
        for m in client.log_messages[before:]
        if m.message.startswith("ibdsl: linted") and str(folder) in m.message
    ]
    assert sum("(whole project)" in m for m in runs) == 1, runs


async def test_a_file_the_entries_leave_out_is_checked_on_its_own(client: LanguageClient, tmp_path_factory):
    """As `ibdsl lint` does: an alternative the project's entries do not reach must not clash
    with the project."""
    folder = tmp_path_factory.mktemp("entries")
    (folder / "ibdsl.toml").write_text('[project]\nentries = ["main.ib"]\n')
    recipe = 'variable env: string = "{}"\n'
    main, alternative = folder / "main.ib", folder / "alternative.ib"
    main.write_text(recipe.format("main"))
    alternative.write_text(recipe.format("other"))  # the same variable: a clash if it were one project
    assert await published(client, alternative.as_uri(), lambda: open_file(client, alternative)) == []
    assert list(client.diagnostics[main.as_uri()]) == []
    broken = recipe.format("other") + "variable env: string\n"
    (finding,) = await published(client, alternative.as_uri(), lambda: change_file(client, alternative, broken, 2))
    assert finding.message == "variable 'env' is declared twice"

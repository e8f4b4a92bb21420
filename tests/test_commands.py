"""Command policies apart from the command line: push reads and compiles the project once."""

from __future__ import annotations

import pytest
from test_push import PROJECT, aws_env

from conftest import run_cli
from fake_imagebuilder import FakeImageBuilder


@pytest.fixture
def endpoint():
    server = FakeImageBuilder()
    url = server.start()
    yield server, url
    server.stop()


@pytest.mark.parametrize("account_from", ["credentials", "option"])
def test_push_reads_and_compiles_the_project_once(endpoint, tmp_path, monkeypatch, capsys, account_from):
    import os

    from ibdsl.compile import compiler, loader

    server, url = endpoint
    (tmp_path / "main.ib").write_text(PROJECT)
    wanted = aws_env(url)
    for key in os.environ:
        if key.startswith("AWS_") and key not in wanted:
            monkeypatch.delenv(key)
    for key, value in wanted.items():
        monkeypatch.setenv(key, value)
    counts = {"parse": 0, "compile": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(loader, "parse_module", counting("parse", loader.parse_module))
    monkeypatch.setattr("ibdsl.commands.push.compile_loaded", counting("compile", compiler.compile_loaded))
    extra = ["--account", FakeImageBuilder.ACCOUNT] if account_from == "option" else []
    run = run_cli("push", "main.ib", "--yes", "--endpoint-url", url, *extra, cwd=tmp_path, capsys=capsys)
    assert run.code == 0, run.err
    assert len(server.resources) == 3
    assert counts == {"parse": 1, "compile": 1}

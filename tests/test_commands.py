"""Command policies apart from the command line: push reads the project once, compiles it
once unless the credentials must name the account its ARNs need, and asks AWS nothing about a
project with lint errors."""

from __future__ import annotations

import os

import pytest
from test_push import PROJECT, aws_env

from conftest import REPO, run_cli
from fake_imagebuilder import FakeImageBuilder

ACCOUNT = FakeImageBuilder.ACCOUNT
NAMED = PROJECT.replace(
    'settings {\n  region = "us-east-1"\n}', f'settings {{\n  region = "us-east-1"\n  account = "{ACCOUNT}"\n}}'
)
# No reference to a project resource: no ARN needs the account.
ACCOUNT_FREE = PROJECT.replace(", component.tool]", "]")


@pytest.fixture
def endpoint(monkeypatch):
    server = FakeImageBuilder()
    url = server.start()
    wanted = aws_env(url)
    for key in list(os.environ):
        if key.startswith("AWS_") and key not in wanted:
            monkeypatch.delenv(key)
    for key, value in wanted.items():
        monkeypatch.setenv(key, value)
    yield server, url
    server.stop()


@pytest.fixture
def counts(monkeypatch):
    from ibdsl.compile import compiler
    from ibdsl.language import parser

    seen = {"parse": 0, "compile": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            seen[name] += 1
            return function(*args, **kwargs)

        return wrapper

    # The loader parses through its SourceCache, which calls the parser's parse_module.
    monkeypatch.setattr(parser, "parse_module", counting("parse", parser.parse_module))
    monkeypatch.setattr("ibdsl.commands.push.compile_loaded", counting("compile", compiler.compile_loaded))
    return seen


@pytest.mark.parametrize(
    ("source", "extra", "compiles"),
    [
        (PROJECT, ["--account", ACCOUNT], 1),  # the option names the account
        (NAMED, [], 1),  # the settings name it
        (ACCOUNT_FREE, [], 1),  # the credentials name it, and no payload needs it
        (PROJECT, [], 2),  # the credentials name it, and component.tool's ARN needs it
    ],
    ids=["option", "settings", "not-needed", "from-credentials"],
)
def test_push_reads_once_and_compiles_again_only_for_an_account_it_needs(
    endpoint, counts, tmp_path, capsys, source, extra, compiles
):
    server, url = endpoint
    (tmp_path / "main.ib").write_text(source)
    run = run_cli("push", "main.ib", "--yes", "--endpoint-url", url, *extra, cwd=tmp_path, capsys=capsys)
    assert run.code == 0, run.err
    assert len(server.resources) == 3
    assert counts == {"parse": 1, "compile": compiles}
    assert f":{ACCOUNT}:" in next(arn for arn in server.resources if ":image-recipe/" in arn)


def test_a_project_with_lint_errors_is_refused_before_aws_is_asked_anything(endpoint, tmp_path, capsys):
    server, url = endpoint
    (tmp_path / "main.ib").write_text(PROJECT.replace('"1.0.0"\n  parent_image', '"1.x.x"\n  parent_image'))
    run = run_cli("push", "main.ib", "--yes", "--endpoint-url", url, cwd=tmp_path, capsys=capsys)
    assert run.code == 1 and "IB201 error" in run.err and "push refused" in run.err
    assert server.identity_calls == 0 and server.calls == []


def test_push_lints_against_the_catalog_it_is_given(endpoint, tmp_path, capsys):
    server, url = endpoint
    (tmp_path / "main.ib").write_text(PROJECT.replace('"update-linux", "1.x.x"', '"update-linux", "3.x.x"'))
    catalog = str(REPO / "tests" / "rules" / "catalog.json")
    run = run_cli("push", "main.ib", "--plan", "--endpoint-url", url, "--catalog", catalog, cwd=tmp_path, capsys=capsys)
    assert "IB301 warning: components[0].component_arn: no version of component 'update-linux' matches 3.x.x" in run.err

"""The TextMate grammar and the VS Code extension (editors/vscode/).

The grammar is tokenized by the engine VS Code uses (vscode-textmate with vscode-oniguruma),
installed from the npm registry by `npm ci` into editors/vscode/node_modules (git-ignored) on
first use; without node and npm, or without the registry, those tests skip and say why."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO

EXTENSION = REPO / "editors" / "vscode"
GRAMMAR = EXTENSION / "syntaxes" / "ibdsl.tmLanguage.json"
SAMPLE = REPO / "tests" / "data" / "grammar" / "sample.ib"
OFFLINE = ("ENOTFOUND", "ECONNREFUSED", "ETIMEDOUT", "EAI_AGAIN", "ECONNRESET", "network", "proxy")


def test_the_grammar_is_generated_from_the_kind_records():
    from ibdsl.dev.tmgrammar import text

    assert GRAMMAR.read_text(encoding="utf-8") == text(), "run: python -m ibdsl.dev.tmgrammar --write"


def test_the_extension_declares_the_grammar_and_the_language():
    manifest = json.loads((EXTENSION / "package.json").read_text())
    (language,) = manifest["contributes"]["languages"]
    (grammar,) = manifest["contributes"]["grammars"]
    assert language["extensions"] == [".ib"] and grammar["language"] == language["id"]
    assert (EXTENSION / grammar["path"]).resolve() == GRAMMAR
    assert json.loads(GRAMMAR.read_text())["scopeName"] == grammar["scopeName"]
    assert (EXTENSION / language["configuration"]).is_file() and (EXTENSION / "package-lock.json").is_file()


def test_the_sample_is_ibdsl():
    from ibdsl.language.parser import parse_module

    assert len(parse_module(str(SAMPLE), SAMPLE.read_text()).items) == 7


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """editors/vscode/node_modules as package-lock.json pins it."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed: the grammar and extension tests need them")
    modules = EXTENSION / "node_modules"
    stamp = modules / ".package-lock.json"  # npm writes it on every install
    lock = EXTENSION / "package-lock.json"
    if not stamp.is_file() or stamp.stat().st_mtime < lock.stat().st_mtime:
        run = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=EXTENSION, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if run.returncode != 0:
            if any(word in run.stderr for word in OFFLINE):
                pytest.skip(f"npm ci cannot reach the registry: {run.stderr.strip().splitlines()[-1]}")
            pytest.fail(f"npm ci failed:\n{run.stderr}")
    return modules


def tokenize(*files: Path) -> dict[str, list[dict]]:
    run = subprocess.run(
        ["node", "test/tokenize.js", str(GRAMMAR), *map(str, files)],
        cwd=EXTENSION, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return {item["file"]: item["tokens"] for item in json.loads(run.stdout)}


def scopes_of(tokens: list[dict], line: int, text: str, occurrence: int = 0) -> list[str]:
    found = [t for t in tokens if t["line"] == line and t["text"] == text]
    assert len(found) > occurrence, f"no token {text!r} on line {line}"
    return found[occurrence]["scopes"]


# (line, token text, occurrence, a scope it must carry) in tests/data/grammar/sample.ib
REPRESENTATIVE = [
    (1, " Every lexical form of the language, for the TextMate grammar's tests.", 0, "comment.line.number-sign.ibdsl"),
    (2, " a line comment", 0, "comment.line.double-slash.ibdsl"),
    (4, "   comment ", 0, "comment.block.ibdsl"),
    (5, "import", 0, "keyword.control.import.ibdsl"),
    (7, "variable", 0, "storage.type.variable.ibdsl"),
    (7, "string", 0, "support.type.ibdsl"),
    (8, "fragment", 0, "storage.type.fragment.ibdsl"),
    (8, '"cost center"', 0, "variable.other.property.quoted.ibdsl"),
    (10, "settings", 0, "keyword.other.block.ibdsl"),
    (15, "abstract", 0, "storage.modifier.abstract.ibdsl"),
    (15, "image_recipe", 0, "keyword.other.block.ibdsl"),
    (15, '"base"', 0, "entity.name.type.ibdsl"),
    (19, "web", 0, "entity.name.type.ibdsl"),
    (19, "extends", 0, "storage.modifier.extends.ibdsl"),
    (20, "${", 0, "punctuation.section.interpolation.begin.ibdsl"),
    (20, "var", 0, "variable.language.ibdsl"),
    (20, "env", 0, "variable.other.reference.ibdsl"),
    (20, "$${", 0, "constant.character.escape.interpolation.ibdsl"),
    (20, "HOME} ", 0, "string.quoted.double.ibdsl"),
    (20, '\\"', 0, "constant.character.escape.ibdsl"),
    (20, "\\u00e9", 0, "constant.character.escape.ibdsl"),
    (21, "aws_image", 0, "support.function.builtin.ibdsl"),
    (22, "component", 0, "variable.language.ibdsl"),
    (22, "install-nginx", 0, "variable.other.reference.ibdsl"),
    (23, "IB402", 0, "constant.other.rule-code.ibdsl"),
    (25, "ebs", 0, "variable.other.property.ibdsl"),
    (25, "-30", 0, "constant.numeric.integer.ibdsl"),
    (25, "gp3", 0, "constant.other.enum.ibdsl"),
    (25, "true", 0, "constant.language.boolean.ibdsl"),
    (28, "<<-", 0, "string.unquoted.heredoc.raw.ibdsl"),
    (29, '      echo ${HOSTNAME} "${not_interpolated}"', 0, "string.unquoted.heredoc.raw.ibdsl"),
    (30, "EOT", 0, "keyword.control.heredoc-token.ibdsl"),
    (36, "Linux", 0, "constant.other.enum.ibdsl"),
    (37, "<<", 0, "string.unquoted.heredoc.ibdsl"),
    (38, "env", 0, "meta.interpolation.ibdsl"),
    (39, "$${", 0, "constant.character.escape.interpolation.ibdsl"),
    (42, "raw ${text}", 0, "string.unquoted.heredoc.raw.ibdsl"),
    (45, "${", 0, "string.unquoted.heredoc.ibdsl"),
    (46, "NOTE", 0, "keyword.control.heredoc-token.ibdsl"),
]


@pytest.mark.slow
def test_representative_tokens_get_their_scopes(node_modules):
    tokens = tokenize(SAMPLE)[str(SAMPLE)]
    wrong = [
        (line, text, scope, scopes_of(tokens, line, text, occurrence))
        for line, text, occurrence, scope in REPRESENTATIVE
        if scope not in scopes_of(tokens, line, text, occurrence)
    ]
    assert not wrong, wrong
    # After the heredocs the grammar is back in code: the last brace is no string.
    assert scopes_of(tokens, 47, "}") == ["source.ibdsl"]


@pytest.mark.slow
def test_the_examples_are_highlighted_as_ibdsl_parses_them(node_modules):
    """Every character ibdsl's parser reads as a comment or heredoc is scoped as one, every block
    keyword is one, and nothing outside them is."""
    from ibdsl.language import syntax as ast
    from ibdsl.language.parser import parse_module

    files = sorted(EXAMPLES.rglob("*.ib")) + [SAMPLE]
    tokenized = tokenize(*files)
    for path in files:
        module = parse_module(str(path), path.read_text())
        regions = [(c.span, "comment.") for c in module.comments]
        for item in module.items:
            if isinstance(item, ast.Block):
                regions.append((item.kind_span, "keyword.other.block.ibdsl"))
            values = [item.body] if isinstance(item, ast.Block) else []
            values += [getattr(item, "value", None), getattr(item, "default", None)]
            for value in filter(None, values):
                regions += [
                    (n.span, "string.unquoted.heredoc")
                    for n in ast.expressions(value)
                    if isinstance(n, ast.Str) and n.heredoc
                ]
        for token in tokenized[str(path)]:
            if not token["text"].strip():
                continue
            start = (token["line"], token["start"] + 1)
            inside = [
                want for span, want in regions if (span.line, span.column) <= start < (span.end_line, span.end_column)
            ]
            scopes = " ".join(token["scopes"])
            for want in inside:
                assert want in scopes, (path.name, token)
            if not inside:
                assert "comment." not in scopes and "heredoc" not in scopes, (path.name, token)


@pytest.mark.slow
def test_the_client_is_valid_javascript_and_the_extension_packages(node_modules, tmp_path):
    check = subprocess.run(["node", "--check", "extension.js"], cwd=EXTENSION, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    vsix = tmp_path / "ibdsl.vsix"
    run = subprocess.run(
        ["npx", "--no-install", "vsce", "package", "--skip-license", "--allow-missing-repository", "--out", str(vsix)],
        cwd=EXTENSION, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    names = set(zipfile.ZipFile(vsix).namelist())
    for name in ("package.json", "extension.js", "language-configuration.json", "syntaxes/ibdsl.tmLanguage.json"):
        assert f"extension/{name}" in names, name
    assert "extension/node_modules/vscode-languageclient/node.js" in names  # the client's runtime dependency
    assert not any(name.startswith("extension/node_modules/vscode-textmate/") for name in names)  # test-only

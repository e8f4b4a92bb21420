"""The lint result cache never answers differently from a run without it: every input it is
keyed by or checks is changed in turn, and the answer is compared with `--no-cache`'s."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import SETTINGS

COMMON = SETTINGS + 'fragment tags = { Team = "web" }\n'
MAIN = """import "common.ib"

variable env: string = "dev"

component "tool" {
  semantic_version = "1.0.x"
  platform         = Linux
  description      = "tool for ${var.env}"
  data             = file("tool.yml")
  tags             = fragment.tags
}
"""
DOCUMENT = "name: tool\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps: []\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.delenv("IBDSL_NO_CACHE", raising=False)
    (tmp_path / ".git").mkdir()  # the project's root: the cache lives beside it
    src = tmp_path / "src"
    src.mkdir()
    (src / "common.ib").write_text(COMMON)
    (src / "main.ib").write_text(MAIN)
    (src / "tool.yml").write_text(DOCUMENT)
    (tmp_path / "prod.ibvars").write_text('env = "prod"\n')
    return tmp_path


def lint(cwd, *args, env=None):
    run = subprocess.run(
        [sys.executable, "-m", "ibdsl", "lint", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    return run.stdout, run.stderr, run.returncode


def entries(root):
    folder = root / ".ibdsl" / "cache"
    return sorted(p.name for p in folder.glob("*.json")) if folder.exists() else []


def hit_imports_nothing_heavy(cwd, *args):
    """What a cached answer imports: no parser, no rules, no compiler, no argparse."""
    code = (
        "import sys; from ibdsl.cli import main\n"
        f"main(['lint', *{list(args)!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('ibdsl.language', 'ibdsl.compile', 'ibdsl.lint.rules', "
        "'argparse'))))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True)
    return run.stdout.strip().splitlines()[-1]


def test_a_hit_answers_as_the_run_did_without_parsing(project):
    cold = lint(project, "src")
    assert cold[2] == 1 and "semantic_version" in cold[0], cold  # the finding is in the answer
    assert len(entries(project)) == 1
    assert hit_imports_nothing_heavy(project, "src") == "[]"  # the very next run is a hit
    assert lint(project, "src") == cold
    assert lint(project, "src", "--no-cache") == cold


@pytest.mark.parametrize(
    "change",
    [
        "imported file",
        "file() document",
        "entry file",
        "new entry file",
        "deleted import",
        "var file",
        "configuration created",
        "configuration changed",
        "repository marker",
    ],
)
def test_any_changed_input_is_a_miss(project, change):
    args = ["src", "--var-file", "prod.ibvars"]
    if change == "configuration changed":
        (project / ".ibdsl.toml").write_text("ignore = []\n")
    first = lint(project, *args)
    assert lint(project, *args) == first
    src = project / "src"
    if change == "imported file":
        (src / "common.ib").write_text(COMMON + 'fragment tags = { Team = "api" }\n')
    elif change == "file() document":
        (src / "tool.yml").write_bytes(b"name: tool\x00\n")
    elif change == "entry file":
        (src / "main.ib").write_text(MAIN.replace("1.0.x", "1.0.0"))
    elif change == "new entry file":
        (src / "more.ib").write_text('component "other" {\n  semantic_version = "1.x"\n}\n')
    elif change == "deleted import":
        (src / "common.ib").unlink()
    elif change == "var file":
        (project / "prod.ibvars").write_text("env = 1\n")
    elif change == "configuration created":
        (src / ".ibdsl.toml").write_text('ignore = ["IB2"]\n')
    elif change == "configuration changed":
        (project / ".ibdsl.toml").write_text('ignore = ["IB2"]\n')
    elif change == "repository marker":  # the configuration search now stops at src/
        (project / ".ibdsl.toml").write_text('ignore = ["IB2"]\n')
        first = lint(project, *args)
        (src / ".git").mkdir()
    fresh = lint(project, *args, "--no-cache")
    assert fresh != first, "the change must change the answer, or the test proves nothing"
    assert lint(project, *args) == fresh
    assert lint(project, *args) == fresh  # and the new answer is the one stored


def test_the_tool_version_and_the_options_are_part_of_the_key(project):
    lint(project, "src")
    lint(project, "src", "--format", "json")
    lint(project, "src", "--strict")
    assert len(entries(project)) == 3
    code = "import sys, ibdsl; ibdsl.__version__ = '9.9.9'; from ibdsl.cli import main; sys.exit(main(['lint', 'src']))"
    subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, env={**os.environ})
    assert len(entries(project)) == 4


def test_off_switches_write_nothing(project):
    lint(project, "src", "--no-cache")
    lint(project, "src", env={"IBDSL_NO_CACHE": "1"})
    assert entries(project) == []


def test_a_damaged_entry_is_a_miss(project):
    cold = lint(project, "src")
    for name in entries(project):
        (project / ".ibdsl" / "cache" / name).write_text('{"reads": [')
    assert lint(project, "src") == cold
    entry = json.loads((project / ".ibdsl" / "cache" / entries(project)[0]).read_text())
    assert entry["code"] == 1


def test_nothing_is_cached_outside_a_project(tmp_path, monkeypatch):
    monkeypatch.delenv("IBDSL_NO_CACHE", raising=False)
    outside, here = tmp_path / "outside", tmp_path / "here"
    outside.mkdir()
    here.mkdir()
    (outside / "a.ib").write_text(COMMON)
    assert lint(here, str(outside / "a.ib"))[2] == 0
    assert not (outside / ".ibdsl").exists() and not (here / ".ibdsl").exists()


def test_the_cache_is_ignored_by_git_and_the_push_record_is_not(tmp_path, monkeypatch):
    monkeypatch.delenv("IBDSL_NO_CACHE", raising=False)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "a.ib").write_text(COMMON)
    lint(tmp_path, "a.ib")
    (tmp_path / ".ibdsl" / "pushed.json").write_text("{}")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path, capture_output=True, text=True
    ).stdout
    assert ".ibdsl/pushed.json" in status and ".ibdsl/cache" not in status, status


def test_an_answer_is_given_from_the_cache_whatever_the_arguments_look_like(project):
    """Arguments lint_arguments.py leaves to argparse (an abbreviated option) still get the stored answer."""
    cold = lint(project, "src", "--form", "json")
    assert cold[2] == 1 and cold[0].startswith("[")
    code = (
        "import sys; from ibdsl.cli import main\n"
        "main(['lint', 'src', '--form', 'json'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('ibdsl.language', 'ibdsl.lint.rules'))))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True)
    assert run.stdout.endswith("[]\n") and run.stdout[: -len("[]\n")] == cold[0]


@pytest.mark.parametrize("repository", ["walked", "git"])
def test_a_new_project_that_reads_the_named_file_is_a_miss(tmp_path, monkeypatch, repository):
    """A file named on its own is also checked through the projects that may read it, found by
    a search of the repository: a project added there changes the answer."""
    monkeypatch.delenv("IBDSL_NO_CACHE", raising=False)
    if repository == "git":
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    else:
        (tmp_path / ".git").mkdir()
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "base.ib").write_text(COMMON)
    first = lint(tmp_path, "shared/base.ib")
    assert first[2] == 0 and lint(tmp_path, "shared/base.ib") == first
    reader = tmp_path / "reader"
    reader.mkdir()
    (reader / "ibdsl.toml").write_text('[project]\nroots = [".", "../shared"]\n')
    (reader / "main.ib").write_text('import "../shared/base.ib"\n' + MAIN.replace("fragment.tags", "fragment.gone"))
    (reader / "tool.yml").write_text(DOCUMENT)
    if repository == "git":
        subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    fresh = lint(tmp_path, "shared/base.ib", "--no-cache")
    assert fresh != first
    assert lint(tmp_path, "shared/base.ib") == fresh


def test_a_document_nothing_read_is_checked_again_once_a_file_reads_it(tmp_path, monkeypatch):
    monkeypatch.delenv("IBDSL_NO_CACHE", raising=False)
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "tool.yml").write_text(DOCUMENT.replace("steps: []", "steps: [{name: a b, action: UpdateOS}]"))
    assert lint(tmp_path, "docs/tool.yml") == ("", "ibdsl: no findings in 0 files\n", 0)
    assert lint(tmp_path, "docs/tool.yml")[2] == 0  # answered by the cache
    (tmp_path / "docs" / "main.ib").write_text(
        MAIN.replace('import "common.ib"\n', SETTINGS).replace("  tags             = fragment.tags\n", "")
    )
    out, err, code = lint(tmp_path, "docs/tool.yml")
    assert code == 1 and "docs/tool.yml:5:" in out, out + err
    assert (out, err, code) == lint(tmp_path, "--no-cache", "docs/tool.yml")

"""The ibdsl-lint hook, run by the real pre-commit against this repository."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ibdsl.language.fmt import format_text

from conftest import REPO, SETTINGS

GOOD = format_text(
    "good.ib",
    SETTINGS
    + """image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
)
BAD = GOOD.replace('"1.0.0"', '"1.x.0"')


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("precommit")
    repo = root / "project"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(root / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    (repo / "good.ib").write_text(GOOD)
    (repo / "bad.ib").write_text(BAD)
    (repo / "messy.ib").write_text(GOOD.replace("  semantic_version", "semantic_version"))
    (repo / "-x.ib").write_text(BAD)  # a file name that looks like an option
    subprocess.run(["git", "add", "--", "good.ib", "bad.ib", "messy.ib", "-x.ib"], cwd=repo, check=True, env=env)
    return repo, env


def try_repo(workspace, filename, hook="ibdsl-lint"):
    repo, env = workspace
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, f"--files={filename}"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def test_hook_fails_on_a_bad_file_with_the_finding(workspace):
    proc = try_repo(workspace, "bad.ib")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "ibdsl lint" in output and "Failed" in output
    assert "bad.ib:6:22: IB201 error: semantic_version: a version being assigned cannot use the wildcard 'x'" in output


def test_hook_passes_on_a_good_file(workspace):
    proc = try_repo(workspace, "good.ib")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Passed" in output


def test_fmt_hook_checks_layout(workspace):
    proc = try_repo(workspace, "messy.ib", "ibdsl-fmt")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "would reformat messy.ib" in output
    assert try_repo(workspace, "good.ib", "ibdsl-fmt").returncode == 0


def test_a_file_named_like_an_option_is_linted_as_a_file(workspace):
    proc = try_repo(workspace, "-x.ib")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "-x.ib:6:22: IB201 error" in output

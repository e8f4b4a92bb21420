"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit as a user's repository runs them.

Installing a hook environment (a virtualenv with ibdsl and its dependencies) is most of the cost,
so it happens once per module: the fixture commits a snapshot of this working tree (uncommitted
changes included, as `pre-commit try-repo` does), points a project's .pre-commit-config.yaml at
it, and runs both hooks over every file once (`pre-commit run --all-files`). Each case is then a `pre-commit run` of one hook
on one file, using the environment that run installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from ibdsl.language.fmt import format_text

from conftest import REPO, SETTINGS

pytestmark = pytest.mark.slow

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
BAD = GOOD.replace('"1.0.0"', '"1.x.x"')
FILES = ["good.ib", "bad.ib", "messy.ib", "-x.ib"]


def git(*args: str, cwd, env) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def snapshot(destination, env) -> str:
    """Commit this working tree's files (tracked or not ignored) in a new repository; its commit."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO, env=env)
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():  # not deleted in the working tree
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    git("init", "-q", cwd=destination, env=env)
    git("add", "-A", cwd=destination, env=env)
    git("commit", "-q", "-m", "snapshot", cwd=destination, env=env)
    return git("rev-parse", "HEAD", cwd=destination, env=env).strip()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("precommit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(root / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    hooks = root / "ibdsl"
    hooks.mkdir()
    rev = snapshot(hooks, env)
    repo = root / "project"
    repo.mkdir()
    git("init", "-q", cwd=repo, env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: ibdsl-lint\n  - id: ibdsl-fmt\n"
    )
    # One recipe each, named apart: the hooks see the files as one project.
    (repo / "good.ib").write_text(GOOD.replace('"web"', '"good"'))
    (repo / "bad.ib").write_text(BAD.replace('"web"', '"bad"'))
    (repo / "messy.ib").write_text(GOOD.replace('"web"', '"messy"').replace("  semantic_version", "semantic_version"))
    (repo / "-x.ib").write_text(BAD.replace('"web"', '"dash-x"'))  # a file name that looks like an option
    git("add", "--", ".pre-commit-config.yaml", *FILES, cwd=repo, env=env)
    return repo, env


def pre_commit(workspace, *args: str) -> subprocess.CompletedProcess:
    repo, env = workspace
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color=never", *args],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


@pytest.fixture(scope="module")
def both_hooks(workspace):
    """Both hooks over every file, in one run: this installs the hook environment."""
    return pre_commit(workspace, "--all-files")


def hook(workspace, filename: str, hook_id: str = "ibdsl-lint") -> subprocess.CompletedProcess:
    return pre_commit(workspace, hook_id, f"--files={filename}")


def test_both_hooks_in_one_run(both_hooks):
    output = both_hooks.stdout + both_hooks.stderr
    assert both_hooks.returncode == 1, output
    failed = [line.split(".")[0] for line in output.splitlines() if line.endswith("Failed")]
    assert failed == ["ibdsl lint", "ibdsl fmt"], output
    findings = re.findall(r"^(\S+):(\d+):(\d+): (IB\d+) ", output, re.M)  # one project, one invocation
    assert sorted(findings) == [("-x.ib", "6", "22", "IB201"), ("bad.ib", "6", "22", "IB201")], output
    assert "would reformat messy.ib" in output
    assert "good.ib" not in output  # neither hook has anything to say about it


def test_hook_fails_on_a_bad_file_with_the_finding(workspace, both_hooks):
    proc = hook(workspace, "bad.ib")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "ibdsl lint" in output and "Failed" in output
    assert "bad.ib:6:22: IB201 error: semantic_version: a recipe version may hold one x" in output


def test_hook_passes_on_a_good_file(workspace, both_hooks):
    proc = hook(workspace, "good.ib")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Passed" in output


def test_fmt_hook_checks_layout(workspace, both_hooks):
    proc = hook(workspace, "messy.ib", "ibdsl-fmt")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "would reformat messy.ib" in output
    assert hook(workspace, "good.ib", "ibdsl-fmt").returncode == 0


def test_a_file_named_like_an_option_is_linted_as_a_file(workspace, both_hooks):
    proc = hook(workspace, "-x.ib")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "-x.ib:6:22: IB201 error" in output


@pytest.fixture(scope="module")
def monorepo(workspace, both_hooks):
    """A repository of two projects and a shared folder (tests/test_projects.py), with the
    same hook configuration: pre-commit reuses the environment `both_hooks` installed."""
    from test_projects import SHARED, write_monorepo

    project, env = workspace
    repo = project.parent / "monorepo"
    repo.mkdir()
    git("init", "-q", cwd=repo, env=env)
    (repo / ".pre-commit-config.yaml").write_text((project / ".pre-commit-config.yaml").read_text())
    files = write_monorepo(repo)
    git("add", "--", ".pre-commit-config.yaml", *files, cwd=repo, env=env)
    return repo, env, SHARED


def test_monorepo_projects_pass_each_with_its_own_settings(monorepo):
    repo, env, _ = monorepo
    proc = pre_commit((repo, env), "ibdsl-lint", "--all-files")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = pre_commit((repo, env), "ibdsl-lint", "--files", "platform/web.ib", "container-api/api.ib")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_monorepo_shared_file_change_reports_its_readers(monorepo):
    repo, env, shared = monorepo
    (repo / "shared/base.ib").write_text(shared.replace("hardening", "baseline"))
    git("add", "shared/base.ib", cwd=repo, env=env)
    try:
        proc = pre_commit((repo, env), "ibdsl-lint", "--files", "shared/base.ib")
    finally:
        (repo / "shared/base.ib").write_text(shared)
        git("add", "shared/base.ib", cwd=repo, env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    found = re.findall(r"^(\S+):(\d+):(\d+): (IB\d+) ", output, re.M)
    assert found == [("container-api/api.ib", "13", "16", "IB002"), ("platform/web.ib", "9", "22", "IB002")], output
    assert "other/" not in output


def test_monorepo_marker_change_checks_its_project(monorepo):
    repo, env, _ = monorepo
    marker = repo / "platform/ibdsl.toml"
    before = marker.read_text()
    marker.write_text(before.replace(', "../shared"', ""))  # the shared folder no longer readable
    git("add", "platform/ibdsl.toml", cwd=repo, env=env)
    try:
        proc = pre_commit((repo, env), "ibdsl-lint", "--files", "platform/ibdsl.toml")
    finally:
        marker.write_text(before)
        git("add", "platform/ibdsl.toml", cwd=repo, env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert re.search(r"^platform/web\.ib:1:1: IB006 ", output, re.M), output


def test_monorepo_document_change_checks_the_project_reading_it(monorepo):
    from test_projects import HELLO, HELLO_COMPONENT

    repo, env, _ = monorepo
    (repo / "platform/components").mkdir()
    (repo / "platform/hello.ib").write_text(HELLO_COMPONENT)
    (repo / "platform/components/hello.yaml").write_text(HELLO.replace("ExecuteBash", "ExecuteBsh"))
    git("add", "platform/hello.ib", "platform/components/hello.yaml", cwd=repo, env=env)
    try:
        proc = pre_commit((repo, env), "ibdsl-lint", "--files", "platform/components/hello.yaml")
    finally:
        git("rm", "-q", "-r", "--cached", "platform/hello.ib", "platform/components", cwd=repo, env=env)
        shutil.rmtree(repo / "platform/components")
        (repo / "platform/hello.ib").unlink()
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert re.search(r"^platform/components/hello\.yaml:6:17: IBD007 ", output, re.M), output

"""ruff's lint and format checks, run by the suite so CI (which runs the README's test command) runs them."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import REPO

PATHS = ["ibdsl", "tests", "benchmarks"]


@pytest.fixture(scope="module")
def ruff():
    found = shutil.which("ruff")
    if found is None:
        pytest.fail("ruff is missing: install the test extra (pip install -e '.[test]')")
    return found


def test_ruff_check(ruff):
    run = subprocess.run([ruff, "check", "--no-cache", *PATHS], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_format(ruff):
    run = subprocess.run([ruff, "format", "--check", "--no-cache", *PATHS], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr

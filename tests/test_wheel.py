"""An installed wheel (not only an editable install) carries and finds its package data."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from conftest import EXAMPLES, REPO

pytestmark = pytest.mark.slow  # builds a wheel, makes a virtualenv and installs into it


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("ibdsl-*.whl")
    return path


def test_wheel_contains_grammar_and_schemas(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ibdsl/data/grammar/ibdsl.lark" in names
    for operation in (
        "create_component",
        "create_image_recipe",
        "create_container_recipe",
        "create_distribution_configuration",
    ):
        assert f"ibdsl/data/schemas/{operation}.json" in names
    assert "ibdsl/data/limits.json" in names
    assert "ibdsl/data/awstoe.json" in names  # the document rules' facts


def test_installed_wheel_compiles_an_example(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    # The test environment's site-packages provide lark and friends (appended after the
    # venv's own, so the wheel installed into the venv is the ibdsl that gets imported).
    venv_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = [p for p in sys.path if p.endswith("site-packages")]
    with open(os.path.join(venv_site, "test-environment.pth"), "w") as f:
        f.write("\n".join(outer) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import ibdsl, importlib.resources as r; print(ibdsl.__file__); print(r.files('ibdsl.data'))",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(str(venv) in path for path in where), where
    run = subprocess.run(
        [str(python), "-m", "ibdsl", "compile", str(EXAMPLES / "ami-web-server")],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == (EXAMPLES / "ami-web-server" / "expected.json").read_text()

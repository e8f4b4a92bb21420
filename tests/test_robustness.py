"""Robustness: killed writes, the project root, and the limits on what ibdsl reads."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from conftest import run_process
from corpus import write_corpus


def test_compile_killed_at_any_moment_never_leaves_a_partial_file(tmp_path):
    ib, _ = write_corpus(tmp_path / "corpus", 300)  # about 900 payloads: writing takes a while
    out = tmp_path / "out"
    rng = random.Random(1)
    kills = 0
    for _ in range(8):
        process = subprocess.Popen([sys.executable, "-m", "ibdsl", "compile", str(ib), "-o", str(out)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.4, 2.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        for path in out.rglob("*.json"):
            json.loads(path.read_text())  # every file there is whole
    assert kills >= 3, "the kills came too late to test anything"
    assert (
        subprocess.run(
            [sys.executable, "-m", "ibdsl", "compile", str(ib), "-o", str(out)], capture_output=True
        ).returncode
        == 0
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["resources"]) == 299 * 3  # a component and two recipes per file
    assert not [p for p in out.rglob("*") if p.name.startswith(".ibdsl-")]  # temporaries of killed runs are gone
    for entry in manifest["resources"]:
        assert json.loads((out / entry["file"]).read_text())["name"] == entry["name"]


def test_imports_and_files_stay_inside_the_project_root(tmp_path):
    (tmp_path / "secret.ib").write_text("fragment secret = 1\n")
    (tmp_path / "secret.txt").write_text("password\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.ib").write_text(
        'import "../secret.ib"\ncomponent "c-1" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = file("../secret.txt")\n}\n'
    )
    run = run_process("lint", "project/main.ib", cwd=tmp_path)
    assert run.code == 1
    assert (
        "project/main.ib:1:1: IB006 error: cannot import '../secret.ib': it is outside the project root"
        in run.err + run.out
    )
    assert "file('../secret.txt'): it is outside the project root" in run.out
    assert run_process("lint", "project/main.ib", "--allow-outside-root", cwd=tmp_path).code == 0
    assert run_process("lint", "project/main.ib", "--root", ".", cwd=tmp_path).code == 0


def test_a_symlink_cannot_lead_out_of_the_root(tmp_path):
    (tmp_path / "secret.ib").write_text("fragment secret = 1\n")
    project = tmp_path / "project"
    project.mkdir()
    os.symlink(tmp_path / "secret.ib", project / "innocent.ib")
    (project / "main.ib").write_text('import "innocent.ib"\n')
    run = run_process("lint", "main.ib", cwd=project)
    assert run.code == 1 and "outside the project root" in run.out


def test_files_over_the_size_limit_are_refused_clearly(tmp_path):
    big = tmp_path / "big.ib"
    big.write_text("# padding\n" * 500_000)
    run = run_process("lint", "big.ib", cwd=tmp_path)
    assert run.code == 1
    assert "big.ib:1:1: IB001 error: source file is larger than 4194304 bytes, the most ibdsl reads" in run.out
    (tmp_path / "main.ib").write_text(
        'component "c-1" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = file("big.ib")\n}\n'
    )
    run = run_process("lint", "main.ib", cwd=tmp_path)
    assert "file('big.ib'): file is larger than 4194304 bytes, the most ibdsl reads" in run.out


@pytest.mark.parametrize("opener", ["{", "[", "("])
def test_nesting_limit_is_a_clear_error(tmp_path, opener):
    value = {"{": "{ a = " * 70 + "1" + " }" * 70, "[": "[" * 70 + "]" * 70, "(": "(" * 70 + "1" + ")" * 70}[opener]
    (tmp_path / "deep.ib").write_text(f"fragment f = {value}\n")
    run = run_process("lint", "deep.ib", cwd=tmp_path)
    assert run.code == 1
    assert "IB001 error: nesting is deeper than 64 levels" in run.out

"""Robustness: killed writes, the project root, and the limits on what ibdsl reads."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from ibdsl import files
from ibdsl.files import TEMPORARY_PREFIX, TEMPORARY_SUFFIX

from conftest import run_cli, run_process
from corpus import write_corpus


def compile_command(ib, out) -> list[str]:
    return [sys.executable, "-m", "ibdsl", "compile", str(ib), "-o", str(out)]


def written_since(out, started_ns: int) -> int:
    """How many payload files a run that started at `started_ns` has put in place so far."""
    count = 0
    for kind in [p for p in out.iterdir() if p.is_dir()] if out.exists() else []:
        with os.scandir(kind) as entries:
            count += sum(1 for e in entries if e.name.endswith(".json") and e.stat().st_mtime_ns >= started_ns)
    return count


@pytest.mark.slow
def test_compile_killed_at_any_moment_never_leaves_a_partial_file(tmp_path):
    """Real SIGKILLs while a real process writes about 900 payloads (each written and fsynced),
    each after a random number of them, however fast the disk is."""
    ib, _ = write_corpus(tmp_path / "corpus", 300)
    out = tmp_path / "out"
    rng = random.Random(1)
    kills = 0
    for _ in range(4):
        target = rng.randrange(1, 850)
        started = time.time_ns()  # this run writes nothing before it has read and compiled 300 files
        process = subprocess.Popen(compile_command(ib, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while process.poll() is None and written_since(out, started) < target and time.monotonic() < deadline:
            time.sleep(0.005)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        for path in out.rglob("*.json"):
            json.loads(path.read_text())  # every file there is whole
    assert kills >= 3, "the kills came too late to test anything"
    assert subprocess.run(compile_command(ib, out), capture_output=True).returncode == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["resources"]) == 299 * 3  # a component and two recipes per file
    assert not [p for p in out.rglob("*") if p.name.startswith(".ibdsl-")]  # temporaries of killed runs are gone
    for entry in manifest["resources"]:
        assert json.loads((out / entry["file"]).read_text())["name"] == entry["name"]


class Killed(BaseException):
    """The process dying there: no `except Exception` of ibdsl runs after it."""


def contents(out) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text() for p in out.rglob("*") if p.is_file()}


@pytest.mark.parametrize("at", ["first payload", "a middle payload", "the manifest"])
@pytest.mark.parametrize("failure", ["killed", "disk full"])
def test_compile_failing_at_any_write_leaves_whole_files_and_a_consistent_manifest(
    failure, at, tmp_path, capsys, monkeypatch
):
    """The in-process twin of the kill test: the n-th file replacement of a compile that
    changes every payload fails, by death or by an OSError. Every file is then the previous
    run's or this run's, whole; the manifest lists only files that are there; and the next
    compile completes."""
    ib, _ = write_corpus(tmp_path / "corpus", 10)
    out = tmp_path / "out"
    assert run_cli("compile", str(ib), "-o", str(out), capsys=capsys).code == 0
    before = contents(out)
    common = ib / "common.ib"
    common.write_text(common.read_text().replace('Team      = "platform"', 'Team      = "platform-2"'))
    replacements = len(before)  # every payload and the manifest
    nth = {"first payload": 1, "a middle payload": replacements // 2, "the manifest": replacements}[at]
    done = []

    class FailingOs:  # ibdsl.files' view of os: the nth replacement fails
        def __getattr__(self, name):
            return getattr(os, name)

        def replace(self, source, target):
            done.append(target)
            if len(done) == nth:
                if failure == "killed":
                    raise Killed
                raise OSError(errno.ENOSPC, "No space left on device")
            os.replace(source, target)

    with monkeypatch.context() as m:
        m.setattr(files, "os", FailingOs())
        if failure == "killed":
            with pytest.raises(Killed):
                run_cli("compile", str(ib), "-o", str(out), capsys=capsys)
        else:
            run = run_cli("compile", str(ib), "-o", str(out), capsys=capsys)
            assert run.code == 2 and "cannot write to" in run.err and "No space left on device" in run.err, run.err
    assert len(done) == nth
    failed = contents(out)
    assert not [name for name in failed if TEMPORARY_PREFIX in name]  # the write cleaned up after itself
    assert failed["manifest.json"] == before["manifest.json"]  # not reached, or not replaced
    for entry in json.loads(failed["manifest.json"])["resources"]:
        assert json.loads(failed[entry["file"]])["name"] == entry["name"]

    assert run_cli("compile", str(ib), "-o", str(out), capsys=capsys).code == 0
    after = contents(out)
    assert after != before
    for name, text in failed.items():
        assert text in (before[name], after[name]), name  # one run's or the other's, whole
    assert sum(failed[name] != before[name] for name in failed) == nth - 1  # the ones replaced before the failure


def test_temporaries_a_killed_compile_left_are_removed(tmp_path, capsys):
    ib, _ = write_corpus(tmp_path / "corpus", 3)
    out = tmp_path / "out"
    assert run_cli("compile", str(ib), "-o", str(out), capsys=capsys).code == 0
    kind = next(p for p in out.iterdir() if p.is_dir())
    left = [out / f"{TEMPORARY_PREFIX}abc{TEMPORARY_SUFFIX}", kind / f"{TEMPORARY_PREFIX}def{TEMPORARY_SUFFIX}"]
    for path in left:
        path.write_text('{"name": "half')  # what a killed write leaves
    (out / "notes.txt").write_text("mine")
    before = contents(out)
    assert run_cli("compile", str(ib), "-o", str(out), capsys=capsys).code == 0
    assert not any(path.exists() for path in left)
    assert contents(out) == {name: text for name, text in before.items() if TEMPORARY_PREFIX not in name}


def test_imports_and_files_stay_inside_the_project_root(tmp_path):
    (tmp_path / "secret.ib").write_text("fragment secret = 1\n")
    (tmp_path / "secret.txt").write_text(
        "schemaVersion: 1.0\nphases: [{name: build, steps: [{name: S, action: UpdateOS}]}]\n"
    )
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

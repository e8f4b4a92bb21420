from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

SETTINGS = 'settings {\n  region  = "us-east-1"\n  account = "111122223333"\n}\n'


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)

    @property
    def resources(self) -> dict:
        return {r["name"]: r["payload"] for r in self.json["resources"]}


def run_cli(*args: str, cwd: Path | None = None, capsys=None) -> Run:
    """Run `ibdsl ARGS` in this process (fast); output captured through capsys."""
    from ibdsl.cli import main

    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as e:  # argparse's usage errors
            code = e.code
        captured = capsys.readouterr()
    finally:
        os.chdir(old)
    return Run(code, captured.out, captured.err)


def run_process(*args: str, cwd: Path | None = None, stdin: bytes | None = None, timeout: float = 60) -> Run:
    """Run `python -m ibdsl ARGS` as a real process (exit codes, tracebacks, stdout purity)."""
    proc = subprocess.run(
        [sys.executable, "-m", "ibdsl", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def compile_text(text: str, *paths_and_files: tuple[str, str]):
    """Compile one source text without the linter: (CompileResult, rendered diagnostics)."""
    import tempfile

    from ibdsl.compile.compiler import compile_paths
    from ibdsl.render.text import render

    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "main.ib")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        result = compile_paths([path])
        report = render(result.diagnostics.sorted(), result.sources)
    return result, report


@pytest.fixture
def project(tmp_path, capsys):
    """Write files into a temporary project and compile them."""

    class Project:
        root = tmp_path

        def write(self, name: str, text: str) -> Path:
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return path

        def compile(self, text: str | None = None, *args: str, name: str = "main.ib") -> Run:
            if text is not None:
                self.write(name, text)
            return run_cli("compile", name, *args, cwd=tmp_path, capsys=capsys)

    return Project()

"""`ibdsl lsp` without its extra, and a lint without the language server."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

DATA = REPO / "tests" / "data" / "lsp"


def test_without_pygls_the_command_says_what_to_install():
    code = "import sys; sys.modules['pygls'] = None; from ibdsl.cli import main; sys.exit(main(['lsp']))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert run.returncode == 2
    assert "pip install 'ibdsl[lsp]'" in run.stderr and "pygls" in run.stderr


def test_lint_does_not_import_the_language_server():
    code = (
        "import sys; from ibdsl.cli import main\n"
        "try: main(['lint', sys.argv[1]])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol') or m.startswith('ibdsl.lsp')))"
    )
    run = subprocess.run([sys.executable, "-c", code, str(DATA)], capture_output=True, text=True)
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr


@pytest.mark.slow
def test_the_keystroke_benchmark_runs_on_a_small_corpus():
    run = subprocess.run(
        [sys.executable, "benchmarks/lsp.py", "--files", "4", "--changes", "2"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    rows = {line[:44].strip(): float(line[44:]) for line in run.stdout.splitlines()[1:]}
    assert set(rows) == {
        "open", "keystroke in a recipe file", "keystroke in common.ib (imported by all)", "save (whole project)",
        "hover", "completion", "hover during a whole-project lint", "server peak memory (MiB)",
    }  # fmt: skip
    assert all(0 < ms < 60_000 for ms in rows.values()), rows

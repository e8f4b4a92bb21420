"""The benchmark script runs and prints its table (its numbers are judged in docs/performance.md, not here)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.slow
def test_benchmark_runs_on_a_small_corpus():
    proc = subprocess.run(
        [sys.executable, "benchmarks/bench.py", "--sizes", "1,3", "--runs", "1", "--no-cfn-lint", "--no-plan"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["command", "files", "median", "s", "peak", "MiB", "x", "floor"]
    labels = [line[:30].strip() for line in lines[1:]]
    assert labels[:5] == [
        "python -c pass",
        "ibdsl lint, cold",
        "ibdsl lint, cache hit",
        "ibdsl lint, cold, no document",
        "ibdsl lint 3",
    ], labels
    lsp = [line for line in lines if line.startswith("lsp: ")]
    assert [line[:30].strip() for line in lsp] == [
        "lsp: keystroke, recipe file",
        "lsp: keystroke, shared file",
        "lsp: save (whole project)",
    ], lines
    assert all(line.split()[-4] == "3" for line in lsp)  # measured on the 3-file corpus
    targets = [line for line in lines if line.startswith(("met ", "MISS"))]
    assert any("one file: ibdsl lint / python -c pass" in line for line in targets)
    assert any("one file, cache hit" in line for line in targets)


def test_corpus_files_lint_clean_and_match_their_templates(tmp_path):
    from ibdsl.lint.linter import lint_paths

    from corpus import write_corpus

    ib, cfn = write_corpus(tmp_path, 5)
    result = lint_paths([str(ib)])
    assert result.findings == []
    lines = [len(p.read_text().splitlines()) for p in ib.glob("recipe-*.ib")]
    assert all(40 <= n <= 80 for n in lines), lines
    assert len(list(cfn.glob("*.json"))) == 4 and len(list(ib.glob("recipe-*.ib"))) == 4

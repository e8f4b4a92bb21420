"""The shipped parser (ibdsl/language/generated_parser.py) is what the grammar and the installed
Lark generate today, and a run never reads Lark's table cache from a shared directory."""

from __future__ import annotations

import os
import subprocess
import sys

from ibdsl.dev import parsergen

from conftest import REPO


def test_the_generated_parser_is_fresh():
    assert parsergen.TARGET.read_text(encoding="utf-8") == parsergen.generate(), (
        "the grammar or Lark changed: run `python -m ibdsl.dev.parsergen`"
    )


def test_a_lint_neither_imports_lark_nor_touches_the_temporary_directory(tmp_path):
    # Lark's cache=True wrote (and read back) a pickle in the temporary directory.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    code = (
        "import sys; from ibdsl.cli import main\n"
        "main(['lint', sys.argv[1]])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'lark'))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "examples" / "ami-web-server")],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "TMPDIR": str(temporary)},
    )  # fmt: skip
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr
    assert list(temporary.iterdir()) == []

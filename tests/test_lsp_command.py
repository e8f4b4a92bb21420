"""`ibdsl lsp` without its extra, and a lint without the language server."""

from __future__ import annotations

import subprocess
import sys

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

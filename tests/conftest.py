from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.errors import InvalidArgument

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

SETTINGS = 'settings {\n  region  = "us-east-1"\n  account = "111122223333"\n}\n'
# The smallest component document AWSTOE reads, on one line (flow YAML) so it fits in an .ib
# string: tests about something else give their components this (the IBD rules check documents).
DOCUMENT = "{schemaVersion: 1.0, phases: [{name: build, steps: [{name: S, action: UpdateOS}]}]}"

# --- Hypothesis profiles -------------------------------------------------------------------------
# A property test asks for examples(n): n examples under the `ci` profile (the count the test
# was written for), a fifth of that under `dev`. --hypothesis-profile or HYPOTHESIS_PROFILE
# (ci or dev) chooses. Left unset, a run that deselects the slow tests (`pytest -m "not slow"`,
# the inner loop) is a dev run, and any other run, such as `pytest` (the README's command and
# CI's), a ci run.
CI_EXAMPLES = 100
settings.register_profile(
    "ci", max_examples=CI_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("dev", settings.get_profile("ci"), max_examples=CI_EXAMPLES // 5)
PROFILE = "ci"


def pytest_configure(config):
    global PROFILE
    PROFILE = (
        config.getoption("hypothesis_profile", None)
        or os.environ.get("HYPOTHESIS_PROFILE")
        or ("dev" if "not slow" in (config.option.markexpr or "") else "ci")
    )
    try:
        settings.load_profile(PROFILE)  # before the test modules are imported: examples() sees it
    except InvalidArgument:
        raise pytest.UsageError(f"hypothesis profile {PROFILE!r}: use ci or dev") from None


def pytest_report_header(config):
    return f"hypothesis profile: {PROFILE} ({settings.default.max_examples} examples per {CI_EXAMPLES} of ci)"


def examples(n: int) -> int:
    """For @settings(max_examples=...): n under the ci profile, scaled to the loaded one."""
    return max(10, n * settings.default.max_examples // CI_EXAMPLES)


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

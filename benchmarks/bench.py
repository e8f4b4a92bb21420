"""Benchmark ibdsl lint and compile against cfn-lint and the interpreter's own start-up.

    python benchmarks/bench.py                 # corpora of 1, 100 and 1,000 files
    python benchmarks/bench.py --sizes 1,100 --runs 3 --no-cfn-lint

Each command runs as its own process, repeatedly; the table shows the median wall time and
the median peak resident memory (the child's own, from wait4). cfn-lint is installed from
PyPI into benchmarks/.venv-cfn-lint the first time (or pass --cfn-lint PATH). The targets
from the performance issue are checked at the end; --check makes a missed target exit 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

HERE = Path(__file__).resolve().parent
CFN_VENV = HERE / ".venv-cfn-lint"


def measure(command: list[str], runs: int, timeout: float = 600) -> tuple[float, float]:
    """(median seconds, median peak MiB) over `runs` runs of `command`."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                raise TimeoutError(" ".join(command))
            time.sleep(0.001)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
    return statistics.median(times), statistics.median(peaks)


def ibdsl_command() -> list[str]:
    script = Path(sys.executable).with_name("ibdsl")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ibdsl"]


def cfn_lint_command(explicit: str | None) -> list[str] | None:
    if explicit:
        return [explicit]
    found = CFN_VENV / "bin" / "cfn-lint"
    if not found.exists():
        print("installing cfn-lint into", CFN_VENV, file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(CFN_VENV)], check=True)
        subprocess.run([str(CFN_VENV / "bin" / "pip"), "install", "--quiet", "cfn-lint"], check=True)
    return [str(found)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,100,1000", help="corpus sizes (files)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (1,000-file corpora: at most 3)")
    parser.add_argument("--cfn-lint", dest="cfn_lint", help="path of a cfn-lint to use")
    parser.add_argument("--no-cfn-lint", action="store_true", help="skip cfn-lint")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    ibdsl = ibdsl_command()
    cfn = None if args.no_cfn_lint else cfn_lint_command(args.cfn_lint)
    work = Path(tempfile.mkdtemp(prefix="ibdsl-bench-"))
    rows: dict[tuple[str, int], tuple[float, float]] = {}
    try:
        rows[("python -c pass", 0)] = measure([sys.executable, "-c", "pass"], max(args.runs, 5))
        for size in sizes:
            ib, templates = write_corpus(work / str(size), size)
            runs = min(args.runs, 3) if size >= 1000 else args.runs
            rows[("ibdsl lint", size)] = measure([*ibdsl, "lint", str(ib)], runs)
            out = work / f"out-{size}"
            rows[("ibdsl compile", size)] = measure([*ibdsl, "compile", str(ib), "-o", str(out)], runs)
            if cfn:
                cfn_runs = 1 if size >= 100 else runs
                files = sorted(str(p) for p in templates.glob("*.json"))
                rows[("cfn-lint", size)] = measure([*cfn, *files], cfn_runs, timeout=3600)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    floor = rows[("python -c pass", 0)][0]
    print(f"{'command':<16} {'files':>6} {'median s':>9} {'peak MiB':>9} {'x floor':>8}")
    for (name, size), (seconds, peak) in rows.items():
        print(f"{name:<16} {size or '-':>6} {seconds:>9.3f} {peak:>9.1f} {seconds / floor:>8.1f}")

    print()
    misses = 0

    def target(label: str, value: float, limit: float, better: str) -> None:
        nonlocal misses
        ok = value <= limit if better == "below" else value >= limit
        misses += not ok
        print(
            f"{'met ' if ok else 'MISS'}  {label}: {value:.2f} ({'at most' if better == 'below' else 'at least'} {limit:g})"
        )

    if 1 in sizes:
        target("one file: ibdsl lint / python -c pass", rows[("ibdsl lint", 1)][0] / floor, 2, "below")
        if cfn:
            target(
                "one recipe file: cfn-lint / ibdsl lint",
                rows[("cfn-lint", 1)][0] / rows[("ibdsl lint", 1)][0],
                20,
                "above",
            )
    if 1000 in sizes:
        target("1,000 files: ibdsl lint seconds", rows[("ibdsl lint", 1000)][0], 3, "below")
        target("1,000 files: ibdsl lint peak MiB", rows[("ibdsl lint", 1000)][1], 100, "below")
        if 100 in sizes:
            target(
                "1,000 / 100 files: ibdsl lint time",
                rows[("ibdsl lint", 1000)][0] / rows[("ibdsl lint", 100)][0],
                11,
                "below",
            )
    if cfn and 100 in sizes:
        print(
            f"info  100 files: cfn-lint / ibdsl lint = {rows[('cfn-lint', 100)][0] / rows[('ibdsl lint', 100)][0]:.1f}"
        )
    return 1 if args.check and misses else 0


if __name__ == "__main__":
    raise SystemExit(main())

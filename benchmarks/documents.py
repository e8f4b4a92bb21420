"""What the document rules (IBD) cost per kilobyte of component document.

Lints the same project twice, with and without the IBD rules' documents (every component
given by uri instead of data), and divides the difference by the kilobytes of document text.
Documents: the real ones in ../shared/corpus/awstoe when it sits beside the project, else the
bundled example's. Not part of the timed tests: `python benchmarks/documents.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "awstoe"


def documents() -> list[Path]:
    found = sorted(CORPUS.glob("*.yaml")) if CORPUS.is_dir() else []
    return found or [ROOT / "examples" / "ami-web-server" / "components" / "install-nginx.yaml"]


def project(folder: Path, paths: list[Path], inline: bool) -> Path:
    blocks = ['settings {\n  region  = "us-east-1"\n  account = "111122223333"\n}\n']
    for number, path in enumerate(paths):
        source = f'file("{path.as_posix()}")' if inline else '"s3://bucket/doc.yaml"'
        member = "data" if inline else "uri"
        blocks.append(
            f'component "doc-{number:03d}" {{\n  semantic_version = "1.0.0"\n  platform = Linux\n'
            f"  {member} = {source}\n}}\n"
        )
    main = folder / ("with.ib" if inline else "without.ib")
    main.write_text("".join(blocks), encoding="utf-8")
    return main


def timed(main: Path) -> float:
    """One lint; each run parses its documents again, as a fresh `ibdsl lint` does."""
    from ibdsl.compile.compiler import CompileOptions
    from ibdsl.lint.linter import LintOptions, lint_paths

    start = time.perf_counter()
    lint_paths([str(main)], LintOptions(compile=CompileOptions(allow_outside_root=True)))
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    paths = documents()
    kilobytes = sum(len(p.read_text(encoding="utf-8")) for p in paths) / 1024
    with tempfile.TemporaryDirectory() as tmp:
        with_docs, without = project(Path(tmp), paths, True), project(Path(tmp), paths, False)
        timed(with_docs)  # warm imports (yaml, the rules) once
        pairs = [(timed(with_docs), timed(without)) for _ in range(args.repeat)]
    cost = statistics.median(w - o for w, o in pairs)
    print(
        f"{len(paths)} documents, {kilobytes:.1f} KB: lint {statistics.median(w for w, _ in pairs) * 1000:.1f} ms "
        f"with them, {statistics.median(o for _, o in pairs) * 1000:.1f} ms without"
    )
    print(f"document checks: {cost * 1000 / kilobytes:.3f} ms per KB (median of {args.repeat} paired runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

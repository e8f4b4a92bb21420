"""`ibdsl graph`: the project's resources and references as Mermaid, DOT or SVG."""

from __future__ import annotations

import shutil
import subprocess

from ..diagnostics import UsageError

FORMATS = ("mermaid", "dot", "svg")
NO_GRAPHVIZ = (
    "--format svg needs Graphviz's `dot` on the PATH (Debian/Ubuntu: apt install graphviz; "
    "macOS: brew install graphviz); --format dot prints its input, --format mermaid renders on GitHub"
)


def graph_paths(paths: list[str], options, output_format: str, group_by: str):
    """(compiled, text): the picture, or None for the text when the project has errors."""
    from ..compile.compiler import compile_paths
    from ..render.graph import build_graph, dot, mermaid

    if output_format == "svg" and shutil.which("dot") is None:
        raise UsageError(NO_GRAPHVIZ)  # before any work: nothing could be drawn
    compiled = compile_paths(paths, options)
    if compiled.diagnostics.has_errors:
        return compiled, None
    graph = build_graph(compiled, group_by)
    if output_format == "mermaid":
        return compiled, mermaid(graph)
    source = dot(graph)
    if output_format == "dot":
        return compiled, source
    return compiled, _svg(source)


def _svg(source: str) -> str:
    try:
        done = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise UsageError(f"Graphviz's dot did not run: {e}") from None
    if done.returncode != 0:
        raise UsageError(f"Graphviz's dot failed: {done.stderr.strip() or done.returncode}")
    return done.stdout

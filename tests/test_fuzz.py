"""Fuzzing: grammar-generated programs and mutated examples.

CI runs a sample. The campaign recorded in docs/robustness.md runs 100,000 inputs:

    IBDSL_FUZZ_EXAMPLES=50000 python -m pytest tests/test_fuzz.py -q

For every input: no uncaught exception; every diagnostic has a position inside the file it
names; lint and compile agree: when lint reports no error, every compiled resource is
valid and compile writes it (compile refuses exactly when lint has an error); and fmt is in
the loop: whatever parses, fmt formats (refusing only to split what a suppression comment
stands on), and the formatted project lints and compiles to exactly what the original did.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark

from ibdsl.compile.compiler import CompileOptions
from ibdsl.data import grammar_text
from ibdsl.lint.linter import LintOptions, lint_paths

from conftest import EXAMPLES, examples

EXAMPLES_COUNT = int(os.environ.get("IBDSL_FUZZ_EXAMPLES") or examples(150))  # a campaign sets the count
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_COUNT,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,  # a campaign should not replay the last one's corpus forever
)


def _lint(files: dict[str, bytes], entry: str):
    with tempfile.TemporaryDirectory() as directory:
        for name, data in files.items():
            Path(directory, name).parent.mkdir(parents=True, exist_ok=True)
            Path(directory, name).write_bytes(data)
        old = os.getcwd()
        os.chdir(directory)
        try:
            return lint_paths([entry], LintOptions(compile=CompileOptions(region="us-east-1", account="111122223333")))
        finally:
            os.chdir(old)


def _formatted(data: bytes) -> bytes | None:
    """fmt's output for a file that parses; None when it does not."""
    from ibdsl.language.fmt import FormatError, format_text
    from ibdsl.language.parser import ParseError
    from ibdsl.language.sources import SourceError, decode_source

    try:
        return format_text("main.ib", decode_source("main.ib", data)).encode("utf-8")
    except (ParseError, SourceError):
        return None
    except FormatError as e:
        # The one refusal by design: splitting what a suppression comment stands on (two
        # statements on its line) would change what it suppresses. Anything else is a bug.
        assert "ibdsl: ignore" in str(e), e
        return None


def _outcome(result) -> tuple:
    payloads = [(r.kind.output, r.name, r.payload, r.valid) for r in result.compiled.resources]
    return payloads, result.counts()


def check(files: dict[str, bytes], entry: str = "main.ib") -> None:
    result = _lint(files, entry)
    formatted = _formatted(files[entry])
    if formatted is not None:
        assert _formatted(formatted) == formatted  # a second pass changes nothing
        assert _outcome(_lint({**files, entry: formatted}, entry)) == _outcome(result)
    for finding in result.findings:
        span = finding.span
        assert span.path in files, (span.path, finding.message)
        lines = files[span.path].split(b"\n")
        assert 1 <= span.line <= len(lines), (span, finding.message)
        assert 1 <= span.column <= len(lines[span.line - 1]) + 2, (span, finding.message)
        assert span.end_line >= span.line
    if not result.counts()["error"]:
        assert not result.compiled.diagnostics.has_errors
        assert all(resource.valid for resource in result.compiled.resources)


# --- programs shaped by the grammar ------------------------------------------------------

GRAMMAR = Lark(grammar_text(), parser="lalr", start=["start", "interpolation"])
PROGRAMS = from_lark(
    GRAMMAR,
    start="start",
    explicit={
        "HEREDOC": st.sampled_from(["<<EOT\nx ${var.a}\nEOT\n", "<<-'X'\n  a ${b}\n  X\n", "<<EOT\nEOT\n", "<<-EOT\n    y\n    EOT", "<<'Q'\n${HOME}\nQ"]),
        "WS": st.sampled_from([" ", "\n", "  \n\t"]),
        "COMMENT": st.sampled_from(["# c\n", "// ibdsl: ignore[IB201]\n"]),
        "BLOCK_COMMENT": st.just("/* c */"),
        "NAME": st.sampled_from(
            ["image_recipe", "component", "container_recipe", "distribution", "settings", "var", "fragment",
             "region", "tags", "semantic_version", "parent_image", "components", "aws_component", "file", "x", "gp3"]
        ),
        "INT": st.sampled_from(["0", "1", "-1", "99999999999999999999", "1073741824"]),
    },
)  # fmt: skip


@pytest.mark.slow
@FUZZ_SETTINGS
@given(PROGRAMS)
def test_grammar_generated_programs(text):
    check({"main.ib": text.encode("utf-8", "surrogatepass")})


# --- mutated examples ----------------------------------------------------------------------

SOURCES = [p.read_bytes() for p in sorted(EXAMPLES.rglob("*.ib")) if p.name != "base.ib"]


HEREDOC_DECLARATIONS = [
    b'fragment h1 = <<EOT\nx\nEOT\n+ "y"\n',
    b'fragment h2 = (<<EOT\nx\nEOT\n) + "y"\n',
    b'fragment h3 = "a" + ((<<-EOT\n    b\n    EOT) + <<EOT\nc\nEOT\n)\n',
    b'fragment h4 = [<<EOT\nx\nEOT\n, (<<EOT\ny\nEOT) + "z"]\n',
    b'fragment h5 = { a = <<EOT\nx\nEOT\n+ "q", b = (("r")) }\n',
]


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SOURCES)))
    extra: dict[str, bytes] = {}
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                [
                    "truncate",
                    "flip",
                    "utf8",
                    "huge",
                    "deep",
                    "long",
                    "cycle",
                    "missing",
                    "binary",
                    "delete",
                    "duplicate",
                    "heredoc",
                ]
            )
        )
        at = draw(st.integers(0, len(data)))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip" and data:
            index = min(at, len(data) - 1)
            data[index] ^= 1 << draw(st.integers(0, 7))
        elif kind == "utf8":
            data[at:at] = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]))
        elif kind == "huge":
            data[at:at] = b"9" * draw(st.integers(19, 5000))
        elif kind == "deep":
            depth = draw(st.integers(30, 300))
            data[at:at] = b"[" * depth + b"]" * depth
        elif kind == "long":
            data[at:at] = b"x" * draw(st.integers(1000, 200_000))
        elif kind == "cycle":
            data[0:0] = b'import "loop.ib"\n'
            extra["loop.ib"] = b'import "main.ib"\n'
        elif kind == "missing":
            data[0:0] = b'import "nowhere/missing.ib"\n'
        elif kind == "binary":
            data[0:0] = b'import "blob.ib"\n'
            extra["blob.ib"] = bytes(range(256)) * 4
        elif kind == "delete":
            end = min(len(data), at + draw(st.integers(1, 200)))
            del data[at:end]
        elif kind == "heredoc":  # operators and parentheses around heredocs, for fmt
            data[0:0] = draw(st.sampled_from(HEREDOC_DECLARATIONS))
        elif kind == "duplicate":
            end = min(len(data), at + draw(st.integers(1, 400)))
            data[at:at] = data[at:end]
    files = {"main.ib": bytes(data), **extra}
    return files


@pytest.mark.slow
@FUZZ_SETTINGS
@given(mutated())
def test_mutated_examples(files):
    # Examples that read files (components/*.yaml) keep working where the mutation allows.
    nginx = EXAMPLES / "ami-web-server" / "components" / "install-nginx.yaml"
    check({**files, "components/install-nginx.yaml": nginx.read_bytes()})

"""ibdsl fmt: case files, idempotence, unchanged compile output, every comment kept."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ibdsl.compile.compiler import CompileOptions, compile_paths
from ibdsl.language.fmt import format_text
from ibdsl.language.parser import ParseError, parse_tree

from conftest import DOCUMENT, EXAMPLES, examples, run_cli
from programs import programs

CASES = sorted((Path(__file__).parent / "fmt").glob("*.ib"))
SEPARATOR = "#==== expected ====#\n"


def compiled(text: str, extra: dict | None = None) -> dict:
    """Payloads by (kind, name), or None when the text does not compile."""
    with tempfile.TemporaryDirectory() as directory:
        for name, content in {"main.ib": text, "other.ib": "", **(extra or {})}.items():
            Path(directory, name).parent.mkdir(parents=True, exist_ok=True)
            Path(directory, name).write_text(content, encoding="utf-8")
        result = compile_paths(
            [os.path.join(directory, "main.ib")], CompileOptions(region="us-east-1", account="111122223333")
        )
        if result.diagnostics.has_errors:
            return None
        return {(r.kind.output, r.name): r.payload for r in result.resources}


def comments(text: str) -> list[str]:
    return [c.value for c in parse_tree("x.ib", text)[1]]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case):
    source, expected = case.read_text(encoding="utf-8").split(SEPARATOR)
    assert format_text("main.ib", source) == expected
    assert format_text("main.ib", expected) == expected  # a second pass changes nothing
    before = compiled(source)
    assert before is not None, "a formatter case must compile"
    assert compiled(expected) == before
    assert sorted(comments(source)) == sorted(comments(expected))


EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.ib"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[str(p.relative_to(EXAMPLES)) for p in EXAMPLE_FILES])
def test_examples_are_formatted_and_stable(path):
    text = path.read_text(encoding="utf-8")
    assert format_text(str(path), text) == text  # `ibdsl fmt --check examples` passes


@settings(max_examples=examples(200), suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(programs())
def test_generated_programs(program):
    text, _ = program
    formatted = format_text("main.ib", text)
    assert format_text("main.ib", formatted) == formatted
    before = compiled(text)
    assert before is not None
    assert compiled(formatted) == before
    assert sorted(comments(formatted)) == sorted(comments(text))


COMMENTS = st.sampled_from(["# c", "// c", "/* c */", "/* multi\n line */"])


@settings(max_examples=examples(200))
@given(st.data())
def test_comments_anywhere_in_the_examples_survive(data):
    """Put comments between random tokens of an example: fmt keeps them all and stays stable."""
    path = data.draw(st.sampled_from([p for p in EXAMPLE_FILES if "composed" not in str(p)]))
    text = path.read_text(encoding="utf-8")
    _, existing = parse_tree(str(path), text)
    # places right after a token's end, outside strings and heredocs: after , { [ ( = or a newline
    spots = [m.end() for m in re.finditer(r"[,{\[(=]|\n", text)]
    chosen = sorted(data.draw(st.lists(st.sampled_from(spots), min_size=1, max_size=5, unique=True)), reverse=True)
    for spot in chosen:
        comment = data.draw(COMMENTS)
        insert = f" {comment}\n" if comment[0] in "#/" and not comment.startswith("/*") else f" {comment} "
        text = text[:spot] + insert + text[spot:]
    try:
        _, all_comments = parse_tree(str(path), text)
    except ParseError:
        return  # landed inside a string or heredoc: not a formatting question
    formatted = format_text(str(path), text)
    assert format_text(str(path), formatted) == formatted
    assert sorted(comments(formatted)) == sorted(c.value for c in all_comments)
    extra = {"components/install-nginx.yaml": (EXAMPLES / "ami-web-server/components/install-nginx.yaml").read_text()}
    before = compiled(text, extra)
    assume(before is not None)  # a comment that landed inside a string changed its value
    assert compiled(formatted, extra) == before


def test_check_diff_and_rewrite(tmp_path, capsys):
    messy = 'settings{region="us-east-1"}\n'
    (tmp_path / "a.ib").write_text(messy)
    (tmp_path / "b.ib").write_text('settings {\n  region = "us-east-1"\n}\n')
    run = run_cli("fmt", "--check", ".", cwd=tmp_path, capsys=capsys)
    assert run.code == 1 and "would reformat a.ib" in run.err and "b.ib" not in run.err
    run = run_cli("fmt", "--diff", "a.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 0 and run.out.startswith("--- a.ib\n+++ a.ib (formatted)\n")
    assert (tmp_path / "a.ib").read_text() == messy  # --check and --diff change nothing
    run = run_cli("fmt", ".", cwd=tmp_path, capsys=capsys)
    assert run.code == 0 and run.err == "reformatted a.ib\n"
    assert (tmp_path / "a.ib").read_text() == 'settings {\n  region = "us-east-1"\n}\n'
    assert run_cli("fmt", "--check", ".", cwd=tmp_path, capsys=capsys).code == 0


def test_syntax_errors_are_reported_and_the_file_left_alone(tmp_path, capsys):
    (tmp_path / "bad.ib").write_text("settings { region = }\n")
    run = run_cli("fmt", "bad.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 1
    assert "bad.ib:1:21: IB001 error: expected a value" in run.err
    assert (tmp_path / "bad.ib").read_text() == "settings { region = }\n"


def test_windows_line_endings_are_kept(tmp_path, capsys):
    (tmp_path / "a.ib").write_bytes(b'settings{region="us-east-1"}\r\n')
    run_cli("fmt", "a.ib", cwd=tmp_path, capsys=capsys)
    assert (tmp_path / "a.ib").read_bytes() == b'settings {\r\n  region = "us-east-1"\r\n}\r\n'


# --- operators and parentheses around heredocs -----------------------------------------------
# A heredoc's closing line may hold only its marker and a closing bracket, comma or comment.
# A layout that put `+ x` there would swallow what follows or stop parsing; fmt must never
# write one, and proves its own output (format_text raises FormatError rather than return it).

HEREDOC_BODIES = st.sampled_from(["hello\n", "  indented\n\tand a tab\n", "a line\n\nafter a blank\n", "EOTX\n"])


@st.composite
def heredocs(draw):
    strip = draw(st.sampled_from(["", "-"]))
    raw = draw(st.booleans())
    marker = draw(st.sampled_from(["EOT", "END", "DOC"]))
    body = draw(HEREDOC_BODIES)
    if strip:
        body = "".join(f"    {line}\n" if line else "\n" for line in body.rstrip("\n").split("\n"))
    closing = ("    " if strip else "") + marker
    return f"<<{strip}{repr(marker) if raw else marker}\n{body}{closing}"


def _space(draw) -> str:
    return draw(st.sampled_from([" ", "\n", "\n  ", "  "]))


@st.composite
def string_expressions(draw, depth=0):
    """Strings joined with `+`, in parentheses or not, heredocs anywhere, odd layouts."""
    atoms = [heredocs(), st.sampled_from(['"text"', '"${var.word}"', "fragment.base"])]
    if depth < 3:
        atoms.append(string_expressions(depth=depth + 1).map(lambda inner: f"({inner})"))
    count = draw(st.integers(min_value=1, max_value=4))
    parts = [draw(st.one_of(*atoms)) for _ in range(count)]
    text = parts[0]
    for part in parts[1:]:
        text += f"{_space(draw)}+{_space(draw)}{part}"
    return text


@settings(max_examples=examples(300))
@given(string_expressions(), st.sampled_from(["fragment", "member", "map", "list"]))
def test_operators_and_parentheses_around_heredocs(expression, place):
    head = 'variable word: string = "w"\nfragment base = "base"\n'
    component = 'component "hello" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = "' + DOCUMENT + '"\n'
    if place == "fragment":
        text = head + f"fragment value = {expression}\n" + component + "  description = fragment.value\n}\n"
    elif place == "member":
        text = head + component + f'  description = {expression}\n  change_description = "after"\n}}\n'
    elif place == "map":
        text = head + component + f'  tags = {{ A = {expression}, B = "b" }}\n}}\n'
    else:
        text = head + component + f'  supported_os_versions = [{expression}, "Amazon Linux 2023"]\n}}\n'
    try:
        parse_tree("main.ib", text)
    except ParseError:
        assume(False)  # only layouts the language accepts
    formatted = format_text("main.ib", text)  # raises FormatError if it could not prove itself
    assert format_text("main.ib", formatted) == formatted
    assert compiled(formatted) == compiled(text)


def test_fmt_refuses_to_write_what_it_cannot_prove(tmp_path, capsys, monkeypatch):
    """A layout bug costs a refusal, never a changed file: simulate one."""
    from ibdsl.language import fmt

    source = 'fragment a = <<EOT\nhello\nEOT\n  + "world"\nfragment b = "kept"\n'
    path = tmp_path / "main.ib"
    path.write_text(source)
    broken = fmt.Formatter.module
    monkeypatch.setattr(fmt.Formatter, "module", lambda self, tree: broken(self, tree).replace("EOT\n  + ", "EOT + "))
    run = run_cli("fmt", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 1
    assert "main.ib: error: not formatted: the formatted text does not parse" in run.err
    assert path.read_text() == source
    monkeypatch.setattr(fmt.Formatter, "module", lambda self, tree: broken(self, tree).replace('"kept"', '"changed"'))
    run = run_cli("fmt", "--check", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 1 and "would not compile to the same thing" in run.err

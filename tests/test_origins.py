"""Positions inside embedded documents: a line and column inside a heredoc or a file() read
render where that character was written, with its source line and a caret under it."""

from __future__ import annotations

import pytest

from ibdsl.compile.compiler import compile_paths
from ibdsl.diagnostics import Diagnostic
from ibdsl.render.text import render

HEAD = 'settings {\n  region  = "us-east-1"\n  account = "111122223333"\n}\n'


def component(data: str, extra: str = "") -> str:
    return (
        HEAD
        + extra
        + 'component "doc" {\n  semantic_version = "1.0.0"\n  platform = Linux\n'
        + f"  data = {data}\n"
        + "}\n"
    )


@pytest.fixture
def compiled(tmp_path, monkeypatch):
    """Write `files` (name -> text) and compile main.ib from inside the project, as a user would."""
    monkeypatch.chdir(tmp_path)

    def run(files: dict[str, str]):
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        result = compile_paths(["main.ib"])
        assert not result.diagnostics.has_errors, render(result.diagnostics.sorted(), result.sources)
        (resource,) = [r for r in result.resources if r.name == "doc"]
        return result, resource

    return run


def shown(result, resource, line: int, column: int, *end: int, path: tuple = ("data",)) -> str:
    span = resource.origin_at(path).span_at(line, column, *end)
    return render([Diagnostic(span, "here")], result.sources)


def expect(where: str, source_line: str, column: int, width: int = 1) -> str:
    number = where.split(":")[1]
    gutter = f"{number:>5} | "
    return (
        f"{where}: error: here\n"
        f"{gutter}{source_line}\n"
        f"{' ' * (len(gutter) - 2)}| {' ' * (column - 1)}^{'~' * (width - 1)}\n"
    )


DOC = "name: c\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps: []\n"


def test_plain_heredoc(compiled):
    result, resource = compiled({"main.ib": component("<<EOT\n" + DOC + "EOT")})
    assert resource.payload["data"] == DOC
    # Line 1 of the document is the line after `data = <<EOT` (line 9 of main.ib).
    assert shown(result, resource, 4, 5) == expect("main.ib:12:5", "  - name: build", 5)
    assert shown(result, resource, 1, 1) == expect("main.ib:9:1", "name: c", 1)
    # A range on one line keeps its width.
    assert shown(result, resource, 4, 5, 4, 9) == expect("main.ib:12:5", "  - name: build", 5, 4)


def test_indented_heredoc(compiled):
    body = "".join("      " + line + "\n" for line in DOC.splitlines())
    result, resource = compiled({"main.ib": component("<<-EOT\n" + body + "      EOT")})
    assert resource.payload["data"] == DOC
    # Six columns of indentation were stripped: column 5 of the document is column 11.
    assert shown(result, resource, 4, 5) == expect("main.ib:12:11", "        - name: build", 11)
    assert shown(result, resource, 5, 5) == expect("main.ib:13:11", "          steps: []", 11)


def test_blank_lines_of_an_indented_heredoc(compiled):
    result, resource = compiled({"main.ib": component("<<-EOT\n    a: 1\n\n    b: 2\n    EOT")})
    assert resource.payload["data"] == "a: 1\n\nb: 2\n"
    assert resource.origin_at(("data",)).span_at(2, 1)[1:3] == (10, 1)  # the empty line's end
    assert resource.origin_at(("data",)).span_at(3, 1)[1:3] == (11, 5)


def test_interpolation_before_the_point(compiled):
    extra = 'variable step: string = "building"\n'
    line = "  - name: ${var.step} now"
    doc = f"phases:\n{line}\n"
    result, resource = compiled({"main.ib": component("<<EOT\n" + doc + "EOT", extra)})
    assert resource.payload["data"] == "phases:\n  - name: building now\n"
    # `now` is column 20 of the document text, and column 23 as written.
    assert shown(result, resource, 2, 20) == expect("main.ib:11:23", line, line.index("now") + 1)
    # Inside the inserted text: the ${...} that inserted it.
    assert shown(result, resource, 2, 13) == expect("main.ib:11:11", line, 11, len("${var.step}"))
    # Before the interpolation nothing moves.
    assert shown(result, resource, 2, 5) == expect("main.ib:11:5", line, 5)


def test_interpolation_and_escapes_in_a_string(compiled):
    text = r'"a\tb${var.x}\u00e9c$${d}e"'
    extra = 'variable x: string = "XYZ"\n'
    result, resource = compiled({"main.ib": component(text, extra)})
    assert resource.payload["data"] == "a\tbXYZéc${d}e"
    written = f"  data = {text}"
    column = len("  data = ") + 1  # the opening quote

    def at(value_column: int) -> int:
        return resource.origin_at(("data",)).span_at(1, value_column).column - column

    # a, \t, b, X (the ${...}), é (\u00e9), c, $ { d } (from $${d}), e
    assert [at(c) for c in (1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13)] == [1, 2, 4, 5, 13, 19, 21, 22, 23, 24, 25]
    assert [written[column - 1 + n] for n in (4, 5, 13, 19, 21, 25)] == ["b", "$", "\\", "c", "$", "e"]


def test_raw_heredoc(compiled):
    result, resource = compiled({"main.ib": component("<<'EOT'\nrun: ${HOME}\nnext: x\nEOT")})
    assert resource.payload["data"] == "run: ${HOME}\nnext: x\n"
    assert shown(result, resource, 1, 6) == expect("main.ib:9:6", "run: ${HOME}", 6)
    assert shown(result, resource, 2, 7) == expect("main.ib:10:7", "next: x", 7)


def yaml_lines(count: int) -> str:
    return "".join(f"key{n}: value{n}\n" for n in range(1, count + 1))


def test_file_read_renders_in_that_file(compiled):
    doc = yaml_lines(20)
    result, resource = compiled({"main.ib": component('file("components/doc.yaml")'), "components/doc.yaml": doc})
    assert shown(result, resource, 12, 7) == expect("components/doc.yaml:12:7", "key12: value12", 7)


def test_file_read_diagnostic_notes_the_call(compiled):
    result, resource = compiled({"main.ib": component('file("doc.yaml")'), "doc.yaml": yaml_lines(14)})
    diagnostic = result.diagnostic(resource, ("data",), "here", None, at=(12, 7))
    assert render([diagnostic], result.sources) == (
        expect("doc.yaml:12:7", "key12: value12", 7)
        + "main.ib:8:10: note: read by file() here\n"
        + '    8 |   data = file("doc.yaml")\n'
        + "      |          ^~~~~~~~~~~~~~~~\n"
    )


def test_concatenation_maps_each_part(compiled):
    heredoc = "<<EOT\nfirst: 1\nsecond: 2\nEOT"
    result, resource = compiled(
        {
            "main.ib": component(heredoc + '\n    + file("x.yaml") + "tail: ${var.t}"', 'variable t: string = "T"\n'),
            "x.yaml": yaml_lines(3),
        }
    )
    assert resource.payload["data"] == "first: 1\nsecond: 2\n" + yaml_lines(3) + "tail: T"
    assert shown(result, resource, 2, 3) == expect("main.ib:11:3", "second: 2", 3)
    # Lines 3 to 5 of the value are lines 1 to 3 of x.yaml.
    assert shown(result, resource, 4, 6) == expect("x.yaml:2:6", "key2: value2", 6)
    # The last part is a string on the line after the heredoc.
    last = '    + file("x.yaml") + "tail: ${var.t}"'
    a, insert = last.index("ail") + 1, last.index("${") + 1
    assert shown(result, resource, 6, 2) == expect(f"main.ib:13:{a}", last, a)
    assert shown(result, resource, 6, 7) == expect(f"main.ib:13:{insert}", last, insert, len("${var.t}"))


def test_fragments_keep_their_origin(compiled):
    extra = "fragment doc = <<EOT\nname: c\nphases: []\nEOT\n"
    result, resource = compiled({"main.ib": component("fragment.doc", extra)})
    assert shown(result, resource, 2, 3) == expect("main.ib:7:3", "phases: []", 3)


def test_values_without_finer_origin_map_to_their_span(compiled):
    result, resource = compiled({"main.ib": component("<<EOT\nname: c\nEOT")})
    # semantic_version is a one-line string; past its end is its end.
    span = resource.origin_at(("semanticVersion",)).span_at(1, 99)
    assert span[1:3] == (6, len('  semantic_version = "1.0.0') + 1)
    # A number has no text: every position is the value.
    assert resource.origin_at(("platform",)).span_at(3, 3) == resource.span_of(("platform",))


def test_positions_past_the_end_stay_in_the_text(compiled):
    result, resource = compiled({"main.ib": component("<<EOT\nname: c\nEOT")})
    origin = resource.origin_at(("data",))
    assert origin.span_at(1, 50)[1:3] == (9, 8)  # the newline ending `name: c`
    assert origin.span_at(9, 1)[1:3] == (9, 9)  # the end of the text: just past its last character

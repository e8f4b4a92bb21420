"""Every error is `path:line:col: error: message`, with the source line and a caret, in words."""

from __future__ import annotations

import re

import pytest

from conftest import SETTINGS, run_process

RECIPE_HEAD = (
    SETTINGS
    + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n'
    + '  parent_image = "ami-0123456789abcdef0", components = [aws_component("update-linux", "1.x.x")]\n'
)

# (source, line, column, message fragment). Lines and columns are 1-based.
CASES = [
    pytest.param(
        'image_recipe "x" {\n  semantic_version = 1.0.0\n}\n',
        2,
        23,
        'need quotes, such as "1.0.0"',
        id="unquoted-version",
    ),
    pytest.param(
        'image_recipe "x" {\n  description = "abc\n}\n', 2, 17, "not closed on its line", id="unterminated-string"
    ),
    pytest.param(
        'component "x" {\n  data = <<EOT\nabc\n}\n', 2, 10, "heredoc <<EOT is never closed", id="unterminated-heredoc"
    ),
    pytest.param("/* never closed\n", 1, 1, "never closed with */", id="unterminated-comment"),
    pytest.param(
        'image_recipe "x" {\n  description "abc"\n}\n', 2, 15, "a member is written `name = value`", id="missing-equals"
    ),
    pytest.param('image_recipe "x" {\n  tags = ["a" "b"]\n}\n', 2, 15, "separated by ','", id="missing-comma"),
    pytest.param('image_recipe "x" {\n  description = \n}\n', 3, 1, "expected a value, found '}'", id="missing-value"),
    pytest.param('image_recipe "x" {\n  description = "x"\n', 3, 1, "is a bracket left open?", id="unclosed-block"),
    pytest.param('image_recipe "x" {\n  description = "\\q"\n}\n', 2, 18, "unknown escape '\\q'", id="bad-escape"),
    pytest.param(
        'image_recipe "x" {\n  description = "${}"\n}\n', 2, 18, "empty interpolation", id="empty-interpolation"
    ),
    pytest.param(
        'image_recipe "x" {\n  description = "${var.a"\n}\n', 2, 18, "'${' is never closed", id="open-interpolation"
    ),
    pytest.param(
        'image_recipe "x" {\n  description = "${var.}"\n}\n', 2, 24, "expected a name", id="bad-interpolation"
    ),
    pytest.param(
        'image_recipe "x" {\n  iops = 99999999999999999999999\n}\n', 2, 10, "number is too large", id="huge-number"
    ),
    pytest.param('image_recip "x" {}\n', 1, 1, "did you mean 'image_recipe'?", id="unknown-block"),
    pytest.param("image_recipe {}\n", 1, 1, "image_recipe needs a name", id="missing-label"),
    pytest.param(RECIPE_HEAD + '  parent_imag = "x"\n}\n', 8, 3, "did you mean 'parent_image'?", id="unknown-member"),
    pytest.param(RECIPE_HEAD + '  parentImage = "x"\n}\n', 8, 3, "snake_case: 'parent_image'", id="camel-member"),
    pytest.param(
        RECIPE_HEAD + '  name = "other"\n}\n', 8, 3, "the name of a resource is its block label", id="name-member"
    ),
    pytest.param(
        RECIPE_HEAD + "  working_directory = 5\n}\n", 8, 23, "must be a string, not a number", id="type-mismatch"
    ),
    pytest.param(
        RECIPE_HEAD + "  block_device_mappings = [{ ebs { volume_type = gp4 } }]\n}\n",
        8,
        50,
        "one of standard, io1, io2, gp2, gp3, sc1, st1; got 'gp4' (did you mean gp3?)",
        id="enum",
    ),
    pytest.param(
        RECIPE_HEAD + "  block_device_mappings = [{ ebs { volume_type = GP3 } }]\n}\n",
        8,
        50,
        "(did you mean gp3?)",
        id="enum-case",
    ),
    pytest.param(
        RECIPE_HEAD + "  block_device_mappings = [{ ebs { volume_size = 20000 } }]\n}\n",
        8,
        50,
        "at most 16000 GiB (Image Builder API limit); got 20000",
        id="maximum-unit",
    ),
    pytest.param(
        RECIPE_HEAD + "  block_device_mappings = [{ ebs { throughput = 5 } }]\n}\n",
        8,
        49,
        "at least 125 MiB/s (Image Builder API limit); got 5",
        id="minimum-unit",
    ),
    pytest.param(RECIPE_HEAD + '  tags = { "aws:owner" = "me" }\n}\n', 8, 12, "not starting with 'aws:'", id="tag-key"),
    pytest.param(RECIPE_HEAD + "  tags = {}\n}\n", 8, 10, "tags must not be empty", id="empty-tags"),
    pytest.param(
        RECIPE_HEAD + '  working_directory = ""\n}\n', 8, 23, "working_directory must not be empty", id="empty-string"
    ),
    pytest.param(
        RECIPE_HEAD + '  block_device_mappings = [{ no_device = "x" }]\n}\n',
        8,
        42,
        'must be empty ("")',
        id="no-device",
    ),
    pytest.param(
        SETTINGS + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n}\n',
        5,
        14,
        "image_recipe 'web' is missing required member 'parent_image'",
        id="required",
    ),
    pytest.param(
        SETTINGS + 'image_recipe "w" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-1"\n}\n',
        5,
        14,
        "name must be 3 to 128 characters",
        id="name-pattern",
    ),
    pytest.param(
        RECIPE_HEAD + "  description = var.missing\n}\n",
        8,
        17,
        "no variable named 'missing' is declared",
        id="undefined-variable",
    ),
    pytest.param(
        RECIPE_HEAD + "  description = vars.env\n}\n", 8, 17, "did you mean 'var.env'?", id="unknown-ref-root"
    ),
    pytest.param(
        RECIPE_HEAD + "  description = fragment.nope\n}\n", 8, 17, "no fragment named 'nope'", id="undefined-fragment"
    ),
    pytest.param(
        RECIPE_HEAD + "  components = [component.nope]\n}\n",
        8,
        17,
        "no component named 'nope'",
        id="undefined-component",
    ),
    pytest.param(RECIPE_HEAD + '  description = fil("x")\n}\n', 8, 17, "did you mean 'file'?", id="unknown-function"),
    pytest.param(RECIPE_HEAD + '  description = file("missing.txt")\n}\n', 8, 22, "no such file", id="missing-file"),
    pytest.param(
        RECIPE_HEAD + '  description = aws_image("a")\n}\n',
        8,
        17,
        "aws_image takes 2 arguments: aws_image(name, version)",
        id="arity",
    ),
    pytest.param(RECIPE_HEAD + '  description = "a" + 1\n}\n', 8, 21, "cannot add a string and a number", id="bad-add"),
    pytest.param(
        RECIPE_HEAD + '  description = "${[1]}"\n}\n', 8, 20, "cannot put a list inside a string", id="interpolate-list"
    ),
    pytest.param(RECIPE_HEAD + '  tags = { a = "1", a = "2" }\n}\n', 8, 21, "'a' is set twice", id="duplicate-key"),
    pytest.param(
        RECIPE_HEAD + '  description = "a"\n  description = "b"\n}\n',
        9,
        3,
        "'description' is set twice",
        id="duplicate-member",
    ),
    pytest.param(RECIPE_HEAD + '  tags = { a += "1" }\n}\n', 8, 12, "'+=' changes an inherited member", id="op-in-map"),
    pytest.param(RECIPE_HEAD + '  tags -= ["a"]\n}\n', 8, 3, "nothing to remove", id="remove-nothing"),
    pytest.param('variable x: strin = "a"\n', 1, 13, "unknown type 'strin'", id="unknown-type"),
    pytest.param(
        'variable x: number = "a"\n',
        1,
        22,
        "the default of 'x' is a string, but the variable is a number",
        id="default-type",
    ),
    pytest.param('settings {\n  regoin = "us-east-1"\n}\n', 2, 3, "did you mean 'region'?", id="unknown-setting"),
    pytest.param(
        'image_recipe "web" {\n  parent_image = aws_image("amazon-linux-2023-x86", "x.x.x")\n}\n',
        2,
        18,
        "needs a region",
        id="missing-region",
    ),
    pytest.param(
        'settings { region = "us-east-1" }\ncomponent "c-1" {\n  semantic_version = "1.0.0"\n  platform = Linux\n}\nimage_recipe "web" {\n  components = [component.c-1]\n}\n',
        7,
        17,
        "needs an account id",
        id="missing-account",
    ),
]


@pytest.mark.parametrize("source,line,column,fragment", CASES)
def test_error_position_and_words(source, line, column, fragment, project):
    run = project.compile(source)
    assert run.code == 1, run.out
    assert run.out == ""
    headers = re.findall(r"^(main\.ib):(\d+):(\d+): IB\d{3} error: (.*)$", run.err, re.M)
    assert headers, run.err
    matching = [h for h in headers if fragment in h[3]]
    assert matching, f"no error says {fragment!r}:\n{run.err}"
    _, got_line, got_column, _ = matching[0]
    assert (int(got_line), int(got_column)) == (line, column), run.err
    assert "Traceback" not in run.err
    assert "nothing was written" in run.err


def test_error_shows_source_line_and_caret(project):
    run = project.compile(
        RECIPE_HEAD + '  block_device_mappings = [{ ebs { volume_size = 20000 }, device_name = "/dev/sdb" }]\n}\n'
    )
    lines = run.err.splitlines()
    assert lines[0].startswith(
        "main.ib:8:50: IB105 error: block_device_mappings[0].ebs.volume_size must be at most 16000 GiB"
    )
    assert lines[1] == '    8 |   block_device_mappings = [{ ebs { volume_size = 20000 }, device_name = "/dev/sdb" }]'
    assert lines[2] == "      |" + " " * 50 + "^~~~~"


def test_errors_are_all_reported_not_just_the_first(project):
    run = project.compile(
        RECIPE_HEAD
        + '  working_directory = ""\n  tags = { "aws:x" = "1" }\n  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_type = gp4 } }]\n}\n'
    )
    assert len(re.findall(r": IB\d{3} error: ", run.err)) == 3


def test_inherited_value_points_at_parent_and_names_child(project):
    project.write(
        "base.ib",
        SETTINGS
        + 'abstract image_recipe "base" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  working_directory = ""\n}\n',
    )
    run = project.compile('import "base.ib"\nimage_recipe "child" extends "base" {\n}\n')
    assert run.code == 1
    assert "base.ib:8:23: IB103 error: working_directory must not be empty" in run.err
    assert "main.ib:2:14: note: inherited by image_recipe 'child' from 'base'" in run.err


def test_fragment_value_points_at_fragment_and_names_user(project):
    run = project.compile(
        SETTINGS
        + 'fragment vols = [{ device_name = "/dev/sdb", ebs { volume_size = 0 } }]\n'
        + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  block_device_mappings = fragment.vols\n}\n'
    )
    assert (
        "main.ib:5:66: IB105 error: block_device_mappings[0].ebs.volume_size must be at least 1 GiB (Image Builder API limit); got 0"
        in run.err
    )
    assert "main.ib:6:14: note: used by image_recipe 'web'" in run.err


def test_import_cycle_shows_the_chain(project):
    project.write("a.ib", 'import "b.ib"\n')
    project.write("b.ib", 'import "c.ib"\n')
    project.write("c.ib", 'import "a.ib"\n')
    run = project.compile(None, name="a.ib")
    assert run.code == 1
    assert "c.ib:1:1: IB003 error: import cycle: a.ib -> b.ib -> c.ib -> a.ib" in run.err


def test_missing_import_is_reported_at_the_import(project):
    run = project.compile('\nimport "nowhere.ib"\n')
    assert "main.ib:2:1: IB006 error: cannot import 'nowhere.ib': no such file" in run.err


def test_declaration_not_imported_is_not_visible(project):
    project.write("other.ib", 'fragment tags = { a = "b" }\n')
    project.write("main.ib", RECIPE_HEAD + "  tags = fragment.tags\n}\n")
    run = project.compile(None, "other.ib")
    assert "fragment 'tags' is not visible here: it is declared in other.ib, which main.ib does not import" in run.err


def test_duplicate_declarations(project):
    run = project.compile("fragment a = 1\nfragment a = 2\n")
    assert "main.ib:2:10: IB005 error: fragment 'a' is declared twice" in run.err
    assert "main.ib:1:10: note: first declared here" in run.err


def test_extends_cycle_and_missing_parent(project):
    run = project.compile(
        'image_recipe "aaa" extends "bbb" {}\nimage_recipe "bbb" extends "aaa" {}\nimage_recipe "ccc" extends "zzz" {}\n'
    )
    assert "extends cycle: aaa -> bbb -> aaa" in run.err
    assert "main.ib:3:28: IB002 error: image_recipe 'ccc' extends 'zzz', which is not declared" in run.err
    assert "missing required member" not in run.err  # no cascade from an unknown parent


def test_extends_across_kinds_is_explained(project):
    run = project.compile('component "base" {}\nimage_recipe "child" extends "base" {}\n')
    assert "'base' is a component, and an image_recipe can only extend an image_recipe" in run.err


def test_fragment_cycle(project):
    run = project.compile("fragment a = fragment.b\nfragment b = fragment.a\n")
    assert "fragment cycle: a -> b -> a" in run.err or "fragment cycle: b -> a -> b" in run.err


GARBAGE = [
    pytest.param(b"", 0, id="empty"),
    pytest.param(b"\xff\xfe\x00garbage", 1, id="binary"),
    pytest.param(b'image_recipe "x" { description = "caf\xe9" }', 1, id="invalid-utf8"),
    pytest.param(b'image_recipe "x" { description = "abc', 1, id="truncated"),
    pytest.param(b'image_recipe "x" {' + b"tags = {" * 5000, 1, id="deep-nesting"),
    pytest.param(b"x = [" * 3000 + b"]" * 3000, 1, id="deep-lists"),
    pytest.param(b"fragment f = " + b"1 + " * 20000 + b"1\n", 0, id="long-sum"),
    pytest.param(b"fragment f = " + b"9" * 100000 + b"\n", 1, id="huge-digits"),
    pytest.param(b'fragment f = "' + b"a" * 200000 + b'"\n', 0, id="very-long-line"),
    pytest.param(b"{}{}{}[][]()()", 1, id="brackets"),
    pytest.param(b"\x1b[31m\r\n\t\x0b", 1, id="control-characters"),
    pytest.param('image_recipe "\u00e9\u00e9\u00e9" {}'.encode(), 1, id="unicode-label"),
]


@pytest.mark.parametrize("data,code", GARBAGE)
def test_no_input_produces_a_traceback(data, code, tmp_path):
    path = tmp_path / "input.ib"
    path.write_bytes(data)
    run = run_process("compile", str(path))
    assert "Traceback" not in run.err
    assert "internal error" not in run.err
    assert run.code == code, run.err[-2000:]
    if code == 1:
        assert re.search(r"input\.ib:\d+:\d+: IB\d{3} error: ", run.err), run.err[-2000:]


def test_long_chains_are_refused_with_a_message_not_a_crash(tmp_path):
    fragments = "\n".join(f"fragment f{i} = fragment.f{i + 1}" for i in range(500)) + "\nfragment f500 = 1\n"
    (tmp_path / "frag.ib").write_text(fragments)
    chain = (
        "\n".join(f'image_recipe "r{i:04d}" extends "r{i + 1:04d}" {{}}' for i in range(500))
        + '\nimage_recipe "r0500" {}\n'
    )
    (tmp_path / "ext.ib").write_text(chain)
    for i in range(200):
        (tmp_path / f"i{i}.ib").write_text(f'import "i{i + 1}.ib"\n')
    (tmp_path / "i200.ib").write_text("")
    expectations = {
        "frag.ib": "fragments refer to fragments more than 64 deep",
        "ext.ib": "extends chains more than 64 resources deep",
        "i0.ib": "imports nest more than 64 files deep",
    }
    for name, message in expectations.items():
        run = run_process("compile", name, cwd=tmp_path)
        assert run.code == 1, run.err[-500:]
        assert message in run.err
        assert "internal error" not in run.err and "Traceback" not in run.err

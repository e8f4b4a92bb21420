"""`ibdsl lint` reads its usual command lines without argparse (ibdsl/cli/lint_arguments.py):
on every line that reader accepts, argparse must give the same attributes."""

from __future__ import annotations

import contextlib
import io
import random
import subprocess
import sys

import pytest

from ibdsl.cli import lint_arguments
from ibdsl.cli.arguments import build_parser

# Words a lint line is made of: paths (also odd ones), every option with good and bad values,
# abbreviations, help, and the separator pre-commit writes.
WORDS = (
    ["a.ib", "dir", "b c.ib", "", "-x.ib", "--y.ib", "-", "-1", "--", "--", "-h", "--help", "--form", "--strict=1"]
    + ["--strict", "--allow-outside-root", "--no-cache", "--region", "us-east-1", "--account", "111122223333"]
    + ["--var", "A=B", "--var=A=B", "--var-file", "v.vars", "--root", "shared", "--root=.", "--catalog", "c.json"]
    + ["--format", "json", "--format=sarif", "--format", "xml", "--format=", "--select", "IB4,ibd", "--select=IB2"]
    + ["--select", "ZZ9", "--ignore", "IB901", "--ignore=", "--ignore", "IB1,XX", "--region=-1", "--select", ","]
    + ["--region=--", "--var=--", "--root=--", "--catalog=--", "--format=--"]
)


def argparse_reading(arguments: list[str]) -> dict | None:
    parser = build_parser("lint")
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            namespace = parser.parse_args(["lint", *arguments])
        except SystemExit:
            return None
    values = vars(namespace)
    del values["run"]
    return values


def test_the_reader_knows_the_lint_options_argparse_has():
    lint_parser = build_parser("lint")._subparsers._group_actions[0].choices["lint"]
    takes_value, flags = set(), set()
    for action in lint_parser._actions:
        for option in action.option_strings:
            (takes_value if action.nargs != 0 else flags).add(option)
    assert takes_value == set(lint_arguments.VALUE_OPTIONS)
    assert flags - {"-h", "--help"} == set(lint_arguments.FLAGS)
    assert lint_arguments.defaults() | {"paths": ["a.ib"]} == argparse_reading(["a.ib"])


@pytest.mark.parametrize(
    "arguments",
    [
        ["--", "a.ib", "-x.ib"],  # pre-commit's hook
        ["--strict", "--format", "json", "--", "a.ib"],
        ["a.ib", "dir", "--select", "IB4,IBD", "--ignore=IB901"],
        ["--var", "A=B", "--var=C=D", "--root", "x", "a.ib", "--no-cache"],
    ],
)
def test_usual_lines_are_read_as_argparse_reads_them(arguments):
    values = lint_arguments.read(arguments)
    assert values is not None and values == argparse_reading(arguments)


@pytest.mark.parametrize(
    "arguments",
    [["--help", "a.ib"], ["--form", "json", "a.ib"], ["a.ib", "--strict", "b.ib"], ["--format", "xml", "a.ib"]]
    + [["--select", "ZZ", "a.ib"], ["a.ib", "--", "b.ib"], ["--strict"], ["--region", "-1", "a.ib"], ["-x.ib"]],
)
def test_other_lines_are_left_to_argparse(arguments):
    assert lint_arguments.read(arguments) is None


def test_random_lines_agree_with_argparse():
    """Thousands of lines from the words above: wherever the reader answers, argparse gives the
    same; and the reader answers often enough for the check to mean something."""
    generator = random.Random(20261127)
    answered = 0
    for _ in range(4000):
        arguments = [generator.choice(WORDS) for _ in range(generator.randint(0, 7))]
        values = lint_arguments.read(arguments)
        if values is not None:
            answered += 1
            assert values == argparse_reading(arguments), arguments
    assert answered > 300


def test_a_usual_lint_does_not_import_argparse(tmp_path):
    """The point of the reader, with its control: an abbreviated option goes through argparse."""
    source = tmp_path / "a.ib"
    source.write_text('component "c" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  uri = "s3://b/c.yaml"\n}\n')
    probe = "import sys; from ibdsl.cli import main; main(sys.argv[1:]); print('argparse' in sys.modules)"
    for arguments, imported in ((["--", str(source)], "False"), (["--form", "json", str(source)], "True")):
        run = subprocess.run(
            [sys.executable, "-c", probe, "lint", "--no-cache", *arguments], capture_output=True, text=True, check=False
        )
        assert run.stdout.strip().splitlines()[-1] == imported, run


@pytest.mark.parametrize("arguments", [["lint", "--region=--", "a.ib"], ["lint", "--form", "json", "--var=--", "a.ib"]])
def test_a_dash_dash_value_is_refused_on_every_command_line(arguments, tmp_path, capsys):
    """argparse drops `--` as a value (Python 3.11): an option would be an empty list."""
    from ibdsl.cli import main

    for command in (arguments, ["compile", *arguments[1:]]):
        assert main(command) == 2
        assert "'--' ends the options and cannot be a value" in capsys.readouterr().err

"""ibdsl lint from the command line: formats, exit codes, configuration, suppressions."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import jsonschema
import pytest

from ibdsl.lint.registry import RULES

from conftest import REPO, SETTINGS, run_cli, run_process

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())

# Line 9: an io2 volume without iops (IB402, an error). WARN_ONLY has only a warning (IB602).
BAD = (
    SETTINGS
    + """image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 100, volume_type = io2 } }]
}
"""
)
WARN_ONLY = (
    SETTINGS
    + """distribution "golden" {
  distributions = [{
    region = "us-east-1"
    ami_distribution_configuration { name = "golden-ami" }
  }]
}
"""
)


@pytest.fixture
def lint(tmp_path, capsys):
    def run(source: str | None, *args: str, files: dict | None = None):
        if source is not None:
            (tmp_path / "main.ib").write_text(source)
        for name, text in (files or {}).items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(text)
        return run_cli("lint", *(args or ("main.ib",)), cwd=tmp_path, capsys=capsys)

    run.root = tmp_path
    return run


def test_text_format(lint):
    run = lint(BAD)
    assert run.code == 1
    lines = run.out.splitlines()
    assert (
        lines[0]
        == "main.ib:9:60: IB402 error: block_device_mappings[0].ebs: io2 volumes need iops (EC2 requires it for io1 and io2)"
    )
    assert lines[1].startswith("    9 |   block_device_mappings")
    assert lines[2].strip().startswith("|") and "^" in lines[2]
    assert run.err == "ibdsl: 1 error in 1 file\n"


def test_clean_file_exits_0(lint):
    run = lint(BAD.replace("volume_type = io2", "volume_type = gp3"))
    assert run.code == 0
    assert run.out == ""
    assert run.err == "ibdsl: no findings in 1 file\n"


def test_json_format_follows_the_contract(lint):
    run = lint(BAD + WARN_ONLY.replace(SETTINGS, ""), "--format", "json", "main.ib")
    assert run.code == 1
    findings = json.loads(run.out)  # nothing else on stdout
    assert run.err == ""
    assert [list(f) for f in findings] == [
        ["path", "line", "column", "end_line", "end_column", "code", "severity", "message"]
    ] * 2
    assert findings[0] == {
        "path": "main.ib", "line": 9, "column": 60, "end_line": 9, "end_column": 100,
        "code": "IB402", "severity": "error",
        "message": "block_device_mappings[0].ebs: io2 volumes need iops (EC2 requires it for io1 and io2)",
    }  # fmt: skip
    assert findings[1]["code"] == "IB602" and findings[1]["severity"] == "warning"


def test_json_of_a_clean_run_is_an_empty_array(lint):
    run = lint(
        WARN_ONLY.replace('"golden-ami"', '"golden-{{ imagebuilder:buildDate }}"'), "--format", "json", "main.ib"
    )
    assert run.code == 0 and json.loads(run.out) == []


def test_sarif_validates_against_the_official_schema(lint):
    run = lint(BAD + WARN_ONLY.replace(SETTINGS, ""), "--format", "sarif", "main.ib")
    document = json.loads(run.out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)
    results = document["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["IB402", "IB602"]
    assert results[0]["level"] == "error" and results[1]["level"] == "warning"
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 9, "startColumn": 60, "endLine": 9, "endColumn": 100}
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert rules[results[0]["ruleIndex"]]["id"] == "IB402"


def test_sarif_of_a_clean_run_validates_too(lint):
    run = lint(SETTINGS, "--format", "sarif", "main.ib")
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads(run.out))


def test_github_format(lint):
    run = lint(BAD + WARN_ONLY.replace(SETTINGS, ""), "--format", "github", "main.ib")
    lines = run.out.splitlines()
    assert lines[0] == (
        "::error file=main.ib,line=9,col=60,endLine=9,endColumn=100,title=IB402::"
        "IB402 block_device_mappings[0].ebs: io2 volumes need iops (EC2 requires it for io1 and io2)"
    )
    assert lines[1].startswith("::warning file=main.ib,line=")


def test_strict_fails_on_warnings(lint):
    assert lint(WARN_ONLY).code == 0
    assert lint(WARN_ONLY, "--strict", "main.ib").code == 1


def test_select_and_ignore(lint):
    both = BAD + WARN_ONLY.replace(SETTINGS, "")
    codes = lambda run: re.findall(r": (IB\d{3}) ", run.out)  # noqa: E731
    assert codes(lint(both)) == ["IB402", "IB602"]
    assert codes(lint(both, "--select", "IB6", "main.ib")) == ["IB602"]
    assert codes(lint(both, "--ignore", "IB402,IB602", "main.ib")) == []
    assert lint(both, "--ignore", "IB402", "main.ib").code == 0
    run = lint(both, "--select", "IB999", "main.ib")
    assert run.code == 2 and "unknown rule code 'IB999'" in run.err


def test_fatal_findings_cannot_be_ignored(lint):
    run = lint(SETTINGS + 'image_recipe "web" {\n  parent_imag = "x"\n}\n', "--ignore", "IB1,IB5,IB7", "main.ib")
    assert run.code == 1
    assert ": IB108 error: " in run.out


def test_configuration_in_pyproject(lint):
    both = BAD + WARN_ONLY.replace(SETTINGS, "")
    files = {
        "pyproject.toml": '[tool.ibdsl]\nignore = ["IB402"]\nstrict = true\n\n[tool.ibdsl.severity]\nIB602 = "info"\n'
    }
    run = lint(both, files=files)
    assert re.findall(r": (IB\d{3}) (\w+)", run.out) == [("IB602", "info")]
    assert run.code == 1  # strict: the info fails


def test_dedicated_config_file_found_upwards(lint):
    files = {".ibdsl.toml": 'select = ["IB4"]\n', "nested/deeper/main.ib": BAD + WARN_ONLY.replace(SETTINGS, "")}
    run = lint(None, "nested/deeper/main.ib", files=files)
    assert re.findall(r": (IB\d{3}) ", run.out) == ["IB402"]


def test_command_line_select_overrides_config(lint):
    files = {".ibdsl.toml": 'select = ["IB4"]\n'}
    run = lint(BAD + WARN_ONLY.replace(SETTINGS, ""), "--select", "IB6", "main.ib", files=files)
    assert re.findall(r": (IB\d{3}) ", run.out) == ["IB602"]


@pytest.mark.parametrize(
    "config,words",
    [
        ("nonsense = 1\n", "unknown ibdsl setting 'nonsense'"),
        ("select = 5\n", "select must be a list of rule codes"),
        ('[severity]\nIB402 = "fatal"\n', "severity maps rule codes"),
        ('strict = "yes"\n', "strict must be true or false"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_bad_configuration_is_a_usage_error(lint, config, words):
    run = lint(BAD, files={".ibdsl.toml": config})
    assert run.code == 2
    assert words in run.err


def test_inline_suppression_and_unused_suppression(lint):
    source = BAD.replace("volume_type = io2 } }]", "volume_type = io2 } }]  # ibdsl: ignore[IB402]")
    run = lint(source)
    assert run.code == 0 and run.out == ""
    source = BAD.replace('semantic_version = "1.0.0"', 'semantic_version = "1.0.0"  # ibdsl: ignore[IB201]')
    run = lint(source)
    assert "main.ib:6:31: IB901 warning: unused suppression of IB201: nothing was reported there" in run.out


def test_directories_are_searched(lint):
    run = lint(None, ".", files={"a/one.ib": BAD, "b/two.ib": "fragment unused = 1\n"})
    assert run.code == 1
    assert "a/one.ib:9:60: IB402" in run.out
    assert run.err == "ibdsl: 1 error in 2 files\n"


def test_usage_errors_exit_2(lint):
    assert lint(BAD, "missing.ib").code == 2
    assert lint(BAD, "--format", "xml", "main.ib").code == 2


def test_examples_lint_clean(capsys):
    run = run_cli("lint", "--strict", "examples", cwd=REPO, capsys=capsys)
    assert run.code == 0, run.out
    assert run.out == ""


def test_compile_refuses_on_lint_errors_and_prints_findings(tmp_path):
    (tmp_path / "main.ib").write_text(BAD)
    run = run_process("compile", "main.ib", "-o", "out", cwd=tmp_path)
    assert run.code == 1
    assert "main.ib:9:60: IB402 error: " in run.err
    assert not (tmp_path / "out").exists()
    (tmp_path / "main.ib").write_text(BAD.replace("volume_type = io2", "volume_type = io2, iops = 3000"))
    assert run_process("compile", "main.ib", "-o", "out", cwd=tmp_path).code == 0


def test_compile_prints_warnings_but_writes(tmp_path):
    (tmp_path / "main.ib").write_text(WARN_ONLY)
    run = run_process("compile", "main.ib", cwd=tmp_path)
    assert run.code == 0
    assert "IB602 warning" in run.err
    assert json.loads(run.out)["resources"][0]["name"] == "golden"


def test_linting_one_file_does_not_import_boto3(tmp_path):
    (tmp_path / "main.ib").write_text(BAD)
    code = (
        "import sys; from ibdsl.cli import main; rc = main(['lint', 'main.ib']);"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore', 'jsonschema'));"
        "print('HEAVY', heavy)"
    )
    import subprocess

    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr


def test_rules_command(capsys):
    run = run_cli("rules", capsys=capsys)
    assert run.code == 0
    lines = run.out.splitlines()
    assert len(lines) == len(RULES)
    assert re.match(r"IB402  ebs-iops\s+error\s+iops required", [line for line in lines if line.startswith("IB402")][0])
    run = run_cli("rules", "ib404", capsys=capsys)
    assert run.out.startswith("IB404 ebs-throughput-per-iops (default severity: error)")
    assert "Fails:" in run.out and "Passes:" in run.out
    assert run_cli("rules", "IB999", capsys=capsys).code == 2
    run = run_cli("rules", "IB4", capsys=capsys)
    family = [rule.code for rule in RULES if rule.code.startswith("IB4")]
    assert run.code == 0 and [line.split()[0] for line in run.out.splitlines()] == family and len(family) > 5


def test_a_warning_about_a_value_does_not_hide_a_schema_error(lint):
    """Found by the fuzzer: IB602 (a warning) and IB104 (an error) about the same AMI name.
    Lint must still fail, as compile does."""
    run = lint(WARN_ONLY.replace('"golden-ami"', '"g{"'))
    assert re.findall(r": (IB\d{3}) (\w+)", run.out) == [("IB104", "error"), ("IB602", "warning")]
    assert run.code == 1

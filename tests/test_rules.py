"""Every rule: meta checks on the registry, and its fixture file run by one generic test.

A fixture file tests/rules/<CODE>.toml holds [[fail]] cases, each listing every finding of that
code it must report as "LINE:COL-ENDLINE:ENDCOL message" (in main.ib; another file's findings
start with "file:"), and [[pass]] cases that must report none of it. Cases compile with
--region us-east-1 --account 111122223333; extra files go in `files`, `catalog = true` lints
against tests/rules/catalog.json, and `config` is written as .ibdsl.toml.
IBDSL_UPDATE_GOLDEN=1 rewrites the expectations of failing cases from what is reported.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from ibdsl.compile.compiler import CompileOptions
from ibdsl.compile.schema import SCHEMA_CODES
from ibdsl.lint.linter import LintOptions, lint_paths
from ibdsl.lint.registry import BY_CODE, DEFAULT_SEVERITY, FATAL, RULES

FIXTURES = Path(__file__).parent / "rules"
CATALOG = FIXTURES / "catalog.json"
# The IB0 family: source that cannot be read or evaluated.
SOURCE_CODES = {rule.code for rule in RULES if rule.code.startswith("IB0")}


def load_fixture(code: str) -> dict:
    with open(FIXTURES / f"{code}.toml", "rb") as f:
        return tomllib.load(f)


def run_case(tmp_path: Path, case: dict):
    files = {"main.ib": case["source"], **case.get("files", {})}
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if "config" in case:
        (tmp_path / ".ibdsl.toml").write_text(case["config"], encoding="utf-8")
    options = LintOptions(
        compile=CompileOptions(region="us-east-1", account="111122223333", variables=case.get("vars", [])),
        catalog=str(CATALOG) if case.get("catalog") else None,
    )
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        return lint_paths(["main.ib"], options)
    finally:
        os.chdir(old)


def findings_of(result, code: str) -> list[str]:
    """Every finding of `code` as a fixture pins it: full span and message."""
    found = []
    for finding in result.findings:
        if finding.code == code:
            s = finding.span
            prefix = "" if s.path == "main.ib" else f"{s.path}:"
            found.append(f"{prefix}{s.line}:{s.column}-{s.end_line}:{s.end_column} {finding.message}")
    return sorted(found)


def positions(result, code: str) -> list[str]:
    return [finding.split("-", 1)[0] for finding in findings_of(result, code)]


def cases():
    for rule in RULES:
        fixture = load_fixture(rule.code) if (FIXTURES / f"{rule.code}.toml").exists() else {}
        for kind in ("fail", "pass"):
            for case in fixture.get(kind, []):
                yield pytest.param(rule.code, kind, case, id=f"{rule.code}-{kind}-{case['name']}")


@pytest.mark.parametrize("code,kind,case", list(cases()))
def test_rule_fixture(code, kind, case, tmp_path):
    result = run_case(tmp_path, case)
    rendered = "\n".join(f"{f.span.path}:{f.span.line}:{f.span.column}: {f.code} {f.message}" for f in result.findings)
    got = findings_of(result, code)
    if kind == "fail":
        assert case["expect"] or os.environ.get("IBDSL_UPDATE_GOLDEN"), "a failing case lists what it reports"
        if os.environ.get("IBDSL_UPDATE_GOLDEN") and got != sorted(case["expect"]):
            rewrite_expectation(code, case["name"], got)
        else:
            assert got == sorted(case["expect"]), rendered
    else:
        assert got == [], rendered
    if code not in SOURCE_CODES:
        # A fixture must be well-formed apart from what it tests.
        broken = [f for f in result.findings if f.code in SOURCE_CODES]
        assert not broken, rendered


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def rewrite_expectation(code: str, name: str, expected: list[str]) -> None:
    """Replace the `expect` array of one failing case in its fixture file."""
    path = FIXTURES / f"{code}.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("expect = [", text.index(f"name = {json.dumps(name)}\n"))
    end = start + len("expect = [")
    while True:
        while text[end] in " \n,":
            end += 1
        if text[end] == "]":
            break
        end = _STRING.match(text, end).end()
    items = "".join(f"  {json.dumps(item, ensure_ascii=False)},\n" for item in expected)
    path.write_text(text[:start] + f"expect = [\n{items}]" + text[end + 1 :], encoding="utf-8")


# --- meta: the registry is complete and consistent ---------------------------------------


def test_codes_and_names_are_unique_and_well_formed():
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    assert codes == sorted(codes)
    for rule in RULES:
        # IB + family digit + two digits; IBD + three digits: the AWSTOE document rules (one prefix selects them all)
        assert re.fullmatch(r"IB\d{3}|IBD\d{3}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)


def test_each_rule_module_is_named_for_its_code_and_name():
    from ibdsl.lint.registry import MODULES

    assert MODULES == [f"ib{rule.code[2:].lower()}_{rule.name.replace('-', '_')}" for rule in RULES]


def test_every_rule_has_docs_severity_and_fixtures():
    assert set(DEFAULT_SEVERITY) == set(BY_CODE)
    assert FATAL <= set(BY_CODE)
    for rule in RULES:
        assert rule.summary and rule.doc and rule.bad and rule.good, rule.code
        assert DEFAULT_SEVERITY[rule.code] in ("error", "warning", "info")
        fixture = load_fixture(rule.code)
        assert fixture.get("fail"), f"{rule.code} has no failing fixture"
        assert fixture.get("pass"), f"{rule.code} has no passing fixture"
    assert {p.stem for p in FIXTURES.glob("*.toml")} == set(BY_CODE)


def test_the_rules_without_a_check_are_the_codes_reported_outside_rules():
    # The linter imports only the modules of rules with a check; the others are found by code.
    from ibdsl import codes

    assert {rule.code for rule in RULES if rule.check is None} == codes.REPORTED_OUTSIDE_RULES


def test_a_clean_lint_imports_only_the_rules_it_runs(tmp_path):
    """A project without findings needs no compiler-reported code's module; a syntax error
    imports IB001's for its severity (the positive control)."""
    import subprocess
    import sys

    probe = (
        "import sys; from ibdsl.cli import main; main(sys.argv[1:]); "
        "print(sorted(m for m in sys.modules if m.startswith('ibdsl.lint.rules.')), file=sys.stderr)"
    )
    clean = tmp_path / "clean.ib"
    clean.write_text('component "c" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  uri = "s3://b/c.yaml"\n}\n')
    broken = tmp_path / "broken.ib"
    broken.write_text("component {\n")
    infrastructure = tmp_path / "infrastructure.ib"
    infrastructure.write_text('infrastructure_configuration "b" {\n  instance_profile_name = "p"\n}\n')
    for path, broken_, has_infrastructure in (
        (clean, False, False),
        (broken, True, False),
        (infrastructure, False, True),
    ):
        run = subprocess.run(
            [sys.executable, "-c", probe, "lint", "--no-cache", str(path)], capture_output=True, text=True, check=False
        )
        loaded = run.stderr.strip().splitlines()[-1]
        assert "ib702_duplicate_resource" not in loaded, loaded
        assert ("ib001_syntax_error" in loaded) is broken_, loaded
        assert "ib201_version_assignment" in loaded, loaded
        # A rule about infrastructure configurations only is read when the project has one.
        assert ("ib811_subnet_security_groups" in loaded) is has_infrastructure, loaded


def test_a_rule_with_kinds_may_not_report_on_other_kinds(tmp_path, monkeypatch):
    """What makes skipping a rule safe: it could not have reported anything else (its fixtures
    run through every rule, so a finding on an undeclared kind fails them)."""
    from ibdsl.lint.rule import RuleContext

    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.ib").write_text(BY_CODE["IB811"].bad.replace("}", "}\n", 1))
    compiled = lint_paths(["main.ib"]).compiled
    (resource,) = compiled.resources
    with pytest.raises(RuntimeError, match="IB811 reported on infrastructure_configuration .* a kind it does not name"):
        RuleContext(compiled, "IB811", [], kinds=("image_pipeline",)).report(resource, (), "x")
    with pytest.raises(RuntimeError, match="not on the project"):
        RuleContext(compiled, "IB811", [], kinds=("image_pipeline",)).report_at(resource.span, "x")
    findings: list = []
    RuleContext(compiled, "IB811", findings, kinds=("infrastructure_configuration",)).report(resource, (), "x")
    assert len(findings) == 1


def test_every_code_the_compiler_emits_is_a_rule():
    from ibdsl import codes

    named = {value for name, value in vars(codes).items() if name.isupper() and isinstance(value, str)}
    assert set(SCHEMA_CODES.values()) <= named <= set(BY_CODE)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_documented_examples_behave_as_documented(rule, tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    bad = run_case(tmp_path / "bad", {"source": rule.bad, "catalog": rule.code == "IB301"})
    assert positions(bad, rule.code), f"{rule.code}: the failing example reports nothing"
    good = run_case(tmp_path / "good", {"source": rule.good, "catalog": rule.code == "IB301"})
    assert not positions(good, rule.code), f"{rule.code}: the passing example is reported"
    assert not [f for f in good.findings if f.severity == "error"], [f.message for f in good.findings]

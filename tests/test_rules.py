"""Every rule: meta checks on the registry, and its fixture file run by one generic test.

A fixture file tests/rules/<CODE>.toml holds [[fail]] cases, each listing every finding of the
rule it must report as "line:column" (in main.ib) or "file:line:column", and [[pass]] cases that
must report none of it. Cases compile with --region us-east-1 --account 111122223333; extra
files go in `files`, `catalog = true` lints against tests/rules/catalog.json, and `config`
is written as .ibdsl.toml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from ibdsl.compile.compiler import SCHEMA_CODES, CompileOptions
from ibdsl.lint.linter import LintOptions, lint_paths
from ibdsl.lint.registry import BY_CODE, RULES
from ibdsl.lint.severity import DEFAULT_SEVERITY, FATAL

FIXTURES = Path(__file__).parent / "rules"
CATALOG = FIXTURES / "catalog.json"


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
    import os

    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        return lint_paths(["main.ib"], options)
    finally:
        os.chdir(old)


def positions(result, code: str) -> list[str]:
    found = []
    for finding in result.findings:
        if finding.code == code:
            prefix = "" if finding.span.path == "main.ib" else f"{finding.span.path}:"
            found.append(f"{prefix}{finding.span.line}:{finding.span.column}")
    return sorted(found)


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
    got = positions(result, code)
    if kind == "fail":
        assert got == sorted(case["expect"]), rendered
    else:
        assert got == [], rendered
    if code not in ("IB001", "IB002"):
        # A fixture must be well-formed apart from what it tests.
        broken = [f for f in result.findings if f.code in ("IB001", "IB002")]
        assert not broken, rendered
    if "message" in case:
        assert any(case["message"] in f.message for f in result.findings if f.code == code), rendered


# --- meta: the registry is complete and consistent ---------------------------------------


def test_codes_and_names_are_unique_and_well_formed():
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    assert codes == sorted(codes)
    for rule in RULES:
        assert re.fullmatch(r"IB\d{3}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)


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


def test_every_code_the_compiler_emits_is_a_rule():
    assert set(SCHEMA_CODES.values()) | {"IB001", "IB002", "IB702"} <= set(BY_CODE)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_documented_examples_behave_as_documented(rule, tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    bad = run_case(tmp_path / "bad", {"source": rule.bad, "catalog": rule.code == "IB301"})
    assert positions(bad, rule.code), f"{rule.code}: the failing example reports nothing"
    good = run_case(tmp_path / "good", {"source": rule.good, "catalog": rule.code == "IB301"})
    assert not positions(good, rule.code), f"{rule.code}: the passing example is reported"
    assert not [f for f in good.findings if f.severity == "error"], [f.message for f in good.findings]

"""The README keeps its promises: the Quick start commands, CI, and the member reference."""

from __future__ import annotations

import json
import re

from ibdsl.data import schema_text
from ibdsl.domain.kinds import KINDS
from ibdsl.naming import snake

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n\s*```", section, re.S)


def test_quick_start_has_exactly_two_commands():
    commands = [c.strip() for c in quick_start_commands()]
    assert len(commands) == 2
    assert "ibdsl compile examples/" in commands[0]
    assert commands[1].endswith("pytest")


def test_ci_runs_the_readme_test_command_exactly():
    test_command = quick_start_commands()[1].strip()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_member_reference_is_generated_from_the_schemas():
    from ibdsl.dev.docgen import member_reference

    reference = README.split("### Member reference", 1)[1].split("\n## ", 1)[0]
    assert member_reference() in reference, "README is stale: paste the output of python -m ibdsl.dev.docgen"


def test_member_reference_names_every_member():
    from ibdsl.dev.docgen import member_reference

    text = member_reference()
    for kind in KINDS:
        schema = json.loads(schema_text(kind.operation))
        for shape in schema["$defs"].values():
            for member in shape.get("properties", {}):
                assert f"`{snake(member)}`" in text, member


def test_rules_table_is_generated_from_the_registry():
    from ibdsl.dev.docgen import rules_reference

    assert rules_reference() in README, "README is stale: paste the output of python -m ibdsl.dev.docgen rules"

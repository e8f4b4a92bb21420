"""The README keeps its promises: the Quick start commands, CI, and the member reference."""

from __future__ import annotations

import json
import re

from conftest import REPO
from ibdsl.kinds import KINDS
from ibdsl.naming import snake

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


def _members(schema, node, seen=frozenset()):
    ref = node.get("$ref")
    name = None
    if ref:
        name = ref.rsplit("/", 1)[-1]
        node = schema["$defs"][name]
    if name in seen:
        return
    if node.get("type") == "array":
        yield from _members(schema, node["items"], seen | {name})
    for member, child in node.get("properties", {}).items():
        yield member
        yield from _members(schema, child, seen | {name})


def test_language_reference_covers_every_member():
    reference = README.split("### Member reference", 1)[1].split("\n## ", 1)[0]
    for kind in KINDS:
        schema = json.loads((REPO / "schemas" / f"{kind.operation}.json").read_text())
        assert f"`{kind.block}`" in reference
        for member in _members(schema, schema):
            if member != "name":
                assert f"`{snake(member)}`" in reference, f"{kind.block}: {snake(member)} is not documented"

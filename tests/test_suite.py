"""The suite itself: `pytest` runs everything, and the Hypothesis profiles reach every property test."""

from __future__ import annotations

import re

from hypothesis import settings

import conftest
from conftest import REPO, examples

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def test_the_default_run_deselects_nothing():
    options = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert not re.search(r"(^|\s)-m|--deselect|--ignore|-k\b", options["addopts"]), options["addopts"]
    assert any(marker.startswith("slow:") for marker in options["markers"])


def test_every_property_test_takes_its_count_from_the_profile():
    """A literal max_examples would override the profile: dev would not be quicker, nor ci larger."""
    literal = [
        f"{path.name}:{number}"
        for path in sorted((REPO / "tests").glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"max_examples\s*=\s*\d", line)
    ]
    assert literal == []


def test_profiles_scale_the_counts():
    try:
        settings.load_profile("ci")
        assert examples(300) == 300 and settings.default.deadline is None
        settings.load_profile("dev")
        assert examples(300) == 60 and examples(20) == 10  # never fewer than 10
    finally:
        settings.load_profile(conftest.PROFILE)

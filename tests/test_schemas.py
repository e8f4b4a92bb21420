"""The committed schemas match botocore's model, and ibdsl's validator agrees with jsonschema."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ibdsl.compile.schema import SUPPORTED_KEYWORDS, load_schema, resolve_ref
from ibdsl.dev import schemagen

from conftest import REPO, examples

SCHEMAS = REPO / "ibdsl" / "data" / "schemas"

OPERATIONS = list(schemagen.OPERATIONS)


def test_committed_schemas_match_the_installed_botocore_model():
    generated = schemagen.generate()
    for name, text in generated.items():
        committed = (SCHEMAS / name).read_text(encoding="utf-8")
        assert committed == text, f"ibdsl/data/schemas/{name} is stale: run python -m ibdsl.dev.schemagen"
    assert sorted(p.name for p in (SCHEMAS).glob("*.json")) == sorted(generated)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_schema_is_valid_draft_2020_12(operation):
    schema = json.loads((SCHEMAS / f"{operation}.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _keywords(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for child in value.values():
                    _keywords(child, found)
            elif isinstance(value, dict):
                _keywords(value, found)
    return found


@pytest.mark.parametrize("operation", OPERATIONS)
def test_schema_uses_only_keywords_the_validator_implements(operation):
    schema = json.loads((SCHEMAS / f"{operation}.json").read_text())
    assert _keywords(schema, set()) <= SUPPORTED_KEYWORDS


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_pattern_has_words(operation):
    schema = json.loads((SCHEMAS / f"{operation}.json").read_text())
    for name, node in schema["$defs"].items():
        if "pattern" in node:
            assert node.get("x-pattern-words"), name
            assert not node["x-pattern-words"].startswith("^"), name


def test_generated_schema_refuses_a_patterned_shape_without_words(monkeypatch):
    monkeypatch.setattr(schemagen, "PATTERN_WORDS", {})
    with pytest.raises(SystemExit, match="PATTERN_WORDS"):
        schemagen.generate()


# --- the validator agrees with jsonschema ----------------------------------------------------


def _values_for(schema: dict, node: dict, depth: int = 0):
    """Payload-like values: mostly well-shaped, often slightly wrong."""
    _, node = resolve_ref(schema, node)
    wrong = st.sampled_from([None, 1, -5, True, "", "x" * 130, [], {}, "aws:key", "1.x.2", "gp4"])
    if depth > 4:
        return wrong
    kind = node.get("type")
    if kind == "object" and "properties" in node:
        members = {name: _values_for(schema, child, depth + 1) for name, child in node["properties"].items()}
        shaped = st.fixed_dictionaries({}, optional=members)
        extra = st.dictionaries(st.sampled_from(["bogus", "clientToken"]), wrong, max_size=1)
        return st.one_of(shaped, st.builds(lambda a, b: {**a, **b}, shaped, extra), wrong)
    if kind == "object":
        keys = st.one_of(st.text(max_size=5), st.sampled_from(["Team", "aws:x", "a" * 129, ""]))
        return st.one_of(
            st.dictionaries(keys, _values_for(schema, node["additionalProperties"], depth + 1), max_size=3), wrong
        )
    if kind == "array":
        return st.one_of(st.lists(_values_for(schema, node["items"], depth + 1), max_size=3), wrong)
    if kind == "integer":
        return st.one_of(st.integers(min_value=-10, max_value=70000), wrong)
    if kind == "boolean":
        return st.one_of(st.booleans(), wrong)
    choices = [st.text(max_size=12)]
    if "enum" in node:
        choices.append(st.sampled_from(node["enum"]))
    return st.one_of(*choices, wrong)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_validator_agrees_with_jsonschema(operation):
    document = json.loads((SCHEMAS / f"{operation}.json").read_text())
    reference = jsonschema.Draft202012Validator(document)
    ours = load_schema(operation)

    @settings(max_examples=examples(300))
    @given(_values_for(document, document))
    def check(payload):
        expected = {tuple(e.absolute_path) for e in reference.iter_errors(payload)}
        found = ours.validate(payload, "resource")
        # Same verdict, and every offending location jsonschema names is one ibdsl names too.
        assert bool(found) == bool(expected), (payload, expected, found)
        assert expected <= {v.path for v in found} | {
            v.path[:-1] for v in found if v.at_key or v.keyword == "additionalProperties"
        }

    check()

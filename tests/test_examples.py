"""Golden tests: every example compiles to the expected.json beside it, byte for byte.

Regenerate after an intended change with:  IBDSL_UPDATE_GOLDEN=1 pytest tests/test_examples.py
"""

from __future__ import annotations

import json
import os

import botocore.session
import pytest
from botocore.validate import validate_parameters

from ibdsl.data import schema_text

from conftest import EXAMPLES, REPO, run_cli

CASES = [
    ("ami-web-server", [], "expected.json"),
    ("container-app", [], "expected.json"),
    ("multi-region-distribution", [], "expected.json"),
    ("composed", [], "expected.json"),
    ("composed", ["--var-file", "examples/composed/prod.ibvars"], "expected-prod.json"),
    ("auto-versioned", [], "expected.json"),
    ("full-stack", [], "expected.json"),
]


def test_every_example_has_a_golden_case():
    examples = {p.name for p in EXAMPLES.iterdir() if p.is_dir()}
    assert examples == {name for name, _, _ in CASES}


@pytest.mark.parametrize("example,args,golden", CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_example_matches_golden(example, args, golden, capsys):
    run = run_cli("compile", f"examples/{example}", *args, cwd=REPO, capsys=capsys)
    assert run.code == 0, run.err
    assert run.err == ""
    golden_path = EXAMPLES / example / golden
    if os.environ.get("IBDSL_UPDATE_GOLDEN"):
        golden_path.write_text(run.out, encoding="utf-8")
    assert run.out == golden_path.read_text(encoding="utf-8")


def test_examples_compile_together_as_one_project(capsys):
    """The Quick start command: all examples in one run, in dependency order."""
    run = run_cli("compile", "examples", cwd=REPO, capsys=capsys)
    assert run.code == 0, run.err
    # Dependency order: every project component a recipe names comes before the recipe.
    resources = run.json["resources"]
    position = {f"component/{r['name'].lower()}/{r['payload']['semanticVersion']}": i
                for i, r in enumerate(resources) if r["kind"] == "component"}  # fmt: skip
    checked = 0
    for i, resource in enumerate(resources):
        for item in resource["payload"].get("components", []):
            arn = item["componentArn"]
            if arn.split(":")[4] != "aws":  # not AWS-managed: a project component
                assert position[arn.split(":", 5)[5]] < i, (resource["name"], arn)
                checked += 1
    assert checked, "the examples should have recipes that use project components"
    names = [(r["kind"], r["name"]) for r in run.json["resources"]]
    assert len(names) == len(set(names)) == 19


def _botocore_operation(method: str):
    model = botocore.session.get_session().get_service_model("imagebuilder")
    return model.operation_model("".join(part.title() for part in method.split("_")))


@pytest.mark.parametrize("example,args,golden", CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_example_payloads_pass_botocore_and_jsonschema(example, args, golden):
    import jsonschema

    document = json.loads((EXAMPLES / example / golden).read_text(encoding="utf-8"))
    assert document["resources"]
    for resource in document["resources"]:
        operation = _botocore_operation(resource["operation"])
        # botocore's own client-side check; clientToken is added by the pusher.
        validate_parameters({**resource["payload"], "clientToken": "token"}, operation.input_shape)
        schema = json.loads(schema_text(resource["operation"]))
        jsonschema.Draft202012Validator(schema).validate(resource["payload"])


def test_user_data_is_base64_of_the_plain_text():
    import base64

    document = json.loads((EXAMPLES / "ami-web-server" / "expected.json").read_text())
    recipe = next(r for r in document["resources"] if r["name"] == "web-server")
    encoded = recipe["payload"]["additionalInstanceConfiguration"]["userDataOverride"]
    text = base64.b64decode(encoded).decode()
    assert text.startswith("#!/bin/bash\n")
    assert 'echo "build host ${HOSTNAME}" > /etc/motd\n' in text  # raw heredoc: no interpolation


def test_component_file_is_read_relative_to_its_source():
    document = json.loads((EXAMPLES / "ami-web-server" / "expected.json").read_text())
    component = next(r for r in document["resources"] if r["kind"] == "component")
    expected = (EXAMPLES / "ami-web-server" / "components" / "install-nginx.yaml").read_text()
    assert component["payload"]["data"] == expected

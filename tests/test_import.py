"""ibdsl import: API JSON to .ib source that compiles back to the same payloads."""

from __future__ import annotations

import base64
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ibdsl.authoring.importer import import_document
from ibdsl.domain.kinds import KINDS
from ibdsl.language.fmt import format_text

from conftest import EXAMPLES, compile_text, examples, run_cli
from programs import load_schema, value_for

GOLDENS = sorted(EXAMPLES.rglob("expected*.json"))


def payloads(result) -> dict:
    return {(r.kind.output, r.name): r.payload for r in result.resources}


@pytest.mark.parametrize("golden", GOLDENS, ids=[str(g.relative_to(EXAMPLES)) for g in GOLDENS])
def test_examples_round_trip(golden):
    document = json.loads(golden.read_text())
    source = import_document(document)
    assert format_text("x.ib", source) == source  # already fmt-clean
    result, report = compile_text(source)
    assert not result.diagnostics.has_errors, source + report
    assert result.document() == document


def test_user_data_becomes_a_readable_heredoc():
    document = json.loads((EXAMPLES / "ami-web-server" / "expected.json").read_text())
    source = import_document(document)
    assert "user_data_override = <<'EOT'\n#!/bin/bash\n" in source


def test_binary_user_data_stays_base64():
    blob = base64.b64encode(bytes(range(256))).decode()
    payload = {"name": "web", "semanticVersion": "1.0.0", "parentImage": "ami-0123456789abcdef0",
               "additionalInstanceConfiguration": {"userDataOverride": blob}}  # fmt: skip
    source = import_document(payload)
    assert f'raw_base64("{blob}")' in source
    result, report = compile_text(source)
    assert result.resources[0].payload == payload, report


def test_get_response_drops_members_create_does_not_take():
    response = {
        "requestId": "r-1",
        "imageRecipe": {
            "arn": "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.2.0",
            "type": "AMI", "name": "web", "platform": "Linux", "owner": "111122223333", "version": "1.2.0",
            "components": [{"componentArn": "arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.x.x"}],
            "parentImage": "ami-0123456789abcdef0", "dateCreated": "2026-01-01", "tags": {"Team": "web"},
        },
    }  # fmt: skip
    source = import_document(response)
    result, report = compile_text(source)
    assert not result.diagnostics.has_errors, report
    assert result.resources[0].payload == {
        "name": "web", "semanticVersion": "1.2.0",
        "components": [{"componentArn": "arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.x.x"}],
        "parentImage": "ami-0123456789abcdef0", "tags": {"Team": "web"},
    }  # fmt: skip
    for dropped in ("arn", "owner", "date_created", "platform", "type"):
        assert not re.search(rf"^\s*{dropped}\s*=", source, re.M), dropped


@pytest.mark.parametrize(
    "payload,kind",
    [
        ({"name": "tool", "semanticVersion": "1.0.0", "platform": "Linux", "data": "x"}, "component"),
        ({"name": "web", "semanticVersion": "1.0.0", "parentImage": "ami-0123456789abcdef0"}, "image_recipe"),
        ({"name": "d-1", "distributions": [{"region": "us-east-1"}], "clientToken": "ignored"}, "distribution_configuration"),
        ({"containerType": "DOCKER", "name": "c-1", "semanticVersion": "1.0.0", "parentImage": "x",
          "components": [{"componentArn": "arn:aws:imagebuilder:us-east-1:aws:component/a/1.x.x"}],
          "targetRepository": {"service": "ECR", "repositoryName": "r"}}, "container_recipe"),
    ],
)  # fmt: skip
def test_kind_is_inferred_when_unambiguous(payload, kind):
    source = import_document(payload)
    block = next(k.block for k in KINDS if k.output == kind)
    assert source.startswith(f"{block} ")
    result, _ = compile_text(source)
    assert result.resources[0].payload == {k: v for k, v in payload.items() if k != "clientToken"}


def test_ambiguous_payload_needs_kind(tmp_path, capsys):
    (tmp_path / "p.json").write_text(json.dumps({"name": "x-1", "description": "could be anything"}))
    run = run_cli("import", "p.json", cwd=tmp_path, capsys=capsys)
    assert run.code == 2 and "pass --kind" in run.err
    run = run_cli("import", "p.json", "--kind", "distribution_configuration", cwd=tmp_path, capsys=capsys)
    assert run.code == 0 and run.out.startswith('distribution "x-1" {')


@pytest.mark.parametrize(
    "document,words",
    [
        ({"name": "web", "semanticVersion": "1.0.0", "parentImage": None}, "parentImage is null"),
        (
            {
                "name": "w-1",
                "distributions": [{"region": "us-east-1", "launchTemplateConfigurations": [{"launchTemplateId": 1.5}]}],
            },
            "is 1.5; ibdsl numbers are whole numbers",
        ),
        (
            {"name": "web", "semanticVersion": "1.0.0", "parentImage": "x", "nonsense": 1},
            "nonsense is not a member of any create operation",
        ),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_what_the_language_cannot_represent_is_refused(tmp_path, capsys, document, words):
    (tmp_path / "p.json").write_text(json.dumps(document))
    run = run_cli("import", "p.json", cwd=tmp_path, capsys=capsys)
    assert run.code == 1
    assert words in run.err
    assert "Traceback" not in run.err


def test_lint_breaking_content_is_imported_as_it_is():
    payload = {"name": "web", "semanticVersion": "1.x.0", "parentImage": "not-an-ami",
               "blockDeviceMappings": [{"deviceName": "/dev/sdb", "ebs": {"volumeType": "io2"}}]}  # fmt: skip
    result, _ = compile_text(import_document(payload))
    assert result.resources[0].payload == payload


def test_bad_json_and_missing_file(tmp_path, capsys):
    (tmp_path / "bad.json").write_text('{"name": ')
    run = run_cli("import", "bad.json", cwd=tmp_path, capsys=capsys)
    assert run.code == 1 and run.err.startswith("bad.json:1:10: error: not valid JSON")
    assert run_cli("import", "missing.json", cwd=tmp_path, capsys=capsys).code == 2


def test_import_reads_standard_input():
    import subprocess
    import sys

    payload = json.dumps({"name": "tool", "semanticVersion": "1.0.0", "platform": "Linux"})
    proc = subprocess.run([sys.executable, "-m", "ibdsl", "import", "-"], input=payload, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith('component "tool" {')


def _payloads():
    def for_kind(kind):
        schema = load_schema(kind.operation)
        return value_for(schema, schema).map(lambda pair: (kind, pair[1]))

    return st.sampled_from(KINDS).flatmap(for_kind)


@settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_payloads())
def test_generated_payloads_round_trip(kind_and_payload):
    kind, payload = kind_and_payload
    source = import_document(payload, kind.output)
    assert format_text("x.ib", source) == source
    result, report = compile_text(source)
    assert not result.diagnostics.has_errors, source + report
    assert result.resources[0].payload == payload

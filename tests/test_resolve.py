"""Version resolution against the offline catalog, and building the catalog with boto3."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ibdsl.domain.catalog import Catalog

from conftest import REPO, SETTINGS, run_cli
from fake_imagebuilder import FakeImageBuilder

CATALOG = Path(__file__).parent / "rules" / "catalog.json"

PROJECT = (
    SETTINGS
    + """image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = aws_image("amazon-linux-2023-x86", "x.x.x")
  components = [
    aws_component("update-linux", "1.x.x"),
    aws_component("update-linux", "2.0.0"),
    account_component("golden-tools", "2021.01.x"),
    aws_component("reboot-test-linux", "3.x.x"),
  ]
}
"""
)


def test_catalog_resolution_rules():
    catalog = Catalog.load(str(CATALOG))
    # highest match, compared as integers, latest build
    assert str(catalog.resolve("component", "aws", "update-linux", "1.x.x")) == "1.3.1/2"
    assert str(catalog.resolve("component", "aws", "update-linux", "x.x.x")) == "2.0.0/1"
    assert str(catalog.resolve("component", "aws", "update-linux", "1.3.1", "1")) == "1.3.1/1"
    assert catalog.resolve("component", "aws", "update-linux", "1.3.1", "7") is None
    assert catalog.resolve("component", "aws", "update-linux", "3.x.x") is None
    # leading zeros: 2021.01.01 is 2021.1.1 and matches a filter written either way
    assert str(catalog.resolve("component", "111122223333", "golden-tools", "2021.1.x")) == "2021.01.01/3"
    assert str(catalog.resolve("image", "aws", "amazon-linux-2023-x86", "x.x.x")) == "2025.1.20/2"


def test_semver_ordering_is_numeric_not_textual(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({
        "format": "ibdsl-catalog/1",
        "components": [{"owner": "aws", "name": "c", "versions": {"1.9.0": [1], "1.10.0": [1], "1.2.30": [4]}}],
    }))  # fmt: skip
    assert str(Catalog.load(str(path)).resolve("component", "aws", "c", "1.x.x")) == "1.10.0/1"


@pytest.mark.parametrize(
    "document,words",
    [
        ({"format": "other"}, '"format" must be'),
        ({"format": "ibdsl-catalog/1", "components": {}}, '"components" must be a list'),
        ({"format": "ibdsl-catalog/1", "components": [{"owner": "aws"}]}, "needs string members owner and name"),
        (
            {"format": "ibdsl-catalog/1", "images": [{"owner": "aws", "name": "i", "versions": {"1.x.0": [1]}}]},
            "is not a version",
        ),
    ],
)
def test_invalid_catalogs_are_usage_errors(tmp_path, capsys, document, words):
    (tmp_path / "catalog.json").write_text(json.dumps(document))
    (tmp_path / "main.ib").write_text(PROJECT)
    run = run_cli("resolve", "main.ib", "--catalog", "catalog.json", cwd=tmp_path, capsys=capsys)
    assert run.code == 2
    assert words in run.err


def test_resolve_command_text_and_json(tmp_path, capsys):
    (tmp_path / "main.ib").write_text(PROJECT)
    run = run_cli("resolve", "main.ib", "--catalog", str(CATALOG), cwd=tmp_path, capsys=capsys)
    assert run.code == 1  # reboot-test-linux 3.x.x matches nothing
    assert run.out.splitlines() == [
        "main.ib:7:18: image aws/amazon-linux-2023-x86 x.x.x -> 2025.1.20/2",
        "main.ib:9:5: component aws/update-linux 1.x.x -> 1.3.1/2",
        "main.ib:10:5: component aws/update-linux 2.0.0 -> 2.0.0/1",
        "main.ib:11:5: component 111122223333/golden-tools 2021.01.x -> 2021.01.01/3",
        "main.ib:12:5: component aws/reboot-test-linux 3.x.x -> no match (no version of component "
        "'reboot-test-linux' matches 3.x.x in the catalog (newest known: 1.0.0))",
    ]
    run = run_cli("resolve", "main.ib", "--catalog", str(CATALOG), "--format", "json", cwd=tmp_path, capsys=capsys)
    rows = json.loads(run.out)
    assert rows[1] == {
        "path": "main.ib", "line": 9, "column": 5, "resource": "web", "member": "components[0].component_arn",
        "type": "component", "owner": "aws", "name": "update-linux", "filter": "1.x.x", "selected": "1.3.1/2",
    }  # fmt: skip
    assert rows[-1]["selected"] is None


def test_resolve_takes_the_catalog_from_configuration(tmp_path, capsys):
    (tmp_path / "main.ib").write_text(PROJECT.replace('    aws_component("reboot-test-linux", "3.x.x"),\n', ""))
    (tmp_path / "catalog.json").write_text(CATALOG.read_text())
    (tmp_path / "pyproject.toml").write_text('[tool.ibdsl]\ncatalog = "catalog.json"\n')
    run = run_cli("resolve", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 0, run.err
    run = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 0 and run.out == ""


def test_resolve_without_catalog_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "main.ib").write_text(PROJECT)
    run = run_cli("resolve", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 2 and "no catalog" in run.err


@pytest.fixture
def fake():
    server = FakeImageBuilder()
    server.publish("component", "aws", "update-linux", "1.0.2", [1])
    server.publish("component", "aws", "update-linux", "1.3.1", [1, 2, 3])
    server.publish("component", "aws", "reboot-test-linux", "1.0.0", [1])
    server.publish("image", "aws", "amazon-linux-2023-x86", "2025.1.20", [1, 2])
    server.publish("image", "aws", "amazon-linux-2023-x86", "2024.11.5", [1])
    server.publish("component", "111122223333", "golden-tools", "2021.01.01", [3])
    url = server.start()
    yield server, url
    server.stop()


def aws_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="AKIDTEST", AWS_SECRET_ACCESS_KEY="secret", AWS_EC2_METADATA_DISABLED="true",
               AWS_CONFIG_FILE="/nonexistent", AWS_SHARED_CREDENTIALS_FILE="/nonexistent")  # fmt: skip
    env.update(extra)
    return env


def test_catalog_refresh_through_boto3_paginators(fake, tmp_path):
    server, url = fake
    out = tmp_path / "catalog.json"
    proc = run_process_env(
        [
            "catalog",
            "refresh",
            "--region",
            "us-east-1",
            "--owner",
            "Amazon",
            "--owner",
            "Self",
            "--endpoint-url",
            url,
            "-o",
            str(out),
        ],
        aws_env(),
    )
    assert proc.returncode == 0, proc.stderr
    catalog = json.loads(out.read_text())
    assert catalog["components"] == [
        {"owner": "111122223333", "name": "golden-tools", "versions": {"2021.01.01": [3]}},
        {"owner": "aws", "name": "reboot-test-linux", "versions": {"1.0.0": [1]}},
        {"owner": "aws", "name": "update-linux", "versions": {"1.0.2": [1], "1.3.1": [1, 2, 3]}},
    ]
    assert catalog["images"] == [
        {"owner": "aws", "name": "amazon-linux-2023-x86", "versions": {"2024.11.5": [1], "2025.1.20": [1, 2]}}
    ]
    # The paginators really paged (page size 2) and every version's builds were listed.
    operations = [name for name, _ in server.calls]
    assert operations.count("ListComponents") >= 3
    assert operations.count("ListComponentBuildVersions") >= 4
    assert proc.stderr == f"ibdsl: wrote {out}: 4 component versions, 2 image versions (Amazon, Self)\n"
    # and the written catalog resolves
    assert str(Catalog.load(str(out)).resolve("component", "aws", "update-linux", "1.x.x")) == "1.3.1/3"


def test_catalog_refresh_without_credentials_or_endpoint(tmp_path):
    env = aws_env()
    del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    proc = run_process_env(
        [
            "catalog",
            "refresh",
            "--region",
            "us-east-1",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "-o",
            str(tmp_path / "c.json"),
        ],
        env,
    )
    assert proc.returncode == 2
    assert "no AWS credentials found" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_process_env(
        [
            "catalog",
            "refresh",
            "--region",
            "us-east-1",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "-o",
            str(tmp_path / "c.json"),
        ],
        aws_env(AWS_MAX_ATTEMPTS="1"),
    )
    assert proc.returncode == 2
    assert "cannot reach the endpoint" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "c.json").exists()


def run_process_env(args, env):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "ibdsl", *args], env=env, capture_output=True, text=True, timeout=120, cwd=REPO
    )

"""The compile command: output contract, -o layout, atomic writes, determinism, exit codes."""

from __future__ import annotations

import json
import os

from conftest import DOCUMENT, EXAMPLES, REPO, SETTINGS, run_process

RECIPE = (
    SETTINGS
    + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n'
    + '  components = [aws_component("update-linux", "1.x.x")]\n}\n'
)


def test_stdout_holds_exactly_one_json_document(project):
    run = project.compile(RECIPE)
    assert run.code == 0
    document = json.loads(run.out)
    assert document == {
        "resources": [
            {
                "kind": "image_recipe",
                "name": "web",
                "operation": "create_image_recipe",
                "payload": {
                    "name": "web",
                    "semanticVersion": "1.0.0",
                    "components": [{"componentArn": "arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.x.x"}],
                    "parentImage": "ami-0123456789abcdef0",
                },
            }
        ]
    }
    assert run.err == ""


def test_output_directory_layout_and_manifest(project):
    project.write(
        "main.ib",
        RECIPE
        + 'component "tool" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = "'
        + DOCUMENT
        + '"\n}\n',
    )
    run = project.compile(None, "-o", "out")
    assert run.code == 0, run.err
    out = project.root / "out"
    assert json.loads((out / "image_recipe" / "web.json").read_text())["name"] == "web"
    assert json.loads((out / "component" / "tool.json").read_text())["platform"] == "Linux"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest == {
        "resources": [
            {"kind": "component", "name": "tool", "operation": "create_component", "file": "component/tool.json"},
            {
                "kind": "image_recipe",
                "name": "web",
                "operation": "create_image_recipe",
                "file": "image_recipe/web.json",
            },
        ]
    }
    assert not [p for p in out.rglob("*") if p.name.startswith(".ibdsl-")]  # no temp files left


def test_rerun_is_byte_identical_and_removes_stale_payloads(project):
    project.write(
        "main.ib",
        RECIPE
        + 'component "tool" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = "'
        + DOCUMENT
        + '"\n}\n',
    )
    project.compile(None, "-o", "out")
    out = project.root / "out"
    before = {p: p.read_bytes() for p in out.rglob("*.json")}
    project.compile(None, "-o", "out")
    assert {p: p.read_bytes() for p in out.rglob("*.json")} == before
    (out / "unrelated.txt").write_text("keep me")
    project.write("main.ib", RECIPE)
    project.compile(None, "-o", "out")
    assert not (out / "component" / "tool.json").exists()
    assert (out / "image_recipe" / "web.json").exists()
    assert (out / "unrelated.txt").read_text() == "keep me"


def test_nothing_is_written_when_there_are_errors(project):
    run = project.compile(RECIPE.replace('"1.0.0"', "1"), "-o", "out")
    assert run.code == 1
    assert not (project.root / "out").exists()


def test_two_processes_give_identical_bytes():
    first = run_process("compile", "examples", cwd=REPO)
    second = run_process("compile", "examples", cwd=REPO)
    assert first.code == second.code == 0
    assert first.out == second.out
    assert first.out.encode() == json.dumps(json.loads(first.out), indent=2, ensure_ascii=False).encode() + b"\n"


def test_usage_errors_exit_2(tmp_path):
    empty = tmp_path / "empty-dir"
    empty.mkdir()
    runs = {
        "missing": run_process("compile", str(tmp_path / "missing.ib")),
        "no path": run_process("compile"),
        "no command": run_process("frobnicate"),
        "empty": run_process("compile", str(empty)),
        "account": run_process("compile", str(EXAMPLES / "ami-web-server"), "--account", "12"),
    }
    assert {name: run.code for name, run in runs.items()} == dict.fromkeys(runs, 2)
    assert "no .ib files found" in runs["empty"].err and "12 digits" in runs["account"].err
    for name, run in runs.items():
        assert "Traceback" not in run.err and "internal error" not in run.err, name


def test_unwritable_output_directory_is_a_usage_error(project):
    project.write("main.ib", RECIPE)
    project.write("blocker", "a file where a directory should be")
    run = project.compile(None, "-o", "blocker")
    assert run.code == 2
    assert "cannot write to blocker" in run.err


def test_directories_are_searched_for_ib_files(project):
    project.write("a/one.ib", RECIPE)
    project.write(
        "a/b/two.ib",
        'component "tool" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = "' + DOCUMENT + '"\n}\n',
    )
    project.write("a/.hidden/three.ib", "this is not parsed")
    project.write("a/notes.txt", "ignored")
    run = project.compile(None, name="a")
    assert run.code == 0, run.err
    assert sorted(run.resources) == ["tool", "web"]


def test_python_dash_m_and_version():
    run = run_process("--version")
    assert run.code == 0 and run.out.startswith("ibdsl ")


def test_a_file_named_twice_is_loaded_once(project):
    project.write("main.ib", RECIPE)
    run = project.compile(None, "main.ib", os.path.join(".", "main.ib"))
    assert run.code == 0, run.err
    assert list(run.resources) == ["web"]

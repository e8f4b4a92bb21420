"""Many projects in one repository: each file is checked with the project whose ibdsl.toml is
nearest above it, each project whole, and a shared file through the projects that read it."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

PLATFORM_SETTINGS = 'settings {\n  region  = "us-east-1"\n  account = "111122223333"\n}\n'
API_SETTINGS = 'settings {\n  region  = "eu-west-1"\n  account = "444455556666"\n}\n'
SHARED = """fragment hardening = [aws_component("update-linux", "1.x.x")]
"""
PLATFORM_RECIPE = """import "../shared/base.ib"

variable env: string

image_recipe "web" {
  description      = "web servers for ${var.env}"
  semantic_version = "1.0.0"
  parent_image     = "ami-0123456789abcdef0"
  components       = fragment.hardening
}
"""
API_RECIPE = """import "../shared/base.ib"

container_recipe "api" {
  semantic_version = "1.0.0"
  container_type   = DOCKER
  parent_image     = "amazonlinux:2023"
  target_repository { service = ECR, repository_name = "api" }
  dockerfile_template_data = <<'EOF'
FROM {{{ imagebuilder:parentImage }}}
{{{ imagebuilder:environments }}}
{{{ imagebuilder:components }}}
EOF
  components = fragment.hardening
}
"""


def write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_monorepo(root) -> list[str]:
    """platform/ (us-east-1, one account) and container-api/ (eu-west-1, another) beside the
    shared/ folder both import, and other/, which imports nothing of it. The files' names."""
    files = {
        "platform/ibdsl.toml": '[project]\nvar_files = ["prod.json"]\nroots = [".", "../shared"]\n',
        "platform/prod.json": '{"env": "prod"}\n',
        "platform/settings.ib": PLATFORM_SETTINGS,
        "platform/web.ib": PLATFORM_RECIPE,
        "container-api/ibdsl.toml": '[project]\nroots = [".", "../shared"]\n',
        "container-api/settings.ib": API_SETTINGS,
        "container-api/api.ib": API_RECIPE,
        "other/ibdsl.toml": "",
        "other/main.ib": 'settings {\n  region = "ap-south-1"\n  account = "777788889999"\n}\n',
        "shared/base.ib": SHARED,
    }
    write(root, files)
    return sorted(files)


@pytest.fixture
def monorepo(tmp_path):
    (tmp_path / ".git").mkdir()
    write_monorepo(tmp_path)
    return tmp_path


def lint(root, capsys, *args):
    return run_cli("lint", *args, cwd=root, capsys=capsys)


def test_files_of_two_projects_are_checked_each_with_its_own_settings(monorepo, capsys):
    run = lint(monorepo, capsys, "platform/web.ib", "container-api/api.ib")
    assert run.code == 0, run.out + run.err
    assert "no findings" in run.err and "of 2 projects" in run.err


def test_the_whole_repository_at_once(monorepo, capsys):
    run = lint(monorepo, capsys, ".")
    assert run.code == 0, run.out + run.err
    assert "of 3 projects" in run.err  # platform, container-api, other; shared/ through its readers


def test_a_project_var_file_applies_to_a_file_linted_alone(monorepo, capsys):
    run = lint(monorepo, capsys, "platform/web.ib")
    assert run.code == 0, run.out + run.err
    # Without the project file, var.env has no value: the hook used to fail for that reason.
    (monorepo / "platform/ibdsl.toml").write_text('[project]\nroots = [".", "../shared"]\n')
    run = lint(monorepo, capsys, "platform/web.ib")
    assert run.code == 1
    assert "platform/web.ib:6:41: IB008 error: var.env has no value" in run.out


def test_a_change_to_a_shared_file_shows_where_it_breaks_its_readers(monorepo, capsys):
    (monorepo / "shared/base.ib").write_text(SHARED.replace("hardening", "baseline"))
    run = lint(monorepo, capsys, "shared/base.ib")
    assert run.code == 1
    found = [line for line in run.out.splitlines() if ": IB" in line]
    assert found == [
        "container-api/api.ib:13:16: IB002 error: no fragment named 'hardening' is declared",
        "platform/web.ib:9:22: IB002 error: no fragment named 'hardening' is declared",
    ], run.out
    assert "other/" not in run.out + run.err  # never asked: it reads nothing of shared/


def test_a_finding_in_a_shared_file_names_the_project_it_was_found_in(monorepo, capsys):
    (monorepo / "shared/base.ib").write_text(SHARED.replace('"1.x.x"', '"1.x.x.x"'))
    run = lint(monorepo, capsys, "shared/base.ib")
    assert run.code == 1
    assert "shared/base.ib:1:" in run.out
    # One cause, one finding, naming every project that saw it.
    assert run.out.count("shared/base.ib:1:") == 1
    assert "found while checking the project of container-api/ibdsl.toml" in run.out
    assert "found while checking the project of platform/ibdsl.toml" in run.out


def test_a_project_that_may_read_a_shared_file_but_does_not_is_not_reported(monorepo, capsys):
    write(monorepo, {"shared/unused.ib": "this is not ibdsl\n"})
    run = lint(monorepo, capsys, "shared/unused.ib")
    # Read by no project: checked on its own, as a loose file always was.
    assert "projects" not in run.err
    assert "shared/unused.ib" in run.out


def test_a_nested_project_is_not_part_of_its_parent(monorepo, capsys):
    write(monorepo, {"platform/tools/ibdsl.toml": "", "platform/tools/main.ib": API_SETTINGS})
    run = lint(monorepo, capsys, "platform/web.ib")
    assert run.code == 0, run.out + run.err  # the eu-west-1 settings below are another project's
    run = run_cli("compile", "platform", cwd=monorepo, capsys=capsys)
    assert run.code == 0, run.err
    assert [r["name"] for r in run.json["resources"]] == ["web"]


def test_compile_takes_one_project_with_its_var_files(monorepo, capsys):
    run = run_cli("compile", "platform", cwd=monorepo, capsys=capsys)
    assert run.code == 0, run.err
    assert run.resources["web"]["components"] == [
        {"componentArn": "arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.x.x"}
    ]


def test_compile_refuses_paths_of_two_projects(monorepo, capsys):
    run = run_cli("compile", "platform", "container-api", cwd=monorepo, capsys=capsys)
    assert run.code == 2
    assert "the paths belong to 2 projects (container-api/ibdsl.toml, platform/ibdsl.toml)" in run.err


def test_compile_of_a_folder_holding_several_projects_is_refused(monorepo, capsys):
    run = run_cli("compile", ".", cwd=monorepo, capsys=capsys)
    assert run.code == 2
    assert (
        "the paths belong to 4 projects (container-api/ibdsl.toml, files in no project, other/ibdsl.toml, " in run.err
    )


def test_project_entries_name_the_files(monorepo, capsys):
    write(monorepo, {
        "platform/ibdsl.toml": '[project]\nentries = ["settings.ib", "web.ib"]\nvar_files = ["prod.json"]\n'
        'roots = [".", "../shared"]\n',
        "platform/scratch.ib": "this is not ibdsl",
    })  # fmt: skip
    run = run_cli("compile", "platform", cwd=monorepo, capsys=capsys)
    assert run.code == 0, run.err
    # A file named on the command line is checked with its project even when no entry imports it.
    assert lint(monorepo, capsys, "platform/scratch.ib").code == 1


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"platform/.ibdsl.toml": ""}, "both ibdsl.toml and .ibdsl.toml configure ibdsl here; keep one"),
        ({"platform/ibdsl.toml": "project = 3\n"}, "project must be a table ([project])"),
        ({"platform/ibdsl.toml": "[project]\nentry = []\n"}, "unknown project setting 'entry'"),
        ({"platform/ibdsl.toml": '[project]\nentries = "web.ib"\n'}, "project entries must be a list of paths"),
        ({"platform/ibdsl.toml": '[project]\nentries = ["gone.ib"]\n'}, "project entry 'gone.ib' does not exist"),
        ({"platform/ibdsl.toml": "[project\n"}, "not valid TOML"),
        ({"platform/ibdsl.toml": "[project]\n[lint]\n"}, "unknown ibdsl setting 'lint'"),
    ],
)
def test_broken_project_files_are_usage_errors(monorepo, capsys, files, message):
    write(monorepo, files)
    for command in ("lint", "compile"):
        run = run_cli(command, "platform/web.ib", cwd=monorepo, capsys=capsys)
        assert run.code == 2, run.err
        assert message in run.err
        assert "internal error" not in run.err


def test_lint_settings_of_a_project_file_apply_to_its_findings(monorepo, capsys):
    web = monorepo / "platform/web.ib"
    web.write_text(web.read_text().replace('"1.0.0"', '"1.x.x"'))
    assert "IB201" in lint(monorepo, capsys, "platform/web.ib").out
    (monorepo / "platform/ibdsl.toml").write_text(
        'ignore = ["IB201"]\n[project]\nvar_files = ["prod.json"]\nroots = [".", "../shared"]\n'
    )
    run = lint(monorepo, capsys, "--format", "json", "platform/web.ib")
    assert (run.code, run.json) == (0, [])


def test_json_output_merges_the_projects(monorepo, capsys):
    (monorepo / "shared/base.ib").write_text(SHARED.replace("hardening", "baseline"))
    run = lint(monorepo, capsys, "--format", "json", "shared/base.ib")
    paths = sorted(f["path"] for f in json.loads(run.out))
    assert paths == ["container-api/api.ib", "platform/web.ib"]


def test_in_a_git_repository_git_names_the_projects(tmp_path, capsys, monkeypatch):
    """In a git repository the projects come from `git ls-files` (what the repository ignores
    is not a project, whatever the repository's size); the answer is the walk's otherwise."""
    import subprocess

    from ibdsl import projects

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    write_monorepo(tmp_path)
    write(tmp_path, {".gitignore": "ignored/\n", "ignored/ibdsl.toml": '[project]\nroots = [".."]\n',
                     "ignored/main.ib": 'import "../shared/base.ib"\nfragment f = fragment.hardening\n'})  # fmt: skip
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    (tmp_path / "shared/base.ib").write_text(SHARED.replace("hardening", "baseline"))
    listed = lint(tmp_path, capsys, "shared/base.ib")
    assert listed.code == 1 and "ignored/" not in listed.out + listed.err
    monkeypatch.setattr(projects, "_git_listed", lambda directory: None)  # no git: the walk
    walked = lint(tmp_path, capsys, "shared/base.ib")
    assert "ignored/main.ib" in walked.out
    assert "container-api/api.ib:13:16" in listed.out and "platform/web.ib:9:22" in listed.out


def test_a_broken_configuration_of_another_project_does_not_stop_this_one(monorepo, capsys):
    write(monorepo, {
        "tools/py/pyproject.toml": "[tool.black\n",  # not ibdsl's: never read as TOML
        "other/ibdsl.toml": '[project]\nentries = ["missing.ib"]\n',
        "third/.ibdsl.toml": "", "third/pyproject.toml": "[tool.ibdsl]\n",
    })  # fmt: skip
    run = lint(monorepo, capsys, "platform/web.ib", "shared/base.ib")
    assert run.code == 0, run.out + run.err
    assert lint(monorepo, capsys, "other/main.ib").code == 2  # its own check says what is wrong


def test_a_renamed_shared_file_shows_the_imports_it_broke(monorepo, capsys):
    (monorepo / "shared/base.ib").rename(monorepo / "shared/common.ib")
    run = lint(monorepo, capsys, "shared/common.ib")  # all a hook is given for a rename
    assert run.code == 1
    assert "container-api/api.ib:1:1: IB006" in run.out and "platform/web.ib:1:1: IB006" in run.out
    assert "other/" not in run.out


def test_files_the_entries_leave_out_are_not_part_of_the_project(monorepo, capsys):
    write(monorepo, {
        "platform/ibdsl.toml": '[project]\nentries = ["settings.ib", "web.ib"]\nvar_files = ["prod.json"]\n'
        'roots = [".", "../shared"]\n',
        # An alternative the entries leave out: another region, the same recipe.
        "platform/staging.ib": API_SETTINGS + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n'
        '  parent_image = "ami-0123456789abcdef0"\n}\n',
    })  # fmt: skip
    for paths in (
        ["platform"],
        ["."],
        ["platform/web.ib"],
        ["platform/staging.ib"],
        ["platform/staging.ib", "platform/web.ib"],
    ):
        run = lint(monorepo, capsys, *paths)
        assert run.code == 0, (paths, run.out)


def test_the_project_settings_apply_to_what_it_finds_in_shared_files(monorepo, capsys):
    (monorepo / "shared/base.ib").write_text(
        SHARED + 'component "tool" {\n  semantic_version = "1.0"\n  platform = Linux\n  data = "x"\n}\n'
    )
    assert "shared/base.ib:3:22: IB201" in lint(monorepo, capsys, "shared/base.ib").out
    for name in ("platform", "container-api"):
        text = (monorepo / name / "ibdsl.toml").read_text()
        (monorepo / name / "ibdsl.toml").write_text('ignore = ["IB201"]\n' + text)
    run = lint(monorepo, capsys, "shared/base.ib")
    assert "IB201" not in run.out, run.out


def test_an_empty_marker_keeps_the_repository_lint_settings(monorepo, capsys):
    web = monorepo / "platform/web.ib"
    web.write_text(web.read_text().replace('"1.0.0"', '"1.x.x"'))
    (monorepo / "pyproject.toml").write_text('[tool.ibdsl]\nignore = ["IB201"]\n')
    run = lint(monorepo, capsys, "platform/web.ib")
    assert run.code == 0, run.out  # platform/ibdsl.toml has only [project]: the root's settings apply


def test_a_project_reached_through_a_link_is_one_project(monorepo, capsys):
    (monorepo / "current").symlink_to("platform")
    web = monorepo / "platform/web.ib"
    web.write_text(web.read_text().replace('"1.0.0"', '"1.x.x"'))
    run = lint(monorepo, capsys, "current/web.ib", "platform/web.ib")
    assert run.out.count("IB201") == 1, run.out
    assert "of 2 projects" not in run.err


def test_a_changed_marker_checks_its_project(monorepo, capsys):
    (monorepo / "platform/ibdsl.toml").write_text('[project]\nroots = ["."]\n')  # ../shared dropped
    run = lint(monorepo, capsys, "platform/ibdsl.toml")
    assert run.code == 1
    assert "platform/web.ib:1:1: IB006" in run.out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[project]\nentries = ["/etc/hostname"]\n', "project entry '/etc/hostname' is outside the project's roots"),
        ('[project]\nvar_files = ["nope.json"]\n', "project var file 'nope.json' does not exist"),
        ('[project]\nroots = ["/"]\n', "project root '/' is outside the repository"),
    ],
)
def test_a_project_stays_inside_its_roots_and_repository(monorepo, capsys, text, message):
    (monorepo / "platform/ibdsl.toml").write_text(text)
    run = lint(monorepo, capsys, "platform/web.ib")
    assert run.code == 2 and message in run.err, run.err


HELLO = """schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: Hello
        action: ExecuteBash
        inputs:
          commands: [echo hello]
"""
HELLO_COMPONENT = """component "hello" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = file("components/hello.yaml")
}
"""


def test_a_changed_document_checks_the_projects_that_read_it(monorepo, capsys):
    write(monorepo, {"platform/hello.ib": HELLO_COMPONENT, "platform/components/hello.yaml": HELLO})
    assert lint(monorepo, capsys, "platform/components/hello.yaml").code == 0
    (monorepo / "platform/components/hello.yaml").write_text(HELLO.replace("ExecuteBash", "ExecuteBsh"))
    run = lint(monorepo, capsys, "platform/components/hello.yaml")
    assert run.code == 1
    assert "platform/components/hello.yaml:6:17: IBD007 error: unknown action 'ExecuteBsh'" in run.out
    assert "platform/hello.ib:4:22: note: read by file() here" in run.out
    assert "container-api" not in run.out + run.err and "of 2 projects" not in run.err


def test_a_changed_document_of_a_repository_without_markers(tmp_path, capsys):
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"settings.ib": PLATFORM_SETTINGS, "hello.ib": HELLO_COMPONENT,
                     "components/hello.yaml": HELLO.replace("ExecuteBash", "ExecuteBsh"),
                     "ci/pipeline.yaml": "steps: []\n"})  # fmt: skip
    run = lint(tmp_path, capsys, "components/hello.yaml")
    assert run.code == 1 and "components/hello.yaml:6:17: IBD007" in run.out
    run = lint(tmp_path, capsys, "ci/pipeline.yaml")  # YAML no project reads: nothing to say
    assert (run.code, run.out) == (0, "")


def test_git_runs_only_when_its_index_may_name_a_configuration(tmp_path, monkeypatch):
    import subprocess

    from ibdsl import projects

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    write(tmp_path, {"main.ib": PLATFORM_SETTINGS})
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    real_run = subprocess.run
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or real_run(*a, **k))
    assert projects.projects_below(str(tmp_path)) == [] and calls == []  # the index names no configuration
    write(tmp_path, {"sub/ibdsl.toml": ""})
    real_run(["git", "add", "-A"], cwd=tmp_path, check=True)
    projects.forget()
    assert [spec.root for spec in projects.projects_below(str(tmp_path))] == [str(tmp_path / "sub")]
    assert calls and calls[0][0][:2] == ["git", "ls-files"]

"""What ibdsl accepts is exactly what reaches AWS; it reads and writes only inside the project;
it never hangs. One section per class of the trust issue, each with hostile variants."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ibdsl.domain.kinds import KINDS

from conftest import DOCUMENT, SETTINGS, compile_text, examples, run_cli, run_process

COMPONENT = 'component "tool" {{\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = {data}\n}}\n'


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# --- 1. silent changes: ${WORD} in interpolating strings and heredocs ----------------------

SHELL_TEXT = [
    ("${HOME}", "'HOME' inside ${...} is not an ibdsl name"),
    ("${PATH}", "'PATH' inside ${...} is not an ibdsl name"),
    ("${HOME-default}", "'HOME-default' inside ${...} is not an ibdsl name"),
    ("${1}", "'${1}' would insert the number 1"),
    ("${USER:-x}", "'${USER:-x}' is shell or template syntax, not an ibdsl expression"),
    ("${#items[@]}", "'${#items[@]}' is shell or template syntax"),
    ("${name%.*}", "'${name%.*}' is shell or template syntax"),
    ("${!ref}", "'${!ref}' is shell or template syntax"),
    ("${@}", "'${@}' is shell or template syntax"),
    ("${file(HOME)}", "'HOME' inside ${...} is not an ibdsl name"),
    ("${[HOME]}", "'HOME' inside ${...} is not an ibdsl name"),
]
CONTAINERS = {
    "string": lambda text: f'"echo {text}"',
    "heredoc": lambda text: f"<<EOT\necho {text}\nEOT",
    "indented heredoc": lambda text: f"<<-EOT\n    ENV A=/opt/bin:{text}\n    EOT",
}


@pytest.mark.parametrize("container", CONTAINERS)
@pytest.mark.parametrize("text,message", SHELL_TEXT, ids=[t for t, _ in SHELL_TEXT])
def test_shell_and_dockerfile_text_in_interpolation_is_refused(text, message, container):
    result, report = compile_text(SETTINGS + COMPONENT.format(data=CONTAINERS[container](text)))
    assert result.diagnostics.has_errors, report
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert len(errors) == 1, report  # one cause, one error: no grammar dump beside it
    assert message in errors[0].message
    assert "$${" in errors[0].message and "<<'EOT'" in errors[0].message  # says what to write instead
    assert "expected" not in errors[0].message


@given(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True))
@settings(max_examples=examples(200))
def test_no_bare_word_in_interpolation_ever_compiles(word):
    """Whatever the word, `${WORD}` never silently becomes WORD (nor anything else)."""
    result, report = compile_text(
        SETTINGS + 'variable word: string = "v"\n' + COMPONENT.format(data=f'"a ${{{word}}} b"')
    )
    if word in ("true", "false"):  # the booleans interpolate as their words, by design
        return
    assert result.diagnostics.has_errors, report


def test_the_ways_to_write_shell_text_still_work():
    result, report = compile_text(
        SETTINGS + 'variable home: string = "/home/me"\n'
        + COMPONENT.format(data='"${var.home} $${HOME} \\${PATH}"')
        + COMPONENT.replace("tool", "raw").format(data="<<'EOT'\necho ${HOME} ${USER:-x}\nEOT")
    )  # fmt: skip
    assert not result.diagnostics.has_errors, report
    data = {r.name: r.payload["data"] for r in result.resources}
    assert data == {"tool": "/home/me ${HOME} ${PATH}", "raw": "echo ${HOME} ${USER:-x}\n"}


def test_readme_and_docs_examples_do_not_use_the_dangerous_form():
    """The code samples of the README and docs/ never write `${WORD}` meaning shell text (prose
    may name it)."""
    import re

    root = Path(__file__).parent.parent
    pages = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    assert len(pages) > 1
    for page in pages:
        samples = "\n".join(re.findall(r"```(?:hcl|text)\n(.*?)```", page.read_text(encoding="utf-8"), re.S))
        if page.name == "README.md" and page.parent == root:
            assert "image_recipe" in samples
        assert not re.findall(r"(?<!\$)\$\{\s*[A-Za-z_][A-Za-z0-9_-]*\s*\}", samples), page


# --- 1. silent changes: ARN names as the service normalises them -------------------------------


def test_underscores_and_spaces_become_hyphens_in_arns():
    result, report = compile_text(
        SETTINGS + COMPONENT.replace('"tool"', '"Image_Component Tool"').format(data=f'"{DOCUMENT}"')
        + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n'
        '  components = [component.my_tool]\n}\n' + COMPONENT.replace('"tool"', '"my_tool"').format(data='"y"')
    )  # fmt: skip
    recipe = next(r for r in result.resources if r.name == "web")
    assert recipe.payload["components"] == [
        {"componentArn": "arn:aws:imagebuilder:us-east-1:111122223333:component/my-tool/1.0.0"}
    ]


@pytest.mark.parametrize(
    "first,second",
    [("Tool", "tool"), ("my tool", "my-tool"), ("my tool", "my_tool"), ("my-tool", "MY_TOOL"), ("a_b c", "A-B_C")],
)
@pytest.mark.parametrize("kind", [kind.block for kind in KINDS])
def test_names_the_service_sees_as_one_are_an_error_at_the_second(first, second, kind, tmp_path, capsys):
    bodies = {
        "component": 'semantic_version = "1.0.0"\n  platform = Linux\n  data = "' + DOCUMENT + '"',
        "image_recipe": 'semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]',
        "container_recipe": 'container_type = DOCKER\n  semantic_version = "1.0.0"\n  parent_image = "amazonlinux:2023"\n'
        '  components = [aws_component("update-linux", "1.x.x")]\n'
        '  dockerfile_template_data = "FROM {{{ imagebuilder:parentImage }}}\\n{{{ imagebuilder:environments }}}\\n{{{ imagebuilder:components }}}"\n'
        '  target_repository = { service = ECR, repository_name = "repo" }',
        "distribution": 'distributions = [{ region = "us-east-1", ami_distribution_configuration { name = "a-{{ imagebuilder:buildDate }}" } }]',
        "infrastructure_configuration": 'instance_profile_name = "ImageBuilderRole"',
        "workflow": 'semantic_version = "1.0.0"\n  type = BUILD\n  data = "name: flow"',
        "image_pipeline": 'infrastructure_configuration_arn = "arn:aws:imagebuilder:us-east-1:111122223333:infrastructure-configuration/build"\n'
        '  image_recipe_arn = "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0"',
        "lifecycle_policy": 'execution_role = "LifecycleRole"\n  resource_type = AMI_IMAGE\n'
        "  policy_details = [{ action { type = DELETE }, filter { type = COUNT, value = 5 } }]\n"
        '  resource_selection { tag_map = { Team = "web" } }',
    }
    assert set(bodies) == {kind.block for kind in KINDS}, "a body for every kind"
    body = bodies[kind]
    write(tmp_path, {"main.ib": SETTINGS + f'{kind} "{first}" {{\n  {body}\n}}\n{kind} "{second}" {{\n  {body}\n}}\n'})
    run = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 1
    assert f"main.ib:{5 + body.count(chr(10)) + 3}:" in run.out
    assert f"IB702 error: {kind} '{second}' and '{first}' are one resource to Image Builder" in run.out
    assert run.out.count(" error: ") == 1


# --- 1. silent changes: writes keep links and modes ----------------------------------------------

MESSY = 'fragment  a =  "x"\n'


def test_fmt_writes_through_a_symlink_and_keeps_the_mode(tmp_path, capsys):
    real = tmp_path / "real.ib"
    real.write_text(MESSY)
    real.chmod(0o640)
    link = tmp_path / "link.ib"
    link.symlink_to("real.ib")
    run = run_cli("fmt", "link.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 0, run.err
    assert link.is_symlink() and os.readlink(link) == "real.ib"
    assert real.read_text() == 'fragment a = "x"\n'
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() != 0 and sys.platform == "win32", reason="modes")
def test_fmt_refuses_a_read_only_file(tmp_path, capsys):
    path = tmp_path / "main.ib"
    path.write_text(MESSY)
    path.chmod(0o444)
    run = run_cli("fmt", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 1
    assert "main.ib: error: cannot reformat: main.ib is read-only" in run.err
    assert path.read_text() == MESSY and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_compile_output_keeps_links_inside_outdir_and_modes(tmp_path, capsys):
    changed = DOCUMENT.replace("name: S", "name: Changed")
    write(tmp_path, {"main.ib": SETTINGS + COMPONENT.format(data=f'"{DOCUMENT}"')})
    assert run_cli("compile", "main.ib", "-o", "build", cwd=tmp_path, capsys=capsys).code == 0
    payload = tmp_path / "build" / "component" / "tool.json"
    payload.chmod(0o640)  # not what a new file gets (umask 022 gives 0o644)
    (tmp_path / "build" / "kept.json").write_text("{}")
    payload.rename(tmp_path / "build" / "kept.json")
    payload.symlink_to("../kept.json")
    write(tmp_path, {"main.ib": SETTINGS + COMPONENT.format(data=f'"{changed}"')})
    assert run_cli("compile", "main.ib", "-o", "build", cwd=tmp_path, capsys=capsys).code == 0
    assert payload.is_symlink()
    assert json.loads((tmp_path / "build" / "kept.json").read_text())["data"] == changed
    assert stat.S_IMODE((tmp_path / "build" / "kept.json").stat().st_mode) == 0o640


# --- 2. reading and writing outside the project ---------------------------------------------------


@pytest.mark.parametrize("name", ["../../../victim", "../victim", "sub/victim", "..", "a\\\\b", "tab\\there"])
def test_resource_names_that_are_not_file_names_are_never_written(name, tmp_path, capsys):
    project = tmp_path / "work" / "project"
    write(
        project,
        {
            "main.ib": SETTINGS
            + COMPONENT.format(data=f'"{DOCUMENT}"').replace('"tool" {', f'"{name}" {{ # ibdsl: ignore[IB104]')
        },
    )
    victim = tmp_path / "victim.json"
    victim.write_text("precious")
    run = run_cli("compile", "main.ib", "-o", "build", cwd=project, capsys=capsys)
    assert run.code == 1, run.err
    assert "nothing was written" in run.err  # the schema's name pattern is not suppressible for compile
    assert victim.read_text() == "precious"
    assert not (project / "build").exists()
    # The writer refuses on its own, whatever lint said.
    from ibdsl.compile.output import write_outdir
    from ibdsl.files import Refused

    document = {"resources": [
        {"kind": "component", "name": "fine", "operation": "create_component", "payload": {}},
        {"kind": "component", "name": name, "operation": "create_component", "payload": {"name": name}},
    ]}  # fmt: skip
    with pytest.raises(Refused, match="cannot be written to"):
        write_outdir(str(project / "build"), document)
    assert victim.read_text() == "precious"
    assert not (project / "build").exists()  # nothing half-written either


DISTRIBUTION = 'distribution "golden" {\n  distributions = [{ region = "us-east-1", ami_distribution_configuration { name = "g-{{ imagebuilder:buildDate }}" } }]\n}\n'


def test_outdir_links_and_manifests_never_lead_outside(tmp_path, capsys):
    project = tmp_path / "project"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "tool.json").write_text("precious")
    (outside / "other.json").write_text("precious")
    write(project, {"main.ib": SETTINGS + COMPONENT.format(data=f'"{DOCUMENT}"')})
    build = project / "build"
    build.mkdir()
    (build / "component").symlink_to(outside)
    run = run_cli("compile", "main.ib", "-o", "build", cwd=project, capsys=capsys)
    assert run.code == 2 and "leads outside build" in run.err
    assert (outside / "tool.json").read_text() == "precious"
    # A hostile manifest lists files outside, directly and through the link; a project whose
    # writes succeed (no component) then removes the stale entries: none outside OUTDIR.
    write(project, {"main.ib": SETTINGS + DISTRIBUTION})
    hostile = [
        "component/../../outside/other.json",
        str(outside / "other.json"),
        "../outside/other.json",
        "component/other.json",
        "component/tool.json",
    ]
    (build / "manifest.json").write_text(json.dumps({"resources": [{"file": f} for f in hostile]}))
    run = run_cli("compile", "main.ib", "-o", "build", cwd=project, capsys=capsys)
    assert run.code == 0, run.err
    assert (outside / "other.json").read_text() == "precious" and (outside / "tool.json").read_text() == "precious"
    assert (
        json.loads((build / "manifest.json").read_text())["resources"][0]["file"]
        == "distribution_configuration/golden.json"
    )


def test_directories_do_not_reach_outside_through_links(tmp_path, capsys):
    outside = tmp_path / "outside"
    write(outside, {"other.ib": 'fragment  x = "outside"\n', "secret.ib": "top secret line\n"})
    project = tmp_path / "repo"
    write(project, {"main.ib": 'fragment  a = "x"\n'})
    (project / "link.ib").symlink_to(outside / "other.ib")
    (project / "creds.ib").symlink_to(outside / "secret.ib")
    run = run_cli("fmt", "repo", cwd=tmp_path, capsys=capsys)
    assert run.code == 0, run.err
    assert (outside / "other.ib").read_text() == 'fragment  x = "outside"\n'
    assert (project / "main.ib").read_text() == 'fragment a = "x"\n'
    run = run_cli("lint", "repo", cwd=tmp_path, capsys=capsys)
    assert "top secret" not in run.out + run.err


def _schema_breaking_project(root: Path) -> None:
    # IB104: the name pattern; the schema refuses it, so compile and push must too.
    write(root, {"main.ib": SETTINGS + COMPONENT.replace('"tool"', '"x"').format(data=f'"{DOCUMENT}"')})


@pytest.mark.parametrize("git", [True, False])
def test_configuration_above_the_project_is_not_read(git, tmp_path, capsys):
    (tmp_path / ".ibdsl.toml").write_text('select = ["IB9"]\n')  # planted above the project
    project = tmp_path / "work" / "project"
    _schema_breaking_project(project)
    if git:
        (tmp_path / "work" / ".git").mkdir()
        run = run_cli("lint", "project/main.ib", cwd=tmp_path / "work", capsys=capsys)
    else:
        run = run_cli("lint", "main.ib", cwd=project, capsys=capsys)
    assert run.code == 1 and "IB104 error" in run.out


def test_configuration_inside_the_repository_still_applies(tmp_path, capsys):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".ibdsl.toml").write_text('ignore = ["IB104"]\n')
    _schema_breaking_project(tmp_path / "project")
    run = run_cli("lint", "project/main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 0, run.out


@pytest.mark.parametrize(
    "config",
    ['select = ["IB9"]', 'ignore = ["IB1"]', '[severity]\nIB104 = "info"', 'ignore = ["IB104"]'],
)
def test_no_configuration_makes_compile_output_what_the_schema_refuses(config, tmp_path, capsys):
    (tmp_path / ".ibdsl.toml").write_text(config + "\n")
    _schema_breaking_project(tmp_path)
    lint = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys)
    assert lint.code == 0  # lint honours the configuration ...
    run = run_cli("compile", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 1 and "IB104 error" in run.err and run.out == ""  # ... compile never sends it


def test_a_suppression_does_not_let_compile_output_a_schema_violation(tmp_path, capsys):
    write(
        tmp_path,
        {
            "main.ib": SETTINGS
            + COMPONENT.format(data=f'"{DOCUMENT}"').replace('"tool" {', '"x" { # ibdsl: ignore[IB104]')
        },
    )
    assert run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys).code == 0
    run = run_cli("compile", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 1 and "IB104 error" in run.err


@pytest.mark.parametrize(
    "config,message",
    [
        ('select = ["IB999"]', "select: unknown rule code 'IB999'"),
        ('ignore = ["XX"]', "ignore: unknown rule code 'XX'"),
        ('[severity]\nIB000 = "info"', "severity: unknown rule code 'IB000'"),
        ("severity = 3", "severity maps rule codes"),
    ],
)
def test_unknown_rule_codes_in_configuration_are_errors(config, message, tmp_path, capsys):
    (tmp_path / ".ibdsl.toml").write_text(config + "\n")
    _schema_breaking_project(tmp_path)
    run = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 2 and message in run.err


def test_a_link_swapped_after_the_root_check_is_caught_at_the_read(tmp_path, monkeypatch):
    """Open first, then check the opened file: whatever an earlier check saw, an outside file
    that is what was opened never reaches the payload."""
    from ibdsl.compile import loader

    secret = tmp_path / "secret.txt"
    secret.write_text("outside content")
    project = tmp_path / "project"
    write(project, {"main.ib": SETTINGS + COMPONENT.format(data='file("doc.yaml")') + 'import "lib.ib"\n'})
    (project / "doc.yaml").symlink_to(secret)
    (project / "lib.ib").symlink_to(tmp_path / "elsewhere.ib")
    (tmp_path / "elsewhere.ib").write_text('fragment leaked = "outside"\n')
    # The race: the check before the read sees an inside file, then the link points out.
    monkeypatch.setattr(loader.Project, "outside_roots", lambda self, path: None)
    from ibdsl.compile.compiler import compile_paths

    result = compile_paths([str(project / "main.ib")])
    messages = [d.message for d in result.diagnostics]
    assert any("file('doc.yaml')" in m and "outside the project root" in m for m in messages), messages
    assert any("cannot import 'lib.ib'" in m and "outside the project root" in m for m in messages), messages
    assert "outside content" not in json.dumps([r.payload for r in result.resources])


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


NOT_REGULAR = {
    "file()": (
        lambda fifo: ["compile", "main.ib"],
        lambda fifo: COMPONENT.format(data=f'file("{fifo.name}")'),
        1,
        "not a regular file",
    ),
    "import": (lambda fifo: ["compile", "main.ib"], lambda fifo: f'import "{fifo.name}"\n', 1, "not a regular file"),
    "lint": (lambda fifo: ["lint", fifo.name], lambda fifo: "", 2, "not a regular file"),
    "var file": (
        lambda fifo: ["compile", "main.ib", "--var-file", fifo.name],
        lambda fifo: "",
        2,
        "not a regular file",
    ),
    "catalog": (lambda fifo: ["lint", "main.ib", "--catalog", fifo.name], lambda fifo: "", 2, "not a regular file"),
    "dev zero catalog": (
        lambda fifo: ["lint", "main.ib", "--catalog", "/dev/zero"],
        lambda fifo: "",
        2,
        "not a regular file",
    ),
    "import json": (lambda fifo: ["import", fifo.name], lambda fifo: "", 2, "not a regular file"),
    "cloudformation": (
        lambda fifo: ["import", "--from-cloudformation", fifo.name],
        lambda fifo: "",
        2,
        "not a regular file",
    ),
}


@pytest.mark.parametrize("case", NOT_REGULAR)
def test_only_regular_files_are_read(case, fifo, tmp_path):
    args, source, code, message = NOT_REGULAR[case]
    write(tmp_path, {"main.ib": SETTINGS + source(fifo)})
    started = time.monotonic()
    run = run_process(*args(fifo), cwd=tmp_path, timeout=60)
    assert time.monotonic() - started < 30  # nothing waits for a writer
    assert run.code == code, run.err
    assert message in run.out + run.err
    assert "Traceback" not in run.err


def test_every_read_has_a_size_cap(tmp_path, capsys):
    big = b"[" + b"1," * 2_500_000 + b"1]"  # 5 MB
    (tmp_path / "catalog.json").write_bytes(big)
    (tmp_path / "payload.json").write_bytes(big)
    write(tmp_path, {"main.ib": SETTINGS})
    for args in (
        ["lint", "main.ib", "--catalog", "catalog.json"],
        ["import", "payload.json"],
        ["import", "--from-cloudformation", "payload.json"],
    ):
        run = run_cli(*args, cwd=tmp_path, capsys=capsys)
        assert run.code == 2, args
        assert "larger than 4194304 bytes" in run.err


# --- 3. output that a CI log or a terminal obeys -------------------------------------------------

HOSTILE_LABEL = "web\\n::stop-commands::x\\r\\u001b[2J\\u202e"


def _clean(output: str) -> None:
    for line in output.splitlines():
        assert not line.startswith("::"), line
        assert not any(ord(c) < 0x20 and c != "\t" for c in line), repr(line)
        assert "\x1b" not in line and "\u202e" not in line and "\r" not in line


def test_text_writers_escape_what_users_and_services_wrote(tmp_path, capsys):
    hostile = COMPONENT.replace('"tool"', f'"{HOSTILE_LABEL}"').format(data=f'"{DOCUMENT}"')
    # declared twice: the duplicate's message quotes the label as written
    source = SETTINGS + hostile + hostile + "# \x1b[31mred\r comment\n"
    write(tmp_path, {"main.ib": source})
    for args in (
        ["lint", "main.ib"],
        ["compile", "main.ib"],
        ["compile", "main.ib", "-o", "out"],
        ["fmt", "--check", "main.ib"],
    ):
        run = run_cli(*args, cwd=tmp_path, capsys=capsys)
        _clean(run.out + run.err)
    run = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys)
    assert (
        "component 'web\\n::stop-commands::x\\r\\x1b[2J\\u202e' is declared twice" in run.out
    )  # shown, escaped, readable
    # a source excerpt with an escape sequence before the finding: the caret still lines up
    write(tmp_path, {"main.ib": SETTINGS + 'fragment f = ["\x1b[2J", var.nope]\n'})
    lines = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys).out.splitlines()
    excerpt, caret = lines[1], lines[2]
    assert excerpt.index("var.nope") == caret.index("^")


def test_file_names_are_escaped_and_encoded(tmp_path, capsys):
    names = ["ha#sh.ib", "new\nline.ib"]
    for index, name in enumerate(names):
        (tmp_path / name).write_text(SETTINGS * (index == 0) + f"fragment f{index} = var.nope\n")
    raw = os.fsencode(tmp_path) + b"/caf\xff.ib"
    with open(raw, "wb") as f:
        f.write(b"fragment f2 = var.nope\n")
    for fmt_name in ("text", "json", "sarif", "github"):
        run = run_process("lint", ".", "--format", fmt_name, cwd=tmp_path)
        assert run.code == 1 and "Traceback" not in run.err and "internal error" not in run.err, run.err
        if fmt_name == "text":
            _clean(run.out)
            assert "caf\\xff.ib:1:15" in run.out and "new\\nline.ib:1:15" in run.out and "ha#sh.ib:5:15" in run.out
        if fmt_name == "sarif":
            uris = {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(run.out)["runs"][0]["results"]
            }
            assert uris == {"ha%23sh.ib", "new%0Aline.ib", "caf%FF.ib"}
        if fmt_name == "github":
            assert all(line.startswith("::error ") for line in run.out.splitlines())
    run = run_process("fmt", "--check", ".", cwd=tmp_path)
    _clean(run.err)


def test_plain_http_endpoints_are_refused_unless_loopback():
    from ibdsl.aws.clients import check_endpoint
    from ibdsl.diagnostics import UsageError

    for url in ("http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "https://imagebuilder.example.com"):
        check_endpoint(url, allow_http=False)
    for url in (
        "http://imagebuilder.example.com",
        "http://10.0.0.5:80",
        "http://127.attacker.example",
        "http://127.0.0.1.nip.io",
        "ftp://x",
        "nonsense",
    ):
        with pytest.raises(UsageError):
            check_endpoint(url, allow_http=False)
    check_endpoint("http://imagebuilder.example.com", allow_http=True)


def test_push_refuses_a_plain_http_endpoint_before_any_request(tmp_path):
    write(tmp_path, {"main.ib": SETTINGS + COMPONENT.format(data=f'"{DOCUMENT}"')})
    run = run_process("push", "main.ib", "--yes", "--endpoint-url", "http://imagebuilder.example.com", cwd=tmp_path)
    assert run.code == 2 and "plain http to another machine" in run.err and "--allow-http" in run.err


# --- 4. bounded work ------------------------------------------------------------------------------


def _doubling(kind: str, levels: int = 40) -> str:
    first = {"list": '["x"]', "string": '"xxxxxxxx"', "nested": '["x"]', "map": '{ a = "x" }'}[kind]
    step = {
        "list": "fragment.f{i} + fragment.f{i}",
        "string": '"${{fragment.f{i}}}${{fragment.f{i}}}"',
        "nested": "[fragment.f{i}, fragment.f{i}]",
        "map": "{{ a = fragment.f{i}, b = fragment.f{i} }}",
    }[kind]
    return f"fragment f0 = {first}\n" + "".join(f"fragment f{i + 1} = {step.format(i=i)}\n" for i in range(levels))


@pytest.mark.parametrize("kind", ["list", "string", "nested", "map"])
@pytest.mark.parametrize("used", [False, True])
def test_doubling_bombs_stop_with_an_error_at_the_expression(kind, used, tmp_path):
    source = SETTINGS + _doubling(kind)
    if used:
        source += (
            COMPONENT.format(data=f'"{DOCUMENT}"').replace("}\n", "  tags = { big = fragment.f40 }\n}\n")
            if kind != "string"
            else COMPONENT.format(data="fragment.f40")
        )
    (tmp_path / "main.ib").write_text(source)
    assert len(source) < 3000
    run = run_process("lint", "main.ib", cwd=tmp_path, timeout=120)
    assert "internal error" not in run.err and "MemoryError" not in run.err
    if not used:
        assert run.code == 0, run.out  # never evaluated
        return
    assert run.code == 1
    first = run.out.splitlines()[0]
    assert ("ibdsl stops at" in first or "ibdsl stops here" in first) and "IB007 error" in first


def test_unused_fragments_are_not_evaluated_but_their_references_are_checked(tmp_path, capsys):
    write(
        tmp_path,
        {
            "main.ib": 'fragment a = [var.nope]\nfragment b = fragment.c\nfragment c = fragment.b\nfragment d = nofunc("x")\n'
        },
    )
    run = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys)
    assert "no variable named 'nope' is declared" in run.out
    assert "fragment cycle" in run.out and "unknown function 'nofunc'" in run.out


def _evaluation_seconds(terms: int) -> float:
    from ibdsl.compile.evaluate import Evaluator, Settings
    from ibdsl.compile.loader import Project
    from ibdsl.diagnostics import Diagnostics, Span
    from ibdsl.language import syntax as ast
    from ibdsl.language.sources import SourceCache

    span = Span("x", 1, 1, 1, 2)
    operand = ast.ListExpr(tuple(ast.Int(1, span) for _ in range(3)), span)
    chain = ast.Add((operand,) * terms, span, (span,) * (terms - 1))
    evaluator = Evaluator(Project(SourceCache()), Settings(), None, Diagnostics())
    import gc

    best = float("inf")
    gc.disable()  # the collector's passes over many new objects would blur the growth measured
    try:
        for _ in range(3):
            started = time.perf_counter()
            value = evaluator.value(chain, "x")
            best = min(best, time.perf_counter() - started)
    finally:
        gc.enable()
    assert len(value.data) == 3 * terms
    return best


def test_long_plus_chains_take_linear_time():
    """16x the terms: about 16x the time when linear, 256x when quadratic (as it was). A
    growth check with a wide margin each way, not a speed target (those live in benchmarks/)."""
    small, large = _evaluation_seconds(2_000), _evaluation_seconds(32_000)
    assert large / small < 64, (small, large)


JSON_VARIANTS = {
    "deep": ("[" * 10_000 + "]" * 10_000, "nested more than 64 levels deep"),
    "long integer": ('{"name": "x", "tags": {"a": ' + "9" * 5000 + "}}", "a number of 5000 digits"),
}


@pytest.mark.parametrize("variant", JSON_VARIANTS)
@pytest.mark.parametrize("reader", ["import", "cloudformation", "var file", "catalog"])
def test_hostile_json_is_a_positioned_error(variant, reader, tmp_path, capsys):
    text, message = JSON_VARIANTS[variant]
    if reader == "cloudformation":
        text = '{"Resources": ' + text + "}"
    (tmp_path / "data.json").write_text(text)
    write(tmp_path, {"main.ib": SETTINGS + "variable v: any = 1\n"})
    args = {
        "import": ["import", "data.json"],
        "cloudformation": ["import", "--from-cloudformation", "data.json"],
        "var file": ["lint", "main.ib", "--var-file", "data.json"],
        "catalog": ["lint", "main.ib", "--catalog", "data.json"],
    }[reader]
    run = run_cli(*args, cwd=tmp_path, capsys=capsys)
    assert run.code in (1, 2)
    output = run.out + run.err
    assert message in output and "internal error" not in output
    assert "data.json:1:" in output


YAML_VARIANTS = {
    "alias bomb": (
        'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)),
        "expands to more than 16,777,216 characters and nodes",
    ),
    "alias of a long string": (
        's: &s "'
        + "x" * 200_000
        + '"\nResources:\n  X:\n    Type: AWS::ImageBuilder::Component\n    Properties:\n      Tags: {'
        + ", ".join(f"k{i}: *s" for i in range(1000))
        + "}\n",
        "expands to more than 16,777,216 characters and nodes",
    ),
    "deep": ("Resources: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than 64 levels deep"),
    "long integer": (
        "Resources:\n  X:\n    Type: AWS::ImageBuilder::Component\n    Properties:\n      N: " + "9" * 5000 + "\n",
        "a number of 5000 digits",
    ),
    "recursive": ("Resources: &a\n  X: *a\n", "an alias refers to a value that contains it"),
}


@pytest.mark.parametrize("variant", YAML_VARIANTS)
def test_hostile_yaml_templates_are_positioned_errors(variant, tmp_path, capsys):
    text, message = YAML_VARIANTS[variant]
    (tmp_path / "template.yaml").write_text(text)
    started = time.monotonic()
    run = run_cli("import", "--from-cloudformation", "template.yaml", cwd=tmp_path, capsys=capsys)
    assert time.monotonic() - started < 30
    assert run.code == 1 and message in run.err and "template.yaml:" in run.err


@pytest.mark.parametrize(
    "pyproject",
    [
        "tool = 1\n",
        "[tool]\nibdsl = 3\n",
        "[tool.ibdsl]\nseverity = { IB402 = 1 }\n",
        "a = " + "[" * 3000 + "]" * 3000 + "\n",
        "a = " + "9" * 5000 + "\n[tool.ibdsl]\nstrict = true\n",
    ],
)
def test_odd_pyproject_tables_are_usage_errors(pyproject, tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text(pyproject)
    write(tmp_path, {"main.ib": SETTINGS})
    run = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys)
    assert "internal error" not in run.err
    # a pyproject that never says ibdsl is not ibdsl's business, broken or not; one that
    # does and is broken is a usage error
    assert run.code == (2 if "ibdsl" in pyproject else 0), run.err
    assert run.code == 0 or "pyproject.toml" in run.err


def test_versions_with_thousands_of_digits_are_findings_not_crashes(tmp_path, capsys):
    digits = "9" * 5000
    write(tmp_path, {"main.ib": SETTINGS + COMPONENT.format(data=f'"{DOCUMENT}"').replace('"1.0.0"', f'"1.0.{digits}"')
                     + RECIPE.format(components=f'aws_component("x", "1.{digits}.x")')})  # fmt: skip
    (tmp_path / "catalog.json").write_text(
        json.dumps(
            {"format": "ibdsl-catalog/1", "components": [{"owner": "aws", "name": "x", "versions": {"1.0.0": [1]}}]}
        )
    )
    run = run_cli("lint", "main.ib", "--catalog", "catalog.json", cwd=tmp_path, capsys=capsys)
    assert run.code == 1 and "internal error" not in run.err
    assert run.out.count("IB203 error") == 2 and "(5000 digits)" in run.out


def test_catalog_versions_with_other_digits_are_refused(tmp_path, capsys):
    catalog = {
        "format": "ibdsl-catalog/1",
        "components": [{"owner": "aws", "name": "x", "versions": {"1.0.\u00b2": [1]}}],
    }
    (tmp_path / "catalog.json").write_text(json.dumps(catalog))
    write(tmp_path, {"main.ib": SETTINGS})
    run = run_cli("lint", "main.ib", "--catalog", "catalog.json", cwd=tmp_path, capsys=capsys)
    assert run.code == 2 and "is not a version such as 1.0.0" in run.err


# --- 6. one cause, one error ------------------------------------------------------------------------

RECIPE = 'image_recipe "web" {{\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [{components}]\n}}\n'


@pytest.mark.parametrize(
    "source,expected",
    [
        (RECIPE.format(components="component.nope"), ["no component named 'nope' is declared"]),
        (RECIPE.format(components='aws_component("update-linux", "1.x.x"), component.nope'), ["no component named 'nope' is declared"]),
        (RECIPE.format(components="component.tool") + 'component "tool" {\n  platform = Linux\n  data = "' + DOCUMENT + '"\n}\n',
         ["component 'tool' is missing required member 'semantic_version'"]),
        ('image_recipe "web" extends "missing" {\n  semantic_version = "1.0.0"\n}\n', ["extends 'missing', which is not declared"]),
    ],
)  # fmt: skip
def test_one_cause_gives_one_error(source, expected, tmp_path, capsys):
    write(tmp_path, {"main.ib": SETTINGS + source})
    run = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys)
    errors = [line for line in run.out.splitlines() if " error: " in line]
    assert len(errors) == len(expected), run.out
    for line, message in zip(errors, expected):
        assert message in line


def test_an_import_cycle_is_one_error(tmp_path, capsys):
    write(tmp_path, {
        "a.ib": 'import "b.ib"\nfragment fa = 1\n',
        "b.ib": 'import "c.ib"\nfragment fb = fragment.fa\n',
        "c.ib": 'import "a.ib"\nfragment fc = fragment.fb\n',
    })  # fmt: skip
    run = run_cli("lint", ".", cwd=tmp_path, capsys=capsys)
    errors = [line for line in run.out.splitlines() if " error: " in line]
    assert errors == ["c.ib:1:1: IB003 error: import cycle: a.ib -> b.ib -> c.ib -> a.ib"]


def test_a_missing_import_names_the_file_to_import(tmp_path, capsys):
    write(
        tmp_path,
        {"lib/shared.ib": 'fragment tags = { Team = "web" }\n', "app/main.ib": "fragment mine = fragment.tags\n"},
    )
    run = run_cli("lint", ".", cwd=tmp_path, capsys=capsys)
    assert 'add: import "../lib/shared.ib"' in run.out


@pytest.mark.parametrize(
    "source,expected",
    [
        # an item dropped for its error does not hide a real error in the next item
        ('image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n'
         '  components = [aws_component("update-linux", "1.x.x")]\n'
         '  block_device_mappings = ["oops", { device_name = "/dev/xvdb", ebs { volume_size = 100, volume_type = io1 } }]\n}\n',
         ["IB107", "IB402"]),
        # a member the parent lost is not lost in a child that sets it again
        ('abstract image_recipe "base" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n'
         '  components = [aws_component("update-linux", "1.x.x")]\n  block_device_mappings = [{ ebs { volume_size = var.nope } }]\n}\n'
         'image_recipe "child" extends "base" {\n  block_device_mappings = [{ device_name = "/dev/xvdb", ebs { volume_size = 100, volume_type = io1 } }]\n}\n',
         ["IB002", "IB402"]),
        # an error in one member does not silence a judgement about another
        ('container_recipe "app" {\n  semantic_version = "1.0.0"\n  container_type = DOCKER\n  parent_image = "amazonlinux:2023"\n'
         '  components = [aws_component("update-linux", "1.x.x")]\n  target_repository { service = ECR, repository_name = "app" }\n'
         '  tags = { team = 5 }\n}\n',
         ["IB107", "IB504"]),
    ],
)  # fmt: skip
def test_lost_values_silence_only_what_depends_on_them(source, expected, tmp_path, capsys):
    write(tmp_path, {"main.ib": SETTINGS + source})
    run = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys)
    codes = sorted(line.split()[1] for line in run.out.splitlines() if " error: " in line)
    assert codes == expected, run.out


def test_abstract_blocks_never_collide_with_what_the_service_sees(tmp_path, capsys):
    write(tmp_path, {"main.ib": SETTINGS + 'abstract image_recipe "web_server" {\n  semantic_version = "1.0.0"\n'
                     '  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n}\n'
                     'image_recipe "web-server" extends "web_server" {}\n'})  # fmt: skip
    run = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 0, run.out


def test_a_broken_import_is_reported_once(tmp_path, capsys):
    (tmp_path / "bad.ib").write_bytes(b"fragment x = \xff\n")
    write(tmp_path, {name: 'import "bad.ib"\n' for name in ("a.ib", "b.ib", "c.ib")})
    run = run_cli("lint", "a.ib", "b.ib", "c.ib", cwd=tmp_path, capsys=capsys)
    assert run.out.count("not valid UTF-8") == 1, run.out


def test_sums_stay_within_the_largest_number(tmp_path, capsys):
    write(tmp_path, {"main.ib": 'fragment big = 9223372036854775807 + 1\nfragment s = "${fragment.big}"\n'
                     + COMPONENT.format(data="fragment.s")})  # fmt: skip
    run = run_cli("lint", "main.ib", "--region", "us-east-1", "--account", "111122223333", cwd=tmp_path, capsys=capsys)
    assert "this sum is larger than 9223372036854775807" in run.out and "internal error" not in run.err


def test_each_use_of_a_large_value_counts_against_the_budget(tmp_path):
    big = (
        'fragment big = "'
        + "x" * 1000
        + '"\n'
        + "".join(
            f'fragment b{i} = "${{fragment.{"big" if i == 0 else f"b{i - 1}"}}}${{fragment.{"big" if i == 0 else f"b{i - 1}"}}}"\n'
            for i in range(11)
        )
    )
    components = "".join(
        f'component "comp-{i:03d}" {{\n  semantic_version = "1.0.0"\n  platform = Linux\n  uri = "s3://b/k"\n  description = fragment.b10\n}}\n'
        for i in range(80)
    )
    (tmp_path / "main.ib").write_text(SETTINGS + big + components)
    run = run_process("compile", "main.ib", cwd=tmp_path, timeout=120)
    assert run.code == 1 and "units of work; ibdsl stops here" in run.err, run.err[-500:]
    assert run.out == ""


def test_import_refuses_keys_that_are_not_strings(tmp_path, capsys):
    cases = {
        "a.yaml": "Resources:\n  X:\n    Type: AWS::ImageBuilder::Component\n    Properties: {1: x}\n",
        "b.yaml": "Resources:\n  X:\n    Type: AWS::ImageBuilder::Component\n    Properties:\n      Name: n\n      Tags: {1: 2}\n",
        "c.yaml": "Resources:\n  X:\n    Type: [1]\n",
        "d.json": '{"resources": [{"kind": [1], "payload": {}}]}',
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        args = ["import", name] if name.endswith(".json") else ["import", "--from-cloudformation", name]
        run = run_cli(*args, cwd=tmp_path, capsys=capsys)
        assert run.code in (1, 2) and "internal error" not in run.err, (name, run.err)


def test_fmt_keeps_a_suppression_on_the_line_it_suppresses(tmp_path, capsys):
    source = SETTINGS + (
        'image_recipe "web-server" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-12345678"\n'
        '  components = ["arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.0.0/1"]\n  block_device_mappings = [\n'
        '    { device_name = "/dev/xvdb", ebs { volume_size = 20, volume_type = io1, iops = 2000 /* fast */ } }, # ibdsl: ignore[IB405]\n  ]\n}\n'
    )  # fmt: skip
    write(tmp_path, {"main.ib": source})
    assert run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys).code == 0
    assert run_cli("fmt", "main.ib", cwd=tmp_path, capsys=capsys).code == 0
    assert (tmp_path / "main.ib").read_text() != source
    assert run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys).code == 0


def test_escape_leaves_plain_ascii_alone_and_escapes_everything_else_as_before():
    """escape() skips its pattern for printable ASCII: for every character up to U+3000 and the
    surrogates, with and without tabs kept, it gives what the pattern alone gives."""
    import re

    from ibdsl.render import terminal

    for keep_tabs in (False, True):
        pattern = terminal._unsafe(keep_tabs)
        for code in [*range(0x3000), *range(0xD800, 0xE000, 7)]:
            text = f"a{chr(code)}b"
            assert terminal.escape(text, keep_tabs) == pattern.sub(terminal._visible, text), hex(code)
    assert terminal.escape("tab\there") == "tab\\there" and terminal.escape("tab\there", keep_tabs=True) == "tab\there"
    assert re.fullmatch(r"[ -~]*", terminal.escape("\x1b[2J\u202e"))

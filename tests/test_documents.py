"""Component documents (the IBD rules) end to end: the README's transcript of a finding inside
a file() document, the parse shared by every rule, and hostile YAML."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ibdsl.language import yamldoc
from ibdsl.lint.linter import lint_paths

from conftest import EXAMPLES, REPO, examples, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_transcript_of_a_finding_in_a_file_document(tmp_path, capsys):
    (tmp_path / "main.ib").write_text(
        'component "nginx" {\n  semantic_version = "1.2.0"\n  platform = Linux\n  data = file("nginx.yaml")\n}\n',
        encoding="utf-8",
    )
    document = (EXAMPLES / "ami-web-server" / "components" / "install-nginx.yaml").read_text(encoding="utf-8")
    misspelt = document.replace("action: ExecuteBash", "action: ExecuteBsh", 1)
    assert misspelt != document
    (tmp_path / "nginx.yaml").write_text(misspelt, encoding="utf-8")
    run = run_cli("lint", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 1
    (shown,) = [block for block in re.findall(r"```text\n(.*?)```", README, re.S) if "nginx.yaml:" in block]
    assert run.out == shown
    assert shown in (REPO / "docs" / "documents.md").read_text(encoding="utf-8")  # the same transcript


def test_each_document_is_parsed_once_for_all_rules(capsys, monkeypatch):
    parsed = []
    parse = yamldoc.parse
    monkeypatch.setattr(yamldoc, "parse", lambda text: parsed.append(text) or parse(text))
    run_cli("lint", str(EXAMPLES / "full-stack"), capsys=capsys)
    assert len(parsed) == 2  # the component's and the workflow's, each once for every rule
    run_cli("lint", str(EXAMPLES / "full-stack"), capsys=capsys)
    assert len(parsed) == 4  # a run keeps nothing for the next: the memo lives on its resources


def test_an_alias_bomb_costs_nothing():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}]" for n in range(1, 30)]
    parsed = yamldoc.parse("\n".join(lines) + "\n")
    assert parsed.error is None
    assert len(yamldoc.scalars(parsed.root)) < 100  # each node once, not 6**29 times


def test_deep_nesting_is_an_error_not_a_crash():
    parsed = yamldoc.parse("[" * 5000)
    assert parsed.error is not None


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_deep_nesting_points_where_it_passed_the_limit(parser, monkeypatch):
    import yaml

    if parser == "python":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    text = "schemaVersion: 1.0\nphases:\n  - name: build\n    steps: " + "[" * 1200 + "\n"
    error = yamldoc.parse(text).error
    assert error.message.startswith("nested too deeply to read"), error
    assert text.count("\n", 0, error.start) == 3  # on the line of the brackets, not at 1:1
    assert error.start > text.index("[") + 200


def test_yaml_1_1_words_stay_text():
    parsed = yamldoc.parse("on: yes\nschemaVersion: 1.0\n")
    assert [name for name, _, _ in yamldoc.entries(parsed.root)] == ["on", "schemaVersion"]
    assert yamldoc.text_of(yamldoc.members(parsed.root)["schemaVersion"][1]) == "1.0"


SUPPRESSED = """\
schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: Clean
        action: DeleteFile
        inputs:
          - path: /tmp/work
            force: true  # ibdsl: ignore[IBD008]
      - name: Update
        action: UpdateOS  # ibdsl: ignore[IBD013]
"""


def _lint_from_file_and_heredoc(tmp_path, capsys, document: str):
    """Lint one document twice, read by file() and in a heredoc: (run, [(path, line, code)])."""
    (tmp_path / "doc.yaml").write_text(document, encoding="utf-8")
    heredoc = "".join("    " + line + "\n" for line in document.splitlines())
    (tmp_path / "main.ib").write_text(
        'component "from-file" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = file("doc.yaml")\n}\n'
        'component "inline" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = <<-EOT\n'
        + heredoc
        + "    EOT\n}\n",
        encoding="utf-8",
    )
    run = run_cli("lint", "main.ib", "--format", "json", cwd=tmp_path, capsys=capsys)
    return run, [(f["path"], f["line"], f["code"]) for f in json.loads(run.out)]


def test_a_yaml_comment_suppresses_a_finding_in_a_document(tmp_path, capsys):
    run, findings = _lint_from_file_and_heredoc(tmp_path, capsys, SUPPRESSED)
    # The unknown input is silenced in both places; the suppression with nothing to silence is reported.
    assert findings == [("doc.yaml", 11, "IB901"), ("main.ib", 20, "IB901")], run.out


BLOCK_SUPPRESSED = """\
schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: Playbook
        action: CreateFile
        inputs:
          - path: /tmp/play.yml
            content: |  # ibdsl: ignore[IBD013]
              - hosts: all
                tasks:
                  - debug: msg="{{ item }}"
                    loop: "{{ things }}"
          - path: /tmp/other.yml
            content:  # ibdsl: ignore[IBD013]
              "{{ one }}
              {{ two }}"
          - path: /tmp/kept.yml
            content: |
              {{ kept }}
      - name: Run
        action: ExecuteBash
        inputs:
          commands:
            - |  # ibdsl: ignore[IBD013]
              echo {{ item }}
            - echo {{ shown }}
"""


def test_a_comment_on_a_block_scalar_header_or_key_suppresses_findings_inside_it(tmp_path, capsys):
    run, findings = _lint_from_file_and_heredoc(tmp_path, capsys, BLOCK_SUPPRESSED)
    # Only the scalars without a suppression on their header or key line are reported; every
    # suppression was used (no IB901).
    assert findings == [
        ("doc.yaml", 20, "IBD013"),
        ("doc.yaml", 27, "IBD013"),
        ("main.ib", 29, "IBD013"),
        ("main.ib", 36, "IBD013"),
    ], run.out


RICH = """\
name: rich
schemaVersion: 1.0
parameters:
  - Port:
      type: string
      default: "80"
constants:
  - Dir:
      type: string
      value: /opt/app
phases:
  - name: build
    steps:
      - name: Get
        action: S3Download
        loop:
          forEach: [a.tar, b.tar]
        inputs:
          - source: 's3://bucket/{{ loop.value }}'
            destination: '{{ Dir }}/{{ loop.value }}'
      - name: Run
        action: ExecuteBash
        if:
          and:
            - fileExists: /etc/os-release
            - not:
                binaryExists: nginx
        timeoutSeconds: 600
        inputs:
          commands:
            - |
              echo {{ Port }} > {{ Dir }}/port
            - echo '{{ build.Get.inputs[0].destination }}'
  - name: test
    steps:
      - name: Check
        action: Assert
        inputs:
          stringEquals: ok
          value: '{{ test.Check.outputs.stdout }}'
"""

EDITS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=len(RICH)),
        st.integers(min_value=0, max_value=8),
        st.text(alphabet="-:{}[]'\"|>#&*!?,. \n\tab{{}}$%@`~\\", max_size=6),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=examples(60), deadline=None)
@given(EDITS)
def test_broken_documents_give_findings_inside_the_document_never_a_crash(tmp_path_factory, edits):
    text = RICH
    for at, length, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + length :]
    root = tmp_path_factory.mktemp("doc")
    (root / "doc.yaml").write_text(text, encoding="utf-8")
    (root / "main.ib").write_text(
        'component "doc" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = file("doc.yaml")\n}\n',
        encoding="utf-8",
    )
    result = lint_paths([str(root / "main.ib")])
    lines = text.split("\n")
    for finding in result.findings:
        span = finding.span
        if span.path.endswith("doc.yaml"):
            assert 1 <= span.line <= len(lines), (span, finding.message)
            assert 1 <= span.column <= len(lines[span.line - 1]) + 1, (span, finding.message)


@pytest.mark.slow
def test_the_document_benchmark_runs():
    proc = subprocess.run(
        [sys.executable, "benchmarks/documents.py", "--repeat", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    # One repeat on a busy machine can measure the difference below zero: the line is what is checked.
    assert re.search(r"^document checks: -?[0-9.]+ ms per KB", proc.stdout, re.M), proc.stdout


def test_a_recipe_parameter_finding_through_a_fragment_and_extends_names_every_recipe(tmp_path):
    (tmp_path / "main.ib").write_text(
        'settings {\n  region = "us-east-1"\n  account = "111122223333"\n}\n'
        'component "web" {\n  semantic_version = "1.0.0"\n  platform = Linux\n'
        '  data = "schemaVersion: 1.0\\nphases:\\n  - name: build\\n    steps:\\n      - name: A\\n'
        '        action: UpdateOS\\n"\n}\n'
        'fragment part = { component_arn = component.web, parameters = { Bogus = "1" } }\n'
        'image_recipe "base" {\n  semantic_version = "1.0.0"\n'
        '  parent_image = aws_image("amazon-linux-2023-x86", "x.x.x")\n  components = [fragment.part]\n}\n'
        'image_recipe "child" extends "base" {\n  semantic_version = "1.0.1"\n}\n',
        encoding="utf-8",
    )
    result = lint_paths([str(tmp_path / "main.ib")])
    (finding,) = [f for f in result.findings if f.code == "IBD016"]
    notes = [note.message for note in finding.notes]
    assert notes == ["used by image_recipe 'base'", "used by image_recipe 'child'"], notes


def test_the_size_rule_example_says_the_size_it_makes(tmp_path):
    from ibdsl.lint.rules.ibd001_document_size import RULE

    said = re.search(r"# (\d+) characters doubled ten times: ([\d,]+)", RULE.bad)
    fragment = re.search(r'fragment x1 = "(.*)"', RULE.bad).group(1).replace("\\n", "\n")
    assert int(said.group(1)) == len(fragment)
    (tmp_path / "main.ib").write_text(RULE.bad, encoding="utf-8")
    (finding,) = [f for f in lint_paths([str(tmp_path / "main.ib")]).findings if f.code == "IBD001"]
    assert f"data is {said.group(2)} characters" in finding.message

"""`ibdsl graph`: the resources and references of a project as Mermaid, DOT and SVG."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import EXAMPLES, SETTINGS, run_cli

STACK = str(EXAMPLES / "full-stack")


def edges(text: str) -> set[tuple[str, str]]:
    """Mermaid edges by node label: {(used, user)}."""
    labels = dict(re.findall(r'^\s+(n\d+)\(?\["(.*?)"\]\)?$', text, re.M))
    return {(labels[a], labels[b]) for a, b in re.findall(r"^  (n\d+) --> (n\d+)$", text, re.M)}


def extends(text: str) -> set[tuple[str, str]]:
    labels = dict(re.findall(r'^\s+(n\d+)\(?\["(.*?)"\]\)?$', text, re.M))
    return {(labels[a], labels[b]) for a, b in re.findall(r"^  (n\d+) -\. extends \.-> (n\d+)$", text, re.M)}


def test_the_stack_runs_from_components_to_the_pipeline(capsys):
    run = run_cli("graph", STACK, capsys=capsys)
    assert run.code == 0, run.err
    assert run.out.startswith("flowchart LR\n")
    assert edges(run.out) == {
        ("install-agent", "base"),
        ("base", "weekly"),
        ("base", "keep-five"),  # the lifecycle policy names the recipe
        ("golden", "weekly"),
        ("build", "weekly"),
        ("build-and-tag", "weekly"),
        ("component<br/>update-linux 1.x.x<br/>(AWS-managed)", "base"),
        ("image<br/>amazon-linux-2023-x86 x.x.x<br/>(AWS-managed)", "base"),
        ("workflow/test<br/>test-image x.x.x<br/>(AWS-managed)", "weekly"),
    }
    boxes = re.findall(r'^  subgraph g\d+\["(.*)"\]$', run.out, re.M)
    from ibdsl.domain.kinds import BLOCK_KINDS

    assert boxes == [k for k in BLOCK_KINDS if k in boxes] + ["external"]  # as an image is put together
    assert run_cli("graph", STACK, capsys=capsys).out == run.out  # deterministic


def test_inherited_references_and_grouping_by_file(capsys):
    run = run_cli("graph", str(EXAMPLES / "composed"), "--group-by", "file", "--format", "dot", capsys=capsys)
    assert run.code == 0, run.err
    assert re.search(r'label=".*composed/main\.ib";', run.out)
    assert re.search(r'label=".*composed/base\.ib";', run.out)
    # app-server extends linux-base and inherits its components: they are edges into both.
    assert 'n1 [label="image_recipe\\napp-server"];' in run.out
    assert 'n3 -> n1 [style=dashed, label="extends"];' in run.out
    mermaid = run_cli("graph", str(EXAMPLES / "composed"), capsys=capsys).out
    assert extends(mermaid) == {("linux-base", "app-server"), ("linux-base", "batch-worker")}
    assert 'style="rounded,dashed"' in run.out  # AWS-managed components drawn apart


def test_account_resources_and_parent_images_are_external_nodes(tmp_path, capsys):
    (tmp_path / "main.ib").write_text(
        SETTINGS
        + """image_recipe "rec" {
  semantic_version = "1.0.0"
  parent_image     = "ami-0123456789abcdef0"
  components       = [account_component("hardening", "2.x.x"), "arn:aws:imagebuilder:us-east-1:111122223333:component/own/1.0.0/1"]
  tags             = { Source = "arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.0.0/1" }
}
component "own" {
  semantic_version = "1.0.0"
  platform = Linux
  data = "schemaVersion: 1.0"
}
"""
    )
    run = run_cli("graph", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 0, run.err
    assert edges(run.out) == {
        ("component<br/>hardening 2.x.x<br/>(account 111122223333)", "rec"),
        ("parent image<br/>ami-0123456789abcdef0", "rec"),
        ("own", "rec"),  # a literal ARN of the project's own component; the ARN in a tag uses nothing
    }


def test_labels_are_escaped_for_both_languages():
    from ibdsl.render.graph import Graph, Node, dot, mermaid

    graph = Graph([Node(("x",), 'a "b" <c> & d\\e #x;', 'g"', True)], [])
    assert 'n0(["a #quot;b#quot; #lt;c#gt; #amp; d\\e #35;x;"])' in mermaid(graph)
    assert 'n0 [label="a \\"b\\" <c> & d\\\\e #x;"' in dot(graph)
    assert 'subgraph g0["g#quot;"]' in mermaid(graph)


def test_a_project_with_errors_draws_nothing(tmp_path, capsys):
    (tmp_path / "main.ib").write_text('image_recipe "r" { components = [component.nope] }\n')
    run = run_cli("graph", "main.ib", cwd=tmp_path, capsys=capsys)
    assert run.code == 1
    assert run.out == ""
    assert "no component named 'nope'" in run.err and "no graph was drawn" in run.err


def test_svg_without_graphviz_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without dot
    run = run_cli("graph", STACK, "--format", "svg", capsys=capsys)
    assert run.code == 2
    assert "--format svg needs Graphviz's `dot` on the PATH" in run.err


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed (apt install graphviz)")
def test_svg_and_dot_are_what_graphviz_draws(tmp_path, capsys):
    run = run_cli("graph", STACK, "--format", "svg", "-o", "stack.svg", cwd=tmp_path, capsys=capsys)
    assert run.code == 0, run.err
    svg = (tmp_path / "stack.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert ">weekly</text>" in svg and ">install&#45;agent</text>" in svg
    source = run_cli("graph", STACK, "--format", "dot", capsys=capsys).out
    checked = subprocess.run(["dot", "-Tcanon"], input=source, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr

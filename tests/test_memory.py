"""What a large lint does not keep: the compile drops each resource's source maps and makes them
again when a finding asks, and the document rules run a batch of resources at a time, their
parsed documents released after. Neither may change a finding, its place or its notes."""

from __future__ import annotations

import gc

import pytest

from ibdsl.compile import compiler
from ibdsl.lint import linter, registry
from ibdsl.lint.linter import LintOptions, lint_paths

HEAD = 'settings {\n  region  = "us-east-1"\n  account = "111122223333"\n}\n'

BROKEN = """\
    phases:
      - name: build
        steps:
          - name: Fetch
            action: NoSuchAction
          - name: Fetch
            action: ExecuteBash
            inputs:
              commands: ["echo {{ build.Missing.outputs }}"]
"""

PARAMETERS = """\
    schemaVersion: 1.0
    parameters:
      - Port:
          type: string
    phases:
      - name: build
        steps:
          - name: Install
            action: ExecuteBash
            inputs:
              commands: ["serve {{ Port }}"]
              unknown: 1
"""


def _component(label: str, data: str) -> str:
    return f'component "{label}" {{\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = {data}\n}}\n'


def _project(tmp_path) -> list[str]:
    """Components with broken documents (some sharing one fragment's text, so one place is
    reported for several resources), and recipes giving an undeclared parameter and leaving
    out a declared one."""
    files = {"common.ib": HEAD + f"fragment shared = <<-EOT\n{BROKEN}    EOT\n"}
    for index in range(7):
        text = PARAMETERS if index % 2 else BROKEN
        body = _component(f"c{index}", f"<<-EOT\n{text}    EOT") + _component(f"s{index}", "fragment.shared")
        recipe = (
            f'image_recipe "r{index}" {{\n  semantic_version = "1.0.0"\n'
            '  parent_image = aws_image("amazon-linux-2023-x86", "x.x.x")\n'
            f'  components = [{{ component_arn = component.c{index}, parameters = {{ Other = "1" }} }}]\n}}\n'
        )
        files[f"f{index}.ib"] = 'import "common.ib"\n' + body + recipe
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return sorted(str(tmp_path / name) for name in files)


def _shown(findings) -> list[tuple]:
    return [(f.span, f.code, f.message, f.severity, f.notes) for f in findings]


def test_document_rules_in_batches_find_what_one_pass_finds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = _project(tmp_path)
    monkeypatch.setattr(linter, "DOCUMENT_BATCH", 10**6)
    whole = _shown(lint_paths(paths, LintOptions()).findings)
    monkeypatch.setattr(linter, "DOCUMENT_BATCH", 1)
    result = lint_paths(paths, LintOptions())
    assert _shown(result.findings) == whole
    codes = {code for _, code, *_ in whole}
    assert {"IBD003", "IBD007", "IBD009", "IBD016", "IBD017"} <= codes, codes
    assert any(len(notes) > 1 for *_, notes in whole)  # the shared text: one finding naming each user
    for resource in result.compiled.resources:  # released: only the variables are kept
        assert all(key[1] == "variables" for key in resource.memo), resource.memo.keys()


def test_a_lint_leaves_no_cycles_for_the_collector(tmp_path, monkeypatch):
    """The command line's collector has little to do: released documents are freed when
    released, not when it runs."""
    monkeypatch.chdir(tmp_path)
    paths = _project(tmp_path)
    lint_paths(paths, LintOptions())  # imports and caches
    gc.collect()
    gc.disable()
    try:
        lint_paths(paths, LintOptions())
        assert gc.collect() < 100
    finally:
        gc.enable()


@pytest.mark.parametrize("which", ["bad", "good"])
def test_maps_made_again_are_the_compiles(tmp_path, monkeypatch, which):
    """Every rule's example: each resource's source and key maps, made again after the compile
    dropped them, are the maps the compile made (origins are made only when asked: the
    positions they give are test_origins.py's)."""
    monkeypatch.chdir(tmp_path)
    kept = {}
    check = compiler._check_reference_members
    lowered_again = []
    again = compiler.lower_again

    def keep(compiled, diagnostics):
        assert id(compiled.resolved) not in lowered_again  # these are the compile's own maps
        kept[id(compiled)] = (dict(compiled.source_map), dict(compiled.key_map))
        check(compiled, diagnostics)

    def lower_again(schema, resolved):
        lowered_again.append(id(resolved))
        return again(schema, resolved)

    monkeypatch.setattr(compiler, "_check_reference_members", keep)
    monkeypatch.setattr(compiler, "lower_again", lower_again)
    compared = 0
    for rule in registry.RULES:
        (tmp_path / "main.ib").write_text(getattr(rule, which), encoding="utf-8")
        lowered_again.clear()  # ids of an earlier compile's objects may be given out again
        for resource in compiler.compile_paths(["main.ib"]).resources:
            assert resource.source_map is None and resource.origins is None
            assert resource.maps()[:2] == kept[id(resource)], rule.code
            compared += 1
    assert compared > 50

"""The document rules (IBD) against 70 real AWSTOE component documents from public
repositories (../shared/corpus/awstoe beside the project, not copied into it): none may give
an error, and a warning only where the reference marks an input as undocumented."""

from __future__ import annotations

import re

import pytest

from ibdsl.compile.compiler import CompileOptions
from ibdsl.language import yamldoc
from ibdsl.lint.linter import LintOptions, lint_paths

from conftest import REPO

CORPUS = REPO.parent / "shared" / "corpus" / "awstoe"
# The one documented warning: DeleteFile given `force` (a DeleteFolder input) in an AWS sample.
EXPECTED_WARNINGS = {"004-samples-inspec-test-linux.yaml": ["IBD008 "]}


def listed() -> dict[str, str]:
    """File -> Linux, Windows or either, from the corpus README's table."""
    table = (CORPUS / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| (\d{3}-[^ |]+\.yaml) \| (Linux|Windows|either) \|", table, re.M))


def platforms() -> dict[str, str]:
    """File -> platform; `either` files (platform-neutral actions, paths of both systems) are
    linted as Linux here and on the other platforms below."""
    return {name: ("Linux" if platform == "either" else platform) for name, platform in listed().items()}


def lint_corpus(tmp_path, names, table=None):
    table = table or platforms()
    blocks = ['settings {\n  region  = "us-east-1"\n  account = "111122223333"\n}\n']
    for number, name in enumerate(names):
        path = (CORPUS / name).as_posix()
        blocks.append(
            f'component "doc-{number:03d}" {{\n  semantic_version = "1.0.0"\n'
            f"  platform = {table[name]}\n  data = file({path!r})\n}}\n".replace("'", '"')
        )
    (tmp_path / "main.ib").write_text("".join(blocks), encoding="utf-8")
    options = LintOptions(compile=CompileOptions(allow_outside_root=True))
    return lint_paths([str(tmp_path / "main.ib")], options)


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/awstoe is not beside the project")


@needs_corpus
def test_every_corpus_document_lints_without_an_error(tmp_path, monkeypatch):
    names = sorted(platforms())
    assert len(names) == len(list(CORPUS.glob("*.yaml"))) == 70
    parsed = []
    parse = yamldoc.parse
    monkeypatch.setattr(yamldoc, "parse", lambda text: parsed.append(text) or parse(text))
    result = lint_corpus(tmp_path, names)
    assert len(parsed) == 70  # each document parsed once, shared by every rule
    shown = [
        f"{f.span.path.rsplit('/', 1)[-1]}:{f.span.line}:{f.span.column}: {f.code} {f.severity}: {f.message}"
        for f in result.findings
    ]
    errors = [line for line, f in zip(shown, result.findings) if f.severity == "error"]
    assert not errors, "\n".join(errors)
    warnings = {}
    for line, finding in zip(shown, result.findings):
        warnings.setdefault(line.split(":", 1)[0], []).append(f"{finding.code} ")
    assert warnings == EXPECTED_WARNINGS, "\n".join(shown)
    # Every document was read and checked (a rule that silently skipped them would pass above).
    assert all(f.span.path.endswith("004-samples-inspec-test-linux.yaml") for f in result.findings)


@needs_corpus
@pytest.mark.parametrize("platform", ["Windows", "macOS"])
def test_platform_neutral_documents_on_other_platforms_only_meet_platform_findings(platform, tmp_path):
    """The `either` files on Windows and macOS: what they may meet is where the platform itself
    refuses an action or an input (IBD005), nothing else."""
    names = sorted(name for name, listed_as in listed().items() if listed_as == "either")
    result = lint_corpus(tmp_path, names, {name: platform for name in names})
    others = [f"{f.span.path}:{f.span.line}: {f.code} {f.message}" for f in result.findings if f.code != "IBD005"]
    assert not others, "\n".join(others)

"""The package's folders are its stages, and imports only run from a stage to a lower one.

text -> tree (language) -> payloads (compile) -> findings (lint) -> output (render); domain facts
sit below the language, the network and authoring tools above the renderers, the command line
on top. A module may import its own stage and any lower one, never a higher one: that is what
lets a lint run without boto3 and a reader follow the data from one folder to the next.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from conftest import REPO

PACKAGE = REPO / "ibdsl"

# Lowest first. Top-level modules (diagnostics, files, limits, naming, safejson, data) are the base.
# The language server (lsp) answers an editor from the linter, the formatter and the schemas;
# only the command line starts it.
STAGES = ["", "domain", "language", "compile", "lint", "render", "authoring", "aws", "dev", "commands", "lsp", "cli"]


def stage_of(module: str) -> int:
    parts = module.split(".")[1:]
    if not parts:
        return 0
    if parts[0] == "data":
        return 0  # package data sits with the base
    if parts[0] in STAGES:
        return STAGES.index(parts[0])
    if parts[0] in ("cli", "__main__"):
        return STAGES.index("cli")
    return 0  # a base module


def module_name(path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path):
    """Every ibdsl module imported anywhere in the file, function-level imports included."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            if target.startswith("ibdsl"):
                for alias in node.names:
                    yield node.lineno, f"{target}.{alias.name}" if node.module is None else target
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("ibdsl"):
                    yield node.lineno, alias.name


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_known_stage():
    folders = {p.relative_to(PACKAGE).parts[0] for p in MODULES if len(p.relative_to(PACKAGE).parts) > 1}
    assert folders <= set(STAGES) | {"data"}, folders - set(STAGES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_imports_run_downwards(path):
    own = stage_of(module_name(path))
    upward = [
        f"{path.relative_to(REPO)}:{line}: imports {target} ({STAGES[stage_of(target)] or 'base'})"
        for line, target in imports(path)
        if stage_of(target) > own
    ]
    assert not upward, "\n".join(upward)


def test_the_lint_path_does_not_import_the_network():
    code = (
        "import sys; from ibdsl.cli import main\n"
        "try: main(['lint', sys.argv[1]])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore') or m.startswith('ibdsl.aws')))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "examples" / "ami-web-server")], capture_output=True, text=True
    )
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr


EMITTERS = {"fail", "error", "Diagnostic"}
# Parse and source errors carry the syntax-error code by construction.
SYNTAX_CARRIERS = {"ParseError", "SourceError"}


def test_every_finding_outside_lint_names_its_code():
    """Codes come from ibdsl/codes.py; a finding without one could not be selected or ignored."""
    missing = []
    for path in MODULES:
        # The language server finds nothing itself: its Diagnostic is the protocol's, built from findings.
        if path.relative_to(PACKAGE).parts[0] in ("lint", "render", "aws", "authoring", "dev", "lsp", "diagnostics.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        carried = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in SYNTAX_CARRIERS
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in carried:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in EMITTERS and not any(k.arg == "code" for k in node.keywords):
                missing.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not missing, missing


def test_modules_stay_readable():
    # One concept per module: past ~400 lines a module is usually two.
    # The generated parser is Lark's code and tables, never read or edited by hand.
    written = [p for p in MODULES if p.name != "generated_parser.py"]
    long = {str(p.relative_to(REPO)): n for p in written if (n := len(p.read_text().splitlines())) > 420}
    assert not long, long


def test_the_yaml_parser_is_imported_only_for_a_document(tmp_path):
    """A project without component or workflow documents pays nothing for the document rules."""
    code = (
        "import sys; from ibdsl.cli import main\n"
        "try: main(['lint', sys.argv[1]])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', '_yaml')))"
    )
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "main.ib").write_text(
        'infrastructure_configuration "build" {\n  instance_profile_name = "Profile"\n}\n', encoding="utf-8"
    )
    imported = {}
    for project in (bare, REPO / "examples" / "ami-web-server"):
        run = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True, text=True)
        imported[project.name] = run.stdout.strip().splitlines()[-1]
    assert imported["bare"] == "[]"
    assert "'yaml'" in imported["ami-web-server"]  # the control: a document does load it


# What an ordinary lint never uses: argparse (with gettext; lint reads its own command line),
# shutil (with bz2, lzma, fnmatch), difflib (only a misspelt name's hint) and pkgutil. Each
# costs a cold one-file lint start-up time (issue 16). (locale is not here: subprocess needs
# it when git is asked which configuration files the repository holds.)
NOT_IMPORTED_BY_A_LINT = (
    "argparse", "bz2", "difflib", "fnmatch", "gettext", "lzma", "pkgutil", "shutil",
    # dataclasses (with inspect, ast, dis, tokenize) and building each @dataclass cost more
    # still: the lint path's classes are plain ones with __slots__, the generated parser's too.
    "dataclasses", "inspect",
)  # fmt: skip


def _imported_by(*argv: str, cwd=None) -> set[str]:
    """The modules in sys.modules after `ibdsl ARGV` ran in a process of its own."""
    code = (
        "import sys; from ibdsl.cli import main\n"
        "try: main(sys.argv[1:])\n"
        "except SystemExit: pass\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    run = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=cwd)
    assert run.returncode == 0, run.stdout + run.stderr
    return set(run.stdout.strip().splitlines()[-1].split())


def test_a_lint_imports_only_what_it_uses(tmp_path):
    imported = _imported_by("lint", "--no-cache", str(REPO / "examples" / "ami-web-server"))
    assert "yaml" in imported  # the example's component document was checked, not skipped
    assert not imported & set(NOT_IMPORTED_BY_A_LINT), sorted(imported & set(NOT_IMPORTED_BY_A_LINT))

    # The control: a misspelt block type's hint does import difflib, and the check above sees it.
    (tmp_path / "main.ib").write_text('componnet "x" {\n}\n', encoding="utf-8")
    misspelt = _imported_by("lint", "--no-cache", "main.ib", cwd=tmp_path)
    assert "difflib" in misspelt


def test_a_lint_without_configuration_does_not_import_typing(tmp_path):
    """typing costs about 5 ms: ibdsl's named tuples come from records.NamedTuple and the
    generated parser has stand-ins (ibdsl/dev/parsergen.py). Reading a TOML configuration does
    import it (the standard library's tomllib): that is the control."""
    document = "name: c\n    schemaVersion: 1.0\n    phases:\n      - name: build\n        steps: []\n"
    (tmp_path / "main.ib").write_text(
        f'component "c" {{\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = <<-EOT\n    {document}    EOT\n}}\n',
        encoding="utf-8",
    )
    plain = _imported_by("lint", "--no-cache", "main.ib", cwd=tmp_path)
    assert "yaml" in plain and "typing" not in plain
    (tmp_path / ".ibdsl.toml").write_text("strict = false\n", encoding="utf-8")
    assert "typing" in _imported_by("lint", "--no-cache", "main.ib", cwd=tmp_path)

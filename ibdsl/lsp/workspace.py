"""The server's view of the projects: the editor's unsaved buffers as source, which project a
file belongs to, and lint runs over a whole project or over the part a change can affect.

A keystroke re-lints the edited file and the files that import it, directly or not (plus the
files holding settings blocks, which apply project-wide), and publishes findings for those
files only; opening and saving a file re-lint its whole project. Trees of files whose text did
not change are reused between runs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, UsageError
from ..files import display_path
from ..language.sources import SourceCache, decode_source


def project_root(path: str) -> str:
    """The directory whose .ib files (below it) form the project `path` belongs to: the directory
    of the nearest ibdsl configuration (.ibdsl.toml, [tool.ibdsl]), else the file's own."""
    from ..lint.config import config_for_path

    try:
        config = config_for_path(path)
    except UsageError:
        config = None  # reported by the lint run that reads it
    if config is not None and config.path is not None:
        return os.path.dirname(os.path.abspath(config.path))
    return os.path.dirname(os.path.abspath(path))


class EditorSources(SourceCache):
    """Source texts for one lint run: the editor's buffers first, the disk for the rest; syntax
    trees come from `trees`, which outlives the run, when the text is the one parsed before."""

    def __init__(self, buffers: dict[str, str], trees: dict):
        super().__init__()
        self._buffers = buffers
        self._trees = trees

    def read(self, path: str, what: str = "source file", roots: list[str] | None = None) -> str:
        buffer = self._buffers.get(path)
        if buffer is not None and self.text(path) is None:
            # The same checks as a file read: size, NUL bytes; one newline convention.
            self.add(path, decode_source(path, buffer.encode("utf-8", "surrogatepass"), what))
        return super().read(path, what, roots)

    def parse(self, path: str, text: str):
        from ..language.parser import ParseError

        known = self._trees.get(path)
        if known is None or known[0] != text:
            try:
                known = (text, super().parse(path, text))
            except ParseError as e:
                known = (text, e)
            self._trees[path] = known
        if isinstance(known[1], ParseError):
            raise known[1]
        return known[1]


@dataclass
class Run:
    """One lint run: its findings by display path, for the files it speaks for."""

    root: str
    result: object | None  # LintResult; None when the run could not start
    files: set[str]  # display paths whose findings this run replaces
    findings: dict[str, list[Diagnostic]] = field(default_factory=dict)
    problem: str | None = None  # a usage error (a broken configuration): no findings


class Workspace:
    def __init__(self) -> None:
        self.buffers: dict[str, str] = {}  # display path -> the editor's text
        self.trees: dict = {}  # display path -> (text, Module or ParseError)
        self.full: dict[str, object] = {}  # project root -> its last whole-project LintResult
        self.latest: dict[str, object] = {}  # project root -> the last LintResult of any run

    def open(self, path: str, text: str) -> str:
        shown = display_path(path)
        self.buffers[shown] = text
        return shown

    def close(self, path: str) -> bool:
        """Forget the buffer; True when it differed from the file on disk (a run is due)."""
        text = self.buffers.pop(display_path(path), None)
        try:
            with open(path, encoding="utf-8", newline="") as file:
                return file.read() != text
        except (OSError, UnicodeDecodeError):
            return True

    def knows(self, path: str) -> bool:
        """Whether the last whole run of the file's project read it."""
        full = self.full.get(project_root(path))
        return full is not None and display_path(path) in full.compiled.project.modules

    def sources(self) -> EditorSources:
        return EditorSources(dict(self.buffers), self.trees)

    def lint_project(self, root: str) -> Run:
        """Lint the whole project below `root`."""
        from ..lint import config

        # A configuration edited while the server runs applies from the next whole run on.
        config._config_below.cache_clear()
        run = self._lint(root, [root])
        if run.result is not None:
            self.full[root] = run.result
            run.files = set(run.result.compiled.project.modules) | set(run.findings)
            previous = self.latest.get(root)
            if previous is not None:
                run.files |= set(previous.compiled.project.modules)
        return run

    def lint_change(self, path: str) -> Run:
        """Lint what a change to `path` can affect: it and the files that import it."""
        root = project_root(path)
        full = self.full.get(root)
        shown = display_path(path)
        if full is None:
            return self.lint_project(root)
        project = full.compiled.project
        # A file the whole run did not read (in a hidden directory, or new) is linted on its own.
        affected = importers(project.imports, shown) if shown in project.modules else {shown}
        with_settings = {declared.module for declared in project.settings}
        run = self._lint(root, sorted(affected | with_settings))
        # Findings placed in files that are no module (read by file(), var files) go with them.
        modules = set(project.modules) | (set(run.result.compiled.project.modules) if run.result else set())
        run.files = affected | {shown for shown in run.findings if shown not in modules}
        return run

    def _lint(self, root: str, entries: list[str]) -> Run:
        from ..compile.compiler import CompileOptions
        from ..lint.linter import LintOptions, lint_paths

        options = LintOptions(compile=CompileOptions(roots=[root], sources=self.sources()))
        try:
            result = lint_paths(entries, options)
        except UsageError as e:
            return Run(root, None, set(), problem=str(e))
        self.latest[root] = result
        findings: dict[str, list[Diagnostic]] = {}
        for finding in result.findings:
            findings.setdefault(finding.span.path, []).append(finding)
        return Run(root, result, set(), findings)

    def results_for(self, path: str) -> list:
        """The lint results that know `path`, newest first (for definitions, hover, completion)."""
        root = project_root(path)
        shown = display_path(path)
        found = [r for r in (self.latest.get(root), self.full.get(root)) if r is not None]
        return [r for r in found if shown in r.compiled.project.modules] or found

    def tree(self, path: str, text: str):
        """The syntax tree of the editor's text, or the last one that parsed, or None."""
        from ..language.parser import ParseError

        shown = display_path(path)
        try:
            return self.sources().parse(shown, text.replace("\r\n", "\n"))
        except ParseError:  # fall back to what parsed last
            for result in self.results_for(path):
                module = result.compiled.project.modules.get(shown)
                if module is not None and module.items:
                    return module
        return None


def importers(imports: dict[str, list[str]], module: str) -> set[str]:
    """`module` and every module that imports it, directly or through others."""
    users: dict[str, set[str]] = {}
    for importer, imported in imports.items():
        for target in imported:
            users.setdefault(target, set()).add(importer)
    found = {module}
    stack = [module]
    while stack:
        for user in users.get(stack.pop(), ()):
            if user not in found:
                found.add(user)
                stack.append(user)
    return found

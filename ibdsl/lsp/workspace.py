"""The server's view of the projects: the editor's unsaved buffers as source, which projects a
file is checked in, and lint runs over a whole project or over the part a change can affect.

A keystroke re-lints the edited file and the files that import it, directly or not (plus the
files holding settings blocks, which apply project-wide), and publishes findings for those
files only; opening and saving a file re-lint its whole project. Trees of files whose text did
not change are reused between runs."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from ..diagnostics import Diagnostic, UsageError
from ..files import display_path, within
from ..language.sources import SourceCache, decode_source


class Target(NamedTuple):
    """A project a file is checked in, as a lint run needs it."""

    root: str  # the project's folder: the key of its runs
    spec: object | None  # its ProjectSpec (projects.py); None: a folder of files in no project
    entries: tuple[str, ...]  # what a whole-project run loads

    def alone(self) -> object:
        """The CompileOptions of a file checked on its own, inside the project's roots."""
        from ..compile.compiler import CompileOptions

        return CompileOptions(roots=list(self.spec.roots) if self.spec else [self.root])


def targets(path: str) -> list[Target]:
    """The projects `path` is checked in, as `ibdsl lint` decides (lint/workspace.py): the
    project whose folder holds it (the nearest ibdsl.toml upwards); for a shared file in no
    project, the projects whose roots admit it; else the .ib files below the nearest lint
    configuration, or else the .ib files of the file's own folder, as one project."""
    from ..lint.config import config_for_path
    from ..lint.workspace import project_files, repository_projects
    from ..projects import project_for

    spec = project_for(path)
    real = os.path.realpath(path)
    specs = [spec] if spec else [s for s in repository_projects([path]) if any(within(real, r) for r in s.roots)]
    if specs:
        return [Target(s.root, s, tuple(project_files(s))) for s in specs]
    directory = os.path.dirname(os.path.abspath(path))
    try:
        config = config_for_path(path).path
    except UsageError:
        config = None  # the lint run reports it
    if config is not None:  # the folder the lint configuration covers, as `ibdsl lint FOLDER`
        root = os.path.dirname(config)
        return [Target(root, None, (root,))]
    # No configuration at all: the file's folder is the project, as a Terraform module is (its
    # .ib files, not the folders below, which may be anything: a home directory, say).
    entries = sorted(
        os.path.join(directory, name)
        for name in os.listdir(directory)
        if name.endswith(".ib") and not name.startswith(".") and os.path.isfile(os.path.join(directory, name))
    )
    return [Target(directory, None, tuple(entries) or (path,))]


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

    def line(self, path: str, number: int) -> str | None:
        if path in self._buffers and self.text(path) is None:
            self.add(path, self._buffers[path].replace("\r\n", "\n"))
        return super().line(path, number)

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
    """One lint run of one project: its findings by display path, for the files it speaks for."""

    result: object | None  # LintResult; None when the run could not start
    files: set[str] = field(default_factory=set)  # display paths whose findings this run replaces
    findings: dict[str, list[Diagnostic]] = field(default_factory=dict)
    problem: str | None = None  # a usage error (a broken configuration): no findings


@dataclass
class Outcome:
    """What to publish after the runs a change caused: findings of every project, by file."""

    findings: dict[str, list[Diagnostic]]
    problems: list[str]
    line_of: object  # (display path, line number) -> the line's text, for UTF-16 positions
    whole: bool = False  # whole projects were linted
    read: int = 0  # the files the runs read
    seconds: float = 0.0


class Workspace:
    def __init__(self) -> None:
        self.buffers: dict[str, str] = {}  # display path -> the editor's text
        self.trees: dict = {}  # display path -> (text, Module or ParseError)
        self.full: dict[str, object] = {}  # project root -> its last whole-project LintResult
        self.latest: dict[str, object] = {}  # project root -> the last LintResult of any run
        self.known: dict[str, dict[str, list[Diagnostic]]] = {}  # project root -> file -> findings
        self._targets: dict[str, list[Target]] = {}  # file -> its projects, until the next whole run
        self.unreadable: dict[str, str] = {}  # file -> why its projects cannot be found

    def targets(self, path: str) -> list[Target]:
        """The file's projects; [] while its ibdsl.toml cannot be read (`unreadable` says why)."""
        if path not in self._targets:
            try:
                self._targets[path] = targets(path)
            except UsageError as e:
                self.unreadable[path] = str(e)
                return []
            self.unreadable.pop(path, None)
        return self._targets[path]

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
        """Whether a whole run of each of the file's projects has been made (and read it)."""
        shown = display_path(path)
        for target in self.targets(path):
            full = self.full.get(target.root)
            if full is None or (shown not in full.compiled.project.modules and within(path, target.root)):
                return False
        return True

    def sources(self) -> EditorSources:
        return EditorSources(dict(self.buffers), self.trees)

    def lint(self, path: str, whole: bool) -> Outcome:
        """Lint the projects `path` is checked in: each whole, or what a change to it can affect."""
        if whole:
            from ..projects import forget

            forget()  # ibdsl.toml and the lint settings may have changed since the last whole run
            self._targets.clear()
        started = time.perf_counter()
        touched: set[str] = set()
        read = 0
        linted_whole = False
        found = self.targets(path)
        problems = [self.unreadable[path]] if not found and path in self.unreadable else []
        for target in found:
            entire = whole or target.root not in self.full
            linted_whole = linted_whole or entire
            run = self._whole(target, path) if entire else self._change(target, path)
            if run is None:
                continue
            if run.problem is not None:
                problems.append(run.problem)
                continue
            read += len(run.result.compiled.project.modules)
            known = self.known.setdefault(target.root, {})
            for shown in run.files:
                known[shown] = run.findings.get(shown, [])
            touched |= run.files
        findings = {}
        for shown in sorted(touched):
            merged = {}  # a shared file checked in two projects: each finding once
            for known in self.known.values():
                for finding in known.get(shown, ()):
                    merged.setdefault((finding.span, finding.code, finding.message), finding)
            findings[shown] = sorted(merged.values(), key=Diagnostic.sort_key)
        return Outcome(findings, problems, self.sources().line, linted_whole, read, time.perf_counter() - started)

    def _whole(self, target: Target, path: str) -> Run:
        run = self._lint(target, list(target.entries))
        if run.result is None:
            return run
        previous = self.latest.get(target.root)
        self.full[target.root] = self.latest[target.root] = run.result
        run.files = set(run.result.compiled.project.modules) | set(run.findings)
        if previous is not None:
            run.files |= set(previous.compiled.project.modules)  # files it no longer reads: cleared
        shown = display_path(path)
        if shown not in run.result.compiled.project.modules and within(os.path.abspath(path), target.root):
            # A file of the project its entries do not reach (an alternative they leave out, a
            # new file) is checked on its own, as `ibdsl lint FILE` checks it.
            apart = self._lint(target, [path], alone=True)
            run.files.add(shown)
            run.findings[shown] = apart.findings.get(shown, [])
        return run

    def _change(self, target: Target, path: str) -> Run | None:
        project = self.full[target.root].compiled.project
        shown = display_path(path)
        if shown not in project.modules:
            if not within(os.path.abspath(path), target.root):
                return None  # a shared file this project does not read
            run = self._lint(target, [path], alone=True)  # see _whole
            run.files = {shown}
            return run
        affected = importers(project.imports, shown)
        with_settings = {declared.module for declared in project.settings}
        run = self._lint(target, sorted(affected | with_settings))
        if run.result is not None:
            self.latest[target.root] = run.result
            # Findings placed in files that are no module (read by file(), var files) go with them.
            modules = set(project.modules) | set(run.result.compiled.project.modules)
            run.files = affected | {shown for shown in run.findings if shown not in modules}
        return run

    def _lint(self, target: Target, entries: list[str], alone: bool = False) -> Run:
        """Lint `entries` as part of the target's project, or `alone` inside its roots."""
        from ..compile.compiler import compile_paths
        from ..lint.linter import LintOptions, lint_compiled
        from ..lint.workspace import lint_project

        try:
            if target.spec is not None and not alone:
                result = lint_project(entries, target.spec, LintOptions(), self.sources())
            else:
                options = target.alone()
                compiled = compile_paths(entries, options, self.sources())
                result = lint_compiled(compiled, entries[0], LintOptions(compile=options))
        except UsageError as e:
            return Run(None, problem=str(e))
        findings: dict[str, list[Diagnostic]] = {}
        for finding in result.findings:
            findings.setdefault(finding.span.path, []).append(finding)
        return Run(result, set(), findings)

    def results_for(self, path: str) -> list:
        """The lint results that read `path`, newest first, those in which it parsed before the
        others (for definitions, hover, completion)."""
        shown = display_path(path)
        found = []
        for target in self.targets(path):
            found += [r for r in (self.latest.get(target.root), self.full.get(target.root)) if r is not None]
        # A file that does not parse mid-edit was read as empty: what it declares and imports
        # is best taken from a run in which it parsed.
        parsed = [r for r in found if getattr(r.compiled.project.modules.get(shown), "items", None)]
        return parsed or [r for r in found if shown in r.compiled.project.modules] or found

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

"""Lint the files a command line (or a pre-commit hook) names, project by project.

Each file belongs to the project whose `ibdsl.toml` is nearest above it (projects.py), and
each such project is checked whole, with its own entries, var files and roots: a repository
may hold projects for other regions and accounts, which never meet. A file can also be read
by projects it is not inside (a shared folder their `roots` admit); those projects are
checked too, and reported when they really import it, so a change to a shared file shows
the breakage where it appears. Files in no project and read by none are checked together,
as one project, as they always were.
"""

from __future__ import annotations

import os
from dataclasses import replace

from ..compile.compiler import CompileOptions
from ..compile.loader import expand_paths
from ..diagnostics import Diagnostic, Note, UsageError
from ..files import within
from ..language.sources import SourceCache
from ..projects import ProjectSpec, ceiling, forget, project_at, project_for, projects_below
from .linter import LintOptions, LintResult, lint_compiled


class WorkspaceResult:
    """The findings of every project checked, as one list."""

    def __init__(self, results: list[LintResult], sources: SourceCache, projects: list[ProjectSpec | None]):
        self.results = results
        self.sources = sources
        self.projects = projects
        seen, findings = set(), []
        for result in results:
            for finding in result.findings:
                key = (finding.span, finding.code, finding.message)
                if key not in seen:
                    seen.add(key)
                    findings.append(finding)
        findings.sort(key=Diagnostic.sort_key)
        self.findings = findings

    @property
    def failed(self) -> bool:
        return any(result.failed for result in self.results)

    def counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def files(self) -> set[str]:
        checked = {f.span.path for f in self.findings}
        for result in self.results:
            checked |= set(result.compiled.project.modules)
        return checked


def project_files(spec: ProjectSpec) -> list[str]:
    """A project's entry files; a directory entry leaves out the projects nested in it."""
    files = expand_paths(list(spec.entries))
    return [f for f in files if not _nested_elsewhere(f, spec)]


def _nested_elsewhere(path: str, spec: ProjectSpec) -> bool:
    own = project_for(path)
    return own is not None and own.root != spec.root


def project_options(spec: ProjectSpec, options: CompileOptions) -> CompileOptions:
    """The command line's options for one project: its var files first (the command line's
    win), its roots unless the command line gives --root."""
    return replace(
        options,
        var_files=[*spec.var_files, *options.var_files],
        roots=list(options.roots) or list(spec.roots),
    )


def _real(path: str) -> str:
    return os.path.realpath(path)


def repository_projects(files: list[str]) -> list[ProjectSpec]:
    """Every project of the repositories holding `files` (none outside a repository: the
    working directory might be a home folder)."""
    found: dict[str, ProjectSpec] = {}
    for top in sorted({ceiling(os.path.dirname(os.path.abspath(f)), os.getcwd()) for f in files}):
        if os.path.exists(os.path.join(top, ".git")):
            for spec in projects_below(top):
                found[spec.root] = spec
    return [found[root] for root in sorted(found)]


def lint_workspace(paths: list[str], options: LintOptions) -> WorkspaceResult:
    forget()
    files = expand_paths(paths)
    sources = SourceCache()
    own: dict[str, list[str]] = {}  # project root -> the named files inside it
    specs: dict[str, ProjectSpec] = {}
    loose: list[str] = []
    for path in files:
        spec = project_for(path)
        if spec is None:
            loose.append(path)
        else:
            specs[spec.root] = spec
            own.setdefault(spec.root, []).append(path)
    if not specs and not loose:
        raise UsageError("nothing to check")

    readers: dict[str, list[str]] = {}  # project root -> named files it may read from outside
    for spec in repository_projects(files) if (loose or specs) else ():
        outside = [f for f in files if project_for(f) != spec and any(within(_real(f), r) for r in spec.roots)]
        if outside:
            specs.setdefault(spec.root, spec)
            readers[spec.root] = outside

    results: list[LintResult] = []
    checked: list[ProjectSpec | None] = []
    covered: set[str] = set()  # real paths of the files some reported project checked
    for root in sorted(specs):
        spec = specs[root]
        entries = project_files(spec)
        known = {_real(e) for e in entries}
        entries += [f for f in own.get(root, []) if _real(f) not in known]
        result = _lint(entries, spec, options, sources)
        modules = {_real(m) for m in result.compiled.project.modules}
        if root not in own and not any(_real(f) in modules for f in readers[root]):
            continue  # it may read the named files but does not: not this change's business
        covered |= modules
        results.append(_noted(result, spec))
        checked.append(spec)
    unchecked = [f for f in loose if _real(f) not in covered]
    if unchecked:
        results.append(lint_compiled(_compile(unchecked, options.compile, sources), unchecked[0], options))
        checked.append(None)
    return WorkspaceResult(results, sources, checked)


def _compile(entries: list[str], options: CompileOptions, sources: SourceCache):
    from ..compile.compiler import compile_paths

    return compile_paths(entries, options, sources)


def _lint(entries: list[str], spec: ProjectSpec, options: LintOptions, sources: SourceCache) -> LintResult:
    compiled = _compile(entries, project_options(spec, options.compile), sources)
    return lint_compiled(compiled, spec.marker, options)


def _noted(result: LintResult, spec: ProjectSpec) -> LintResult:
    """A finding in a file outside the project's folder says which project it was found in:
    the same shared file can be right for one project and wrong for another."""
    note = Note(f"found while checking the project of {spec.shown()}")
    findings = [
        f if within(_real(f.span.path), _real(spec.root)) else replace(f, notes=(*f.notes, note))
        for f in result.findings
    ]
    return replace(result, findings=findings)


def single_project(paths: list[str], options: CompileOptions) -> tuple[list[str], CompileOptions]:
    """The entries and options of a command that works on one project (compile, push, ...).
    A path that is a project's folder means its entries; a file inside a project is compiled
    with the project's var files and roots. Paths of two projects are refused: they may set
    other regions and accounts."""
    forget()
    found = {}
    for path in paths:
        if os.path.isdir(path) and project_at(os.path.abspath(path)) is None:
            # A folder that is not a project's: the projects of the files below it.
            for file in expand_paths([path]):
                spec = project_for(file)
                found[spec.root if spec else None] = spec
        else:
            spec = project_for(path)
            found[spec.root if spec else None] = spec
    if len(found) > 1:
        named = sorted(spec.shown() if spec else "files in no project" for spec in found.values())
        raise UsageError(f"the paths belong to {len(found)} projects ({', '.join(named)}); name one project's paths")
    spec = next(iter(found.values()), None)
    if spec is None:
        return paths, options
    entries: list[str] = []
    for path in paths:
        if os.path.isdir(path) and _real(path) == _real(spec.root):
            entries += project_files(spec)
        else:
            entries.append(path)
    return entries, project_options(spec, options)

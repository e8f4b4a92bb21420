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

from ..codes import UNREADABLE_FILE
from ..compile.compiler import CompileOptions
from ..compile.loader import expand_paths
from ..diagnostics import Diagnostic, Note, UsageError
from ..files import within
from ..language.sources import SourceCache
from ..projects import DEDICATED, ProjectSpec, ceiling, forget, project_at, project_for, projects_below
from ..records import replace
from .linter import LintOptions, LintResult, lint_compiled


class WorkspaceResult:
    """The findings of every project checked, as one list."""

    def __init__(self, results: list[LintResult], sources: SourceCache, projects: list[ProjectSpec | None]):
        self.results = results
        self.sources = sources
        self.projects = projects
        # One cause, one finding: a shared file's finding seen by several projects is kept
        # once, naming each project it was found in.
        unique: dict[tuple, Diagnostic] = {}
        for result in results:
            for finding in result.findings:
                key = (finding.span, finding.code, finding.message)
                kept = unique.setdefault(key, finding)
                if kept is not finding:
                    notes = kept.notes + tuple(n for n in finding.notes if n not in kept.notes)
                    unique[key] = replace(kept, notes=notes)
        self.findings = sorted(unique.values(), key=Diagnostic.sort_key)

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
    """Every project of the repositories holding `files` (outside a repository: below the
    working directory, within a bounded walk)."""
    found: dict[str, ProjectSpec] = {}
    for top in sorted({ceiling(os.path.dirname(os.path.realpath(f)), os.getcwd()) for f in files}):
        for spec in projects_below(top):
            found[spec.root] = spec
    return [found[root] for root in sorted(found)]


def _project_of_folder(path: str) -> ProjectSpec | None:
    """The project a path stands for as a whole: its folder, or its marker file (a hook
    passes a changed ibdsl.toml)."""
    if os.path.basename(path) in DEDICATED and os.path.isfile(path):
        return project_at(os.path.dirname(os.path.realpath(path)))
    if os.path.isdir(path):
        return project_at(os.path.realpath(path))
    return None


class _Named:
    """What a command line names, sorted into projects and loose files."""

    def __init__(self, paths: list[str]):
        self.specs: dict[str, ProjectSpec] = {}  # project root -> project to check whole
        self.own: dict[str, list[str]] = {}  # project root -> files named one by one inside it
        self.loose: list[str] = []  # files in no project
        self.files: list[str] = []  # files whose readers in other projects are checked too
        self.documents: list[str] = []  # YAML files: checked through the projects whose file() reads them
        for path in paths:
            spec = _project_of_folder(path)
            if spec is not None:
                self._project(spec)
            elif path.endswith(DOCUMENT_SUFFIXES) and os.path.isfile(path):
                self.documents.append(path)
            elif os.path.isdir(path) or os.path.basename(path) in DEDICATED:
                folder = path if os.path.isdir(path) else os.path.dirname(path) or os.curdir
                for file in expand_paths([folder]):  # a project below is checked through its entries
                    self._file(file, named=False)
            else:
                for file in expand_paths([path]):
                    self._file(file, named=True)
        if not self.specs and not self.loose and not self.documents:
            raise UsageError("nothing to check")

    def _project(self, spec: ProjectSpec) -> None:
        self.specs[spec.root] = spec
        self.own.setdefault(spec.root, [])

    def _file(self, file: str, named: bool) -> None:
        spec = project_for(file)
        if spec is None:
            self.loose.append(file)
            self.files.append(file)
            return
        self._project(spec)
        if named:
            self.own[spec.root].append(file)
            self.files.append(file)


def lint_workspace(paths: list[str], options: LintOptions) -> WorkspaceResult:
    forget()
    named = _Named(paths)
    specs = dict(named.specs)
    readers: dict[str, list[str]] = {}  # project root -> named files it may read
    for document in named.documents:
        spec = project_for(document)
        if spec is not None:
            specs.setdefault(spec.root, spec)
            readers.setdefault(spec.root, []).append(document)
    searched = named.files + named.documents
    for spec in repository_projects(searched) if searched else ():
        outside = [f for f in searched if project_for(f) != spec and any(within(_real(f), r) for r in spec.roots)]
        if outside:
            specs.setdefault(spec.root, spec)
            readers.setdefault(spec.root, []).extend(outside)

    sources = SourceCache()
    results: list[LintResult] = []
    checked: list[ProjectSpec | None] = []
    covered: set[str] = set()  # real paths of the files some reported project checked
    for root in sorted(specs):
        spec = specs[root]
        result = _lint(project_files(spec), spec, options, sources)
        modules = _read_by(result)
        if root not in named.own and not (any(_real(f) in modules for f in readers[root]) or _cannot_import(result)):
            continue  # it may read the named files but does not: not this change's business
        covered |= modules
        results.append(_noted(result, spec))
        checked.append(spec)
        # A named file its project's entries do not reach is not part of the project (an
        # alternative the entries leave out must not clash with it): checked on its own,
        # inside the project's roots, without its var files, which are the entries' business.
        apart = [f for f in named.own.get(root, []) if _real(f) not in modules]
        if apart:
            alone = replace(options.compile, roots=list(options.compile.roots) or list(spec.roots))
            results.append(lint_compiled(_compile(apart, alone, sources), apart[0], options))
    unchecked = [f for f in named.loose if _real(f) not in covered]
    documents = [d for d in named.documents if _real(d) not in covered]
    if documents:  # read by no project: maybe by the repository's .ib files in no project
        unchecked += [f for f in _loose_files(documents) if f not in unchecked]
    if unchecked:
        result = lint_compiled(_compile(unchecked, options.compile, sources), unchecked[0], options)
        if named.loose or any(_real(d) in _read_by(result) for d in documents):
            results.append(result)
            checked.append(None)
    return WorkspaceResult(results, sources, checked)


DOCUMENT_SUFFIXES = (".yaml", ".yml")


def _read_by(result: LintResult) -> set[str]:
    """Real paths of the .ib files and the documents a project read."""
    project = result.compiled.project
    return {_real(path) for path in (*project.modules, *project.documents)}


def _loose_files(documents: list[str]) -> list[str]:
    """The .ib files in no project of the repositories (or working directories) holding the
    documents: in a repository of one unmarked project, the project."""
    from ..files import depends_on

    found: list[str] = []
    for top in sorted({ceiling(os.path.dirname(os.path.realpath(d)), os.getcwd()) for d in documents}):
        for folder, _, _ in os.walk(top):
            depends_on(folder)  # an .ib file added later may read the document: a cached answer must not hold
        try:
            found += [f for f in expand_paths([top]) if project_for(f) is None]
        except UsageError:  # no .ib file there
            continue
    return found


def _cannot_import(result: LintResult) -> bool:
    """A project that cannot read one of its imports: a named shared file may be the one it
    imported under its old name (a rename passes the hook only the new name)."""
    return any(f.code == UNREADABLE_FILE for f in result.findings)


def _compile(entries: list[str], options: CompileOptions, sources: SourceCache):
    from ..compile.compiler import compile_paths

    return compile_paths(entries, options, sources)


def _lint(entries: list[str], spec: ProjectSpec, options: LintOptions, sources: SourceCache) -> LintResult:
    compiled = _compile(entries, project_options(spec, options.compile), sources)
    return lint_compiled(compiled, spec.marker, options, home=spec.root)


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


# --- for the language server (ibdsl/lsp/workspace.py), which lints one project at a time ----


def lint_project(entries: list[str], spec: ProjectSpec, options: LintOptions, sources: SourceCache) -> LintResult:
    """One project's lint as lint_workspace runs it, on `entries` (a change's part of the
    project): its var files and roots, its settings for shared files, and a note on the
    findings in files outside its folder."""
    return _noted(_lint(entries, spec, options, sources), spec)

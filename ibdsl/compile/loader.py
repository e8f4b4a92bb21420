"""Load a project: the entry files, everything they import, and a table of declarations.

A project is every `.ib` file named on the command line (directories are searched) plus the
files they import. Declarations share one namespace per project; a file sees what it declares
and what it imports, directly or through other imports.
"""

from __future__ import annotations

import os

from .. import codes
from ..diagnostics import Diagnostic, Diagnostics, Note, Span, UsageError
from ..domain.kinds import BLOCK_KINDS
from ..files import display_path, expand_paths, is_directory, within
from ..language import syntax as ast
from ..language.parser import ParseError
from ..language.sources import SourceCache, SourceError
from ..limits import limit
from ..naming import close_matches


class Declared:
    __slots__ = ("node", "module")

    def __init__(self, node: object, module: str) -> None:
        self.node = node  # ast.VariableDecl | ast.FragmentDecl | ast.Block
        self.module = module  # display path of the declaring file


class Project:
    __slots__ = (
        "sources",
        "roots",
        "modules",
        "directory",
        "imports",
        "variables",
        "fragments",
        "resources",
        "settings",
        "shadowed",
        "documents",
        "_visible",
    )

    def __init__(self, sources: SourceCache, roots: list[str] | None = None) -> None:
        self.sources = sources
        self.roots = roots  # real paths imports and file() must stay inside; None: anywhere
        self.modules: dict[str, ast.Module] = {}
        self.directory: dict[str, str] = {}  # module -> its directory
        self.imports: dict[str, list[str]] = {}
        self.variables: dict[str, Declared] = {}
        self.fragments: dict[str, Declared] = {}
        self.resources: dict[tuple[str, str], Declared] = {}
        self.settings: list[Declared] = []
        self.shadowed: set[tuple[str, str]] = set()  # resources another one already names to the service
        self.documents: set[str] = set()  # files file() names (display paths)
        self._visible: dict[str, frozenset[str]] = {}

    def visible(self, module: str) -> frozenset[str]:
        """The modules whose declarations `module` can use: itself and its imports, transitively."""
        if module not in self._visible:
            seen = {module}
            stack = [module]
            while stack:
                for imported in self.imports.get(stack.pop(), ()):
                    if imported not in seen:
                        seen.add(imported)
                        stack.append(imported)
            self._visible[module] = frozenset(seen)
        return self._visible[module]

    def outside_roots(self, path: str) -> str | None:
        """None when `path` may be read, else a sentence saying why not."""
        if self.roots is None:
            return None
        from ..files import outside_message

        real = os.path.realpath(path)
        if any(within(real, root) for root in self.roots):
            return None
        return outside_message(self.roots)

    def visibility_note(self, declared: Declared, user_module: str) -> str | None:
        """None when `user_module` sees the declaration, else a sentence saying why not."""
        if declared.module in self.visible(user_module):
            return None
        relative = os.path.relpath(declared.module, os.path.dirname(user_module) or os.curdir).replace(os.sep, "/")
        return f'it is declared in {declared.module}, which {user_module} does not import; add: import "{relative}"'


class Loader:
    def __init__(self, diagnostics: Diagnostics, sources: SourceCache | None = None, roots: list[str] | None = None):
        self.diagnostics = diagnostics
        self.project = Project(sources or SourceCache())
        self._roots = roots
        self._by_real: dict[str, str] = {}  # real path -> display path, so a file loads once
        self._service_names: dict[tuple[str, str], ast.Block] = {}  # (kind, ARN name) -> first block

    def load(self, paths: list[str]) -> Project:
        entries = expand_paths(paths)
        if self._roots is not None:
            given = self._roots or [p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) for p in paths]
            self.project.roots = sorted({os.path.realpath(root) for root in given})
        for path in entries:
            try:
                self._load_file(path, importer_chain=())
            except SourceError as e:
                if e.unreadable:
                    raise UsageError(e.diagnostic.message) from None
                self.diagnostics.add(e.diagnostic)
        return self.project

    def _load_file(self, path: str, importer_chain: tuple[str, ...]) -> str | None:
        real = os.path.realpath(path)
        if real in self._by_real:
            return self._by_real[real]
        shown = display_path(path)
        self._by_real[real] = shown  # before reading: a file that cannot be read is reported once
        # Imports are read confined to the root (checked on the opened file); entries were named by the user.
        text = self.project.sources.read(shown, roots=self.project.roots if importer_chain else None)
        try:
            module = self.project.sources.parse(shown, text)
        except ParseError as e:
            self.diagnostics.add(e.diagnostic)
            module = ast.Module(shown, (), ())
        project = self.project
        project.modules[shown] = module
        project.directory[shown] = os.path.dirname(path)
        project.imports[shown] = []
        chain = importer_chain + (shown,)
        for item in module.items:
            if isinstance(item, ast.Import):
                self._import(item, shown, chain)
            else:
                self._declare(item, shown)
        return shown

    def _import(self, item: ast.Import, module: str, chain: tuple[str, ...]) -> None:
        target = os.path.join(self.project.directory[module], item.path)
        real = os.path.realpath(target)
        outside = self.project.outside_roots(target)
        if outside:
            self.diagnostics.error(item.span, f"cannot import {item.path!r}: {outside}", code=codes.UNREADABLE_FILE)
            return
        shown = self._by_real.get(real)
        if shown is not None and shown in chain:
            cycle = " -> ".join(chain[chain.index(shown) :] + (shown,))
            self.diagnostics.error(item.span, f"import cycle: {cycle}", code=codes.CYCLE)
            # The file is loaded all the same: what it declares stays visible, so the cycle is
            # the one error, not a cascade of "not visible here".
            self.project.imports[module].append(shown)
            return
        if shown is None and len(chain) >= limit("input", "max_import_depth"):
            self.diagnostics.error(
                item.span,
                f"imports nest more than {limit('input', 'max_import_depth')} files deep (from {chain[0]})",
                code=codes.LIMIT_EXCEEDED,
            )
            return
        if shown is None:
            if is_directory(target):
                self.diagnostics.error(
                    item.span,
                    f"cannot import {item.path!r}: it is a directory; import a .ib file",
                    code=codes.UNREADABLE_FILE,
                )
                return
            try:
                shown = self._load_file(target, chain)
            except SourceError as e:
                if e.unreadable:
                    missing = not os.path.exists(target)
                    reason = f"no such file ({display_path(target)})" if missing else e.diagnostic.message
                    self.diagnostics.error(
                        item.span, f"cannot import {item.path!r}: {reason}", code=codes.UNREADABLE_FILE
                    )
                else:
                    self.diagnostics.add(e.diagnostic)
                    self.diagnostics.error(
                        item.span,
                        f"cannot import {item.path!r}: the file is not usable source",
                        code=codes.UNREADABLE_FILE,
                    )
                return
        if shown is not None:
            self.project.imports[module].append(shown)

    def _declare(self, item, module: str) -> None:
        project = self.project
        if isinstance(item, ast.VariableDecl):
            self._unique(project.variables, item.name, item, item.name_span, module, "variable")
        elif isinstance(item, ast.FragmentDecl):
            self._unique(project.fragments, item.name, item, item.name_span, module, "fragment")
        elif item.kind == "settings":
            if item.label is not None or item.extends is not None or item.abstract:
                self.diagnostics.error(
                    item.kind_span,
                    "a settings block takes no label, extends or abstract: settings { ... }",
                    code=codes.INVALID_STRUCTURE,
                )
            project.settings.append(Declared(item, module))
        elif item.kind in BLOCK_KINDS:
            if item.label is None:
                self.diagnostics.error(
                    item.kind_span,
                    f'{item.kind} needs a name: {item.kind} "my-{item.kind.replace("_", "-")}" {{ ... }}',
                    code=codes.INVALID_STRUCTURE,
                )
                return
            if (
                self._unique(project.resources, (item.kind, item.label), item, item.label_span, module, item.kind)
                and not item.abstract
            ):
                self._unique_to_service(item, module)  # abstract blocks never reach the service
        else:
            known = sorted(BLOCK_KINDS) + ["settings"]
            guess = close_matches(item.kind, known, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else f"; blocks are {', '.join(known)}"
            self.diagnostics.error(item.kind_span, f"unknown block type '{item.kind}'{hint}", code=codes.UNDEFINED_NAME)

    def _unique_to_service(self, item: ast.Block, module: str) -> None:
        """Two labels the service's name normalisation makes equal are one resource to it."""
        from ..domain.arns import arn_name

        key = (item.kind, arn_name(item.label))
        first = self._service_names.get(key)
        if first is None:
            self._service_names[key] = item
            return
        self.project.shadowed.add((item.kind, item.label))  # references still work; it is not compiled
        self.diagnostics.add(
            Diagnostic(
                item.label_span,
                f"{item.kind} '{item.label}' and '{first.label}' are one resource to Image Builder, which compares "
                f"names in lowercase with spaces and underscores as hyphens ('{key[1]}'); rename one",
                code=codes.DUPLICATE_RESOURCE,
                notes=(Note("first declared here", first.label_span),),
            )
        )

    def _unique(self, table: dict, key, item, span: Span, module: str, what: str) -> bool:
        if key in table:
            first = table[key]
            first_span = getattr(first.node, "label_span", None) or getattr(first.node, "name_span")
            name = key[1] if isinstance(key, tuple) else key
            code = codes.DUPLICATE_RESOURCE if isinstance(key, tuple) else codes.DUPLICATE_DECLARATION
            self.diagnostics.add(
                Diagnostic(
                    span,
                    f"{what} '{name}' is declared twice",
                    code=code,
                    notes=(Note("first declared here", first_span),),
                )
            )
            return False
        table[key] = Declared(item, module)
        return True


def load_project(
    paths: list[str], diagnostics: Diagnostics, sources: SourceCache | None = None, roots: list[str] | None = None
) -> Project:
    """`roots`: directories imports and file() must stay inside ([] means the entries'
    directories); None allows any path."""
    return Loader(diagnostics, sources, roots).load(paths)

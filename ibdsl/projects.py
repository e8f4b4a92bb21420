"""Where a project starts: the directory of its `ibdsl.toml`, found upwards from a path.

A repository may hold several projects (one region and account each, say) beside files they
share. A project's root holds `ibdsl.toml` (or a `[project]` table in `.ibdsl.toml`, or
`[tool.ibdsl.project]` in pyproject.toml):

    [project]
    entries = ["main.ib"]         # files or directories; default: every .ib file below the root
    var_files = ["prod.json"]     # read before any --var-file of the command line
    roots = [".", "../shared"]    # where imports and file() may read; default: the root itself

Paths in it are relative to the file. The search upwards stops at the repository (the
directory holding `.git`); outside a repository at the working directory. The lint settings
of the same files are read by lint/config.py; this module finds the files and the projects.
"""

from __future__ import annotations

import os
from functools import cache

from .diagnostics import UsageError
from .files import repository_of, within
from .records import NamedTuple

MARKER = "ibdsl.toml"
DEDICATED = (MARKER, ".ibdsl.toml")  # tried before pyproject.toml, in this order
PROJECT_KEYS = {"entries", "var_files", "roots"}
# Directories a project is never in: caches, environments, dependencies.
SKIPPED_DIRECTORIES = {"node_modules", "__pycache__"}
# Outside a git repository projects are searched by walking at most this many folders.
WALK_BUDGET = 1000


class ConfigFile(NamedTuple):
    path: str  # absolute
    table: dict  # the ibdsl table: the whole of a dedicated file, [tool.ibdsl] of pyproject.toml


class ProjectSpec(NamedTuple):
    """A project as its marker file declares it; every path absolute."""

    root: str
    marker: str
    entries: tuple[str, ...]
    var_files: tuple[str, ...]
    roots: tuple[str, ...]

    def shown(self) -> str:
        from .files import display_path

        return display_path(self.marker)


def read_toml(path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    from .files import Refused, read_regular

    try:
        return tomllib.loads(read_regular(path).decode("utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: not valid TOML: {e}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except RecursionError:
        raise UsageError(f"{path}: values are nested too deeply to read") from None
    except ValueError as e:  # an integer of thousands of digits (the interpreter's own limit)
        raise UsageError(f"{path}: not readable TOML: {e}") from None
    except Refused as e:
        raise UsageError(f"cannot read {path}: {e}") from None
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror or e}") from None


@cache
def config_file(directory: str) -> ConfigFile | None:
    """The ibdsl configuration held in `directory` itself. Two files configuring ibdsl in one
    directory are refused: which one applies would be a guess."""
    found: list[ConfigFile] = []
    for name in DEDICATED:
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            found.append(ConfigFile(path, read_toml(path)))
    pyproject = os.path.join(directory, "pyproject.toml")
    if os.path.isfile(pyproject) and _mentions_ibdsl(pyproject):
        tool = read_toml(pyproject).get("tool", {})
        table = tool.get("ibdsl") if isinstance(tool, dict) else None
        if table is not None:
            if not isinstance(table, dict):
                raise UsageError(f"{pyproject}: the ibdsl settings must be a table ([tool.ibdsl] in pyproject.toml)")
            found.append(ConfigFile(pyproject, table))
    if len(found) > 1:
        names = " and ".join(os.path.basename(f.path) for f in found)
        raise UsageError(f"{directory}: both {names} configure ibdsl here; keep one")
    return found[0] if found else None


def _mentions_ibdsl(pyproject: str) -> bool:
    """Whether a pyproject.toml may hold [tool.ibdsl]: one that never says ibdsl is another
    tool's business, even when it is not valid TOML."""
    from .files import Refused, read_regular

    try:
        return b"ibdsl" in read_regular(pyproject)
    except (OSError, Refused):
        return True  # read_toml says what is wrong with it


@cache
def ceiling(directory: str, working: str) -> str:
    """The highest directory whose configuration may apply to `directory`: the repository
    holding it, else the working directory, or `directory` itself when it is not below that
    (a file in /tmp or a parent of the workspace is not the project's)."""
    repository = repository_of(directory)
    if repository is not None:
        return repository
    working = os.path.abspath(working)
    return working if within(directory, working) else directory


def directories_upwards(directory: str):
    """`directory`, then its parents, up to and including its ceiling."""
    directory = os.path.abspath(directory)
    top = ceiling(directory, os.getcwd())
    while True:
        yield directory
        parent = os.path.dirname(directory)
        if directory == top or parent == directory:
            return
        directory = parent


def _marks_project(config: ConfigFile) -> bool:
    return os.path.basename(config.path) == MARKER or "project" in config.table


def _path_list(config: ConfigFile, key: str, table: dict) -> tuple[str, ...] | None:
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise UsageError(f'{config.path}: project {key} must be a list of paths such as ["main.ib"]')
    base = os.path.dirname(config.path)
    return tuple(os.path.normpath(os.path.join(base, item)) for item in value)


@cache
def project_at(directory: str) -> ProjectSpec | None:
    """The project whose root is `directory`, or None."""
    config = config_file(directory)
    if config is None or not _marks_project(config):
        return None
    table = config.table.get("project", {})
    if not isinstance(table, dict):
        raise UsageError(f"{config.path}: project must be a table ([project])")
    unknown = sorted(set(table) - PROJECT_KEYS)
    if unknown:
        keys = ", ".join(sorted(PROJECT_KEYS))
        raise UsageError(f"{config.path}: unknown project setting {unknown[0]!r}; project settings are {keys}")
    root = os.path.dirname(config.path)
    roots = tuple(sorted({os.path.realpath(r) for r in _path_list(config, "roots", table) or (root,)}))
    top = ceiling(root, os.getcwd())
    if os.path.exists(os.path.join(top, ".git")):  # in a repository, a project stays inside it
        top = os.path.realpath(top)
        for folder in roots:
            if not within(folder, top):
                raise UsageError(f"{config.path}: project root {folder!r} is outside the repository ({top})")
    entries = _path_list(config, "entries", table) or (root,)
    var_files = _path_list(config, "var_files", table) or ()
    for what, paths in (("entry", entries), ("var file", var_files)):
        for path in paths:
            shown = os.path.relpath(path, root) if within(path, root) else path
            if not os.path.exists(path):
                raise UsageError(f"{config.path}: project {what} {shown!r} does not exist")
            if not any(within(os.path.realpath(path), folder) for folder in roots):
                raise UsageError(f"{config.path}: project {what} {shown!r} is outside the project's roots")
    return ProjectSpec(root=root, marker=config.path, entries=entries, var_files=var_files, roots=roots)


def forget() -> None:
    """Read the configuration files afresh: a run starts with this (a language server lives
    across edits of ibdsl.toml; tests run many projects in one process)."""
    config_file.cache_clear()
    ceiling.cache_clear()
    project_at.cache_clear()


def project_for(path: str) -> ProjectSpec | None:
    """The project whose root holds `path` (the nearest marker upwards), or None. Real paths:
    a project reached through a symbolic link is the same project."""
    path = os.path.realpath(path)
    start = path if os.path.isdir(path) else os.path.dirname(path)
    for directory in directories_upwards(start):
        spec = project_at(directory)
        if spec is not None:
            return spec
    return None


def projects_below(directory: str) -> list[ProjectSpec]:
    """Every project at or below `directory`, sorted by root. In a git repository, those git
    knows (its index: fast at any size, and what the repository ignores is not a project);
    elsewhere a walk of at most WALK_BUDGET folders, skipping hidden ones, environments and
    dependencies (past that, none: the working directory may be a home folder). A broken
    configuration of another project does not stop this one's check: that project's own
    check reports it."""
    if os.path.exists(os.path.join(directory, ".git")):
        listed = _git_listed(directory)
        if listed is None or not (listed or os.path.exists(os.path.join(directory, ".git", "index"))):
            folders = _walked(directory)  # no git, or nothing added yet (a new repository)
        else:
            folders = sorted({os.path.dirname(p) for p in listed})
    else:
        folders = _walked(directory, WALK_BUDGET) or []
    found = []
    for folder in folders:
        try:
            spec = project_at(folder)
        except UsageError:
            continue
        if spec is not None:
            found.append(spec)
    return sorted(found)


def _git_listed(directory: str) -> list[str] | None:
    if not _index_may_list_projects(directory):
        _depends_on_index(directory)
        return []
    import subprocess

    patterns = [f"*{name}" for name in (*DEDICATED, "pyproject.toml")] + list(DEDICATED) + ["pyproject.toml"]
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--full-name", "--", *patterns],
            cwd=directory, capture_output=True, timeout=30, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    _depends_on_index(directory)
    names = [name for name in done.stdout.decode("utf-8", "replace").split("\0") if name]
    wanted = {*DEDICATED, "pyproject.toml"}
    return [os.path.join(directory, name) for name in names if os.path.basename(name) in wanted]


def _index_may_list_projects(directory: str) -> bool:
    """False when git's index surely names no configuration file: then git need not run (its
    start and the subprocess module cost a lint about 9 ms). Index versions 2 and 3 hold every
    path whole; version 4 compresses them, and a split index keeps most entries elsewhere:
    those ask git."""
    folder = os.path.join(directory, ".git")
    try:
        if any(name.startswith("sharedindex.") for name in os.listdir(folder)):
            return True
        with open(os.path.join(folder, "index"), "rb") as index:
            data = index.read()
    except OSError:
        return True
    if data[:4] != b"DIRC" or data[4:8] not in (b"\0\0\0\2", b"\0\0\0\3"):
        return True
    return any(name.encode() in data for name in (MARKER, "pyproject.toml"))  # MARKER ends .ibdsl.toml too


def _depends_on_index(directory: str) -> None:
    """The lint result cache must see the index git listed change (.git may be a worktree's
    file naming the folder that holds it)."""
    from .files import depends_on

    dot_git = os.path.join(directory, ".git")
    index = os.path.join(dot_git, "index")
    if os.path.isfile(dot_git):
        with open(dot_git, encoding="utf-8", errors="replace") as f:
            line = f.readline().strip()
        if line.startswith("gitdir:"):
            index = os.path.join(directory, line[len("gitdir:") :].strip(), "index")
        depends_on(dot_git)
    depends_on(index)


def _walked(directory: str, budget: int | None = None) -> list[str] | None:
    """Folders holding a candidate file; None when there are more than `budget` folders."""
    from .files import depends_on

    folders = []
    for visited, (current, subdirectories, files) in enumerate(os.walk(directory)):
        depends_on(current)  # a marker added here later changes what is found
        if budget is not None and visited >= budget:
            return None
        subdirectories[:] = sorted(
            name for name in subdirectories
            if not name.startswith(".") and name not in SKIPPED_DIRECTORIES
            and not os.path.exists(os.path.join(current, name, "pyvenv.cfg"))
        )  # fmt: skip
        if MARKER in files or ".ibdsl.toml" in files or "pyproject.toml" in files:
            folders.append(current)
    return folders

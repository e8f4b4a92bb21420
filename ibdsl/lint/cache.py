"""The lint result cache: a run whose inputs are all unchanged prints the stored answer without
parsing or checking anything (and without importing the parser or the rules).

Key: the tool (its version and the size and time of every file of the installed package, so
an edited checkout is a new tool), the Python version, the working directory, the arguments
as written, and the entry files the paths name. Stored with each answer, and checked before it is used:
the contents of every file the run read (sources, imports, file() documents, var files,
configuration and project markers, the catalog), what could not be read and why, the state
of what the search for projects looked at (the folders it walked, the git index it listed),
and which configuration files and repository markers exist in every directory from the files
read up to the root (a new configuration nearer the files changes the answer). Anything different is a miss, and the
run is done in full.

Stored as JSON in `.ibdsl/cache/` of the project (the directory holding `.git` above the
first path, else the working directory when the path is below it; elsewhere nothing is
cached), written atomically, with its own `.gitignore` so that `.ibdsl/pushed.json` stays
tracked. Off with `--no-cache` or IBDSL_NO_CACHE=1.
"""

from __future__ import annotations

import json
import os
import sys

from .. import files

FORMAT = 1
FOLDER = (".ibdsl", "cache")
KEEP = 256  # entries; the oldest go first
# Names whose presence in a directory can change which configuration applies (config.py).
CONFIG_NAMES = (".ibdsl.toml", "ibdsl.toml", "pyproject.toml", ".git")  # projects.DEDICATED and the rest
PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _digest(data: bytes) -> str:
    try:
        from _blake2 import blake2b  # what hashlib gives, without loading OpenSSL's bindings
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b

    return blake2b(data, digest_size=20).hexdigest()


def _tool() -> list:
    """What identifies this ibdsl: its version, and each package file's size and time."""
    from .. import __version__

    stamps = []
    inside = len(os.path.join(PACKAGE, ""))  # os.walk's folders start with PACKAGE (relpath is slow)
    for directory, folders, names in os.walk(PACKAGE):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        relative = directory[inside:]
        for name in sorted(names):
            if not name.endswith((".pyc", ".pyo")):
                status = os.stat(os.path.join(directory, name))
                stamps.append((os.path.join(relative, name), status.st_size, status.st_mtime_ns))
    partitions = next(
        (p for p in (os.path.join(d, "botocore", "data", "partitions.json") for d in sys.path) if os.path.isfile(p)),
        None,
    )  # the region facts the ARN rules read
    if partitions:
        stamps.append((partitions, os.path.getsize(partitions), os.stat(partitions).st_mtime_ns))
    return [__version__, sys.version, stamps]


def _root(first_path: str) -> str | None:
    """The project directory the cache lives in, or None (not below a repository or here)."""
    start = os.path.abspath(first_path if os.path.isdir(first_path) else os.path.dirname(os.path.abspath(first_path)))
    repository = files.repository_of(start)
    if repository is not None:
        return repository
    working = os.getcwd()
    return working if files.within(os.path.realpath(start), os.path.realpath(working)) else None


def _outcome(result) -> str:
    """How one read ended, as stored: a digest of the bytes, or what stopped it."""
    if isinstance(result, bytes):
        return _digest(result)
    if result == files.DIRECTORY:
        return files.DIRECTORY
    if isinstance(result, tuple) and result[0] == files.STATE:
        return f"{files.STATE} {result[1]}"
    return f"!{type(result).__name__}: {result}"


def _read_again(path: str, recorded: str) -> str:
    if recorded == files.DIRECTORY:
        return files.DIRECTORY if os.path.isdir(path) else "!changed"
    if recorded.startswith(files.STATE + " "):
        return f"{files.STATE} {files.state_of(path)}"
    try:
        return _digest(files.read_regular(path))
    except (OSError, files.Refused) as e:
        return _outcome(e)


def _markers(paths) -> list:
    """Which configuration names exist in each directory from `paths` up to the root."""
    directories = set()
    for path in paths:
        directory = path if os.path.isdir(path) else os.path.dirname(path)
        while directory not in directories:
            directories.add(directory)
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
    return [[d, [n for n in CONFIG_NAMES if os.path.exists(os.path.join(d, n))]] for d in sorted(directories)]


def _listing(paths: list[str]) -> list:
    """What decides which entry files the paths name (files.expand_paths): for a directory,
    every name ending in .ib below it, hidden or not, with whether it is a regular file, and
    where a link leads. A superset of what expand_paths looks at, read without pathlib."""
    listing = []
    for given in paths:
        if not os.path.isdir(given):
            listing.append([os.path.abspath(given), os.path.isfile(given)])
            continue
        listing.append([os.path.abspath(given), os.path.realpath(given)])
        for directory, folders, names in os.walk(given):
            folders.sort()
            for name in sorted(names + [f for f in folders if f.endswith(".ib")]):
                if name.endswith(".ib"):
                    path = os.path.join(directory, name)
                    link = os.path.realpath(path) if os.path.islink(path) else None
                    listing.append([os.path.abspath(path), os.path.isfile(path), link])
            for folder in folders:
                if os.path.islink(os.path.join(directory, folder)):
                    listing.append(
                        [
                            os.path.abspath(os.path.join(directory, folder)),
                            "link",
                            os.path.realpath(os.path.join(directory, folder)),
                        ]
                    )
    return listing


class ResultCache:
    """One lint invocation's cache entry: look it up, or record the run and store its answer."""

    def __init__(self, folder: str, key: str, entries: list[str]):
        self.folder = folder
        self.path = os.path.join(folder, key + ".json")
        self.entries = [entry[0] for entry in entries]

    @classmethod
    def open(cls, paths: list[str], argv: list[str]) -> ResultCache | None:
        """None when nothing can be cached for this run (no project directory, unusable paths)."""
        root = _root(paths[0])
        if root is None:
            return None
        entries = _listing(paths)
        key = json.dumps([FORMAT, _tool(), os.getcwd(), argv, entries])
        return cls(os.path.join(root, *FOLDER), _digest(key.encode("utf-8")), entries)

    def get(self) -> dict | None:
        """The stored answer ({"stdout", "stderr", "code"}) when every input is unchanged."""
        try:
            with open(self.path, encoding="utf-8") as f:
                entry = json.load(f)
            reads, markers = entry["reads"], entry["markers"]
            answer = {"stdout": entry["stdout"], "stderr": entry["stderr"], "code": entry["code"]}
        except (OSError, ValueError, KeyError, TypeError):
            return None
        for path, recorded in reads:
            if _read_again(path, recorded) != recorded:
                return None
        if _markers([path for path, _ in reads] + self.entries) != markers:
            return None
        return answer

    def record(self) -> None:
        """Record what the run reads from now on. The cache folder is made first: making it
        changes the folder it is in, which the search for projects may look at."""
        try:
            os.makedirs(self.folder, exist_ok=True)
            ignore = os.path.join(self.folder, ".gitignore")
            if not os.path.exists(ignore):
                _write(ignore, "# Made by ibdsl: the lint result cache, never committed.\n*\n")
        except OSError:
            return  # nothing can be stored: nothing to record
        files.reads = []

    def put(self, stdout: str, stderr: str, code: int) -> None:
        """Store the answer of the run recorded since record(); quietly nothing when it cannot."""
        if files.reads is None:
            return
        reads, files.reads = files.reads, None
        outcomes = {}
        for path, result in reads:
            outcomes.setdefault(path, _outcome(result))
        entry = {
            "reads": sorted(outcomes.items()),
            "markers": _markers(list(outcomes) + self.entries),
            "stdout": stdout,
            "stderr": stderr,
            "code": code,
        }
        try:
            _write(self.path, json.dumps(entry))
            _prune(self.folder)
        except OSError:
            pass  # a cache that cannot be written is only slower


def _write(path: str, text: str) -> None:
    """Atomically: a reader sees the old entry or the whole new one."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _prune(folder: str) -> None:
    names = [n for n in os.listdir(folder) if n.endswith(".json")]
    if len(names) <= KEEP:
        return
    stamped = sorted((os.stat(os.path.join(folder, n)).st_mtime_ns, n) for n in names)
    for _, name in stamped[: len(names) - KEEP]:
        try:
            os.unlink(os.path.join(folder, name))
        except OSError:
            pass

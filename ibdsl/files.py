"""Every file ibdsl reads or writes goes through here.

Reads: regular files only (a FIFO or a device would hang or never end), at most a fixed
number of bytes, and, for files the project names (imports, file()), checked against the
project root *after* opening, so a link swapped between a check and the read cannot bring an
outside file in.

Writes: atomic (a file is the old one or the whole new one), through a symbolic link to its
target rather than replacing the link, keeping the file's mode, refusing a read-only file, and
never outside a directory the caller confines them to.
"""

from __future__ import annotations

import os
import stat

TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".ibdsl-", ".tmp"


class Refused(Exception):
    """A file ibdsl will not read or write; the message says why, as a clause."""

    def __init__(self, reason: str, too_large: bool = False):
        super().__init__(reason)
        self.too_large = too_large  # a problem of the content, not of the path


def max_read_bytes() -> int:
    from .limits import limit

    return limit("input", "max_file_bytes")


def repository_of(directory: str) -> str | None:
    """The nearest directory at or above `directory` that holds `.git`, or None."""
    probe = directory
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return None
        probe = parent


def within(real_path: str, directory: str) -> bool:
    """Whether `real_path` is `directory` or below it (both already real paths)."""
    return real_path == directory or real_path.startswith(directory.rstrip(os.sep) + os.sep)


# What a run read, for the lint result cache (ibdsl/lint/cache.py), while it records: a list of
# (absolute path, the bytes, or the exception that stopped the read, or DIRECTORY); None when
# nothing records. One command per process records, so a module attribute is enough.
reads: list | None = None
DIRECTORY = "directory"


def depends_on(path: str) -> None:
    """Record a path whose state, not content, a run's answer rests on (a folder searched for
    projects, a git index listed): it must be the same again for a stored answer to hold."""
    if reads is not None:
        reads.append((os.path.abspath(path), (STATE, state_of(path))))


STATE = "state"


def state_of(path: str) -> str:
    """A folder's or file's modification time and size, or "absent"."""
    try:
        status = os.stat(path)
    except OSError:
        return "absent"
    return f"{status.st_mtime_ns}:{status.st_size}"


def is_directory(path: str) -> bool:
    """os.path.isdir, recorded like a read: what a run decided from it must hold again."""
    found = os.path.isdir(path)
    if reads is not None and found:
        reads.append((os.path.abspath(path), DIRECTORY))
    return found


def read_regular(path: str, max_bytes: int | None = None, roots: list[str] | None = None) -> bytes:
    """The bytes of a regular file. Raises OSError when it cannot be opened, Refused when it
    is not a regular file, is larger than `max_bytes`, or (with `roots`) lies outside them."""
    if reads is None:
        return _read_regular(path, max_bytes, roots)
    try:
        data = _read_regular(path, max_bytes, roots)
    except (OSError, Refused) as e:
        reads.append((os.path.abspath(path), e))
        raise
    reads.append((os.path.abspath(path), data))
    return data


def _read_regular(path: str, max_bytes: int | None, roots: list[str] | None) -> bytes:
    max_bytes = max_read_bytes() if max_bytes is None else max_bytes
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)  # non-blocking: opening a FIFO must not wait for a writer
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise Refused("it is a directory")
        if not stat.S_ISREG(status.st_mode):
            raise Refused("it is not a regular file (a FIFO, socket or device); ibdsl reads only regular files")
        if status.st_size > max_bytes:
            raise Refused(f"it is larger than {max_bytes} bytes, the most ibdsl reads", too_large=True)
        if roots is not None:
            _check_opened_within(fd, status, path, roots)
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:  # it grew while being read
            raise Refused(f"it is larger than {max_bytes} bytes, the most ibdsl reads", too_large=True)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _check_opened_within(fd: int, status: os.stat_result, path: str, roots: list[str]) -> None:
    """The file actually opened, not whatever the path names now, must lie inside a root."""
    try:
        real = os.readlink(f"/proc/self/fd/{fd}")  # Linux: the opened file's own path
    except OSError:
        real = os.path.realpath(path)
        try:
            now = os.stat(real)
        except OSError:
            now = None
        if now is None or (now.st_dev, now.st_ino) != (status.st_dev, status.st_ino):
            raise Refused("it changed while it was opened (a link was swapped); refusing to read it") from None
    if not any(within(real, root) for root in roots):
        raise Refused(outside_message(roots))


def expand_paths(paths: list[str]) -> list[str]:
    """Entry files for the given paths; a directory means every .ib file below it."""
    from .errors import UsageError

    files: list[str] = []
    for given in paths:
        if os.path.isdir(given):
            # A link below the directory that leads out of it is not part of it (fmt would
            # otherwise rewrite, and lint read, a file elsewhere). os.walk, not pathlib: its
            # import costs a lint a few milliseconds; neither descends into linked folders.
            inside = os.path.realpath(given)
            found = sorted(
                path
                for folder, _, names in os.walk(given)
                for path in (os.path.normpath(os.path.join(folder, name)) for name in names if name.endswith(".ib"))
                if os.path.isfile(path)
                and not any(part.startswith(".") and part not in (".", "..") for part in path.split(os.sep))
                and within(os.path.realpath(path), inside)
            )
            if not found:
                raise UsageError(f"no .ib files found under {given}")
            files.extend(found)
        elif os.path.exists(given):
            files.append(given)
        else:
            raise UsageError(f"cannot read {given}: no such file or directory")
    return files


def outside_message(roots: list[str]) -> str:

    shown = ", ".join(display_path(root) for root in roots)
    return f"it is outside the project root ({shown}); pass --root DIR or --allow-outside-root"


def read_stdin(max_bytes: int | None = None) -> bytes:
    import sys

    max_bytes = max_read_bytes() if max_bytes is None else max_bytes
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Refused(f"standard input is larger than {max_bytes} bytes, the most ibdsl reads")
    return data


def write_atomic(path: str, text: str, inside: str | None = None) -> None:
    """Replace the file at `path` (or at the target of the link `path` is) with `text`.

    `inside`: a directory the written file must lie in once links are followed."""
    write_all_atomic([(path, text)], inside)


def write_all_atomic(writes: list[tuple[str, str]], inside: str | None = None) -> None:
    """Replace each file of `writes` (path, text) as write_atomic does: every file is its old
    content or the whole new one. All new contents go to temporaries beside their targets and
    are made durable with one sync for the batch (a sync per file was a quarter of writing a
    thousand), then renamed into place in the order given. A failure removes the temporaries
    not yet renamed; the files renamed before it stay replaced."""
    import tempfile  # writers only: a lint never writes

    prepared: list[tuple[str, str]] = []  # (temporary, target)
    renamed = 0
    try:
        for path, text in writes:
            target, mode = _writable_target(path, inside)
            directory = os.path.dirname(target) or "."
            os.makedirs(directory, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=directory)
            prepared.append((temporary, target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                os.fchmod(f.fileno(), mode)
                f.write(text)
        if prepared:
            _sync(prepared[0][0])
        for temporary, target in prepared:
            os.replace(temporary, target)
            renamed += 1
    except BaseException:
        for temporary, _ in prepared[renamed:]:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
        raise


def _writable_target(path: str, inside: str | None) -> tuple[str, int]:
    """The file `path` leads to and the mode its replacement gets; Refused when it may not be written."""
    target = os.path.realpath(path)
    if inside is not None and not within(target, os.path.realpath(inside)):
        raise Refused(f"{path} leads outside {inside} (through a symbolic link); ibdsl does not write there")
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        return target, 0o666 & ~_umask()
    if not stat.S_ISREG(existing.st_mode):
        raise Refused(f"{path} is not a regular file")
    mode = stat.S_IMODE(existing.st_mode)
    if not mode & stat.S_IWUSR:
        raise Refused(f"{path} is read-only; ibdsl leaves it unchanged")
    return target, mode


def _sync(on_path: str) -> None:
    """Make what was written durable: syncfs(2) of the file system holding `on_path` where the
    C library has it (Linux), else sync(2)."""
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (ImportError, OSError, AttributeError):
        os.sync()
        return
    fd = os.open(on_path, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error))
    finally:
        os.close(fd)


def unchanged(path: str, text: str, inside: str | None = None) -> bool:
    """Whether the file `path` leads to already holds exactly `text`, so it need not be written.
    False for a file that may not be written, which the writer then refuses as before."""
    encoded = text.encode("utf-8")
    try:
        target, _mode = _writable_target(path, inside)
        if os.path.getsize(target) != len(encoded):
            return False
        with open(target, "rb") as f:
            return f.read() == encoded
    except (OSError, Refused):
        return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_temporaries(directory: str, inside: str) -> None:
    """Temporary files a killed run left in `directory` (real files are never partial)."""
    real = os.path.realpath(directory)
    if not within(real, os.path.realpath(inside)):
        return
    try:
        names = os.listdir(real)
    except OSError:
        return
    for name in names:
        if name.startswith(TEMPORARY_PREFIX) and name.endswith(TEMPORARY_SUFFIX):
            try:
                os.unlink(os.path.join(real, name))
            except OSError:
                pass


def display_path(path: str) -> str:
    """A path as a user reads it: relative to the working directory when inside it."""
    path = os.path.normpath(path)
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:
            return path
        if not rel.startswith(".."):
            return rel
    return path

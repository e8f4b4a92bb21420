"""Compile output: deterministic JSON, and OUTDIR/<kind>/<name>.json with a manifest."""

from __future__ import annotations

import json
import os

from ..files import Refused, remove_temporaries, unchanged, within, write_all_atomic


def dumps(document) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def unsafe_file_name(name: str) -> str | None:
    """Why `name` cannot be used as a file name inside OUTDIR, or None. Whatever lint said
    about the name (its findings can be suppressed), the writer refuses these."""
    if name in ("", ".", ".."):
        return "it is not a file name"
    for char in ("/", "\\", "\x00"):
        if char in name:
            return f"it contains {char!r}, so it is not a plain file name"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        return "it contains a control character"
    return None


def write_outdir(out_dir: str, document: dict) -> list[str]:
    """OUTDIR/<kind>/<name>.json per payload and OUTDIR/manifest.json; returns paths written.

    Every file lands inside OUTDIR (names are plain file names; links leading out are refused).
    Payload files listed by the previous manifest but gone from this one are removed, so the
    directory always matches its manifest; nothing else in OUTDIR is touched, nothing outside it.
    Files whose content is unchanged are not rewritten; the others are written in one batch
    (files.write_all_atomic: one sync, then the renames, the manifest last).
    Raises Refused before writing anything when a name is unsafe.
    """
    from ..domain.kinds import OUTPUT_KINDS

    for resource in document["resources"]:
        problem = unsafe_file_name(resource["name"])
        if problem:
            raise Refused(f"{resource['kind']} {resource['name']!r} cannot be written to {out_dir}: {problem}")
    os.makedirs(out_dir, exist_ok=True)
    for directory in [out_dir, *(os.path.join(out_dir, kind) for kind in OUTPUT_KINDS)]:
        remove_temporaries(directory, inside=out_dir)
    manifest_path = os.path.join(out_dir, "manifest.json")
    previous = _previous_files(out_dir, manifest_path)
    entries = []
    written = []
    writes = []
    for resource in document["resources"]:
        relative = f"{resource['kind']}/{resource['name']}.json"
        path = os.path.join(out_dir, relative)
        text = dumps(resource["payload"])
        if not unchanged(path, text, inside=out_dir):  # an unchanged payload keeps its file (and its time)
            writes.append((path, text))
        written.append(path)
        entries.append({k: resource[k] for k in ("kind", "name", "operation")} | {"file": relative})
    # The manifest last, always: once it is replaced, every file it lists is this run's.
    writes.append((manifest_path, dumps({"resources": entries})))
    written.append(manifest_path)
    write_all_atomic(writes, inside=out_dir)
    current = {e["file"] for e in entries}
    real_out = os.path.realpath(out_dir)
    for stale in sorted(previous - current):
        path = os.path.join(out_dir, stale)
        # The link itself may go (it is in OUTDIR); a directory leading out of OUTDIR may not.
        if not within(os.path.realpath(os.path.dirname(path)), real_out):
            continue
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
    return written


def _previous_files(out_dir: str, manifest_path: str) -> set[str]:
    """The payload files the previous manifest listed: only `<kind>/<plain name>.json`."""
    from ..domain.kinds import OUTPUT_KINDS
    from ..files import read_regular
    from ..safejson import JsonProblem, loads

    try:
        data = loads(read_regular(manifest_path).decode("utf-8"))
    except (OSError, Refused, JsonProblem, UnicodeDecodeError):
        return set()
    files = set()
    for entry in (
        data.get("resources", []) if isinstance(data, dict) and isinstance(data.get("resources"), list) else []
    ):
        file = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(file, str) or file.count("/") != 1:
            continue
        kind, name = file.split("/")
        if kind in OUTPUT_KINDS and name.endswith(".json") and unsafe_file_name(name[: -len(".json")]) is None:
            files.add(file)
    return files

"""Deterministic JSON and atomic writes: a file is either the old one or the whole new one."""

from __future__ import annotations

import json
import os
import tempfile


def dumps(document) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_atomic(path: str, text: str) -> None:
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".ibdsl-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def write_outdir(out_dir: str, document: dict) -> list[str]:
    """OUTDIR/<kind>/<name>.json per payload and OUTDIR/manifest.json; returns paths written.

    Payload files listed by the previous manifest but gone from this one are removed, so the
    directory always matches its manifest; nothing else in OUTDIR is touched.
    """
    manifest_path = os.path.join(out_dir, "manifest.json")
    _remove_stale_temporaries(out_dir)
    previous = _previous_files(out_dir, manifest_path)
    entries = []
    written = []
    for resource in document["resources"]:
        relative = f"{resource['kind']}/{resource['name']}.json"
        path = os.path.join(out_dir, relative)
        write_atomic(path, dumps(resource["payload"]))
        written.append(path)
        entries.append({k: resource[k] for k in ("kind", "name", "operation")} | {"file": relative})
    write_atomic(manifest_path, dumps({"resources": entries}))
    written.append(manifest_path)
    current = {e["file"] for e in entries}
    for stale in sorted(previous - current):
        try:
            os.unlink(os.path.join(out_dir, stale))
        except FileNotFoundError:
            pass
    return written


def _remove_stale_temporaries(out_dir: str) -> None:
    """Temporary files a killed run left behind (the real files are never partial)."""
    from .kinds import OUTPUT_KINDS

    for directory in [out_dir, *(os.path.join(out_dir, kind) for kind in OUTPUT_KINDS)]:
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            if name.startswith(".ibdsl-") and name.endswith(".tmp"):
                try:
                    os.unlink(os.path.join(directory, name))
                except OSError:
                    pass


def _previous_files(out_dir: str, manifest_path: str) -> set[str]:
    try:
        with open(manifest_path, encoding="utf-8") as f:
            data = json.load(f)
        return {
            e["file"]
            for e in data.get("resources", [])
            if isinstance(e, dict) and isinstance(e.get("file"), str) and ".." not in e["file"] and not os.path.isabs(e["file"])
        }
    except (OSError, ValueError, AttributeError):
        return set()

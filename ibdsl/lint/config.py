"""Lint configuration: ibdsl.toml, .ibdsl.toml or [tool.ibdsl] in pyproject.toml, found upwards.

[tool.ibdsl]                 # in ibdsl.toml and .ibdsl.toml the same keys stand at the top level
select = ["IB2", "IB4"]      # only these codes (prefixes match)
ignore = ["IB506"]           # never these
strict = false               # warnings fail too
catalog = "catalog.json"     # relative to the file that says it

[tool.ibdsl.severity]
IB506 = "error"              # error, warning or info
"""

from __future__ import annotations

import os

from ..diagnostics import UsageError
from ..projects import ConfigFile, config_file, directories_upwards

SEVERITIES = ("error", "warning", "info")
KEYS = {"select", "ignore", "strict", "catalog", "severity", "project"}  # project: projects.py


class Config:
    __slots__ = ("path", "select", "ignore", "strict", "catalog", "severity")

    def __init__(
        self,
        path: str | None = None,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] = (),
        strict: bool = False,
        catalog: str | None = None,
        severity: dict[str, str] | None = None,
    ) -> None:
        self.path, self.select, self.ignore, self.strict, self.catalog = path, select, ignore, strict, catalog
        self.severity: dict[str, str] = {} if severity is None else severity


def _codes(path: str, key: str, value) -> tuple[str, ...]:
    from .registry import is_known_prefix

    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f'{path}: {key} must be a list of rule codes such as ["IB402", "IB5"]')
    codes = tuple(v.strip().upper() for v in value)
    for code in codes:
        if not code or not is_known_prefix(code):
            raise UsageError(f"{path}: {key}: unknown rule code {code!r}; `ibdsl rules` lists them")
    return codes


def parse(path: str, table) -> Config:
    if not isinstance(table, dict):
        raise UsageError(f"{path}: the ibdsl settings must be a table ([tool.ibdsl] in pyproject.toml)")
    unknown = set(table) - KEYS
    if unknown:
        raise UsageError(
            f"{path}: unknown ibdsl setting {sorted(unknown)[0]!r}; settings are {', '.join(sorted(KEYS))}"
        )
    severity = table.get("severity", {})
    if not isinstance(severity, dict) or any(not isinstance(v, str) or v not in SEVERITIES for v in severity.values()):
        raise UsageError(f"{path}: severity maps rule codes to one of {', '.join(SEVERITIES)}")
    for code in severity:
        from .registry import CODES

        if code.upper() not in CODES:
            raise UsageError(f"{path}: severity: unknown rule code {code!r}; `ibdsl rules` lists them")
    catalog = table.get("catalog")
    if catalog is not None:
        if not isinstance(catalog, str):
            raise UsageError(f"{path}: catalog must be a path")
        catalog = os.path.join(os.path.dirname(path), catalog)
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise UsageError(f"{path}: strict must be true or false")
    return Config(
        path=path,
        select=_codes(path, "select", table["select"]) if "select" in table else None,
        ignore=_codes(path, "ignore", table.get("ignore", [])),
        strict=strict,
        catalog=catalog,
        severity={code.upper(): level for code, level in severity.items()},
    )


def config_for_directory(directory: str) -> Config:
    """The configuration that applies to files in `directory`: the nearest one upwards that
    says something about linting, no higher than the repository (projects.py says where the
    search stops). A project marker without lint keys (an empty ibdsl.toml) does not hide
    the settings above it."""
    for candidate in directories_upwards(directory):
        found = config_file(candidate)
        if found is not None and set(found.table) - {"project"}:
            return _config_of(found)
        if found is not None:
            parse(found.path, found.table)  # its own mistakes are still reported
    return Config()


def _config_of(found: ConfigFile | None) -> Config:
    if found is None:
        return Config()
    cached = _parsed.get(found.path)
    if cached is None or cached[0] is not found.table:  # read afresh since (projects.forget)
        cached = _parsed[found.path] = (found.table, parse(found.path, found.table))
    return cached[1]


_parsed: dict[str, tuple[dict, Config]] = {}


def config_for_path(path: str) -> Config:
    return config_for_directory(path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path)))

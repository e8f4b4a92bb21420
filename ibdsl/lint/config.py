"""Lint configuration: [tool.ibdsl] in pyproject.toml, or .ibdsl.toml, found upwards.

[tool.ibdsl]                 # in .ibdsl.toml the same keys stand at the top level
select = ["IB2", "IB4"]      # only these codes (prefixes match)
ignore = ["IB506"]           # never these
strict = false               # warnings fail too
catalog = "catalog.json"     # relative to the file that says it

[tool.ibdsl.severity]
IB506 = "error"              # error, warning or info
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache

from ..diagnostics import UsageError

SEVERITIES = ("error", "warning", "info")
KEYS = {"select", "ignore", "strict", "catalog", "severity"}


@dataclass(frozen=True)
class Config:
    path: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    strict: bool = False
    catalog: str | None = None
    severity: dict[str, str] = field(default_factory=dict)


def _toml(path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    from ..files import Refused, read_regular

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


def _codes(path: str, key: str, value) -> tuple[str, ...]:
    from .registry import RULES

    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f'{path}: {key} must be a list of rule codes such as ["IB402", "IB5"]')
    codes = tuple(v.strip().upper() for v in value)
    for code in codes:
        if not code or not any(rule.code.startswith(code) for rule in RULES):
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
        from .registry import BY_CODE

        if code.upper() not in BY_CODE:
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
    directory = os.path.abspath(directory)
    return _config_below(directory, _ceiling(directory, os.getcwd()))


@cache
def _config_below(directory: str, ceiling: str) -> Config:
    """The configuration that applies to files in `directory`: the nearest one upwards,
    searched no higher than the repository (the directory holding `.git`). Outside a
    repository the search stops at the working directory, or at `directory` itself when it
    is not below it: a configuration in /tmp or a parent of the workspace is not the project's."""
    while True:
        dedicated = os.path.join(directory, ".ibdsl.toml")
        if os.path.isfile(dedicated):
            return parse(dedicated, _toml(dedicated))
        pyproject = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(pyproject):
            tool = _toml(pyproject).get("tool", {})
            table = tool.get("ibdsl") if isinstance(tool, dict) else None
            if table is not None:
                return parse(pyproject, table)
        parent = os.path.dirname(directory)
        if directory == ceiling or parent == directory:
            return Config()
        directory = parent


@cache
def _ceiling(directory: str, working: str) -> str:
    """The highest directory whose configuration may apply to `directory`."""
    probe = directory
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    from ..files import within

    working = os.path.abspath(working)
    return working if within(directory, working) else directory


def config_for_path(path: str) -> Config:
    return config_for_directory(path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path)))

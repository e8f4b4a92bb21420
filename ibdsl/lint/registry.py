"""Every lint rule: one module each in lint/rules/, found by file name (ibNNN_<name>.py) and read
in code order. `ibdsl rules`, SARIF and the docs read RULES (every module imported); a lint
imports only the rules it runs (not those about kinds the project lacks), and a
compiler-reported code's module only when such a finding needs its severity: importing all 86
modules was a tenth of a one-file lint."""

from __future__ import annotations

import os
from importlib import import_module

from .. import codes

_PACKAGE = __name__.rpartition(".")[0] + ".rules"
_FOLDER = os.path.join(os.path.dirname(__file__), "rules")

MODULES = sorted(
    name[:-3] for name in os.listdir(_FOLDER) if name.startswith("ib") and name.endswith(".py")
)  # fmt: skip
# A module's name starts with its code (tests/test_rules.py checks it against RULE.code).
CODES = tuple(name.partition("_")[0].upper() for name in MODULES)
_MODULE_OF = dict(zip(CODES, MODULES))
_loaded: dict = {}


def rule(code: str):
    """The rule of `code`, its module imported on first use; None for an unknown code."""
    found = _loaded.get(code)
    if found is None and code in _MODULE_OF:
        found = _loaded[code] = import_module(f"{_PACKAGE}.{_MODULE_OF[code]}").RULE
    return found


def checked_rules(kinds_present: set[str] | None = None) -> list:
    """The rules that run checks over a compiled project, in code order; with `kinds_present`
    (block names), not those that report only on other kinds (their modules stay unread)."""
    from .rule_kinds import KINDS

    return [
        rule(code)
        for code in CODES
        if code not in codes.REPORTED_OUTSIDE_RULES
        and (kinds_present is None or code not in KINDS or not kinds_present.isdisjoint(KINDS[code]))
    ]


def default_severity(code: str) -> str:
    found = rule(code)
    return found.severity if found is not None else "error"


def is_fatal(code: str) -> bool:
    found = rule(code)
    return found is not None and found.fatal


def is_known_prefix(prefix: str) -> bool:
    """True when some rule's code starts with `prefix` (select/ignore take families: IB4, IBD)."""
    return any(code.startswith(prefix) for code in CODES)


def __getattr__(name: str):
    # Everything at once, for the readers of every rule (docs, `ibdsl rules`, SARIF, editors).
    if name == "RULES":
        return tuple(rule(code) for code in CODES)
    if name == "BY_CODE":
        return {code: rule(code) for code in CODES}
    if name == "DEFAULT_SEVERITY":
        return {code: rule(code).severity for code in CODES}
    if name == "FATAL":
        return frozenset(code for code in CODES if rule(code).fatal)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

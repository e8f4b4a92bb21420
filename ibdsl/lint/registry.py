"""Every lint rule: one module each in lint/rules/, found by name (ibNNN_<name>.py) and read
in code order. `ibdsl rules`, the linter, SARIF and the docs all read this list."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from . import rules as _package

MODULES = sorted(info.name for info in pkgutil.iter_modules(_package.__path__) if info.name.startswith("ib"))

RULES = tuple(import_module(f"{_package.__name__}.{name}").RULE for name in MODULES)
BY_CODE = {rule.code: rule for rule in RULES}
DEFAULT_SEVERITY = {rule.code: rule.severity for rule in RULES}
# Findings that stay errors whatever the configuration, and that no comment suppresses.
FATAL = frozenset(rule.code for rule in RULES if rule.fatal)

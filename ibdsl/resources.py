"""Find the grammar and the JSON Schemas, whether ibdsl runs from a checkout or a wheel.

The files live at the top of the repository (grammar/, schemas/). A wheel carries them in
ibdsl/_data/ (pyproject.toml, force-include); an editable install or a checkout reads them
from the repository itself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ibdsl installation is incomplete: no {name}/ directory found near {_PACKAGE}")


def grammar_path() -> Path:
    return data_dir("grammar") / "ibdsl.lark"


def schema_path(operation: str) -> Path:
    return data_dir("schemas") / f"{operation}.json"

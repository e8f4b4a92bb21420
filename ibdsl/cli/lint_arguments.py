"""`ibdsl lint ARGUMENTS` read without argparse, in the shapes people and hooks write: options
around one run of paths, or options then `--` then paths (pre-commit). Importing and building
argparse was about a twentieth of a one-file lint. Anything else (help, an abbreviated or
unknown option, a separate value or a path before `--` that starts with a dash, a value
argparse would refuse) gives None, and argparse reads the line with its own messages. tests/test_lint_arguments.py checks
that the two readings agree on every line this one accepts."""

from __future__ import annotations

FORMATS = ("text", "json", "sarif", "github")

# Option -> the attribute argparse stores it in (arguments.py defines the options).
VALUE_OPTIONS = {
    "--region": "region",
    "--account": "account",
    "--var": "variables",
    "--var-file": "var_files",
    "--root": "roots",
    "--format": "format",
    "--select": "select",
    "--ignore": "ignore",
    "--catalog": "catalog",
}
REPEATED = frozenset(("variables", "var_files", "roots"))
FLAGS = {"--allow-outside-root": "allow_outside_root", "--strict": "strict", "--no-cache": "no_cache"}


def defaults() -> dict:
    """What argparse sets when no option is given (fresh lists each time)."""
    return {
        "command": "lint", "region": None, "account": None, "variables": [], "var_files": [], "roots": [],
        "allow_outside_root": False, "format": "text", "select": None, "ignore": (), "strict": None,
        "catalog": None, "no_cache": False,
    }  # fmt: skip


def rule_codes(text: str) -> tuple[tuple[str, ...], str | None]:
    """The codes or prefixes of a --select/--ignore value, and the first unknown one (or None)."""
    from ..lint.registry import is_known_prefix

    codes = tuple(part.strip().upper() for part in text.split(",") if part.strip())
    return codes, next((code for code in codes if not is_known_prefix(code)), None)


def read(arguments: list[str]) -> dict | None:
    """The attributes argparse would give `lint ARGUMENTS` (without `run`), or None."""
    values = defaults()
    paths: list[str] = []
    after_paths = False
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        index += 1
        if argument == "--":
            rest = arguments[index:]
            if paths or not rest or "--" in rest:
                return None
            paths = rest
            break
        if not argument.startswith("-"):
            if after_paths:
                return None  # argparse takes one run of paths; a second is an error there
            paths.append(argument)
            continue
        after_paths = bool(paths)
        name, equals, value = argument.partition("=")
        if equals and value == "--":
            return None  # argparse drops it; main() refuses the line before either reads it
        if name in FLAGS and not equals:
            values[FLAGS[name]] = True
        elif name in VALUE_OPTIONS:
            if not equals:
                if index == len(arguments) or arguments[index].startswith("-"):
                    return None
                value = arguments[index]
                index += 1
            if not _store(values, VALUE_OPTIONS[name], value):
                return None
        else:
            return None
    if not paths:
        return None
    values["paths"] = paths
    return values


def _store(values: dict, attribute: str, value: str) -> bool:
    if attribute in REPEATED:
        values[attribute].append(value)
    elif attribute == "format":
        if value not in FORMATS:
            return False
        values[attribute] = value
    elif attribute in ("select", "ignore"):
        codes, unknown = rule_codes(value)
        if unknown is not None:
            return False
        values[attribute] = codes
    else:
        values[attribute] = value
    return True

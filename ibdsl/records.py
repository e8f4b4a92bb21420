"""Plain records. The small classes of the lint path are written out with __slots__ instead
of made by @dataclass: importing dataclasses (with inspect, ast, dis and tokenize) and
generating each class's methods cost a cold one-file lint about a fifth of its time. What
dataclasses gave them that something still uses is here."""

from __future__ import annotations


def replace(record, /, **changes):
    """A copy of `record` with `changes`, as dataclasses.replace made: its class's __init__
    takes each of its __slots__ by name."""
    kind = type(record)
    values = {name: getattr(record, name) for name in kind.__slots__}
    values.update(changes)
    return kind(**values)


def fields_repr(record) -> str:
    """`Name(field=value, ...)`, the repr dataclasses wrote."""
    kind = type(record)
    return f"{kind.__qualname__}({', '.join(f'{name}={getattr(record, name)!r}' for name in kind.__slots__)})"

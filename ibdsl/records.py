"""Plain records. The small classes of the lint path are written out with __slots__ instead
of made by @dataclass: importing dataclasses (with inspect, ast, dis and tokenize) and
generating each class's methods cost a cold one-file lint about a fifth of its time. What
dataclasses gave them that something still uses is here, and NamedTuple, typing's way of
declaring a named tuple without importing typing."""

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


class _NamedTupleMeta(type):
    """typing.NamedTuple's way of making a class (fields from the annotations, defaults from
    the values given) without typing, whose import and per-field forward references cost a
    cold lint about 6 ms."""

    def __new__(mcs, name: str, bases: tuple, namespace: dict):
        if not bases:
            return super().__new__(mcs, name, bases, namespace)
        from collections import namedtuple

        fields = list(namespace.get("__annotations__", {}))
        defaults = [namespace[field] for field in fields if field in namespace]
        made = namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
        for key, value in namespace.items():
            if key not in fields and key not in ("__module__", "__annotations__"):
                setattr(made, key, value)
        made.__annotations__ = namespace.get("__annotations__", {})
        return made


class NamedTuple(metaclass=_NamedTupleMeta):
    """Subclass as typing.NamedTuple: `class Span(NamedTuple): path: str ...`."""

"""ibdsl.records.NamedTuple declares named tuples as typing.NamedTuple does, without typing."""

from __future__ import annotations

import typing

from ibdsl.records import NamedTuple


class Point(NamedTuple):
    """A point."""

    x: int
    y: int = 0
    label: str = ""  # a default after a default

    def moved(self, dx: int) -> Point:
        return self._replace(x=self.x + dx)


class TypedPoint(typing.NamedTuple):
    """A point."""

    x: int
    y: int = 0
    label: str = ""

    def moved(self, dx: int) -> TypedPoint:
        return self._replace(x=self.x + dx)


def test_the_same_tuple_as_typing_makes():
    for kind in (Point, TypedPoint):
        point = kind(1, label="a")
        assert point == (1, 0, "a") and hash(point) == hash((1, 0, "a")) and isinstance(point, tuple)
        assert kind._fields == ("x", "y", "label") and kind._field_defaults == {"y": 0, "label": ""}
        assert kind.__match_args__ == ("x", "y", "label") and kind.__doc__ == "A point."
        assert type(point.moved(2)) is kind and point.moved(2) == (3, 0, "a")
        assert repr(point) == f"{kind.__name__}(x=1, y=0, label='a')"
        assert kind.__module__ == __name__ and kind.__qualname__ == kind.__name__
        assert list(kind.__annotations__) == ["x", "y", "label"]
        assert not hasattr(point, "__dict__")
        match point:
            case kind(x, y, label):
                assert (x, y, label) == (1, 0, "a")

"""EC2's per-volume-type limits (layer 2), from data/limits.json."""

from __future__ import annotations

from ..limits import limit


def type_limits(volume_type) -> dict | None:
    """Limits of a known volume type; None when the type is unset or unknown (nothing to check)."""
    if not isinstance(volume_type, str):
        return None
    return limit("ebs", "types").get(volume_type)


def number(value) -> int | None:
    return value if type(value) is int else None


def fmt(value) -> str:
    return f"{value:,}"


def settable(field: str) -> list[str]:
    return [name for name, spec in limit("ebs", "types").items() if field in spec]

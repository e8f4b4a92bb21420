"""Pipeline schedules as Image Builder reads them: six-field cron, rate(), IANA time zones.

Facts: the user guide's cron-expressions page (fields, wildcards, the Day / Day-of-week `?`
rule, L, W, #), botocore 1.44.8's Schedule shape (rate expressions, time zones), and the
service's answer to a five-field expression since 2021 (STACK.md section 3). No cron library
implements this dialect exactly, so this is the small grammar, tested with the documented
examples (tests/rules/IB801.toml).
"""

from __future__ import annotations

import re

from ..naming import close_matches
from ..records import NamedTuple

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")  # 1 = Sunday


class Field(NamedTuple):
    name: str
    low: int
    high: int
    names: tuple[str, ...]
    special: str  # what beyond , - * / the field takes


FIELDS = (
    Field("minute", 0, 59, (), ""),
    Field("hour", 0, 23, (), ""),
    Field("day", 1, 31, (), "?LW"),
    Field("month", 1, 12, MONTHS, ""),
    Field("day-of-week", 1, 7, WEEKDAYS, "?L#"),
    Field("year", 1970, 2199, (), ""),
)
SIX_FIELDS = " ".join(field.name for field in FIELDS)


class Problem(NamedTuple):
    offset: int  # where in the expression (0-based), for a caret inside the string
    length: int
    message: str


_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")


def expression_problems(expression: str) -> list[Problem]:
    """What the service would refuse in a schedule expression, each at its place."""
    if expression.startswith("rate("):
        match = _RATE.fullmatch(expression)
        if match is None:
            return [Problem(0, len(expression), "a rate expression is rate(N minutes|hours|days), such as rate(1 day)")]
        value, unit = int(match.group(1)), match.group(2)
        if value < 1:
            return [Problem(5, len(match.group(1)), "a rate is at least 1")]
        if (value == 1) != (not unit.endswith("s")):
            fixed = unit.rstrip("s") if value == 1 else unit + "s"
            return [Problem(match.start(2), len(unit), f"write rate({value} {fixed})")]
        return []
    if not (expression.startswith("cron(") and expression.endswith(")")):
        return [Problem(0, len(expression), "a schedule is cron(...) with six fields, or rate(...)")]
    inner = expression[5:-1]
    if inner != inner.strip() or "  " in inner:
        return [Problem(5, len(inner), "cron fields are separated by one space, with none around them")]
    fields = inner.split(" ")
    if len(fields) == 5:
        return [Problem(5, len(inner), f"a cron expression has six fields ({SIX_FIELDS}); this one has five, "
                        f"the year is missing{_six(fields)}")]  # fmt: skip
    if len(fields) != 6:
        return [Problem(5, len(inner), f"a cron expression has six fields ({SIX_FIELDS}); this one has {len(fields)}")]
    problems, offset = [], 5
    starts = []
    for field, text in zip(FIELDS, fields):
        starts.append(offset)
        message = _field_problem(field, text)
        if message:
            problems.append(Problem(offset, len(text), f"{field.name} {text!r}: {message}"))
        offset += len(text) + 1
    day, weekday = fields[2], fields[4]
    if not problems and (day == "?") == (weekday == "?"):
        message = (
            "day and day-of-week are both ?: give one of them a value"
            if day == "?"
            else "day and day-of-week cannot both be set: write ? in one of them, such as cron(0 10 * * ? *)"
        )
        problems.append(Problem(starts[2], starts[4] + len(weekday) - starts[2], message))
    return problems


def _six(fields: list[str]) -> str:
    """The six-field form of a five-field (Unix) expression, when it can be said exactly."""
    minute, hour, day, month, weekday = fields
    if day not in ("*", "?") and weekday not in ("*", "?"):
        return "; Image Builder cannot run on both a day of the month and a weekday: choose one"
    if weekday in ("*", "?"):
        weekday, day = "?", day if day != "?" else "*"
    else:
        day = "?"
        # Unix cron counts weekdays from 0 = Sunday, Image Builder from 1 = Sunday: names say it once.
        weekday = re.sub(r"\d", lambda m: UNIX_WEEKDAYS[int(m.group())], weekday)
    return f": cron({minute} {hour} {day} {month} {weekday} *)"


UNIX_WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def _field_problem(field: Field, text: str) -> str | None:
    for item in text.split(","):
        message = _item_problem(field, item)
        if message:
            return message
    return None


def _item_problem(field: Field, item: str) -> str | None:
    if not item:
        return "an empty list item"
    if item == "?":
        return None if "?" in field.special else "? is only for day and day-of-week"
    if field.name == "day" and (item in ("L", "LW") or re.fullmatch(r"\d+W", item)):
        return _value_problem(field, item[:-1]) if item[-1] == "W" and item != "LW" else None
    if field.name == "day-of-week":
        if item == "L":
            return None
        if item.endswith("L"):
            return _value_problem(field, item[:-1])
        if "#" in item:
            day, _, nth = item.partition("#")
            if nth not in ("1", "2", "3", "4", "5"):
                return f"# is followed by 1 to 5 (the nth such weekday of the month); got #{nth}"
            return _value_problem(field, day)
    base, slash, step = item.partition("/")
    if slash:
        if not step.isdigit() or int(step) < 1:
            return f"a step after / is a whole number, at least 1; got {step!r}"
    if base == "*":
        return None
    low, dash, high = base.partition("-")
    return _value_problem(field, low) or (_value_problem(field, high) if dash else None)


def _value_problem(field: Field, value: str) -> str | None:
    if value.upper() in field.names:
        return None
    if value.isdigit() and value.isascii():
        if field.low <= int(value) <= field.high:
            return None
        return f"{value} is outside {field.low}-{field.high}"
    names = f" or {field.names[0]}-{field.names[-1]}" if field.names else ""
    allowed = f"{field.low}-{field.high}{names}, with , - * /" + (
        f" {' '.join(field.special)}" if field.special else ""
    )
    return f"{value!r} is not a {field.name} value ({allowed})"


def numeric_weekday_range(expression: str) -> tuple[int, int, str] | None:
    """(offset, length, text) of a numeric day-of-week range in a cron expression, if any:
    sources disagree on whether 1 is Sunday or Monday, names do not."""
    if not expression.startswith("cron(") or expression_problems(expression):
        return None
    fields = expression[5:-1].split(" ")
    weekday = fields[4]
    if re.search(r"(^|,)\d-\d", weekday):
        return 5 + sum(len(f) + 1 for f in fields[:4]), len(weekday), weekday
    return None


def timezone_problem(name: str) -> str | None:
    """Why `name` is not an IANA time zone (with the nearest one), if it is not; None also when
    this machine has no time zone database to check against."""
    import zoneinfo

    known = zoneinfo.available_timezones()
    if not known or name in known:
        return None
    guess = close_matches(name, known)
    return f"{name!r} is not an IANA time zone" + (f"; did you mean {guess[0]}?" if guess else "")

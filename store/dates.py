"""Dates as people type them, and dates as people like to read them.

ISO and the relative phrases are handled here; only other absolute forms ("31 Mar 2027")
go to dateutil, asked twice with different defaults so that a field it had to invent is
noticed and refused instead of silently filled in from today.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from careerplan.store.errors import DateParseError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_ABBR = {d[:3]: i for i, d in enumerate(WEEKDAYS)} | {d: i for i, d in enumerate(WEEKDAYS)}
_UNITS = {
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "wk": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "m": "months",
    "mo": "months",
    "month": "months",
    "months": "months",
    "y": "years",
    "yr": "years",
    "year": "years",
    "years": "years",
}
_RELATIVE = re.compile(r"^(?:in\s+)?([+-])?\s*(\d{1,6})\s*([a-z]+)(?:\s+(ago|from now))?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})$")
_HINT = "try 2027-03-31, 31 Mar 2027, +2w, in 10 days, tomorrow, next friday or end of quarter"
MAX_INPUT = 64


def parse_when(text: str, today: date, field: str = "deadline") -> date:
    """Read a date as typed; raise DateParseError rather than guess."""
    if not isinstance(text, str):
        raise DateParseError(repr(text), f"expected text, got {type(text).__name__}", field)
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise DateParseError(text, "empty date", field)
    if len(raw) > MAX_INPUT:
        raise DateParseError(text, "too long to be a date", field)
    try:
        found = _iso(raw) or _named(raw, today) or _relative(raw, today) or _absolute(raw, text)
    except DateParseError as error:
        error.field = field
        raise
    except (ValueError, OverflowError, TypeError, ArithmeticError) as error:
        raise DateParseError(
            text, f"cannot read {text.strip()!r} as a date ({error})", field
        ) from None
    if found is None:
        raise DateParseError(text, f"cannot read {text.strip()!r} as a date; {_HINT}", field)
    return found


def _iso(raw: str) -> date | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise DateParseError(raw, f"{raw!r} is not a day of the calendar") from None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}t[\d:.+z-]+", raw):
        return datetime.fromisoformat(raw.upper()).date()
    return None


def _add(today: date, amount: int, unit: str) -> date:
    from dateutil.relativedelta import relativedelta

    return today + relativedelta(**{unit: amount})  # type: ignore[arg-type]


def _named(raw: str, today: date) -> date | None:
    from dateutil.relativedelta import relativedelta

    simple = {"today": 0, "tomorrow": 1, "yesterday": -1, "now": 0}
    if raw in simple:
        return _add(today, simple[raw], "days")
    if raw in ("next week", "next month", "next year"):
        return _add(today, 1, raw.split()[1] + "s")
    words = raw.split()
    if (
        len(words) in (1, 2)
        and words[-1] in _WEEKDAY_ABBR
        and words[0] in (words[-1], "next", "this")
    ):
        wanted = _WEEKDAY_ABBR[words[-1]]
        ahead = (wanted - today.weekday()) % 7
        if words[0] == "next" or ahead == 0:
            ahead = ahead or 7
        return today + relativedelta(days=ahead)
    ends = re.fullmatch(
        r"(?:the\s+)?end\s+of\s+(?:the\s+)?(?:(this|next)\s+)?(week|month|quarter|year)", raw
    )
    if ends:
        shift, unit = ends.groups()
        base = today
        if shift == "next":
            base = _add(
                today, 3 if unit == "quarter" else 1, "months" if unit == "quarter" else unit + "s"
            )
        return _end_of(base, unit)
    return None


def _end_of(day: date, unit: str) -> date:
    from dateutil.relativedelta import relativedelta

    if unit == "week":
        return day + relativedelta(days=6 - day.weekday())
    if unit == "month":
        return day + relativedelta(day=31)
    if unit == "quarter":
        last_month = ((day.month - 1) // 3 + 1) * 3
        return day + relativedelta(month=last_month, day=31)
    return date(day.year, 12, 31)


def _relative(raw: str, today: date) -> date | None:
    match = _RELATIVE.match(raw)
    if not match:
        return None
    sign, number, unit, suffix = match.groups()
    if unit not in _UNITS:
        return None
    if sign is None and not raw.startswith("in ") and suffix is None:
        raise DateParseError(
            raw, f"{raw!r} has no direction; did you mean +{raw} (or -{raw}, or in {raw})?"
        )
    amount = int(number) * (-1 if sign == "-" or suffix == "ago" else 1)
    return _add(today, amount, _UNITS[unit])


def _absolute(raw: str, original: str) -> date | None:
    if not re.search(r"\d", raw) or not re.search(r"[a-z]|\d[/.]\d", raw):
        return None
    slashed = _SLASHED.match(raw)
    dayfirst = True
    if slashed:
        first, second = int(slashed.group(1)), int(slashed.group(2))
        if first <= 12 and second <= 12 and first != second:
            raise DateParseError(
                original,
                f"{original.strip()!r} is ambiguous (day/month or month/day?); write it as ISO, "
                "e.g. 2027-03-31, or with the month's name",
            )
        dayfirst = first > 12 or second <= 12
    from dateutil import parser

    one = parser.parse(raw, default=datetime(1904, 1, 1), dayfirst=dayfirst)
    two = parser.parse(raw, default=datetime(1908, 12, 28), dayfirst=dayfirst)
    missing = [
        name for name in ("year", "month", "day") if getattr(one, name) != getattr(two, name)
    ]
    if missing:
        raise DateParseError(
            original,
            f"{original.strip()!r} has no {' or '.join(missing)}; "
            "give a full date such as 31 Mar 2027",
        )
    return one.date()


def to_date(value: str | date | None) -> date | None:
    """A stored ISO date or timestamp as a date; None when absent or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def relative(day: date, today: date) -> str:
    """'due in 3 days', '5 days overdue', 'due today': how far a deadline is from today."""
    delta = (day - today).days
    if delta == 0:
        return "due today"
    if delta == 1:
        return "due tomorrow"
    if delta == -1:
        return "1 day overdue"
    if delta < 0:
        return f"{_span(-delta)} overdue"
    return f"due in {_span(delta)}"


def duration(start: date, today: date) -> str:
    """'2 years 3 months': how long since a date, for 'in role since'."""
    from dateutil.relativedelta import relativedelta

    span = relativedelta(today, start)
    parts = []
    if span.years:
        parts.append(f"{span.years} year{'s' if span.years != 1 else ''}")
    if span.months:
        parts.append(f"{span.months} month{'s' if span.months != 1 else ''}")
    if not parts:
        days = (today - start).days
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return " ".join(parts)


def _span(days: int) -> str:
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"{days // 7} weeks"
    if days < 730:
        return f"{days // 30} months"
    return f"{days // 365} years"

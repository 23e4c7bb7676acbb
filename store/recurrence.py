"""Repeating dates: what a person types ("every 2nd Tuesday", "monthly until 2027-06-30"), the
RRULE it stands for (RFC 5545, what a calendar reads), the rule in words, and the next date.

A recurring card's dates are days, not times: a change of daylight saving time moves nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from careerplan.store.dates import parse_when

FREQS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
WORDS = {
    "daily": ("DAILY", 1),
    "weekly": ("WEEKLY", 1),
    "biweekly": ("WEEKLY", 2),
    "fortnightly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
    "yearly": ("YEARLY", 1),
    "annually": ("YEARLY", 1),
}
DAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
DAY_NAMES = {code: name.capitalize() for name, code in DAYS.items()}
NTH = {"other": 2, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
EXAMPLES = "weekly, every 2nd Tuesday, every 3 weeks, monthly until 2027-06-30, daily 10 times"


class RuleError(ValueError):
    """What was typed is no rule this module reads; the message says what would be."""


def parse_rule(text: str, today: date) -> str:
    """The RRULE (without the 'RRULE:' prefix) for what was typed, or RuleError."""
    said = " ".join(str(text).strip().split())
    if not said:
        raise RuleError("empty")
    if "FREQ=" in said.upper():
        rule = said.upper().removeprefix("RRULE:")
        _check(rule)
        return rule
    parts: dict[str, str] = {}
    lowered = said.lower()
    until = re.search(r"\s+until\s+(.+)$", lowered)
    if until:
        try:
            parts["UNTIL"] = parse_when(until.group(1), today).strftime("%Y%m%d")
        except ValueError as error:
            raise RuleError(f"until what? {error}") from None
        lowered = lowered[: until.start()]
    count = re.search(r"\s+(?:x\s*)?(\d+)\s*(?:times|x)?$", lowered)
    if count and not re.fullmatch(r"every\s+\d+", lowered.strip()):
        parts["COUNT"] = str(int(count.group(1)))
        lowered = lowered[: count.start()]
    parts = {**_frequency(lowered.strip()), **parts}
    rule = ";".join(f"{key}={value}" for key, value in parts.items())
    _check(rule)
    return rule


def _frequency(said: str) -> dict[str, str]:
    if said in WORDS:
        freq, interval = WORDS[said]
        return _with_interval({"FREQ": freq}, interval)
    words = said.split()
    if not words or words[0] != "every" or len(words) < 2:
        raise RuleError(f"{said!r} is no rule I can read; try {EXAMPLES}")
    words = words[1:]
    interval = 1
    if words[0].isdigit():
        interval = int(words[0])
        words = words[1:]
    elif words[0] in NTH:
        interval = NTH[words[0]]
        words = words[1:]
    if not words:
        raise RuleError(f"every {interval} what? try {EXAMPLES}")
    unit = words[0].rstrip("s") if words[0] not in DAYS else words[0]
    for freq, name in FREQS.items():
        if unit == name and len(words) == 1:
            return _with_interval({"FREQ": freq}, interval)
    days = [w.strip(",") for w in words if w not in ("and", ",")]
    days = [d[:-1] if d.endswith("s") and d[:-1] in DAYS else d for d in days]
    if days and all(d in DAYS for d in days):
        rule = _with_interval({"FREQ": "WEEKLY"}, interval)
        rule["BYDAY"] = ",".join(DAYS[d] for d in days)
        return rule
    raise RuleError(f"{said!r} is no rule I can read; try {EXAMPLES}")


def _with_interval(rule: dict[str, str], interval: int) -> dict[str, str]:
    if interval < 1:
        raise RuleError("the interval must be 1 or more")
    if interval > 1:
        rule["INTERVAL"] = str(interval)
    return rule


def _check(rule: str) -> None:
    from dateutil.rrule import rrulestr  # here: most plans repeat nothing, glance stays quick

    try:
        parsed = rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError) as error:
        raise RuleError(f"not a rule: {error}") from None
    if getattr(parsed, "_freq", 0) > 3:  # hourly and finer: a card's dates are days
        raise RuleError("a rule repeats daily at most")


def rule_is_sound(rule: str) -> bool:
    """A rule kept in a file (checked on every read): one this module wrote, or an RRULE a
    calendar would read, or a word of the older meeting rhythms (weekly, monthly)."""
    try:
        parse_rule(rule, date(2000, 1, 1))
    except RuleError:
        return False
    return True


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def describe(rule: str) -> str:
    """'every 2nd Tuesday', 'weekly', 'every 3 months until 30 Jun 2027', '10 times daily'."""
    parts = _parts(rule)
    unit = FREQS.get(parts.get("FREQ", ""), "time")
    interval = int(parts.get("INTERVAL", "1") or 1)
    days = [DAY_NAMES.get(d[-2:], d) for d in parts.get("BYDAY", "").split(",") if d]
    if days:
        nth = {1: "", 2: "2nd ", 3: "3rd "}.get(interval, f"{interval}th ")
        words = f"every {nth}{' and '.join(days)}"
    elif interval == 1:
        words = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}[unit]
    else:
        words = f"every {interval} {unit}s"
    if parts.get("UNTIL"):
        until = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d")
        words += f" until {until:%d %b %Y}"
    if parts.get("COUNT"):
        words += f", {parts['COUNT']} times"
    return words


def anchored(rule: str, start: date) -> str:
    """The rule as it runs from `start`. Monthly from the 29th-31st is the month's last day
    when it is shorter (31 Jan, 28 Feb, 31 Mar): RFC 5545 would skip those months."""
    parts = _parts(rule)
    pinned = any(key in parts for key in ("BYDAY", "BYMONTHDAY", "BYSETPOS"))
    if parts.get("FREQ") == "MONTHLY" and start.day > 28 and not pinned:
        days = ",".join(str(day) for day in range(28, start.day + 1))
        return f"{rule};BYMONTHDAY={days};BYSETPOS=-1"
    return rule


def next_after(rule: str, start: date, after: date) -> date | None:
    """The rule's first date after `after`, counted from `start` (a COUNT counts from there);
    None when the rule has ended."""
    from dateutil.rrule import rrulestr

    series = rrulestr(anchored(rule, start), dtstart=datetime(start.year, start.month, start.day))
    found = series.after(datetime(after.year, after.month, after.day), inc=False)
    return found.date() if found else None

"""When the next review is due: the date the last review set, else the cadence (dateutil rrule)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from careerplan.store.dates import to_date
from careerplan.store.shapes import Record, Snapshot

CADENCE_RULES = {
    # name: (frequency, interval)
    "weekly": ("WEEKLY", 1),
    "biweekly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
}


def next_by_cadence(
    cadence: str | None, last: date | None, today: date, weekday: int | None = None
) -> date | None:
    """The first cadence date after the last review (or from today when there was none)."""
    if cadence not in CADENCE_RULES:
        return None
    from dateutil import rrule

    freq_name, interval = CADENCE_RULES[cadence]
    start = last or today
    kwargs: Record = {"interval": interval, "dtstart": datetime.combine(start, datetime.min.time())}
    if freq_name == "WEEKLY":
        # "every second Friday": the Friday after the week that follows the last review
        kwargs["byweekday"] = weekday if weekday is not None else start.weekday()
        kwargs["interval"] = 1
        if last is not None:
            start = last + timedelta(weeks=interval - 1)
            kwargs["dtstart"] = datetime.combine(start, datetime.min.time())
    else:
        kwargs["bymonthday"] = start.day if start.day <= 28 else -1  # month ends stay month ends
    rule = rrule.rrule(getattr(rrule, freq_name), **kwargs)
    after = datetime.combine(start, datetime.min.time())
    found = rule.after(after, inc=last is None)
    return found.date() if found else None


def next_review(snapshot: Snapshot, today: date) -> date | None:
    """The next review: what the latest review set, else the settings' cadence."""
    reviews = sorted(snapshot.get("review", []), key=lambda r: (r.get("date") or "", r["id"]))
    latest = reviews[-1] if reviews else None
    if latest is not None and to_date(latest.get("next_date")):
        return to_date(latest["next_date"])
    settings = (snapshot.get("settings") or [{}])[0]
    last = to_date(latest.get("date")) if latest else None
    return next_by_cadence(
        settings.get("review_cadence"), last, today, settings.get("review_weekday")
    )

"""The plan's dates for a calendar (iCalendar): actions and goals with a deadline as to-dos
(a repeating card with its RRULE),
milestones as all-day events, the review cadence and each mentor's meeting rhythm as one
repeating event each.

A calendar that imports the file twice, or subscribes to it, must see one copy of each item:
every UID is the record's kind and id and a random id of the plan, kept in its meta, and is
the same at every export. Done items say so (STATUS:COMPLETED, COMPLETED: when)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from careerplan.store import rules
from careerplan.store.cadence import CADENCE_RULES
from careerplan.store.dates import to_date
from careerplan.store.recurrence import anchored
from careerplan.store.shapes import Record
from careerplan.store.text import printable

if TYPE_CHECKING:
    from careerplan.store.plan import Plan

TODO_STATUS = {"backlog": "NEEDS-ACTION", "todo": "NEEDS-ACTION", "doing": "IN-PROCESS"}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def plan_id(meta: Record) -> str:
    """The plan's own id: kept in meta since plans carry one; for an older plan, one derived
    from when it was made, which is as stable."""
    if meta.get("plan_id"):
        return str(meta["plan_id"])
    return hashlib.sha256(str(meta.get("created_at", "")).encode()).hexdigest()[:16]


def _text(value: object) -> str:
    return printable(str(value or ""), one_line=True)


def _alarm(component: Any, before: timedelta | None) -> None:
    if before is None:
        return
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", component.get("summary", "careerplan"))
    alarm.add("trigger", -before)
    component.add_component(alarm)


def _done(todo: Any, day: date | None) -> None:
    todo.add("status", "COMPLETED")
    if day is not None:
        todo.add("completed", datetime.combine(day, time(12, 0), tzinfo=UTC))
        todo.add("percent-complete", 100)


def _rrule(cadence: str | None, weekday: int | None) -> Record | None:
    if cadence not in CADENCE_RULES:
        return None
    frequency, interval = CADENCE_RULES[cadence]
    rule: Record = {"freq": frequency, "interval": interval}
    if frequency == "WEEKLY" and weekday is not None:
        rule["byday"] = WEEKDAYS[weekday]
    return rule


def _recur(rule: str) -> Any:
    """A stored rule (store/recurrence.py writes RRULE text) as icalendar's value."""
    from icalendar import vRecur

    return vRecur.from_ical(rule)


def _first(rule: str | dict[str, Any], start: date) -> date:
    """The rule's first date from `start`: a repeating event starts on one of its own dates
    (calcurse refuses one whose start the rule does not hit, and RFC 5545 asks for it)."""
    from icalendar import vRecur

    from careerplan.store.recurrence import next_after

    text = rule if isinstance(rule, str) else vRecur(rule).to_ical().decode()  # type: ignore[no-untyped-call]
    return next_after(text, start, start - timedelta(days=1)) or start


def export_ics(plan: Plan, today: date, alarm: timedelta | None = None) -> bytes:
    from icalendar import Calendar, Event, Todo

    snapshot = plan.snapshot(events=False)
    ident = plan_id(plan.meta())
    stamp = datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//careerplan//careerplan//EN")
    calendar.add("version", "2.0")

    def uid(kind: str, key: object) -> str:
        return f"careerplan-{kind}-{key}-{ident}@careerplan"

    for kind, title_field in (("action", "title"), ("goal", "title")):
        for record in snapshot.get(kind, []):
            deadline = to_date(record.get("deadline"))
            if deadline is None:
                continue
            todo = Todo()
            todo.add("uid", uid(kind, record["id"]))
            todo.add("dtstamp", stamp)
            todo.add("summary", _text(record.get(title_field)))
            todo.add("due", deadline)
            if kind == "action" and record.get("recur") and record.get("column") != "done":
                start = to_date(record.get("recur_from")) or deadline
                todo.add("dtstart", deadline)
                todo.add("rrule", _recur(anchored(record["recur"], start)))
            if kind == "action" and record.get("column") == "done":
                _done(todo, to_date(record.get("done_at")))
            elif kind == "goal" and record.get("status") == "achieved":
                _done(todo, to_date(record.get("updated_at")))
            elif kind == "goal" and record.get("status") == "dropped":
                todo.add("status", "CANCELLED")
            else:
                todo.add("status", TODO_STATUS.get(str(record.get("column")), "NEEDS-ACTION"))
                _alarm(todo, alarm)
            if record.get("specific"):
                todo.add("description", printable(str(record["specific"])))
            todo.add("categories", ["careerplan", kind])
            calendar.add_component(todo)
    for milestone in snapshot.get("milestone", []):
        day = to_date(milestone.get("date"))
        if day is None:
            continue
        event = Event()
        event.add("uid", uid("milestone", milestone["id"]))
        event.add("dtstamp", stamp)
        event.add("summary", "Milestone: " + _text(milestone.get("title")))
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    settings = (snapshot.get("settings") or [{}])[0]
    review = rules.next_review(snapshot, today)
    if review is not None:
        event = Event()
        event.add("uid", uid("review", "cadence"))  # one event, whatever its next date
        event.add("dtstamp", stamp)
        event.add("summary", "Career plan review")
        rule = _rrule(settings.get("review_cadence"), settings.get("review_weekday"))
        event.add("dtstart", _first(rule, review) if rule else review)
        if rule:
            event.add("rrule", rule)
        _alarm(event, alarm)
        calendar.add_component(event)
    for person in snapshot.get("person", []):
        rule = (
            _recur(person["rhythm"])
            if person.get("rhythm")
            else _rrule(person.get("cadence"), None)
        )
        if rule is None or person.get("role") not in ("mentor", "manager", "coach"):
            continue
        event = Event()
        event.add("uid", uid("person", person["id"]))
        event.add("dtstamp", stamp)
        event.add("summary", f"1:1 with {_text(person.get('name'))}")
        start = to_date(person.get("created_at")) or today  # the same at each export
        event.add("dtstart", _first(rule, start))
        event.add("rrule", rule)
        _alarm(event, alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def write(plan: Plan, today: date, alarm: timedelta | None = None) -> bytes:
    return export_ics(plan, today, alarm)

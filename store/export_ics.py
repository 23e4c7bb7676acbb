"""The plan's dates for a calendar (iCalendar): actions and goals with a deadline as to-dos
(a repeating card with its RRULE),
milestones as all-day events, the review cadence and each mentor's meeting rhythm as one
repeating event each.

A calendar that imports the file twice, or subscribes to it, must see one copy of each item:
every UID is the record's kind and id and a random id of the plan, kept in its meta, and is
the same at every export. Done items say so (STATUS:COMPLETED, COMPLETED: when)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
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


def _line(name: str, value: str) -> bytes:
    """One content line, folded by icalendar where it is longer than RFC 5545 allows."""
    line = f"{name}:{value}"
    if len(line) <= 75 and line.isascii():
        return line.encode() + b"\r\n"
    from icalendar.parser.content_line import Contentline

    return bytes(Contentline(line).to_ical()) + b"\r\n"  # type: ignore[no-untyped-call]


class _Todos:
    """The to-dos written line by line, a card at a time, each value encoded by icalendar's
    own types: a component object per card made the export of a big plan slow and large
    (bench/NOTES.md), and a calendar reads the same lines."""

    def __init__(
        self, uid: Callable[[str, object], str], stamp: datetime, alarm: timedelta | None
    ) -> None:
        from icalendar import vDatetime, vDuration, vText

        self.uid, self.text = uid, vText
        stamped: bytes = vDatetime(stamp).to_ical()  # type: ignore[no-untyped-call]
        self.stamp = b"DTSTAMP:" + stamped + b"\r\n"
        before = None if alarm is None else vDuration(-alarm).to_ical()  # type: ignore[no-untyped-call]
        self.alarm = None if before is None else before.decode()

    def escaped(self, value: str) -> str:
        return str(self.text(value).to_ical().decode())

    def lines(self, kind: str, record: Record, deadline: date) -> list[bytes]:
        summary = self.escaped(_text(record.get("title")))
        due = deadline.strftime("%Y%m%d")
        out = [b"BEGIN:VTODO\r\n", b"CATEGORIES:careerplan," + kind.encode() + b"\r\n"]
        out.append(self.stamp)
        if kind == "action" and record.get("recur") and record.get("column") != "done":
            start = to_date(record.get("recur_from")) or deadline
            out.append(b"DTSTART;VALUE=DATE:" + due.encode() + b"\r\n")
            out.append(_line("RRULE", _recur(anchored(record["recur"], start)).to_ical().decode()))
        out.append(b"DUE;VALUE=DATE:" + due.encode() + b"\r\n")
        if record.get("specific"):
            out.append(_line("DESCRIPTION", self.escaped(printable(str(record["specific"])))))
        status = _status(kind, record)
        if status == "COMPLETED":
            out += _completed(kind, record)
        out.append(b"STATUS:" + status.encode() + b"\r\n")
        out.append(_line("SUMMARY", summary))
        out.append(_line("UID", self.uid(kind, record["id"])))
        if self.alarm is not None and status not in ("COMPLETED", "CANCELLED"):
            out += [b"BEGIN:VALARM\r\n", b"ACTION:DISPLAY\r\n", _line("DESCRIPTION", summary)]
            out += [_line("TRIGGER", self.alarm), b"END:VALARM\r\n"]
        out.append(b"END:VTODO\r\n")
        return out


def _status(kind: str, record: Record) -> str:
    if kind == "action" and record.get("column") == "done":
        return "COMPLETED"
    if kind == "goal" and record.get("status") in ("achieved", "dropped"):
        return "COMPLETED" if record["status"] == "achieved" else "CANCELLED"
    return TODO_STATUS.get(str(record.get("column")), "NEEDS-ACTION")


def _completed(kind: str, record: Record) -> list[bytes]:
    """When a done item was done, at noon UTC (a date alone is not a COMPLETED value)."""
    day = to_date(record.get("done_at") if kind == "action" else record.get("updated_at"))
    if day is None:
        return []
    when = datetime.combine(day, time(12, 0), tzinfo=UTC).strftime("%Y%m%dT%H%M%SZ")
    return [b"COMPLETED:" + when.encode() + b"\r\n", b"PERCENT-COMPLETE:100\r\n"]


def export_ics(plan: Plan, today: date, alarm: timedelta | None = None) -> bytes:
    return b"".join(chunks(plan, today, alarm))


def chunks(plan: Plan, today: date, alarm: timedelta | None = None) -> Iterator[bytes]:
    """The calendar a few hundred to-dos at a time."""
    from icalendar import Calendar, Event

    snapshot = plan.snapshot(events=False)
    ident = plan_id(plan.meta())
    stamp = datetime.now(UTC)

    def uid(kind: str, key: object) -> str:
        return f"careerplan-{kind}-{key}-{ident}@careerplan"

    yield b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//careerplan//careerplan//EN\r\n"
    todos = _Todos(uid, stamp, alarm)
    batch: list[bytes] = []
    for kind in ("action", "goal"):
        for record in snapshot.get(kind, []):
            deadline = to_date(record.get("deadline"))
            if deadline is not None:
                batch += todos.lines(kind, record, deadline)
            if len(batch) > 5000:
                yield b"".join(batch)
                batch = []
    yield b"".join(batch)
    calendar = Calendar()  # the few other items, as icalendar's components
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
    for component in calendar.subcomponents:
        yield bytes(component.to_ical())
    yield b"END:VCALENDAR\r\n"

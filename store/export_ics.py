"""The plan's dates for a calendar (iCalendar): a VTODO per action with a deadline, the next
review as an event."""

from __future__ import annotations

from datetime import UTC, date, datetime

from careerplan.store import rules
from careerplan.store.dates import to_date
from careerplan.store.text import printable


def export_ics(plan, today: date) -> bytes:
    """One VTODO per action with a deadline; the next review as an event."""
    from icalendar import Calendar, Event, Todo

    calendar = Calendar()
    calendar.add("prodid", "-//careerplan//careerplan//EN")
    calendar.add("version", "2.0")
    stamp = datetime.now(UTC)
    status = {
        "backlog": "NEEDS-ACTION",
        "todo": "NEEDS-ACTION",
        "doing": "IN-PROCESS",
        "done": "COMPLETED",
    }
    for action in plan.records("action"):
        deadline = to_date(action.get("deadline"))
        if deadline is None:
            continue
        todo = Todo()
        todo.add("uid", f"careerplan-action-{action['id']}@careerplan")
        todo.add("dtstamp", stamp)
        todo.add("summary", printable(action["title"], one_line=True))
        todo.add("due", deadline)
        todo.add("status", status.get(action.get("column"), "NEEDS-ACTION"))
        if action.get("specific"):
            todo.add("description", printable(action["specific"]))
        calendar.add_component(todo)
    review = rules.next_review(plan.snapshot(), today)
    if review is not None:
        event = Event()
        event.add("uid", f"careerplan-review-{review.isoformat()}@careerplan")
        event.add("dtstamp", stamp)
        event.add("summary", "Career plan review")
        event.add("dtstart", review)
        calendar.add_component(event)
    return calendar.to_ical()


def write(plan, today: date) -> bytes:
    return export_ics(plan, today)

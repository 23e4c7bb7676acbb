"""The mentor loop: who I meet (a mentor, a manager, a coach), when we last met, when we meet
next by our rhythm, and what we agreed that is still open."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from careerplan.store.dates import to_date
from careerplan.store.recurrence import RuleError, next_after, parse_rule
from careerplan.store.shapes import Record, Snapshot

MET = ("mentor", "manager", "coach")  # the people one has 1:1s with


class Mentor(NamedTuple):
    person: Record
    rule: str | None  # the meeting rhythm as an RRULE
    last: date | None  # the newest 1:1
    next: date | None  # the next 1:1 by the rhythm
    overdue_days: int
    sessions: list[Record]  # newest first
    open_actions: list[Record]  # agreed in one of those sessions, not done


def rhythm(person: Record) -> str | None:
    """The person's meeting rhythm as an RRULE: their rule, else the older cadence word."""
    for said in (person.get("rhythm"), person.get("cadence")):
        if said:
            try:
                return parse_rule(str(said), date.today())
            except RuleError:
                continue
    return None


def mentors(snapshot: Snapshot, today: date) -> list[Mentor]:
    """Everyone I have 1:1s with, the most overdue first, then by the next date."""
    by_person: dict[int | None, list[Record]] = {}
    for session in snapshot.get("session", []):
        by_person.setdefault(session.get("person"), []).append(session)
    session_person = {s["id"]: s.get("person") for s in snapshot.get("session", [])}
    open_by_person: dict[int | None, list[Record]] = {}
    for action in snapshot.get("action", []) if session_person else ():
        if action.get("session") in session_person and action.get("column") != "done":
            open_by_person.setdefault(session_person[action["session"]], []).append(action)
    found = []
    for person in snapshot.get("person", []):
        if person.get("role", "mentor") not in MET:
            continue
        sessions = sorted(
            by_person.get(person["id"], []), key=lambda s: (s.get("date") or "", s["id"])
        )[::-1]
        last = to_date(sessions[0].get("date")) if sessions else None
        rule = rhythm(person)
        upcoming = None
        if rule:
            start = last or to_date(person.get("created_at")) or today
            upcoming = next_after(rule, start, start if last else start - timedelta(days=1))
        overdue = (today - upcoming).days if upcoming and upcoming < today else 0
        agreed = open_by_person.get(person["id"], [])
        found.append(Mentor(person, rule, last, upcoming, overdue, sessions, agreed))
    return sorted(found, key=lambda m: (-m.overdue_days, m.next or date.max))


def next_session(snapshot: Snapshot, today: date) -> Mentor | None:
    """The 1:1 that comes next (or is most overdue): the dashboard's header shows it."""
    dated = [m for m in mentors(snapshot, today) if m.next is not None]
    return dated[0] if dated else None

"""The .ics export as calendars read it: parsed by two independent readers (icalendar and
vobject), one copy of each item across exports, done items completed, the review and a
mentor's rhythm as one repeating event each, reminders when asked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from careerplan.store.demo import build_demo
from careerplan.store.export_ics import export_ics
from careerplan.store.plan import Plan
from careerplan.store.review import write_review
from tests.tui_helpers import TODAY


@pytest.fixture
def plan(tmp_path):
    made = Plan(tmp_path / "plan.json", today=lambda: TODAY)
    build_demo(made, TODAY)
    return made


def components(data: bytes, name: str) -> list:
    return [c for c in Calendar.from_ical(data).walk() if c.name == name]


def test_two_readers_agree_and_uids_are_unique_and_stable(plan, tmp_path):
    import vobject

    first = export_ics(plan, TODAY)
    again = export_ics(Plan(plan.path), TODAY)
    uids = [str(c["uid"]) for c in Calendar.from_ical(first).walk() if "uid" in c]
    assert len(uids) == len(set(uids)) > 20
    assert uids == [str(c["uid"]) for c in Calendar.from_ical(again).walk() if "uid" in c]
    other = Plan(tmp_path / "other.json", today=lambda: TODAY)
    build_demo(other, TODAY)
    theirs = {
        str(c["uid"]) for c in Calendar.from_ical(export_ics(other, TODAY)).walk() if "uid" in c
    }
    assert not theirs & set(uids), "two plans' action 49 had the same UID"
    parsed = vobject.readOne(first.decode("utf-8"))
    assert len(parsed.contents.get("vtodo", [])) == len(components(first, "VTODO"))
    assert len(parsed.contents.get("vevent", [])) == len(components(first, "VEVENT"))


def test_done_goals_milestones_and_one_review_event(plan):
    data = export_ics(plan, TODAY)
    todos = {str(t["summary"]): t for t in components(data, "VTODO")}
    done = todos["Read Staff Engineer by Will Larson"]
    assert str(done["status"]) == "COMPLETED" and done.decoded("completed").date() == date(
        2026, 9, 25
    )
    assert "Promotion to Staff Engineer" in todos  # a goal's deadline
    events = {str(e["summary"]): e for e in components(data, "VEVENT")}
    milestone = events["Milestone: Excellent mid-year review"]
    assert milestone.decoded("dtstart") == date(2026, 11, 3)  # all day
    review = events["Career plan review"]
    assert review["rrule"]["FREQ"] == ["WEEKLY"] and review["rrule"]["INTERVAL"] == [2]
    assert "1:1 with Priya Raman" in events
    before = str(review["uid"])
    write_review(plan, summary="a review moves the next date")
    later = {str(e["summary"]): e for e in components(export_ics(plan, TODAY), "VEVENT")}
    assert str(later["Career plan review"]["uid"]) == before  # one event, not a second


def test_reminders_when_asked(plan, capsys):
    from careerplan.tui.cli import main

    code = main(["export", "--format", "ics", "--alarm", "1d", "--db", str(plan.path)])
    data = capsys.readouterr().out.encode()
    assert code == 0
    alarms = components(data, "VALARM")
    assert alarms and all(a.decoded("trigger") == -timedelta(days=1) for a in alarms)
    code = main(["export", "--format", "ics", "--alarm", "soon", "--db", str(plan.path)])
    assert code == 2 and "1d, 2h, 30m" in capsys.readouterr().err

"""Repeating cards: done records the occurrence and brings the next one; skip moves on; the
rule reads as words on the card and as an RRULE in the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from careerplan.store.errors import ValidationError
from careerplan.store.plan import Plan
from careerplan.store.recurrence import describe, parse_rule
from careerplan.tui.app import CareerApp
from tests.tmux import CAREER, Tmux, have_tmux
from tests.tui_helpers import settle


def plan_at(path, clock):
    return Plan(path, today=lambda: clock["today"])


@pytest.mark.parametrize(
    ("said", "rule", "words"),
    [
        ("weekly", "FREQ=WEEKLY", "weekly"),
        ("every 2nd Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "every 2nd Tuesday"),
        ("every other friday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every 2nd Friday"),
        ("every 3 weeks", "FREQ=WEEKLY;INTERVAL=3", "every 3 weeks"),
        ("monthly until 2027-06-30", "FREQ=MONTHLY;UNTIL=20270630", "monthly until 30 Jun 2027"),
        ("daily 10 times", "FREQ=DAILY;COUNT=10", "daily, 10 times"),
        ("RRULE:FREQ=MONTHLY;INTERVAL=2", "FREQ=MONTHLY;INTERVAL=2", "every 2 months"),
    ],
)
def test_a_rule_is_read_from_words_and_said_in_words(said, rule, words):
    assert parse_rule(said, date(2026, 12, 4)) == rule
    assert describe(rule) == words


def test_done_three_times_across_a_month_end_and_a_clock_change(tmp_path):
    """Monthly from 31 January: 28 February, 31 March, 30 April (RFC 5545 alone skips the
    short months). The dates are days: the clocks going forward on 28 March moves nothing."""
    clock = {"today": date(2027, 1, 31)}
    plan = plan_at(tmp_path / "plan.json", clock)
    card = plan.add("action", title="Monthly report", deadline="2027-01-31", recur="monthly")
    for expected in ("2027-02-28", "2027-03-31", "2027-04-30"):
        card = plan.done(card["id"])
        assert (card["deadline"], card["column"]) == (expected, "todo")
        clock["today"] = date.fromisoformat(expected)
    done = [a for a in plan.records("action") if a["column"] == "done"]
    assert sorted(a["done_at"] for a in done) == ["2027-01-31", "2027-02-28", "2027-03-31"]
    assert all(a["occurrence_of"] == card["id"] and "recur" not in a for a in done)
    plan.undo()  # one event: the occurrence and the move on go back together
    assert len(plan.records("action")) == 3
    assert plan.get("action", card["id"])["deadline"] == "2027-03-31"


def test_weekly_over_the_change_to_summer_time_keeps_its_weekday(tmp_path):
    clock = {"today": date(2027, 3, 23)}
    plan = plan_at(tmp_path / "plan.json", clock)
    card = plan.add("action", title="1:1", deadline="2027-03-23", recur="every tuesday")
    card = plan.done(card["id"])
    assert card["deadline"] == "2027-03-30"  # Europe's clocks went forward on the 28th


def test_a_rule_that_ends_is_done_for_good_and_skip_says_why_not(tmp_path):
    clock = {"today": date(2026, 12, 1)}
    plan = plan_at(tmp_path / "plan.json", clock)
    card = plan.add("action", title="Three talks", deadline="2026-12-01", recur="weekly 2 times")
    card = plan.done(card["id"])
    assert card["deadline"] == "2026-12-08" and card["column"] == "todo"
    card = plan.done(card["id"])
    assert card["column"] == "done"  # its second and last: no third
    with pytest.raises(ValidationError, match="does not repeat|no later date"):
        plan.skip(card["id"])
    with pytest.raises(ValidationError, match="no rule I can read"):
        plan.add("action", title="x", recur="sometimes")


def test_skip_moves_on_without_a_done_card(tmp_path):
    clock = {"today": date(2026, 12, 1)}
    plan = plan_at(tmp_path / "plan.json", clock)
    card = plan.add("action", title="1:1", deadline="2026-12-01", recur="every 2nd tuesday")
    card = plan.skip(card["id"])
    assert card["deadline"] == "2026-12-15"
    assert [a["column"] for a in plan.records("action")] == ["todo"]  # no done card made


def test_the_calendar_gets_the_rule_once_per_card(tmp_path):
    import vobject
    from icalendar import Calendar

    from careerplan.store.export_ics import export_ics

    clock = {"today": date(2027, 1, 31)}
    plan = plan_at(tmp_path / "plan.json", clock)
    card = plan.add("action", title="Report", deadline="2027-01-31", recur="monthly")
    plan.done(card["id"])
    text = export_ics(plan, clock["today"])
    todos = {str(t["summary"]): t for t in Calendar.from_ical(text).walk("VTODO")}
    assert len(Calendar.from_ical(text).walk("VTODO")) == 2
    rules = [t.get("rrule") for t in Calendar.from_ical(text).walk("VTODO") if t.get("rrule")]
    assert len(rules) == 1 and rules[0]["FREQ"] == ["MONTHLY"] and rules[0]["BYSETPOS"] == [-1]
    assert todos["Report"]  # both are titled so; one open with the rule, one done
    parsed = vobject.readOne(text.decode())
    assert sum(1 for t in parsed.vtodo_list if hasattr(t, "rrule")) == 1


async def test_space_on_a_repeating_card_keeps_it_with_its_next_date(tmp_path):
    clock = {"today": date(2026, 12, 1)}
    plan = plan_at(tmp_path / "plan.json", clock)
    plan.add("settings", onboarding="done")
    card = plan.add(
        "action", title="1:1 with Priya", deadline="2026-12-01", recur="every 2nd tuesday"
    )
    plan.move(card["id"], "todo")
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        (row,) = app.screen.kanban.cards("todo").rows
        shown = " ".join(t.plain for t in row.draw(40))
        assert "↻ every 2nd Tuesday" in shown
        await pilot.press("space")
        await settle(app, pilot)
        assert len(app.screen.kanban.cards("todo").rows) == 1
        assert len(app.screen.kanban.cards("done").rows) == 1
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
    saved = Plan(plan.path).get("action", card["id"])
    assert saved["deadline"] == "2026-12-29"  # done: the 15th; skipped: on to the 29th


@pytest.mark.e2e
@pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")
def test_a_repeating_card_done_three_times_in_the_terminal(tmp_path):
    db = tmp_path / "plan.json"
    plan = Plan(db)
    plan.add("settings", onboarding="done")
    card = plan.add("action", title="Weekly 1:1", deadline="today", recur="weekly")
    plan.move(card["id"], "todo")
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "TEXTUAL_ANIMATIONS": "none"}
    with Tmux(f"{CAREER} --db {db}", 80, 24, env) as term:
        term.wait_for("To do (1)")
        for done in (1, 2, 3):
            term.send("space")
            term.wait_for(f"Done ({done})")
        term.send("q")
        term.wait_exit()
    cards = Plan(db).records("action")
    assert sorted(a["column"] for a in cards) == ["done", "done", "done", "todo"]
    (open_card,) = [a for a in cards if a["column"] == "todo"]
    start = date.fromisoformat(card["deadline"])
    assert (date.fromisoformat(open_card["deadline"]) - start).days == 21

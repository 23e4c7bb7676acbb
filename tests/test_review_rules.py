"""Step 5 rules: cadence, flags, what changed since the last review, progress series."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from careerplan.store import review
from careerplan.store.cadence import next_by_cadence
from careerplan.store.plan import Plan

TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.fixture
def plan(tmp_path):
    clock = {"now": datetime(2026, 11, 24, 9, 0)}
    made = Plan(
        tmp_path / "plan.json", today=lambda: clock["now"].date(), clock=lambda: clock["now"]
    )
    made.clock = clock
    return made


@pytest.mark.parametrize(
    "cadence, last, weekday, expected",
    [
        ("weekly", date(2026, 11, 20), None, date(2026, 11, 27)),
        ("biweekly", date(2026, 11, 20), 4, date(2026, 12, 4)),
        ("biweekly", None, 4, date(2026, 11, 27)),
        ("monthly", date(2026, 10, 31), None, date(2026, 11, 30)),
        ("monthly", date(2026, 11, 15), None, date(2026, 12, 15)),
        ("quarterly", date(2026, 9, 1), None, date(2026, 12, 1)),
        (None, date(2026, 9, 1), None, None),
    ],
)
def test_cadence(cadence, last, weekday, expected):
    assert next_by_cadence(cadence, last, TODAY, weekday) == expected


def test_flags_see_every_kind_of_trouble(plan):
    plan.add("settings", review_cadence="weekly", due_soon_days=7)
    goal = plan.add("goal", title="Vague goal", deadline="2026-11-20")
    plan.add(
        "goal",
        title="SMART",
        specific="s",
        measure="m",
        target=3,
        achievable="a",
        realistic="r",
        deadline="2027-06-30",
    )
    gap = plan.add("gap", name="Orphan gap", required_level=4, current_level=1)
    plan.add("action", title="Soon", deadline="2026-11-28", column="todo", goal=goal["id"])
    plan.add("action", title="Later", deadline="2026-12-20", column="todo")
    plan.add("milestone", title="Promoted", kind="promotion", date="2026-11-01")
    plan.add("budget", year=2026, amount=100)
    plan.add("action", title="Costly", column="doing", cost=150, deadline="2026-12-30")
    found = review.flags(plan.snapshot(), TODAY, plan.settings())
    assert [d.title for d in found.overdue] == ["Vague goal"]
    assert [d.title for d in found.due_soon] == ["Soon"]
    assert [(g["title"], m) for g, m in found.not_smart] == [("Vague goal", "SMAR")]
    assert [g["name"] for g in found.gaps_without_action] == [gap["name"]]
    assert [g["title"] for g in found.goals_without_action] == ["SMART"]
    assert found.budget.committed == 150 and found.budget.over
    assert [m["title"] for m in found.uncelebrated] == ["Promoted"]
    assert found.next_review == TODAY
    assert "1 overdue" in found.summary() and "budget 2026 over by 50" in found.summary()


def test_written_review_records_flags_and_next_date(plan):
    plan.add("settings", review_cadence="biweekly", review_weekday=4)
    plan.add("action", title="Late", deadline="2026-11-01", column="todo")
    written = review.write_review(plan, with_whom="Ana (mentor)", summary="ok")
    assert written["flags"] == ["1 overdue", "1 stale cards"] or "1 overdue" in written["flags"]
    assert written["next_date"] == "2026-12-04"
    assert Plan(plan.path).get("review", written["id"])["with_whom"] == "Ana (mentor)"
    assert review.flags(plan.snapshot(), TODAY).next_review == date(2026, 12, 4)


def test_what_changed_since_the_last_review(plan):
    goal = plan.add("goal", title="Old goal")
    gap = plan.add("gap", name="Gap", goal=goal["id"])
    action = plan.add("action", title="Card", gap=gap["id"])
    skill = plan.add("skill", name="Go", level=2)
    written = review.write_review(plan, summary="first")
    plan.clock["now"] += timedelta(days=3)
    plan.add("goal", title="New goal")
    plan.update(goal["id"], status="dropped")
    plan.done(gap["id"])
    plan.done(action["id"])
    plan.rate_skill(skill["id"], 4, "mentor")
    undone = plan.add("goal", title="Undone goal")
    plan.undo()
    changes = review.changes_since(plan.snapshot()["event"], written["created_at"])
    assert [g["title"] for g in changes.goals_added] == ["New goal"]
    assert [g["title"] for g in changes.goals_dropped] == ["Old goal"]
    assert [g["name"] for g in changes.gaps_closed] == ["Gap"]
    assert [a["title"] for a in changes.actions_done] == ["Card"]
    assert [(s["name"], old, new) for s, old, new in changes.skills_rerated] == [("Go", 2, 4)]
    assert undone["title"] not in [g["title"] for g in changes.goals_added]


def test_progress_series(plan):
    gap = plan.add("gap", name="G", required_level=5, current_level=1)
    skill = plan.add("skill", name="Go", level=2)
    plan.clock["now"] += timedelta(days=8)
    plan.update(gap["id"], current_level=3)
    plan.rate_skill(skill["id"], 3)
    a = plan.add("action", title="A")
    plan.done(a["id"])
    today = plan.today()
    weekly = review.done_per_week(plan.records("action"), today, weeks=4)
    assert weekly[-1][1] == 1 and sum(n for _, n in weekly) == 1
    sizes = review.open_gap_size_over_time(plan.snapshot()["event"], plan.records("gap"), today, 4)
    assert [s for _, s in sizes][-2:] == [4, 2]
    levels = review.skill_levels_over_time(plan.records("skill"), plan.records("skill_rating"))
    assert [lvl for _, lvl in levels[skill["id"]]] == [2, 3]


def test_a_goal_worked_on_through_its_gap_has_an_action(plan):
    through_gap = plan.add("goal", title="Through its gap")
    direct = plan.add("goal", title="Direct")
    plan.add("goal", title="Nothing on it")
    plan.add("goal", title="Dropped", status="dropped")
    gap = plan.add("gap", name="Gap with a card", goal=through_gap["id"], required_level=3)
    plan.add("gap", name="Gap of nothing", goal=direct["id"], required_level=3)
    plan.add("action", title="On the gap", gap=gap["id"])
    plan.add("action", title="On the goal", goal=direct["id"])
    found = review.flags(plan.snapshot(), TODAY, plan.settings())
    assert [g["title"] for g in found.goals_without_action] == ["Nothing on it"]
    assert [g["name"] for g in found.gaps_without_action] == ["Gap of nothing"]


def test_the_summarys_due_counts_agree_with_the_due_list_for_every_kind_of_date():
    """due_counts works out each date once; hand-edited dates (a timestamp, nonsense, an
    impossible day, a number) must count as due_items counts them."""
    from careerplan.store import rules

    dates = ["2026-11-20", "2026-11-20T08:00:00", "2026-12-01", "2027-06-01", "someday"]
    dates += ["2026-02-30", "", None, 20261120, "2026-11-24"]
    snapshot = {
        "action": [
            {"id": n, "title": "a", "deadline": when, "column": column}
            for n, (when, column) in enumerate(
                (when, column) for when in dates for column in ("todo", "done")
            )
        ],
        "goal": [
            {"id": 100 + n, "title": "g", "deadline": when, "status": status}
            for n, (when, status) in enumerate(
                (when, status) for when in dates for status in ("active", "achieved")
            )
        ],
    }
    overdue, soon = rules.due_items(snapshot, TODAY, 14)
    assert rules.due_counts(snapshot, TODAY, 14) == (len(overdue), len(soon)) == (6, 4)
    for window in (0, -3, 10**9):  # a hand-edited window: none, negative, past year 9999
        overdue, soon = rules.due_items(snapshot, TODAY, window)
        assert rules.due_counts(snapshot, TODAY, window) == (len(overdue), len(soon))

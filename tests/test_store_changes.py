"""The plan's multi-record rules, as the dashboard and the command line both call them."""

from __future__ import annotations

from careerplan.store import changes
from careerplan.store.plan import Plan
from careerplan.store.rules import columns_of


def titles_in(plan: Plan, column: str) -> list[str]:
    return [c["title"] for c in columns_of(plan.records("action"), (column,))[column]]


def test_reorder_moves_one_place_and_stops_at_the_ends(tmp_path):
    plan = Plan(tmp_path / "plan.json")
    a, b, c = (plan.add("action", title=t, column="todo") for t in "abc")
    assert changes.reorder(plan, c["id"], -1) is not None
    assert titles_in(plan, "todo") == ["a", "c", "b"]
    changes.reorder(plan, c["id"], -1)
    assert titles_in(plan, "todo") == ["c", "a", "b"]
    assert changes.reorder(plan, c["id"], -1) is None  # already first
    changes.reorder(plan, a["id"], 1)
    assert titles_in(plan, "todo") == ["c", "b", "a"]


def test_a_new_position_ends_the_current_one(tmp_path):
    plan = Plan(tmp_path / "plan.json")
    old = changes.add_position(plan, title="Engineer", since="2022-01-01")
    changes.add_position(plan, title="Senior engineer", since="2024-03-01")
    ended = plan.get("position", old["id"])
    assert ended["current"] is False and ended["until"] == "2024-03-01"


def test_the_walk_links_to_the_newest_goal_and_gap(tmp_path):
    plan = Plan(tmp_path / "plan.json")
    plan.add("goal", title="old")
    goal = plan.add("goal", title="new")
    gap = plan.add("gap", name="gap", goal=goal["id"])
    linked = changes.link_to_newest(plan, "action", {"title": "x"})
    assert (linked["goal"], linked["gap"]) == (goal["id"], gap["id"])
    assert changes.link_to_newest(plan, "skill", {"name": "y"}) == {"name": "y"}


def test_a_gap_that_measures_a_skill_moves_when_the_skill_is_rated(tmp_path):
    from careerplan.store.review import changes_since

    plan = Plan(tmp_path / "plan.json")
    skill = plan.add("skill", name="System design", level=2)
    gap = plan.add("gap", name="System design", skill=skill["id"], required_level=4)
    assert plan.get("gap", gap["id"])["current_level"] == 2  # the skill's, not the default
    plan.rate_skill(skill["id"], 3)
    assert plan.get("gap", gap["id"])["current_level"] == 3
    plan.rate_skill(skill["id"], 4)
    closed = plan.get("gap", gap["id"])
    assert (closed["current_level"], closed["status"]) == (4, "closed")
    seen = changes_since(plan.records("event"), "")
    assert [g["name"] for g in seen.gaps_closed] == ["System design"]
    plan.rate_skill(skill["id"], 3)  # fell back: the gap is open again
    assert plan.get("gap", gap["id"])["status"] == "open"
    plan.undo()
    assert plan.get("gap", gap["id"])["status"] == "closed"  # one event: undone as one

"""Two windows on one plan: an edit never silently overwrites what the other one changed."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from careerplan.store.errors import ConflictError
from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.dashboard import DashboardScreen
from careerplan.tui.widgets.rowlist import RowList
from tests.tui_helpers import fixed_plan, settle, visible_text


@pytest.fixture
def plan(tmp_path):
    made = fixed_plan(tmp_path / "plan.json")
    made.add("settings", onboarding="done")
    made.add("goal", title="Staff engineer", deadline="2029-12-31")
    return made


def test_store_merges_fields_and_refuses_a_clash(plan):
    goal = plan.records("goal")[0]
    other = Plan(plan.path)
    other.update(goal["id"], title="Staff engineer (platform)")
    merged = plan.update(goal["id"], expect={"deadline": "2029-12-31"}, deadline="2028-12-31")
    assert merged["title"] == "Staff engineer (platform)" and merged["deadline"] == "2028-12-31"
    with pytest.raises(ConflictError, match="title of this goal changed"):
        plan.update(goal["id"], expect={"title": "Staff engineer"}, title="Mine")
    assert Plan(plan.path).records("goal")[0]["title"] == "Staff engineer (platform)"


async def test_the_dashboard_says_so_and_keeps_both(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("2", "e")
        await pilot.pause()
        goal_id = plan.records("goal")[0]["id"]
        Plan(plan.path).update(goal_id, title="Changed in the other window")
        app.screen.query_one("#f-title", Input).value = "Changed here"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        status = str(app.screen.query_one("#status").render())
        assert "changed in another window" in status
        assert Plan(plan.path).records("goal")[0]["title"] == "Changed in the other window"
        goals = visible_text(app.screen.query_one("#list-goals", RowList))
        assert "Changed in the other window" in goals


async def test_the_review_edits_through_the_same_checked_path(plan):
    """The review's edit went straight to the store: a title changed in another window
    was overwritten without a word."""
    from textual.widgets import TabbedContent

    from careerplan.tui.forms import RecordForm
    from careerplan.tui.review import ReviewScreen
    from tests.test_tui_review import select

    app = CareerApp(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(TabbedContent).active = "tab-reevaluate"
        await pilot.pause()
        select(app, "#reevaluate", "Staff engineer")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        goal_id = plan.records("goal")[0]["id"]
        Plan(plan.path).update(goal_id, title="Changed in the other window")
        app.screen.query_one("#f-title", Input).value = "Changed in the review"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert Plan(plan.path).records("goal")[0]["title"] == "Changed in the other window"
        assert any("changed in another window" in str(n.message) for n in app._notifications)

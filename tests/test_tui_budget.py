"""A learning budget is set from the dashboard (the palette), and its use shows in glance."""

from __future__ import annotations

from textual.widgets import Input

from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.forms import RecordForm
from careerplan.tui.glance import glance
from tests.tui_helpers import TODAY, fixed_plan, settle


async def test_the_palette_sets_this_years_budget_then_edits_it(tmp_path):
    plan = fixed_plan(tmp_path / "plan.json")
    plan.add("settings", onboarding="done")
    plan.add("action", title="Course", column="todo", cost=400, deadline="2026-12-20")
    app = CareerApp(plan, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Learning budget")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        assert app.screen.query_one("#f-year", Input).value == str(TODAY.year)
        app.screen.query_one("#f-amount", Input).value = "2500"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (budget,) = Plan(plan.path).records("budget")
        assert (budget["year"], budget["amount"]) == (TODAY.year, 2500)
        app.action_budget()  # again: the same year's budget is edited, not a second one
        await pilot.pause()
        assert app.screen.query_one("#f-amount", Input).value == "2500"
    shown = glance(Plan(plan.path).snapshot(), TODAY, Plan(plan.path).settings())
    assert "Budget  2026: 2,500 EUR · 0 spent, 400 committed · 2,100 left" in shown

"""The forms' one-line choice: arrows step, enter opens the list, a letter jumps; what is
chosen is what gets saved."""

from __future__ import annotations

from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.choice import ChoiceModal
from careerplan.tui.widgets.picker import Picker
from tests.tui_helpers import HOSTILE, fixed_plan, settle


async def test_step_open_jump_and_save(tmp_path):
    plan = fixed_plan(tmp_path / "plan.json")
    plan.add("settings", onboarding="done")
    for title in HOSTILE[:3]:
        plan.add("goal", title=title, deadline="2028-01-31")
    app = CareerApp(plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("4", "n")  # a new card
        await pilot.pause()
        await pilot.press(*"Pick things")
        column = app.screen.query_one("#f-column", Picker)
        goal = app.screen.query_one("#f-goal", Picker)
        assert column.value == "todo" and goal.value is None
        column.focus()
        await pilot.press("right")  # todo -> doing
        assert column.value == "doing"
        await pilot.press("b")  # jumps to backlog
        assert column.value == "backlog"
        goal.focus()
        await pilot.press("enter")  # the whole list of goals, titles shown as typed
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("down", "down", "enter")  # from (none): first, second goal
        await pilot.pause()
        assert goal.value == plan.records("goal")[1]["id"]
        assert "[Q3] review" in str(goal.render())
        column.focus()
        await pilot.press("space")  # the list opens on what is chosen
        await pilot.pause()
        await pilot.press("down", "enter")  # backlog -> todo
        await pilot.pause()
        assert column.value == "todo"
        await pilot.press("left")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    card = next(a for a in Plan(plan.path).records("action") if a["title"] == "Pick things")
    assert card["column"] == "backlog" and card["goal"] == plan.records("goal")[1]["id"]

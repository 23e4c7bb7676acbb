"""The guided first run on an empty plan: five steps, saved as they go, skippable, resumable."""

from __future__ import annotations

from textual.widgets import Input

from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.dashboard import DashboardScreen
from careerplan.tui.first_run import FirstRunScreen
from careerplan.tui.widgets.keybar import KeyBar
from careerplan.tui.widgets.picker import Picker
from tests.tui_helpers import fixed_plan, settle


def heading(app) -> str:
    return str(app.screen.query_one(".walk-step").render())


def field(app, name: str, part: int = 0):
    return app.screen.query_one(f"#f-p{part}-{name}")


async def test_walk_through_the_five_steps_fills_the_plan(tmp_path):
    plan = fixed_plan(tmp_path / "plan.json")
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        field(app, "title").value = "Senior engineer"
        field(app, "since").value = "2024-11-01"
        field(app, "name", 1).value = "Python"
        field(app, "text", 2).value = "Clear designs"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Step 1 of 5: Where am I now, continued" in heading(app)
        field(app, "name", 0).value = "SQL"
        field(app, "level", 0).value = "4"
        field(app, "name", 1).value = "Technical writing"
        field(app, "text", 3).value = "Shipping things people use"
        field(app, "text", 4).value = "Saying no"
        field(app, "role", 5).value = "Support engineer"
        field(app, "org", 5).value = "Contoso"
        field(app, "end", 5).value = "2022-06-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Step 2 of 5" in heading(app)
        field(app, "target_title").value = "Staff engineer"
        field(app, "title", 1).value = "Promotion to staff"
        field(app, "deadline", 1).value = "whenever"  # not a date: refused in place
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Step 2 of 5" in str(app.screen.query_one(".walk-step").render())
        assert field(app, "deadline", 1).value == "whenever"
        field(app, "deadline", 1).value = "+3y"
        await pilot.press("ctrl+s")
        await pilot.pause()
        field(app, "name").value = "System design"
        await pilot.press("ctrl+s")
        await pilot.pause()
        field(app, "title").value = "Design review course"
        field(app, "deadline").value = "+2w"
        await pilot.press("ctrl+s")
        await pilot.pause()
        cadence = field(app, "review_cadence")
        assert isinstance(cadence, Picker)
        cadence.value = "biweekly"
        assert field(app, "year", 1).value == "2026" and field(app, "currency", 1).value == "EUR"
        field(app, "amount", 1).value = "1500"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
    saved = Plan(plan.path)
    assert saved.records("position")[0]["title"] == "Senior engineer"
    skills = {s["name"]: s["level"] for s in saved.records("skill")}
    assert skills == {"Python": 1, "SQL": 4, "Technical writing": 1}
    kinds = sorted(r["kind"] for r in saved.records("reflection"))
    assert kinds == ["motivator", "strength", "struggle"]
    (earlier,) = saved.records("experience")
    assert (earlier["role"], earlier["org"], earlier["end"]) == (
        "Support engineer",
        "Contoso",
        "2022-06-30",
    )
    assert [(b["year"], b["amount"], b["currency"]) for b in saved.records("budget")] == [
        (2026, 1500, "EUR")
    ]
    assert saved.records("person") == []  # the mentor part was left empty: skipped
    goal = saved.records("goal")[0]
    assert goal["deadline"] == "2029-11-24"
    gap = saved.records("gap")[0]
    assert gap["goal"] == goal["id"]
    action = saved.records("action")[0]
    assert (action["gap"], action["goal"], action["column"]) == (gap["id"], goal["id"], "todo")
    assert saved.settings()["review_cadence"] == "biweekly"
    assert saved.settings()["onboarding"] == "done"


async def test_skip_then_resume_where_it_stopped(tmp_path):
    plan = fixed_plan(tmp_path / "plan.json")
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")  # skip step 1
        await pilot.pause()
        await pilot.press("ctrl+n")  # and its second page
        await pilot.pause()
        await pilot.press("escape")  # skip the rest
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert Plan(plan.path).settings()["onboarding"] == "skipped"
    again = CareerApp(fixed_plan(plan.path))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, DashboardScreen)  # skipped: not forced again
        await again.run_action("first_run")
        await pilot.pause()
        assert isinstance(again.screen, FirstRunScreen)
        assert "Step 1 of 5" in str(again.screen.query_one(".walk-step").render())
        assert isinstance(again.screen.query(Input).first(), Input)


async def test_the_walks_key_bar_is_its_buttons(tmp_path):
    """The walk has no buttons: a click on a key in the bar under it does what the key does."""
    plan = fixed_plan(tmp_path / "plan.json")
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        assert "Save & next" in line and "Skip step" in line and "Skip setup" in line
        field(app, "title").value = "Senior engineer"
        await pilot.click(KeyBar, offset=(line.index("Save & next"), 0))
        await settle(app, pilot)
        assert "Step 1 of 5: Where am I now, continued" in heading(app)
        line = str(app.screen.query_one(KeyBar).render())
        await pilot.click(KeyBar, offset=(line.index("Skip setup"), 0))
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
    titles = [p["title"] for p in Plan(tmp_path / "plan.json").records("position")]
    assert titles == ["Senior engineer"]
    assert Plan(tmp_path / "plan.json").settings()["onboarding"] == "skipped"

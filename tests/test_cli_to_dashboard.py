"""Each kind made from a shell with `career add` is seen in the dashboard: a record the
command line can make and the screen never shows is a record lost to its owner."""

from __future__ import annotations

from datetime import date

from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.cli import main
from tests.tui_helpers import screen_text, settle

THIS_YEAR = str(date.today().year)
MADE = {
    # kind: (what `career add` is given, what the screen shows of it)
    "position": (["Senior engineer", "--since", "2024-03-01", "--level", "L5"], "L5"),
    "experience": (["Support engineer", "--org", "Northwind"], "Support engineer"),
    "reflection": (["Turning vague problems into designs", "--type", "strength"], "vague"),
    "skill": (["System design", "--level", "3"], "System design"),
    "vision": (["Staff engineer", "--dream-job", "Set direction"], "Set direction"),
    "goal": (["Lead the ledger redesign", "--horizon", "1y", "--due", "+6m"], "ledger"),
    "gap": (["Design reviews", "--required", "4", "--current", "2"], "Design reviews"),
    "action": (["Book the exam", "--due", "+2w", "--cost", "300"], "Book the exam"),
    "person": (["Priya Raman", "--role", "mentor", "--cadence", "weekly"], "Priya Raman"),
    "session": (["today", "--person", "PERSON", "--notes", "talked about reviews"], "reviews"),
    "win": (["My RFC was adopted"], "My RFC was adopted"),
    "budget": ([THIS_YEAR, "--amount", "2500", "--currency", "EUR"], "2500 EUR"),
    "milestone": (["Promoted", "--type", "promotion", "--date", "-1w"], "Promoted"),
    "review": (["--summary", "calmer month", "--with-whom", "Ana"], "calmer month"),
}
ON_THE_REVIEW = {"budget": "1", "milestone": "2", "review": "3"}  # the review's tab keys
ON_MENTORS = {"session"}  # the Mentors screen (m)


async def test_every_kind_added_in_a_shell_shows_in_the_dashboard(tmp_path, capsys):
    from careerplan.tui.records_cli import addable

    db = tmp_path / "plan.json"
    assert (
        main(["add", "settings", "--onboarding", "done", "--due-soon-days", "10", "--db", str(db)])
        == 0
    )
    capsys.readouterr()
    made = {}
    for kind, (argv, _) in MADE.items():
        argv = [str(made["person"]) if a == "PERSON" else a for a in argv]
        assert main(["add", kind, *argv, "--db", str(db)]) == 0
        made[kind] = int(capsys.readouterr().out)
    assert set(addable()) - set(MADE) == {"settings"}  # seen in the palette's Settings form
    app = CareerApp(Plan(db))
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        for kind, (_, seen) in MADE.items():
            if kind not in ON_THE_REVIEW and kind not in ON_MENTORS:
                assert seen in shown, (kind, seen)
        await pilot.press("r")
        await pilot.pause()
        for kind, key in ON_THE_REVIEW.items():
            await pilot.press(key)
            await pilot.pause()
            assert MADE[kind][1] in screen_text(app), kind
        await pilot.press("escape")
        await pilot.press("m")
        await pilot.pause()
        assert "talked about reviews" in screen_text(app)
        await pilot.press("escape")
        await app.run_action("settings")  # the palette's "Settings"
        await pilot.pause()
        field = app.screen.query_one("#f-due_soon_days")
        assert field.value == "10"
        field.value = "7"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert Plan(db).settings()["due_soon_days"] == 7

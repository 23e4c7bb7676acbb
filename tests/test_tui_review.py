"""The review screen, driven by keys on a plan with a fixed today."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from textual.app import App
from textual.widgets import DataTable, Static, TabbedContent

from careerplan.store.plan import Plan
from careerplan.tui.review import ReviewScreen
from careerplan.tui.review_plots import ProgressView
from careerplan.tui.widgets.rowlist import RowList

TODAY = date(2026, 11, 24)


class Harness(App):
    """The two things the review screen needs of the app: the plan and one way to change it."""

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan
        self.said: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen())

    def change(self, fn, message: str) -> None:
        fn(self.plan)
        self.said.append(message)
        if isinstance(self.screen, ReviewScreen):
            self.screen.reload()

    def action_undo(self) -> None:
        self.change(lambda plan: plan.undo(), "undone")


@pytest.fixture
def plan(tmp_path):
    clock = {"now": datetime(2026, 11, 10, 9, 0)}
    made = Plan(
        tmp_path / "plan.json", today=lambda: clock["now"].date(), clock=lambda: clock["now"]
    )
    with made.batch():
        made.add("settings", review_cadence="biweekly", review_weekday=4)
        goal = made.add(
            "goal", title="Staff [bold]engineer[/]", horizon="3y", deadline="2029-12-31"
        )
        gap = made.add(
            "gap", name="System design", goal=goal["id"], required_level=4, current_level=2
        )
        made.add(
            "action",
            title="Book conference",
            column="todo",
            deadline="2026-11-20",
            goal=goal["id"],
            cost=300,
        )
        made.add(
            "action", title="Mentor chat", column="doing", deadline="2026-11-30", gap=gap["id"]
        )
        made.add("gap", name="Public speaking", required_level=3, current_level=1)
        made.add("skill", name="Python", level=3)
        made.add("milestone", title="Excellent review", kind="excellent_review", date="2026-11-01")
        made.add("budget", year=2026, amount=1000)
    clock["now"] = datetime(2026, 11, 24, 9, 0)
    made.clock = clock
    return made


def rows_text(app, selector: str) -> list[str]:
    """Each row's text: a table's cells joined by " | ", a list's lines (the flags) by
    newlines."""
    found = app.screen.query_one(selector)
    if isinstance(found, RowList):
        return ["\n".join(line.plain for line in row.draw(1000)) for row in found.rows]
    table = app.screen.query_one(selector, DataTable)
    return [" | ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def select(app, selector: str, needle: str) -> None:
    found = app.screen.query_one(selector)
    found.focus()
    for index, text in enumerate(rows_text(app, selector)):
        if needle in text:
            if isinstance(found, RowList):
                found.cursor = index
            else:
                found.move_cursor(row=index)
            return
    raise AssertionError(f"{needle!r} not in {selector}: {rows_text(app, selector)}")


async def test_flags_show_overdue_due_soon_missing_smart_and_orphans(plan):
    app = Harness(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        rows = "\n".join(rows_text(app, "#flags"))
        assert "Overdue (1)" in rows and "Book conference" in rows and "4 days overdue" in rows
        assert "Due soon (1)" in rows and "Mentor chat" in rows and "due in 6 days" in rows
        assert "Goals not yet SMART (1)" in rows
        assert "needs: specific, measurable, achievable, realistic" in rows
        assert "Staff [bold]engineer[/]" in rows  # user text shown literally
        assert "Gaps with no action (1)" in rows and "Public speaking" in rows
        assert "Learning budget 2026" in rows and "committed 300" in rows
        title = str(app.screen.query_one("#review-title", Static).render())
        assert "next review Fri 27 Nov" in title


async def test_reschedule_with_a_typed_date_and_mark_done(plan):
    app = Harness(plan)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        select(app, "#flags", "Book conference")
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"someday")
        await pilot.press("enter")
        await pilot.pause()
        assert "cannot read 'someday'" in str(app.screen.query_one("#when-error").render())
        await pilot.press(*["backspace"] * 7, *"+1w", "enter")
        await pilot.pause()
        action = next(
            a for a in Plan(plan.path).records("action") if a["title"] == "Book conference"
        )
        assert action["deadline"] == (TODAY + timedelta(weeks=1)).isoformat()
        assert "Overdue" not in "\n".join(rows_text(app, "#flags"))
        select(app, "#flags", "Mentor chat")
        await pilot.press("space")
        await pilot.pause()
        mentor = next(a for a in Plan(plan.path).records("action") if a["title"] == "Mentor chat")
        assert mentor["column"] == "done"


async def test_write_review_then_see_what_changed_since(plan):
    app = Harness(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"Ana", "enter", *"good month", "enter", *"more talks", "enter")
        await pilot.press(*"+2w", "enter")
        await pilot.pause()
        reviews = Plan(plan.path).records("review")
        assert len(reviews) == 1 and reviews[0]["with_whom"] == "Ana"
        assert reviews[0]["next_date"] == (TODAY + timedelta(weeks=2)).isoformat()
        assert "1 overdue" in reviews[0]["flags"]
        plan.clock["now"] += timedelta(hours=1)
        gap = next(g for g in plan.records("gap") if g["name"] == "Public speaking")
        app.change(lambda p: p.done(gap["id"]), "closed")
        app.change(lambda p: p.add("goal", title="Give a talk"), "added")
        await pilot.pause()
        since = str(app.screen.query_one("#since", Static).render())
        assert "gaps closed (1): Public speaking" in since
        assert "goals added (1): Give a talk" in since
        assert "Ana" in "\n".join(rows_text(app, "#log"))


async def test_a_tab_key_and_a_key_for_its_table_in_one_read(plan):
    """`4` and down sent at once: the Re-evaluate table has the focus before down is handled."""
    from textual import events

    app = Harness(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        flags = app.screen.query_one("#flags", RowList)
        before = flags.cursor
        for key, character in (("4", "4"), ("down", None)):
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "tab-reevaluate"
        assert app.screen.query_one("#reevaluate", DataTable).cursor_row == 1
        assert flags.cursor == before


async def test_milestone_celebrate_and_reevaluate(plan):
    app = Harness(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert "not yet celebrated" in "\n".join(rows_text(app, "#milestones"))
        app.screen.query_one(TabbedContent).active = "tab-milestones"
        await pilot.pause()
        select(app, "#milestones", "Excellent review")
        await pilot.press("c")
        await pilot.pause()
        assert Plan(plan.path).records("milestone")[0]["celebrated"] is True
        app.screen.query_one(TabbedContent).active = "tab-reevaluate"
        await pilot.pause()
        select(app, "#reevaluate", "Python")
        await pilot.press("plus")
        await pilot.pause()
        on_disk = Plan(plan.path)
        assert on_disk.records("skill")[0]["level"] == 4
        assert [r["level"] for r in on_disk.records("skill_rating")] == [3, 4]
        select(app, "#reevaluate", "Staff")
        await pilot.press("H", "p")
        await pilot.pause()
        goal = Plan(plan.path).records("goal")[0]
        assert goal["horizon"] == "5y" and goal["path"] == "internal_move"
        await pilot.press("x")
        await pilot.pause()
        assert Plan(plan.path).records("goal")[0]["status"] == "dropped"
        await pilot.press("u")
        await pilot.pause()
        assert Plan(plan.path).records("goal")[0]["status"] == "active"


async def test_progress_plots_draw_bars_and_skill_strips(plan):
    app = Harness(plan)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        action = next(a for a in plan.records("action") if a["title"] == "Mentor chat")
        app.change(lambda p: p.done(action["id"]), "done")
        skill = plan.records("skill")[0]
        app.change(lambda p: p.rate_skill(skill["id"], 4), "rated")
        app.screen.query_one(TabbedContent).active = "tab-progress"
        await pilot.pause()
        text = str(app.screen.query_one(ProgressView).render())
        assert "Actions done per week" in text and "█" in text
        assert "Open gap size" in text and "→ 4 (growing)" in text
        assert "Python" in text and "4/5" in text


async def test_stale_cards_goals_behind_pace_and_goals_without_action(tmp_path):
    clock = {"now": datetime(2026, 9, 1, 9, 0)}
    plan = Plan(
        tmp_path / "plan.json", today=lambda: clock["now"].date(), clock=lambda: clock["now"]
    )
    plan.add(
        "goal",
        title="Behind",
        measure="talks",
        baseline=0,
        target=10,
        current=1,
        deadline="2026-12-31",
    )
    plan.add("goal", title="Lonely goal")
    plan.add("action", title="Stuck card", column="doing")
    clock["now"] = datetime(2026, 11, 24, 9, 0)
    app = Harness(plan)
    async with app.run_test(size=(120, 50), notifications=True) as pilot:
        await pilot.pause()
        rows = "\n".join(rows_text(app, "#flags"))
        assert "Stale cards (1)" in rows and "Stuck card" in rows
        assert "not moved since 2026-09-01" in rows
        assert "Behind pace (1)" in rows and "10% done, 69% expected" in rows
        assert "Goals with no action (2)" in rows and "Lonely goal" in rows


def test_next_review_reaches_the_command_line_and_the_calendar(tmp_path, capsys):
    from icalendar import Calendar

    from careerplan.tui.cli import main

    db = str(tmp_path / "plan.json")
    Plan(db).add("review", date="2026-11-20", next_date="2026-12-04")
    assert main(["review", "--json", "--db", db]) == 0
    assert '"next_review": "2026-12-04"' in capsys.readouterr().out
    main(["review", "--db", db])
    assert "Next review: 2026-12-04" in capsys.readouterr().out
    main(["export", "--format", "ics", "--db", db, "-o", str(tmp_path / "p.ics")])
    events = [
        c
        for c in Calendar.from_ical((tmp_path / "p.ics").read_bytes()).walk()
        if c.name == "VEVENT"
    ]
    assert [e.decoded("dtstart") for e in events] == [date(2026, 12, 4)]


async def test_a_long_flag_list_is_cut_with_a_count_of_the_rest(tmp_path):
    from careerplan.tui.review import SHOWN

    made = Plan(tmp_path / "plan.json", today=lambda: TODAY)
    with made.batch():
        for n in range(SHOWN + 57):
            made.add("action", title=f"Late {n}", column="todo", deadline="2026-10-01")
    app = Harness(made)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        cells = [row.split("\n")[0] for row in rows_text(app, "#flags")]
        assert f"Overdue ({SHOWN + 57})" in cells
        assert sum(c.startswith("Late ") for c in cells) == SHOWN
        assert "… and 57 more (all of them: career review)" in cells


async def test_a_review_written_by_keys_keeps_every_field_and_opens_from_the_log(plan):
    """The "how is it going?" field had the id of the dashboard's header line, which the
    stylesheet docks at the top: drawn squashed above the dialog, skipped by tab, never saved."""
    from careerplan.tui.review_modals import ReviewShownModal, WriteReviewModal
    from careerplan.tui.widgets.controls import Input

    app = Harness(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, WriteReviewModal)
        dialog = modal.query_one(".dialog").region
        for field in modal.query(Input):
            assert field.region.height >= 1 and dialog.contains_region(field.region), field.id
        await pilot.press(*"Ana", "tab", *"good month", "tab", *"more talks", "tab")
        await pilot.press(*"+2w", "enter")
        await pilot.pause()
        (written,) = Plan(plan.path).records("review")
        assert (written["summary"], written["changed"]) == ("good month", "more talks")
        app.screen.query_one(TabbedContent).active = "tab-log"
        await pilot.pause()
        assert "good month" in "\n".join(rows_text(app, "#log"))
        select(app, "#log", "good month")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewShownModal)
        shown = " ".join(str(s.render()) for s in app.screen.query(".review-text"))
        assert "good month" in shown and "more talks" in shown and "Ana" in shown
        await pilot.press("escape")
        await pilot.pause()
    from careerplan.store.export_markdown import export_markdown

    page = export_markdown(Plan(plan.path), TODAY)
    assert "How it is going: good month" in page and "What changed: more talks" in page


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_flag_says_when_and_why_with_long_titles(tmp_path, size):
    """With 60-character titles the third column ("When / why") was cut ("2 weeks o") at
    80x24 and gone at 60x20: each flag now reads whole on its second line, no table scrolls
    sideways, and a cut title ends with "…"."""
    from careerplan.store.demo import build_demo
    from tests.long_titles import sixty, stretch_titles
    from tests.tui_helpers import screen_text

    made = Plan(tmp_path / "plan.json", today=lambda: TODAY)
    build_demo(made, TODAY)
    stretch_titles(made)
    app = Harness(made)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        for when in ("days overdue · action", "days overdue · goal", "due in 3 days · action"):
            assert when in shown, (when, shown)
        title = sixty("Book the AWS exam")
        if size[0] >= 80:
            assert title in shown
        else:
            line = next(line for line in shown.splitlines() if title[:40] in line)
            assert line.rstrip(" ▁▂▃▄▅▆▇█┃").endswith("…"), line  # past it, a scroll bar
        for key in "1234":
            await pilot.press(key)
            await pilot.pause()
            table = app.screen.focused
            assert isinstance(table, DataTable | RowList)
            assert table.virtual_size.width <= table.scrollable_content_region.width, key


async def test_the_progress_plots_scroll_by_keys_at_80x24(plan):
    """The third plot ("Skill levels over time") sat below the fold with nothing to focus."""
    from textual.containers import VerticalScroll

    app = Harness(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        scroller = app.screen.focused
        assert isinstance(scroller, VerticalScroll)
        assert "Skill levels over time" not in _visible(app)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert scroller.scroll_y > 0
        assert "Skill levels over time" in _visible(app)


def _visible(app) -> str:
    from tests.tui_helpers import screen_text

    return screen_text(app)


async def test_the_review_reads_the_event_log_only_to_show_it(tmp_path):
    """With no review written yet nothing on the review's first tab comes from the log: a
    long-kept plan's 80 MB of history is not parsed to open it. The Progress tab reads it."""
    from careerplan.tui.app import CareerApp

    path = tmp_path / "plan.json"
    writer = Plan(path, today=lambda: TODAY)
    for n in range(3):
        writer.add("action", title=f"card {n}", column="todo", deadline="2026-11-20")
    plan = Plan(path, today=lambda: TODAY, defer_events=True)
    app = CareerApp(plan, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "No review written yet" in str(app.screen.query_one("#since", Static).render())
        assert plan.storage.holds_log_back(), "the log was parsed to open the review"
        await pilot.press("5")  # the Progress tab replays the gaps from the log
        await pilot.pause()
        assert not plan.storage.holds_log_back()

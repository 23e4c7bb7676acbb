"""The dashboard driven by keys, checked on screen and on disk."""

from __future__ import annotations

import asyncio

import pytest
from textual.events import MouseScrollDown
from textual.widgets import Input

from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.dashboard import DashboardScreen
from careerplan.tui.forms import RecordForm
from careerplan.tui.help import HelpScreen
from careerplan.tui.keys import DASHBOARD_KEYS
from careerplan.tui.widgets.rowlist import RowList
from tests.tui_helpers import (
    HOSTILE,
    TODAY,
    board_column,
    fixed_plan,
    on_disk,
    settle,
    visible_text,
)


@pytest.fixture
def plan(tmp_path):
    made = fixed_plan(tmp_path / "plan.json")
    with made.batch():
        goal = made.add("goal", title="Staff engineer", horizon="3y", deadline="2029-12-31")
        made.add("gap", name="System design", goal=goal["id"], required_level=4, current_level=2)
        made.add("gap", name="Orphan gap", required_level=3, current_level=2)
        made.add(
            "action", title="First card", column="todo", deadline="2026-11-20", goal=goal["id"]
        )
        made.add("action", title="Second card", column="todo", deadline="2026-12-01")
        made.add("skill", name="Python", level=3)
        made.add("position", title="Senior engineer", level="L5", since="2024-11-01")
        for title in HOSTILE:
            made.add("action", title=title, column="backlog")
        made.add("settings", onboarding="done")
    return made


def column_text(app, column: str) -> str:
    return board_column(app.screen.kanban, column)


def card(plan_path, title: str) -> dict:
    return next(a for a in Plan(plan_path).records("action") if a["title"] == title)


async def test_panes_switch_with_numbers_and_tab(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.active_pane() == "actions"
        await pilot.press("2")
        assert screen.active_pane() == "goals"
        assert "Staff engineer" in visible_text(screen.query_one("#list-goals", RowList))
        await pilot.press("tab")
        assert screen.active_pane() == "gaps"
        gaps = visible_text(screen.query_one("#list-gaps", RowList))
        assert gaps.index("System design") < gaps.index("Orphan gap")  # biggest first
        assert "NO ACTION" in gaps
        await pilot.press("shift+tab", "shift+tab")
        assert screen.active_pane() == "position"
        position = visible_text(screen.query_one("#list-position", RowList))
        assert "Senior engineer" in position and "2 years" in position and "Python" in position
        await pilot.press("4")
        assert screen.active_pane() == "actions"


async def test_a_narrow_board_widened_shows_every_pane_filled(plan):
    """At 80x24 the board opens alone (the other panes are made when first shown); widened,
    all four panes are there and hold the plan."""
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query("#list-goals"), "hidden panes were made for the board"
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        screen = app.screen
        assert "Staff engineer" in visible_text(screen.query_one("#list-goals", RowList))
        assert "System design" in visible_text(screen.query_one("#list-gaps", RowList))
        assert "Senior engineer" in visible_text(screen.query_one("#list-position", RowList))
        assert "First card" in column_text(app, "todo")
        assert screen.active_pane() == "actions"


async def test_move_done_delete_undo_on_disk(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert "First card" in column_text(app, "todo")
        assert "4 days overdue" in column_text(app, "todo")
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert card(plan.path, "First card")["column"] == "doing"
        assert card(plan.path, "First card")["started_at"] == TODAY.isoformat()
        assert "First card" in column_text(app, "doing")
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert card(plan.path, "First card")["column"] == "todo"
        await pilot.press("space")
        await settle(app, pilot)
        assert card(plan.path, "First card")["column"] == "done"
        await pilot.press("u")
        await settle(app, pilot)
        assert card(plan.path, "First card")["column"] == "todo"
        app.screen.kanban.select_key("todo", ("action", card(plan.path, "Second card")["id"]))
        await pilot.press("d")
        await settle(app, pilot)
        assert "Second card" not in [a["title"] for a in Plan(plan.path).records("action")]
        await pilot.press("u")
        await settle(app, pilot)
        assert "Second card" in [a["title"] for a in Plan(plan.path).records("action")]


async def test_reorder_within_a_column(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        text = column_text(app, "todo")
        assert text.index("First card") < text.index("Second card")
        await pilot.press("shift+down")
        await settle(app, pilot)
        first, second = card(plan.path, "First card"), card(plan.path, "Second card")
        assert first["order"] > second["order"]
        text = column_text(app, "todo")
        assert text.index("Second card") < text.index("First card")


async def test_new_card_through_the_form_with_a_bad_then_good_date(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        await pilot.press(*"Read the SRE book")
        deadline = app.screen.query_one("#f-deadline", Input)
        deadline.focus()
        await pilot.press(*"someday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)  # not saved
        assert deadline.value == "someday"  # what was typed stays
        message = deadline.parent.query_one(".field-error")
        assert "cannot read 'someday'" in str(message.render())
        assert message.region.y == deadline.region.bottom, "a blank line parts it from its field"
        deadline.value = "+2w"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        saved = card(plan.path, "Read the SRE book")
        assert saved["deadline"] == "2026-12-08" and saved["column"] == "todo"
        assert "Read the SRE book" in column_text(app, "todo")
        assert app.screen.kanban.current_card()["id"] == saved["id"]  # the cursor went to it
        await pilot.press("right_square_bracket")  # so the next key acts on the new card
        await settle(app, pilot)
        assert card(plan.path, "Read the SRE book")["column"] == "doing"
        assert card(plan.path, "First card")["column"] == "todo"


async def test_edit_a_goal_and_escape_cancels(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("2", "e")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        title = app.screen.query_one("#f-title", Input)
        assert title.value == "Staff engineer"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#f-title", Input).value = "Staff engineer by 2029"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert Plan(plan.path).records("goal")[0]["title"] == "Staff engineer by 2029"


async def test_hostile_titles_show_literally_and_do_nothing(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.screen.kanban.focus_column("backlog")  # the focused column is wide
        await pilot.pause()
        backlog = column_text(app, "backlog")
        assert "x [/] y" in backlog and "[Q3] review" in backlog
        assert "[@click=app.quit]go[/]" in backlog
        assert "\x1b" not in backlog and "\x07" not in backlog
        assert "retitle ]0;pwned now" in backlog and "clear [2J screen" in backlog
        await pilot.press("g", "e")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#kanban", offset=(1 + 2, 1 + 3))  # inside its border
        await pilot.pause()
        assert app.is_running


async def test_filter_shows_only_matching_cards(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"second")
        await pilot.pause()
        assert "Second card" in column_text(app, "todo")
        assert "First card" not in column_text(app, "todo")
        await pilot.press("escape")
        await pilot.pause()
        assert "First card" in column_text(app, "todo")


async def test_help_lists_keys_and_every_listed_key_is_bound(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        bound = set()
        for node in (app, app.screen):
            for binding in node._bindings.key_to_bindings:
                bound.add(binding)
        missing = [key for key in DASHBOARD_KEYS if key not in bound]
        assert not missing, missing
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_palette_jump_and_theme_is_remembered(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        second = card(plan.path, "Second card")
        app.jump_to("action", second["id"])
        await pilot.pause()
        assert app.screen.kanban.current_card()["id"] == second["id"]
        before = list_looks(app)
        app.theme = "nord"
        await settle(app, pilot)
        switched = list_looks(app)
    assert Plan(plan.path).settings()["theme"] == "nord"
    again = CareerApp(fixed_plan(plan.path))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"
        # The lists' cursor, title and headings follow a theme switched while running.
        assert switched == list_looks(again) != before


def list_looks(app) -> list:
    from careerplan.tui.widgets.rowlist import RowStyles

    looks = app.screen.query_one(RowStyles)
    return [looks.get_component_rich_style(name) for name in sorted(RowStyles.COMPONENT_CLASSES)]


async def test_another_instance_changes_show_up(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        Plan(plan.path).add("action", title="Added from the command line", column="todo")
        for _ in range(40):
            await asyncio.sleep(0.1)
            await pilot.pause()
            if "Added from the command" in column_text(app, "todo"):
                break
        assert "Added from the command" in column_text(app, "todo")


async def test_review_screen_opens_with_r(plan):
    from careerplan.tui.review import ReviewScreen

    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_quit_waits_for_pending_writes(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for n in range(5):
            app.change(lambda p, n=n: p.add("action", title=f"queued {n}"), "added")
        await pilot.press("q")
    titles = [a["title"] for a in on_disk(plan.path).records("action")]
    assert all(f"queued {n}" in titles for n in range(5))


async def test_a_pane_opens_on_its_first_heading_and_a_click_picks_the_row_under_it(demo_path):
    """The goals pane starts at the top (its "1 year" heading showed scrolled off above the
    first goal), and a click inside a pane's border selects the row clicked, not the next."""
    app = CareerApp(Plan(demo_path), today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        goals = app.screen.query_one("#list-goals", RowList)
        lines = visible_text(goals).splitlines()
        assert lines[0].startswith("1 year"), lines[:2]
        wanted = next(r for r in goals.rows if r.key and r.key != goals.current_key)
        title = wanted.data.get("title", "?")[:20]  # the pane may cut it, with "…"
        line = next(i for i, text in enumerate(lines) if title in text)
        await pilot.click("#list-goals", offset=(3, 1 + line))  # 1: the border's top line
        await pilot.pause()
        assert app.screen.selected() == wanted.key
        await pilot._post_mouse_events([MouseScrollDown], "#list-goals", offset=(3, 2))
        await pilot.pause()
        top = visible_text(goals).splitlines()[0]
        assert top[:-1] == lines[2][:-1]  # a turn of the wheel: 2 lines (the thumb moved too)
        assert app.screen.selected() == wanted.key  # the wheel scrolls, the cursor stays


async def test_a_goals_term_follows_its_horizon_and_number_fields_show_their_range(plan):
    from careerplan.tui.widgets.picker import Picker

    assert plan.add("goal", title="In the store", horizon="5y")["term"] == "long"
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("2", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.query_one("#f-term", Picker).value == "short"
        form.query_one("#f-horizon", Picker).value = "3y"
        await pilot.pause()
        assert form.query_one("#f-term", Picker).value == "long"
        captions = " ".join(str(f.border_title) for f in form.query(".field"))
        assert "Confidence (1–10)" in captions
        form.query_one("#f-title", Input).value = "Principal engineer"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    made = next(g for g in Plan(plan.path).records("goal") if g["title"] == "Principal engineer")
    assert (made["horizon"], made["term"]) == ("3y", "long")


async def test_escape_on_a_changed_form_asks_before_throwing_it_away(plan):
    from careerplan.tui.choice import ChoiceModal

    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Half-typed card")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)  # "Discard your changes?"
        await pilot.press("enter")  # no: back to the form, the text kept
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        assert app.screen.query_one("#f-title", Input).value == "Half-typed card"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "enter")  # yes: discard
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    assert "Half-typed card" not in [a["title"] for a in Plan(plan.path).records("action")]


async def test_the_position_pane_and_the_export_show_where_i_come_from(demo_path):
    from careerplan.store.export_markdown import export_markdown
    from tests.tui_helpers import TODAY

    app = CareerApp(Plan(demo_path), today=TODAY)
    async with app.run_test(size=(80, 60), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        shown = visible_text(app.screen.query_one("#list-position", RowList))
        assert "Earlier positions (1)" in shown and "Software Engineer at Northwind" in shown
        assert "Experience (2)" in shown and "Backend developer at Tailspin Travel" in shown
        assert "Built the booking API" in shown
    page = export_markdown(Plan(demo_path), TODAY)
    assert "### Where I come from" in page and "Backend developer at Tailspin Travel" in page


async def test_enter_on_a_card_shows_its_detail_and_history(plan):
    from careerplan.tui.card_detail import CardDetailModal

    first = card(plan.path, "First card")
    plan.update(first["id"], notes="Ask for the voucher first", link="https://example.com/c")
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetailModal)
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Ask for the voucher first" in shown and "https://example.com/c" in shown
        assert "Goal: Staff engineer" in shown
        assert "added action 'First card'" in shown and "moved 'First card' to doing" in shown
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)


async def test_a_cards_notes_take_several_lines(plan):
    """Notes were one line of an Input: enter moved on to the next field."""
    from textual.widgets import TextArea

    from careerplan.tui.card_detail import CardDetailModal

    first = card(plan.path, "First card")
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        notes = app.screen.query_one("#f-notes", TextArea)
        notes.focus()
        await pilot.press(*"Ask for the voucher", "enter", *"then book the exam")
        await pilot.pause()
        assert app.screen.focused is notes  # enter made a new line, it did not move on
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        saved = Plan(plan.path).get("action", first["id"])
        assert saved["notes"] == "Ask for the voucher\nthen book the exam"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetailModal)
        shown = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Ask for the voucher\n  then book the exam" in shown
        assert "changed notes of action 'First card'" in shown  # nothing else it did not touch

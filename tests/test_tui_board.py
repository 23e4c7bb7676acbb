"""The board at scale, the key bar, the one write path's errors, and user text in every pane."""

from __future__ import annotations

import asyncio
import html
from datetime import date

import pytest

from careerplan.store.demo import build_big
from careerplan.store.errors import PlanError
from careerplan.tui.app import CareerApp
from careerplan.tui.widgets.keybar import KeyBar
from careerplan.tui.widgets.rowlist import RowList
from careerplan.tui.widgets.rowview import LazyRows
from tests.tui_helpers import (
    HOSTILE,
    TODAY,
    board_column,
    fixed_plan,
    on_disk,
    screen_text,
    settle,
    visible_text,
)


@pytest.fixture
def hostile_plan(tmp_path):
    """Every pane holds the hostile titles: goals, gaps, skills, reflections, the dream job."""
    made = fixed_plan(tmp_path / "plan.json")
    with made.batch():
        made.add("settings", onboarding="done")
        made.add("position", title=HOSTILE[0], level=HOSTILE[1], since="2024-11-01")
        made.add("vision", target_title=HOSTILE[2], dream_job=HOSTILE[3])
        for n, title in enumerate(HOSTILE):
            goal = made.add("goal", title=title, horizon="1y", deadline="2027-01-31")
            made.add("gap", name=title, goal=goal["id"], required_level=3, current_level=n % 3)
            made.add("skill", name=title, level=1 + n % 5)
            made.add("reflection", kind="strength", text=title)
            made.add("action", title=title, column="todo", goal=goal["id"])
    return made


def shown(app, list_id: str) -> str:
    if list_id.startswith("cards-"):
        return board_column(app.screen.kanban, list_id.removeprefix("cards-"))
    return visible_text(app.screen.query_one(f"#{list_id}", RowList))


def keybar(app) -> str:
    return str(app.screen.query_one(KeyBar).render())


def drawn(app, column: str, y: int) -> str:
    return board_column(app.screen.kanban, column).splitlines()[y]


async def test_big_board_makes_only_the_rows_it_shows(tmp_path):
    plan = fixed_plan(tmp_path / "big.json")
    build_big(plan, TODAY, actions=4000, records=4500)
    plan.add("settings", onboarding="done")
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        board = app.screen.kanban
        height = board.size.height
        todo = board.cards("todo")
        assert isinstance(todo.rows, LazyRows) and len(todo.rows) == 1000
        assert len(todo.rows._made) <= height  # virtual: a screenful, not 1,000
        first = drawn(app, "backlog", 1)  # line 0 is the column's title
        last = drawn(app, "backlog", height - 1)
        width = board.spans()["backlog"][1] - 1  # less the rule at its right
        assert len(first) == width, first  # drawn in the frame, nothing cut off
        assert first.endswith("┃") and last.endswith(" "), (first, last)  # a thumb at the top
        for name in ("backlog", "todo", "doing", "done"):  # counts stay in narrow columns
            heading = drawn(app, name, 0).rstrip()
            assert "1000" in heading and len(heading) < board.spans()[name][1], (name, heading)
        title = board.current_card()["title"]
        await pilot.press("right_square_bracket")
        assert "Doing (1001)" in drawn(app, "doing", 0)
        await settle(app, pilot)
        moved = next(a for a in on_disk(plan.path).records("action") if a["title"] == title)
        assert moved["column"] == "doing"
        await pilot.press("end")
        await pilot.pause()
        assert len(board.cards("doing").rows._made) <= 3 * height
        last = drawn(app, board.focused_column(), height - 1)
        assert last.endswith("┃"), last  # the thumb is at the bottom once at the end


async def test_key_bar_shows_card_keys_only_on_the_board(hostile_plan):
    app = CareerApp(hostile_plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        bar = keybar(app)
        assert "Move" in bar and "Done" in bar and "Help" in bar and "palette" in bar
        await pilot.press("2")
        bar = keybar(app)
        assert "Move" not in bar and "Help" in bar and "palette" in bar
        before = [a["column"] for a in on_disk(hostile_plan.path).records("action")]
        await pilot.press("right_square_bracket", "space")  # no card keys off the board
        await settle(app, pilot)
        assert [a["column"] for a in on_disk(hostile_plan.path).records("action")] == before
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_hostile_text_shows_literally_in_every_pane(hostile_plan):
    app = CareerApp(hostile_plan)
    async with app.run_test(size=(160, 60), notifications=True) as pilot:
        await pilot.pause()
        panes = {name: shown(app, f"list-{name}") for name in ("position", "goals", "gaps")}
        panes["todo"] = shown(app, "cards-todo")
        for name, text in panes.items():
            assert "\x1b" not in text and "\x07" not in text, name
            for literal in ("x [/] y", "[Q3] review"):
                assert literal in text, (name, literal)
        assert "[@click=app.quit]go[/]" in panes["goals"] + panes["gaps"]
        screen = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "[Q3] review" in screen and "\x1b]0;" not in screen
        await pilot.press("d")  # the status line names the deleted card's kind, not markup
        await settle(app, pilot)
        await pilot.click("#list-goals", offset=(3, 2))
        await pilot.pause()
        assert app.is_running


async def test_a_refused_change_says_why_and_changes_nothing(hostile_plan):
    app = CareerApp(hostile_plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()

        def refuse(plan):
            raise PlanError("cannot save [b]x[/b] [/] now")

        app.change(refuse, "never shown")
        await settle(app, pilot)
        status = app.screen.query_one("#status")
        assert "cannot save [b]x[/b] [/] now" in str(status.render())
        assert status.has_class("-error")
        assert any("cannot save [b]x[/b]" in str(n.message) for n in app._notifications)
        assert app.is_running


async def test_a_fixed_today_reaches_the_store(tmp_path):
    plan = fixed_plan(tmp_path / "plan.json")
    plan.add("settings", onboarding="done")
    card = plan.add("action", title="Start me", column="todo")
    day = date(2030, 1, 2)
    app = CareerApp(plan, today=day)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "Wed 02 Jan" in str(app.screen.query_one("#summary").render())
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
    assert on_disk(plan.path).get("action", card["id"])["started_at"] == day.isoformat()


async def test_filter_then_delete_and_undo_under_the_filter(hostile_plan):
    app = CareerApp(hostile_plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert not app.screen.filter_box().display
        await pilot.press("slash", *"q3")
        await pilot.pause()
        todo = shown(app, "cards-todo")
        assert "[Q3] review" in todo and "x [/] y" not in todo
        await pilot.press("enter", "d")
        await settle(app, pilot)
        titles = [a["title"] for a in on_disk(hostile_plan.path).records("action")]
        assert "[Q3] review" not in titles
        await pilot.press("u")
        await settle(app, pilot)
        titles = [a["title"] for a in on_disk(hostile_plan.path).records("action")]
        assert "[Q3] review" in titles
        await pilot.press("escape")
        await pilot.pause()
        assert "x [/] y" in shown(app, "cards-todo")


async def test_keys_typed_right_after_slash_land_in_the_filter(hostile_plan):
    """Over a slow link `/`, the text and enter arrive in one read, before the box has focus."""
    from textual import events

    app = CareerApp(hostile_plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        column = app.screen.kanban.focused_column()
        burst = [("slash", "/"), ("q", "q"), ("3", "3"), ("l", "l"), ("enter", "\r")]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.filter_box().value == "q3l"
        assert app.screen.kanban.focused_column() == column  # `l` did not move a column
        assert type(app.screen).__name__ == "DashboardScreen"  # enter did not open a form


async def test_a_toast_sits_above_the_filter_box_not_over_it(hostile_plan):
    app = CareerApp(hostile_plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("Something to say", timeout=30)
        await pilot.press("slash")
        await pilot.pause()
        box = app.screen.filter_box()
        (toast,) = app.screen.query("Toast")
        box_top = box.region.y
        assert toast.region.bottom <= box_top, "the toast hides the filter box"
        await pilot.press("escape")
        await pilot.pause()
        assert not box.display
        status = app.screen.query_one("#status")
        assert box_top < toast.region.bottom <= status.region.bottom  # back down


@pytest.mark.parametrize("height", [23, 24])  # an odd and an even number of card lines
async def test_a_column_scrolled_to_its_end_starts_on_a_whole_card(tmp_path, height):
    plan = fixed_plan(tmp_path / "big.json")
    build_big(plan, TODAY, actions=400, records=450)
    plan.add("settings", onboarding="done")
    app = CareerApp(plan)
    async with app.run_test(size=(80, height)) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        todo = shown(app, "cards-todo").splitlines()[1:]  # below the column's title
        assert todo[0].startswith("Action"), todo[:2]  # a title, not a card's second line
        await pilot.press("right_square_bracket")  # the card moves to the end of doing
        await pilot.pause()
        doing = shown(app, "cards-doing").splitlines()[1:]
        assert doing[0].startswith("Action"), doing[:2]


async def test_moved_and_reordered_cards_sit_where_a_full_redraw_puts_them(tmp_path):
    """place() moves one card between sorted columns instead of sorting every card again:
    after any run of moves and reorders the columns read as a redraw from scratch would."""
    import random

    plan = fixed_plan(tmp_path / "plan.json")
    build_big(plan, TODAY, actions=300, records=400)
    plan.add("settings", onboarding="done")
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        kanban = app.screen.kanban
        rng = random.Random(7)
        columns = ("backlog", "todo", "doing", "done")
        for _ in range(60):
            card = rng.choice(list(kanban.actions.values()))
            if rng.random() < 0.5:
                kanban.place(card["id"], {"column": rng.choice(columns)})
            else:
                kanban.place(card["id"], {"order": rng.choice([0, 1, 2.5, 7, None])})

        def shown() -> dict[str, list[int]]:
            return {c: [a["id"] for a in kanban.cards(c).rows.items] for c in columns}

        placed = shown()
        kanban.redraw()
        assert placed == shown()
        assert sum(map(len, placed.values())) == 300


def test_cards_sort_as_card_order_says_even_with_hand_edited_orders():
    from careerplan.store.rules import card_order, sorted_cards

    written = [{"id": n, "order": (n * 7) % 5} for n in range(1, 30)]
    assert sorted_cards(written) == sorted(written, key=card_order)
    edited = [*written, {"id": 40}, {"id": 41, "order": None}, {"id": 42, "order": 2.5}]
    assert [c["id"] for c in sorted_cards(edited)][:3] == [5, 10, 15]  # order 0 first
    assert sorted_cards(edited) == sorted(edited, key=card_order)


async def test_the_wheel_scrolls_the_column_under_the_pointer_only(tmp_path):
    """The board is one widget: a wheel turn over Backlog scrolls Backlog, not the column
    with the cursor, and a click there picks the card under the pointer."""
    from textual.events import MouseScrollDown

    plan = fixed_plan(tmp_path / "plan.json")
    with plan.batch():
        plan.add("settings", onboarding="done")
        for n in range(40):
            plan.add("action", title=f"Later {n:02}", column="backlog", order=n)
            plan.add("action", title=f"Soon {n:02}", column="todo", order=n)
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        board = app.screen.kanban
        x = board.spans()["backlog"][0] + 1 + 2  # inside the border, in Backlog
        before_todo = drawn(app, "todo", 1)
        for _ in range(3):  # Textual's pilot has no public wheel
            await pilot._post_mouse_events([MouseScrollDown], "#kanban", offset=(x, 5))
        await pilot.pause()
        assert drawn(app, "backlog", 1).startswith("Later 03"), drawn(app, "backlog", 1)
        assert drawn(app, "todo", 1) == before_todo and board.focused_column() == "todo"
        await pilot.click("#kanban", offset=(x, 1 + 1 + 2))  # border, title, the 2nd card
        await pilot.pause()
        assert board.focused_column() == "backlog"
        assert board.current_card()["title"] == "Later 04"


@pytest.mark.timeout(30)  # the bug was a hang: the app never exited
async def test_a_quit_read_with_a_move_waits_for_it_and_exits(tmp_path):
    """`]q` in one read: the quit key reaches the app before the move's repaint hands the
    change to the writer. The app used to wait for that hand-over inside its own quit
    handler, which held up the very message that would do it: it never exited."""
    from textual import events

    plan = fixed_plan(tmp_path / "plan.json")
    plan.add("settings", onboarding="done")
    card = plan.add("action", title="Moved then quit", column="todo")
    app = CareerApp(plan)

    async def move_and_quit() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for key, char in (("right_square_bracket", "]"), ("q", "q")):
                app.post_message(events.Key(key, char))  # one read: no pause between them
            while app.is_running:
                await asyncio.sleep(0.01)

    await move_and_quit()
    assert on_disk(plan.path).get("action", card["id"])["column"] == "doing"


async def test_a_form_refused_on_save_shows_why_with_no_toast_over_it(hostile_plan):
    from careerplan.store.errors import PlanWriteError
    from careerplan.tui.forms import RecordForm

    app = CareerApp(hostile_plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Refused card")

        def refuse(*_args, **_kwargs):
            raise PlanWriteError("could not save, the disk is full; nothing was changed")

        hostile_plan.add = refuse
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, RecordForm)
        shown = " ".join(screen_text(app).split())
        assert "Not saved: could not save, the disk is full" in shown
        assert "Refused card" in shown
        assert not app._notifications, "a toast covers the form's own message at 80x24"


def test_a_line_keeps_the_style_of_its_text_cut_or_not():
    """rich renders a Text with no spans without its own style: card titles, drawn bold to
    show where each card starts, came out plain."""
    from rich.console import Console
    from rich.text import Text

    from careerplan.tui.widgets.textline import line_strip

    console = Console()
    for width in (20, 6):  # whole, and cut with "…"
        strip = line_strip(Text("Card title", style="bold"), console, width)
        assert strip.cell_length == width
        drawn = [s for s in strip if s.text.strip()]
        assert drawn and all(s.style and s.style.bold for s in drawn), list(strip)
    styled = line_strip(Text("due in 2 days", style="bold red"), console, 20)
    assert all(s.style.color.name == "red" for s in styled if s.text.strip())

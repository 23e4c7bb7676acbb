"""Keys typed faster than the screen moves the focus: over SSH or from a fast typist, text,
a tab and more text arrive in one read. Each piece of text must land in the field it was
typed for, as when the keys come one by one."""

from __future__ import annotations

from textual import events

from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.dashboard import DashboardScreen
from careerplan.tui.first_run import FirstRunScreen
from careerplan.tui.forms import RecordForm
from careerplan.tui.widgets.controls import Input
from tests.tui_helpers import TODAY, fixed_plan, settle

NAMED = {
    "\t": "tab",
    "\r": "enter",
    " ": "space",
    "+": "plus",
    "]": "right_square_bracket",
    "\x7f": "backspace",
    "\x15": "ctrl+u",
    "\x02": "left",  # not what a terminal sends for left: a stand-in the burst can carry
    "\x13": "ctrl+s",
}


def burst(app, text: str) -> None:
    """Post every key at once, as the terminal driver does with one read."""
    for character in text:
        app.post_message(events.Key(NAMED.get(character, character), character))


async def test_a_burst_in_the_walk_fills_each_field(tmp_path):
    plan = fixed_plan(tmp_path / "plan.json")
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        burst(app, "Staff engineer\tL6\rAcme")
        await pilot.pause()
        await pilot.pause()
        values = [field.value for field in app.screen.query(Input)][:3]
        assert values == ["Staff engineer", "L6", "Acme"]


async def test_a_burst_in_a_form_fills_each_field_and_ctrl_s_saves(tmp_path):
    plan = fixed_plan(tmp_path / "plan.json")
    plan.add("settings", onboarding="done")
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        app.screen.query_one("#f-title", Input).value = "Read the SRE book"
        app.screen.query_one("#f-measure", Input).focus()
        await pilot.pause()
        burst(app, "pages\t300\r4\t+1w\t0\thttps://sre.google\rchapter 3 first\rthen 4\x13")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)  # enter went on to the notes, ^s saved
    card = Plan(plan.path).records("action")[0]
    assert card["title"] == "Read the SRE book"
    assert (card["measure"], card["target"]) == ("pages", "300")
    assert (card["effort_hours"], card["deadline"], card["cost"]) == (4, "2026-12-01", 0)
    assert (card["link"], card["notes"]) == ("https://sre.google", "chapter 3 first\nthen 4")


async def test_shift_tab_in_a_burst_goes_back_a_field(tmp_path):
    plan = fixed_plan(tmp_path / "plan.json")
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        burst(app, "\t\tAcme")
        app.post_message(events.Key("shift+tab", None))
        burst(app, "L6")
        await pilot.pause()
        await pilot.pause()
        values = [field.value for field in app.screen.query(Input)][:3]
        assert values == ["", "L6", "Acme"]


async def test_two_moves_in_one_read_move_one_card_twice(demo_path):
    """`]]` sent at once: the first move takes the focus to the card's new column at once,
    so the second moves the same card on, as two keys sent apart do."""
    app = CareerApp(Plan(demo_path), today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        first = app.screen.kanban.current_card()
        assert first is not None and first["column"] == "todo"
        burst(app, "]]")
        await settle(app, pilot)
    assert Plan(demo_path).get("action", first["id"])["column"] == "done"
    columns = [a["column"] for a in Plan(demo_path).records("action")]
    before = [a["column"] for a in Plan(demo_path).records("action") if a["id"] != first["id"]]
    assert columns.count("doing") == before.count("doing")  # no other card moved


async def test_a_pane_key_and_a_move_in_one_read_move_in_that_pane(demo_path):
    app = CareerApp(Plan(demo_path), today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        todo = app.screen.kanban.cards("todo").cursor
        burst(app, "2j")
        await pilot.pause()
        await pilot.pause()
        goals = app.screen.query_one("#list-goals")
        assert app.screen.kanban.cards("todo").cursor == todo  # j went to the goals pane
        assert goals.has_focus and goals.cursor > goals.view.nearest_selectable(0, 1)


async def test_a_title_typed_with_the_key_that_opens_the_form_is_kept(tmp_path):
    """`n` and the title in one read: the title's keys reach the form before its first field
    has the focus; they go into it, not nowhere, nor to the board (`d` deletes there) or the
    app (`q` quits, `r` reviews, `u` undoes)."""
    plan = fixed_plan(tmp_path / "plan.json")
    plan.add("settings", onboarding="done")
    plan.add("action", title="Keep me", column="todo")
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        burst(app, "nquick read, due u")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        assert app.screen.query_one("#f-title", Input).value == "quick read, due u"
        burst(app, "\t")
        await pilot.pause()
        assert app.screen.query_one("#f-title", Input).value == "quick read, due u"
    assert [a["title"] for a in Plan(plan.path).records("action")] == ["Keep me"]


async def test_text_put_in_a_field_before_its_focus_is_not_typed_over():
    """Text a form takes before its field's focus arrives (typed ahead) stays, and the next
    key adds to it: Textual selects a field's whole value as it takes the focus."""
    from textual.app import App

    class One(App):
        def compose(self):
            yield Input(id="a")
            yield Input(id="b")

    app = One()
    async with app.run_test() as pilot:
        await pilot.pause()
        field = app.query_one("#b", Input)
        field.typed_ahead = True
        field.insert_text_at_cursor("P")
        field.focus()
        await pilot.pause()
        await pilot.press("a", "i", "r")
        assert field.value == "Pair"
        app.query_one("#a", Input).focus()
        await pilot.pause()
        field.focus()  # an ordinary focus selects the value again
        await pilot.pause()
        await pilot.press("x")
        assert field.value == "x"


async def test_backspace_and_ctrl_u_in_a_burst_keep_their_place(tmp_path):
    """`123`, backspace, `4` in one read left `123`: Textual ran the field's backspace only
    after the key had gone up to the app and back, after the `4`. Same for ctrl+u, the
    arrows, and in a text area."""
    from textual.widgets import TextArea

    plan = Plan(tmp_path / "plan.json", today=lambda: TODAY)
    plan.add("settings", onboarding="done")
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        title = app.screen.query_one("#f-title", Input)
        burst(app, "123\x7f4")
        await pilot.pause()
        assert title.value == "124"
        burst(app, "abc\x15de\x02\x02x")
        await pilot.pause()
        assert title.value == "xde"
        notes = app.screen.query_one("#f-notes", TextArea)
        notes.focus()
        await pilot.pause()
        burst(app, "123\x7f4\x15ok")
        await pilot.pause()
        assert notes.text == "ok"

"""Undo is yours and says what: `u` undoes this window's last change, never one made
elsewhere without asking; `U` and `career redo` make it again; the cursor lands on it."""

from __future__ import annotations

import asyncio

import pytest

from careerplan.store.errors import ConflictError
from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.choice import ChoiceModal
from careerplan.tui.cli import main
from tests.tui_helpers import TODAY, fixed_plan, settle


@pytest.fixture
def plan(tmp_path):
    made = fixed_plan(tmp_path / "plan.json")
    with made.batch():
        made.add("settings", onboarding="done")
        made.add("action", title="Book the AWS exam", column="todo", deadline="2026-12-20")
        made.add("action", title="Read the SRE book", column="todo")
    return made


def card(path, title: str) -> dict:
    return next(a for a in Plan(path).records("action") if a["title"] == title)


def status(app) -> str:
    return str(app.screen.query_one("#status").render())


async def wait_for_reload(app, pilot, title: str) -> None:
    for _ in range(40):  # the file is watched every second
        await asyncio.sleep(0.1)
        await pilot.pause()
        if any(a["title"] == title for a in app.screen.kanban.actions.values()):
            return
    raise AssertionError(f"{title} never showed")


async def test_u_undoes_this_windows_change_not_a_scripts_and_says_what(plan):
    app = CareerApp(plan, today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")  # Book the AWS exam: todo -> doing
        await settle(app, pilot)
        Plan(plan.path).add("action", title="Added by a script", column="todo")
        await wait_for_reload(app, pilot, "Added by a script")
        await pilot.press("u")
        await settle(app, pilot)
        assert card(plan.path, "Book the AWS exam")["column"] == "todo"
        assert card(plan.path, "Added by a script")  # the script's card stays
        assert "Undid: moved 'Book the AWS exam' to doing" in status(app)
        chosen = app.screen.kanban.current_card()
        assert chosen["title"] == "Book the AWS exam"  # the cursor is on what was undone
        await pilot.press("U")
        await settle(app, pilot)
        assert card(plan.path, "Book the AWS exam")["column"] == "doing"
        assert "Redid: moved 'Book the AWS exam' to doing" in status(app)


async def test_a_change_made_elsewhere_is_undone_only_when_asked(plan):
    Plan(plan.path).add("action", title="Added by a script", column="todo")
    app = CareerApp(fixed_plan(plan.path), today=TODAY)  # a window that has changed nothing
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("escape")  # no
        await settle(app, pilot)
        assert card(plan.path, "Added by a script")
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("up", "enter")  # yes
        await settle(app, pilot)
        titles = [a["title"] for a in Plan(plan.path).records("action")]
        assert "Added by a script" not in titles
        assert "Undid: added action 'Added by a script'" in status(app)


def test_undo_never_overwrites_a_later_change(plan):
    mine = Plan(plan.path)
    book = card(plan.path, "Book the AWS exam")
    mine.move(book["id"], "doing")
    Plan(plan.path).update(book["id"], title="Book the AWS exam for January")  # elsewhere
    with pytest.raises(ConflictError, match="was changed since"):
        mine.undo(by=mine.origin)
    assert card(plan.path, "Book the AWS exam for January")["column"] == "doing"


def test_career_undo_and_redo_name_what_they_revert(plan, capsys):
    book = card(plan.path, "Book the AWS exam")
    assert main(["move", str(book["id"]), "doing", "--db", str(plan.path)]) == 0
    capsys.readouterr()
    assert main(["undo", "--db", str(plan.path)]) == 0
    assert capsys.readouterr().out == "undid: moved 'Book the AWS exam' to doing\n"
    assert main(["redo", "--db", str(plan.path)]) == 0
    assert capsys.readouterr().out == "redid: moved 'Book the AWS exam' to doing\n"
    assert card(plan.path, "Book the AWS exam")["column"] == "doing"
    assert main(["redo", "--db", str(plan.path)]) == 0
    assert capsys.readouterr().out == "nothing to redo\n"
    main(["undo", "--db", str(plan.path)])
    main(["add", "action", "A new change", "--db", str(plan.path)])
    capsys.readouterr()
    main(["redo", "--db", str(plan.path)])
    assert capsys.readouterr().out == "nothing to redo\n"  # a new change ends redo

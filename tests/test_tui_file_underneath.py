"""The plan file deleted, replaced, mangled or upgraded underneath a running dashboard: the
screen says so, keeps what it shows, keeps running, and nothing on disk is written over."""

from __future__ import annotations

import asyncio
import json
import os

import pytest
from textual.widgets import Input

from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.dashboard import DashboardScreen
from careerplan.tui.forms import RecordForm
from tests.tui_helpers import fixed_plan, settle


@pytest.fixture
def plan(tmp_path):
    made = fixed_plan(tmp_path / "plan.json")
    made.add("settings", onboarding="done")
    goal = made.add("goal", title="Staff engineer", deadline="2029-12-31")
    made.add("action", title="Write the design doc", goal=goal["id"], column="todo")
    made.add("action", title="Mentor a new hire", column="doing")
    return made


def status(app) -> str:
    dashboard = next(s for s in app.screen_stack if isinstance(s, DashboardScreen))
    return str(dashboard.query_one("#status").render())


def toasts(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def wait_status(app, pilot, text: str, seconds: float = 5.0) -> None:
    """The watch looks once a second; give it a few."""
    for _ in range(int(seconds / 0.05)):
        await pilot.pause()
        if text in status(app):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{text!r} not in the status line: {status(app)!r}")


def titles(path) -> set[str]:
    return {card["title"] for card in Plan(path).records("action")}


async def test_a_deleted_file_is_written_back_whole_by_the_next_change(plan):
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        os.unlink(plan.path)
        await wait_status(app, pilot, "deleted or moved away")
        assert "Nothing is lost" in toasts(app)
        await pilot.press("4", "n")
        await pilot.pause()
        await pilot.press(*"Book the exam", "ctrl+s")
        await settle(app, pilot)
        assert "Added action: Book the exam" in status(app)
        assert app.is_running
    assert titles(plan.path) == {"Write the design doc", "Mentor a new hire", "Book the exam"}
    assert Plan(plan.path).records("goal")[0]["title"] == "Staff engineer"


async def test_a_file_replaced_by_another_plan_is_shown(plan, tmp_path):
    other = fixed_plan(tmp_path / "other.json")
    other.add("settings", onboarding="done")
    other.add("action", title="From the other file", column="todo")
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        os.replace(other.path, plan.path)
        await wait_status(app, pilot, "changed outside this window")
        await settle(app, pilot)
        await pilot.press("4", "space")  # done on the card now shown
        await settle(app, pilot)
    cards = Plan(plan.path).records("action")
    assert [(c["title"], c["column"]) for c in cards] == [("From the other file", "done")]


@pytest.mark.parametrize(
    "mangled, said",
    [
        (b'{"action": {"1": {"title": "half a wr', "not a readable plan"),
        (b"", "not a readable plan"),
        (b"\xff\xfe not text", "not a readable plan"),
        (json.dumps({"meta": {"1": {"schema": 99}}}).encode(), "newer careerplan"),
        (
            json.dumps(
                {"action": {"1": {"id": 1, "title": ["a list"], "column": "todo"}}}
            ).encode(),
            "title is a list, not text",
        ),
    ],
    ids=["truncated", "empty", "binary", "newer-schema", "bad-record"],
)
async def test_a_file_replaced_by_garbage_is_never_written_over(plan, mangled, said):
    plan.add("action", title="One more", column="todo")  # a backup exists from today's first
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        temp = plan.path + ".editor"
        with open(temp, "wb") as handle:
            handle.write(mangled)
        os.replace(temp, plan.path)
        await wait_status(app, pilot, said)
        if said == "not a readable plan":
            assert "Newest good backup" in toasts(app)
        # every kind of change is refused with the reason; the app keeps running
        for keys in (["4", "bracketright"], ["4", "space"], ["4", "d"], ["u"]):
            await pilot.press(*keys)
            await settle(app, pilot)
            assert said in status(app), keys
        await pilot.press("4", "n")
        await pilot.pause()
        await pilot.press(*"Typed while broken", "ctrl+s")
        await settle(app, pilot)
        assert said in status(app)
        # the form comes back with what was typed and why it was not saved
        assert isinstance(app.screen, RecordForm)
        assert app.screen.query_one("#f-title", Input).value == "Typed while broken"
        assert said in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
        with open(plan.path, "rb") as handle:
            assert handle.read() == mangled
        # mended by hand (the backup copied back): the dashboard picks it up and saves again
        backup = sorted(p for p in os.listdir(os.path.dirname(plan.path)) if p.endswith(".bak"))
        assert backup, "no backup beside the plan"
        with open(os.path.join(os.path.dirname(plan.path), backup[-1]), "rb") as handle:
            good = handle.read()
        with open(temp, "wb") as handle:
            handle.write(good)
        os.replace(temp, plan.path)
        await wait_status(app, pilot, "changed outside this window")
        await pilot.press("4", "n")
        await pilot.pause()
        await pilot.press(*"After the mend", "ctrl+s")
        await settle(app, pilot)
        assert "Added action: After the mend" in status(app)
    assert "After the mend" in titles(plan.path)


async def test_a_torn_event_log_is_said_after_the_first_paint_and_never_written_over(plan):
    """The dashboard parses the event log only after its first frame: a torn line there is
    said as an unreadable file is, the cards stay shown, and no key writes over the file."""
    for n in range(3):
        plan.add("action", title=f"Card {n}", column="todo")
    with open(plan.path, "rb") as handle:
        raw = handle.read()
    start = raw.index(b'"event": {\n') + len(b'"event": {\n')
    second = raw.index(b"\n", start) + 1
    torn = raw[:second] + b'"9999": {"at": "2026-01-01", "op": \n' + raw[second:]
    with open(plan.path, "wb") as handle:
        handle.write(torn)
    held = Plan(plan.path, today=plan.today, defer_events=True)
    app = CareerApp(held)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_status(app, pilot, "not a readable plan")
        shown = {card["title"] for card in app.screen.kanban.actions.values()}
        assert {"Card 0", "Card 2", "Write the design doc"} <= shown
        await pilot.press("4", "space", "u")
        await settle(app, pilot)
        assert "not a readable plan" in status(app)
    with open(plan.path, "rb") as handle:
        assert handle.read() == torn

"""A big plan's first frame comes from a first look worked out by a child process while
Textual loads (store.first_look); the app reads the plan itself right after. The frame must
be the one the whole plan draws, and no key may act on the look."""

from __future__ import annotations

import json
import os

import pytest

from careerplan.store import first_look, rules
from careerplan.store.demo import build_big
from careerplan.store.plan import SCHEMA_VERSION, Plan
from careerplan.store.schema import COLUMNS
from careerplan.tui.app import CareerApp
from careerplan.tui.widgets.rowlist import RowList
from careerplan.tui.widgets.textline import TextLine
from tests.tui_helpers import TODAY, board_column, fixed_plan, settle, visible_text


@pytest.fixture
def big_path(tmp_path):
    plan = fixed_plan(tmp_path / "big.json")
    build_big(plan, TODAY, actions=400, records=450)
    plan.add("settings", onboarding="done", due_soon_days=30)
    for n in range(3):  # the same order twice: ties go by id
        plan.add("action", title=f"Tie {n}", column="todo", order=2.5)
    plan.add("action", title="x [/] y \x1b[2J", column="doing", order=0.5)
    return plan.path


def lazy(path) -> Plan:
    return Plan(path, today=lambda: TODAY, read_now=False)


def test_the_look_is_what_the_whole_plan_says(big_path):
    look = first_look.look(big_path, TODAY, 12, SCHEMA_VERSION)
    snapshot = Plan(big_path).snapshot(events=False)
    actions = snapshot.pop("action")
    assert look.tables == snapshot
    for column in COLUMNS:
        cards = rules.sorted_cards([a for a in actions if a.get("column") == column])
        assert look.columns[column] == (len(cards), cards[:12])
    assert look.due == rules.due_counts({**snapshot, "action": actions}, TODAY, 30)
    links = rules.Links(actions)
    for goal in snapshot["goal"]:
        assert look.links.progress(goal) == links.progress(goal)
    for gap in snapshot["gap"]:
        assert look.links.gap_count(gap["id"]) == links.gap_count(gap["id"])


def screen_text(app) -> dict[str, str]:
    shown = {"summary": str(app.screen.query_one("#summary", TextLine).render())}
    for rowlist in app.screen.query(RowList):
        shown[rowlist.id] = visible_text(rowlist)
    for column in COLUMNS:
        shown[f"cards-{column}"] = board_column(app.screen.kanban, column)
    return shown


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_first_frame_is_the_frame_of_the_whole_plan(big_path, monkeypatch, size):
    look = first_look.look(big_path, TODAY, size[1], SCHEMA_VERSION)
    plan = lazy(big_path)
    seen = {}
    real = CareerApp.end_first_look

    def end_first_look(app):
        if app.first_look is not None:
            seen["read before"] = plan.storage.holds_document()
            seen["frame"] = screen_text(app)
        real(app)

    monkeypatch.setattr(CareerApp, "end_first_look", end_first_look)
    app = CareerApp(plan, today=TODAY, first_look=look)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert seen["read before"] is False  # the first frame did not wait for the plan
        assert app.first_look is None and plan.storage.holds_document()
        assert seen["frame"] == screen_text(app)
        assert "Tie 0" in seen["frame"]["cards-todo"]


async def test_a_key_before_the_plan_is_read_acts_on_the_whole_plan(big_path, monkeypatch):
    look = first_look.look(big_path, TODAY, 40, SCHEMA_VERSION)
    first = look.columns["todo"][1][0]
    plan = lazy(big_path)
    real = CareerApp.end_first_look
    calls = []

    def end_first_look(app):  # the read after the first frame comes late: the key is first
        calls.append(app.first_look is not None)
        if len(calls) > 1:
            real(app)

    monkeypatch.setattr(CareerApp, "end_first_look", end_first_look)
    app = CareerApp(plan, today=TODAY, first_look=look)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.first_look is not None
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert calls[:2] == [True, True]
    moved = Plan(big_path).get("action", first["id"])
    assert moved["column"] == "doing"
    assert len(Plan(big_path).records("action")) == 404


def test_a_child_process_brings_the_look(big_path, monkeypatch):
    monkeypatch.setattr(first_look, "BIG_ENOUGH", 0)
    looking = first_look.start(big_path, TODAY, 20, SCHEMA_VERSION)
    assert looking is not None
    assert looking.result() == first_look.look(big_path, TODAY, 20, SCHEMA_VERSION)
    first_look.reap_children()  # as the app does once its first frame is up
    with pytest.raises(ChildProcessError):
        os.waitpid(looking.pid, os.WNOHANG)  # reaped, not left behind


def test_a_slow_child_is_not_waited_for_past_its_time(big_path, monkeypatch):
    import time

    monkeypatch.setattr(first_look, "BIG_ENOUGH", 0)
    monkeypatch.setattr(first_look, "look", lambda *args: time.sleep(30))  # as the child runs
    looking = first_look.start(big_path, TODAY, 20, SCHEMA_VERSION)
    began = time.monotonic()
    assert looking.result(timeout=0.2) is None
    assert time.monotonic() - began < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(looking.pid, os.WNOHANG)  # killed and reaped, not left behind


def test_no_look_for_a_small_plan_a_corrupt_one_or_one_to_migrate(big_path, monkeypatch):
    assert first_look.start(big_path, TODAY, 20, SCHEMA_VERSION) is None  # under a megabyte
    monkeypatch.setattr(first_look, "BIG_ENOUGH", 0)
    with open(big_path, "rb") as f:
        whole = f.read()
    with open(big_path, "wb") as f:
        f.write(whole[: len(whole) // 2])  # torn
    assert first_look.start(big_path, TODAY, 20, SCHEMA_VERSION).result() is None
    document = json.loads(whole)
    document["meta"]["1"]["schema"] = 0
    with open(big_path, "w") as f:
        json.dump(document, f)
    assert first_look.start(big_path, TODAY, 20, SCHEMA_VERSION).result() is None
    with open(big_path, "rb") as f:
        assert json.load(f)["meta"]["1"]["schema"] == 0  # the child never migrates
    os.remove(big_path)
    assert first_look.start(big_path, TODAY, 20, SCHEMA_VERSION) is None


async def test_a_key_before_the_dashboard_is_up_reads_the_plan_first(big_path, monkeypatch):
    """Typed as `career` starts, a key reaches the app while the dashboard is still being
    made: the plan is read then, and the dashboard, once up, draws from it."""
    from careerplan.tui.dashboard import DashboardScreen

    look = first_look.look(big_path, TODAY, 40, SCHEMA_VERSION)
    made = DashboardScreen.compose

    def compose(screen):
        yield from made(screen)
        screen.app.end_first_look()  # what on_event does for a key at this moment

    monkeypatch.setattr(DashboardScreen, "compose", compose)
    app = CareerApp(lazy(big_path), today=TODAY, first_look=look)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.first_look is None
        assert "Tie 0" in board_column(app.screen.kanban, "todo")
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
    assert Plan(big_path).get("action", look.columns["todo"][1][0]["id"])["column"] == "doing"


@pytest.mark.parametrize("onboarding", [None, "done"])
async def test_a_big_file_with_no_record_left_opens_on_the_walk(tmp_path, onboarding):
    """A long-kept log with every record deleted: the look says the plan is empty."""
    from careerplan.tui.dashboard import DashboardScreen
    from careerplan.tui.first_run import FirstRunScreen

    settings = [{"id": 1, "onboarding": onboarding}] if onboarding else []
    look = first_look.FirstLook(
        tables={"settings": settings},
        columns={column: (0, []) for column in COLUMNS},
        due=(0, 0),
        links=rules.CountedLinks({}, {}),
        today=TODAY,
    )
    app = CareerApp(lazy(tmp_path / "plan.json"), today=TODAY, first_look=look)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        expected = DashboardScreen if onboarding else FirstRunScreen
        assert isinstance(app.screen, expected)


async def test_a_plan_changed_after_the_look_shows_as_it_is_now(big_path):
    """Another window saved between the child's read and the app's: the redraw shows it."""
    look = first_look.look(big_path, TODAY, 40, SCHEMA_VERSION)
    other = fixed_plan(big_path)
    other.add("action", title="Saved by the other window", column="todo", order=-1)
    app = CareerApp(lazy(big_path), today=TODAY, first_look=look)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        todo = board_column(app.screen.kanban, "todo")
        assert "Saved by the other window" in todo
        assert f"({look.columns['todo'][0] + 1})" in todo

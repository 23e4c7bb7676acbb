"""Snapshots of the real app on the demo plan, at 80x24 and 120x40, with a fixed today."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Input

from careerplan.store.demo import build_demo
from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from tests.long_titles import stretch_titles
from tests.tui_helpers import TODAY

SIZES = [(80, 24), (120, 40)]


def demo_app(tmp_path, long_titles: bool = False) -> CareerApp:
    plan = Plan(
        tmp_path / "demo.json", today=lambda: TODAY, clock=lambda: datetime(2026, 11, 24, 9, 0)
    )
    build_demo(plan, TODAY)
    if long_titles:
        stretch_titles(plan)
    app = CareerApp(plan)
    app.animation_level = "none"
    return app


async def steady(pilot) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dashboard(snap_compare, tmp_path, size):
    assert snap_compare(demo_app(tmp_path), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_goal_form(snap_compare, tmp_path, size):
    async def open_form(pilot) -> None:
        await pilot.press("2", "n")
        await pilot.pause()
        await steady(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=size, run_before=open_form)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, tmp_path, size):
    assert snap_compare(demo_app(tmp_path), terminal_size=size, press=["question_mark"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review(snap_compare, tmp_path, size):
    assert snap_compare(demo_app(tmp_path), terminal_size=size, press=["r"])


def test_review_with_long_titles_at_60x20(snap_compare, tmp_path):
    """Titles of 60 characters, which the demo's short ones hid: each flag's when / why
    still reads whole under its title."""
    app = demo_app(tmp_path, long_titles=True)
    assert snap_compare(app, terminal_size=(60, 20), press=["r"])


@pytest.mark.parametrize("size", [*SIZES, (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_board_with_long_titles(snap_compare, tmp_path, size):
    """Titles of 60 characters wrap on the cards at word boundaries, "…" only after the
    last line; when each card is due, and the goal it serves, each on a line of its own."""
    app = demo_app(tmp_path, long_titles=True)
    assert snap_compare(app, terminal_size=size, run_before=steady)

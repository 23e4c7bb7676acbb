"""Random key sequences against the dashboard on the demo plan: no crash, and the plan on
disk always opens and passes its own consistency check."""

from __future__ import annotations

import asyncio
import shutil
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerplan.store.consistency import problems
from careerplan.store.demo import build_demo
from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from tests.tui_helpers import TODAY, settle

KEYS = [
    "1",
    "2",
    "3",
    "4",
    "tab",
    "shift+tab",
    "j",
    "k",
    "h",
    "l",
    "down",
    "up",
    "n",
    "e",
    "enter",
    "d",
    "u",
    "right_square_bracket",
    "left_square_bracket",
    "space",
    "shift+up",
    "shift+down",
    "slash",
    "escape",
    "r",
    "question_mark",
    "ctrl+s",
    "x",
    "a",
    "plus",
    "minus",
    "w",
    "s",
    "c",
    "5",
    "H",
    "p",
    "ctrl+n",
]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "demo.json"
    build_demo(Plan(path, today=lambda: TODAY), TODAY)
    return path


def fixed(path) -> Plan:
    return Plan(path, today=lambda: TODAY, clock=lambda: datetime(2026, 11, 24, 9, 0))


@pytest.mark.slow
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=25))
def test_random_keys_never_break_the_app_or_the_plan(template, tmp_path_factory, keys):
    path = tmp_path_factory.mktemp("run") / "plan.json"
    shutil.copy(template, path)

    async def drive() -> None:
        app = CareerApp(fixed(path))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
            await settle(app, pilot)
            assert app.is_running

    asyncio.run(drive())
    assert problems(Plan(path)) == []

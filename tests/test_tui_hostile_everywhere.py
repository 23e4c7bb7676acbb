"""The worst titles a person could paste, in every pane, a form, a toast, the palette and the
review screen: each shows as plain text within the screen's width, and none drives the
terminal (no bidi override, no C0/C1 control, no lone surrogate reaches the screen)."""

from __future__ import annotations

import pytest

from careerplan.tui.app import CareerApp
from tests.tui_helpers import fixed_plan, screen_text, settle

LONG = ("Long " + "word " * 2000)[:10_000]  # the longest title kept
WORST = [
    "bidi \u202eexe.txt\u202c and \u2066isolate\u2069",
    "c1 \x9b31m red \x85 next \x90dcs\x9c",
    "lone \ud800 surrogate \udfff",
    "nul \x00 bell \x07 esc \x1b[2J",
    "[b]markup[/b] [@click=app.quit]quit[/] [link=https://x]l[/link]",
    LONG,
]
FORBIDDEN = ["\u202e", "\u202c", "\u2066", "\u2069", "\x9b", "\x85", "\x90", "\x9c", "\x00"]
FORBIDDEN += ["\x07", "\x1b", "\ud800", "\udfff"]


def check(app, where: str) -> str:
    text = screen_text(app)
    for bad in FORBIDDEN:
        assert bad not in text, f"{bad!r} reached the screen in {where}"
    width = app.size.width
    assert all(len(line) <= width for line in text.splitlines()), f"a line overflows in {where}"
    assert app.is_running, where
    return text


@pytest.fixture
def plan(tmp_path):
    made = fixed_plan(tmp_path / "plan.json")
    with made.batch():
        made.add("settings", onboarding="done")
        made.add("position", title=WORST[0], level=WORST[1], since="2024-11-01")
        made.add("vision", target_title=WORST[4], dream_job=LONG)
        for n, title in enumerate(WORST):
            goal = made.add("goal", title=title, horizon="1y", deadline="2026-11-20")
            made.add("gap", name=title, goal=goal["id"], required_level=3, current_level=1)
            made.add("skill", name=title, level=1 + n % 5)
            made.add("reflection", kind="struggle", text=title)
            made.add("action", title=title, column="todo", goal=goal["id"], deadline="2026-11-01")
            made.add("milestone", title=title, date="2026-11-10")
    return made


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_worst_titles_everywhere(plan, size):
    app = CareerApp(plan)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        for pane in "1234":
            await pilot.press(pane)
            await pilot.pause()
            text = check(app, f"pane {pane}")
            for _ in range(6):  # walk down every row of the pane
                await pilot.press("j")
            await pilot.pause()
            check(app, f"pane {pane}, rows below")
        assert "Long word word" in text and "[b]markup[/b]" in text
        # a form holding the 10,000-character title and the markup one
        await pilot.press("4", "e")
        await pilot.pause()
        check(app, "the edit form")
        await pilot.press("escape")
        await pilot.pause()
        # a toast that names a hostile title: delete shows what was deleted, undo brings it back
        await pilot.press("4", "d")
        await settle(app, pilot)
        check(app, "the status line and toasts after a delete")
        await pilot.press("u")
        await settle(app, pilot)
        # the palette, searched for the titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        for query in ("bidi", "c1", "lone", "Long", "markup"):
            await pilot.press(*query)
            await pilot.pause(0.3)
            check(app, f"the palette searching {query}")
            for _ in query:
                await pilot.press("backspace")
        await pilot.press("escape")
        await pilot.pause()
        # the review screen, every tab
        await pilot.press("r")
        await pilot.pause()
        for tab in "12345":
            await pilot.press(tab)
            await pilot.pause()
            check(app, f"review tab {tab}")
        await pilot.press("escape")
        await pilot.pause()
        check(app, "back on the dashboard")

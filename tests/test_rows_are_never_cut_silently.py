"""Every row the dashboard shows of the demo plan, at 80x24, 120x40 and 200x60, with titles of
60 characters: whole, or cut between words and ending with "…". At 120x40 the board showed
"due in 5 mon" and goal titles cut mid-word, with nothing to say that more was there."""

from __future__ import annotations

from datetime import datetime

import pytest

from careerplan.store.demo import build_demo
from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.rows import safe
from careerplan.tui.widgets.rowlist import RowList
from tests.long_titles import stretch_titles
from tests.tui_helpers import TODAY, settle, visible_text

SIZES = [(80, 24), (120, 40), (200, 60)]
THUMB = "┃▕"


def full_lines(rowlist: RowList) -> list[str]:
    return [t.plain.rstrip() for row in rowlist.rows for t in row.draw(1000)]


def cut_silently(shown: str, whole: list[str]) -> bool:
    """A line is fine when it is one of the row's lines whole, or the start of one ending
    with "…"."""
    shown = shown.rstrip(THUMB + " ")
    if not shown.strip() or shown in whole:
        return False
    if shown.endswith("…"):
        return not any(line.startswith(shown[:-1].rstrip()) for line in whole)
    return True


def words_of(text: str) -> list[str]:
    return text.replace("…", "").split()


def is_word_start(part: str, whole: str, width: int) -> bool:
    """`part` (less its "…") is `whole`'s first words, whole words only but a word too long
    for a line, which can only be cut."""
    words, all_words = words_of(part), whole.split()
    if all_words[: len(words)] == words:
        return True
    last = all_words[len(words) - 1] if len(words) <= len(all_words) else ""
    return (
        all_words[: len(words) - 1] == words[:-1]
        and len(last) >= width
        and last.startswith(words[-1])
    )


@pytest.fixture
def long_demo(tmp_path):
    plan = Plan(
        tmp_path / "demo.json", today=lambda: TODAY, clock=lambda: datetime(2026, 11, 24, 9, 0)
    )
    build_demo(plan, TODAY)
    stretch_titles(plan)
    return plan


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_visible_pane_row_is_whole_or_ends_with_an_ellipsis(long_demo, size):
    app = CareerApp(long_demo)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for key, pane in (("1", "position"), ("2", "goals"), ("3", "gaps")):
            await pilot.press(key)
            await settle(app, pilot)
            rowlist = app.screen.query_one(f"#list-{pane}", RowList)
            whole = full_lines(rowlist)
            shown = visible_text(rowlist).splitlines()
            bad = [line for line in shown if cut_silently(line, whole)]
            assert not bad, (pane, size, bad)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_card_wraps_between_words_and_says_when_whole(long_demo, size):
    app = CareerApp(long_demo)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        board = app.screen.kanban
        if size[0] >= 120:
            widths = [w for _, w in board.spans().values()]
            assert max(widths) == board.spans()[board.focused_column()][1]
            assert min(widths) >= 22 + 1, widths  # 22 cells and the rule
        snapshot = long_demo.snapshot()
        goals = {g["id"]: g["title"] for g in snapshot["goal"]}
        for name in ("backlog", "todo", "doing", "done"):
            width = board.card_width(name)
            for row in board.cards(name).rows:
                card = row.data
                lines = [t.plain for t in row.draw(width)]
                assert len(lines) == row.height, lines
                assert all(len(line) <= width for line in lines), (width, lines)
                goal = goals.get(card.get("goal"))
                title_lines = lines[: len(lines) - 1 - bool(goal)]
                title = safe(card["title"])
                shown = " ".join(title_lines)
                assert shown == title or (
                    shown.endswith("…") and is_word_start(shown, title, width)
                )
                due = lines[len(title_lines)]
                assert not due.endswith("…"), due  # shortened ("in 5mo"), never cut
                if goal:
                    said = lines[-1].removeprefix(" → ")
                    assert said == goal or (
                        said.endswith("…") and is_word_start(said, goal, width - 3)
                    )

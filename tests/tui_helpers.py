"""Shared pieces of the dashboard tests: a plan on disk with a fixed today, and waiting for
the app's writer instead of sleeping."""

from __future__ import annotations

import asyncio
import io
from datetime import date, datetime

from rich.console import Console

from careerplan.store.plan import Plan
from careerplan.tui.widgets.rowlist import RowList

TODAY = date(2026, 11, 24)
HOSTILE = [
    "x [/] y",
    "[Q3] review",
    "[@click=app.quit]go[/]",
    "retitle \x1b]0;pwned\x07 now",
    "clear \x1b[2J screen",
]


def fixed_plan(path) -> Plan:
    return Plan(path, today=lambda: TODAY, clock=lambda: datetime(2026, 11, 24, 9, 0))


async def settle(app, pilot) -> None:
    """Wait until every queued change is on disk and the screens have redrawn."""
    for _ in range(500):
        if not app._pending and app._writes.unfinished_tasks == 0:
            break
        await asyncio.sleep(0.01)
    await pilot.pause()
    await pilot.pause()


def board_column(kanban, name: str) -> str:
    """What one column of the board shows, as plain text, line by line (not the rule at its
    right)."""
    x, width = kanban.spans()[name]
    lines = []
    for y in range(kanban.size.height):
        strip = kanban.render_line(y).crop(x, x + width - 1)
        lines.append("".join(segment.text for segment in strip))
    return "\n".join(lines)


def visible_text(rowlist: RowList) -> str:
    """What a row list shows, as plain text, line by line."""
    lines = []
    for y in range(rowlist.size.height):
        strip = rowlist.render_line(y)
        lines.append("".join(segment.text for segment in strip))
    return "\n".join(lines)


def on_disk(path) -> Plan:
    return Plan(path)


def screen_text(app) -> str:
    """Everything the terminal would be sent for this screen, as plain text."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False)

"""What the app tells its screens, and what they tell the app (Textual's rule: messages up,
attributes down). Screens handle these with `on_plan_changed` / `on_change_refused`; the app
never reaches into a screen to redraw it or set its status line."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message


class PlanChanged(Message):
    """The plan is new (a change made here, another window's, the whole plan read after the
    first frame): redraw from it. `said` is what to tell the person ("" for nothing); `then`
    runs on the dashboard once it has redrawn (the cursor onto a record just added)."""

    def __init__(self, said: str = "", then: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.said = said
        self.then = then


class ChangeRefused(Message):
    """A change was not saved, or the plan could not be read: `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

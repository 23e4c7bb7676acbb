"""Keys that move the focus, taken in the order they were typed.

Textual hands each key of one read to the widget focused when the app takes it, and a key
that moves the focus moves it only later: tab or enter once the input has passed them up,
`widget.focus()` after the messages already queued. Over a slow link or from a fast typist,
`Staff engineer<tab>L6` arrives in one read and the L6 meant for the next field landed in
this one; `]]` on the board moved two cards once each instead of one card twice. Bound with
priority, the app moves the focus between fields as it takes the key, and `focus_now` moves
it at once, so the keys after go where the focus went; the keys before are already taken."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.actions import SkipAction
from textual.binding import Binding

if TYPE_CHECKING:
    from textual.widget import Widget

    from tui.widgets.controls import Input

# Textual merges BINDINGS only from DOM classes, so each screen adds these to its own.
IN_ORDER = [
    Binding("tab", "focus_in_order(1)", "Next field", show=False, priority=True),
    Binding("shift+tab", "focus_in_order(-1)", "Previous field", show=False, priority=True),
    Binding("enter", "enter_in_order", "Next field", show=False, priority=True),
]


class FieldsInOrder:
    """For screens of fields: enter in a field moves to the next one, except in a field whose
    enter submits (that input still takes it itself, after the text typed before it)."""

    def action_focus_in_order(self, step: int) -> None:
        if step > 0:
            self.focus_next()  # type: ignore[attr-defined]
        else:
            self.focus_previous()  # type: ignore[attr-defined]

    def action_enter_in_order(self) -> None:
        from tui.widgets.controls import Input  # with the fields, not the dashboard's start

        focused = self.focused  # type: ignore[attr-defined]
        if not isinstance(focused, Input) or self.enter_submits(focused):
            raise SkipAction()  # a button, a picker, a field that saves: enter as usual
        self.focus_next()  # type: ignore[attr-defined]

    def enter_submits(self, field: Input) -> bool:
        return False


def focus_now(widget: Widget) -> None:
    """Focus a widget before the next message is handled; one still being mounted gets the
    focus once it is (Textual's own deferred focus)."""
    if widget.is_mounted:
        widget.screen.set_focus(widget)
    else:
        widget.focus()

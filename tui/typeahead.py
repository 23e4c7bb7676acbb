"""Keys that move between fields, taken in the order they were typed.

Textual hands each key of one read to the widget focused when the app takes it, and tab or
enter move the focus only later, once the input has passed them up. Over a slow link or a
fast typist, `Staff engineer<tab>L6` arrives in one read, and the L6 meant for the next field
landed in this one. Bound with priority, the app moves the focus as it takes the key, so
the keys after it go to the next field; the keys before it are already with this one."""

from __future__ import annotations

from textual.actions import SkipAction
from textual.binding import Binding

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
        focused = self.focused  # type: ignore[attr-defined]
        if not isinstance(focused, Input) or self.enter_submits(focused):
            raise SkipAction()  # a button, a picker, a field that saves: enter as usual
        self.focus_next()  # type: ignore[attr-defined]

    def enter_submits(self, field: Input) -> bool:
        return False

"""Keys taken in the order they were typed, when several come in one read.

Textual hands each key of one read to the widget focused when the app takes it, and a key
that moves the focus moves it only later: tab or enter once the input has passed them up,
`widget.focus()` after the messages already queued. Over a slow link or from a fast typist,
`Staff engineer<tab>L6` arrives in one read and the L6 meant for the next field landed in
this one; `]]` on the board moved two cards once each instead of one card twice. Bound with
priority, the app moves the focus between fields as it takes the key, and `focus_now` moves
it at once, so the keys after go where the focus went; the keys before are already taken.
Text sent with the key that opens a form reaches the form before a field has the focus, or
the screen below: `FieldsInOrder.take_typed` puts it in the form's first field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding

if TYPE_CHECKING:
    from textual.widget import Widget

    from careerplan.tui.widgets.controls import Input

# Textual merges BINDINGS only from DOM classes, so each screen adds these to its own.
IN_ORDER = [
    Binding("tab", "focus_in_order(1)", "Next field", show=False, priority=True),
    Binding("shift+tab", "focus_in_order(-1)", "Previous field", show=False, priority=True),
    Binding("enter", "enter_in_order", "Next field", show=False, priority=True),
]


class FieldsInOrder:
    """For screens of fields: enter in a field moves to the next one, except in a field whose
    enter submits (that input still takes it itself, after the text typed before it); text
    typed as the screen opens goes into its first field."""

    def action_focus_in_order(self, step: int) -> None:
        if step > 0:
            self.focus_next()  # type: ignore[attr-defined]
        else:
            self.focus_previous()  # type: ignore[attr-defined]

    def action_enter_in_order(self) -> None:
        # imported with the fields, not at the dashboard's start
        from careerplan.tui.widgets.controls import Input

        focused = self.focused  # type: ignore[attr-defined]
        if not isinstance(focused, Input) or self.enter_submits(focused):
            raise SkipAction()  # a button, a picker, a field that saves: enter as usual
        self.focus_next()  # type: ignore[attr-defined]

    def enter_submits(self, field: Input) -> bool:
        return False

    _field_focused = False  # a field has had the focus: the screen is open for typing

    def on_key(self, event: events.Key) -> None:
        self.take_typed(event)

    def take_typed(self, event: events.Key) -> None:
        """Text typed as the screen opens (`n` and a title in one read) was handed to the
        screen below, or to this one before a field had the focus, and was lost: it goes
        into the focused field, or the first. A focused field takes its own text, so text
        that reaches the screen or the app while one has the focus was sent before it had
        it; text typed on a button or a switch the person moved to is left alone."""
        from careerplan.tui.widgets.controls import Input

        if not event.is_printable or not event.character:
            return
        field = self.focused  # type: ignore[attr-defined]
        if not isinstance(field, Input):
            if self._field_focused:
                return
            fields = self.query(Input)  # type: ignore[attr-defined]
            if not fields:  # a screen handles keys once mounted: with its fields, if any
                return
            field = fields.first()
            focus_now(field)
        if not field.has_focus:  # its Focus event is still to come
            field.typed_ahead = True
        field.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        from careerplan.tui.widgets.controls import Input

        if isinstance(event.widget, Input):
            self._field_focused = True


def focus_now(widget: Widget) -> None:
    """Focus a widget before the next message is handled; one still being mounted gets the
    focus once it is (Textual's own deferred focus). Nothing is scrolled to it: a form's
    first field, focused as the form is mounted, was scrolled to before its caption was
    laid out, and the caption went out of view."""
    if widget.is_mounted:
        widget.screen.set_focus(widget, scroll_visible=False)
    else:
        widget.focus(scroll_visible=False)

"""Textual's Input and Button, styled once, when they are mounted; the Input's own keys run in
order with the text around them (see OwnKeysInOrder).

Their constructors set CSS classes (`compact`, `variant`, `flat`, a validated value), and in
Textual 8 every class set inside a running app restyles the widget there and then, attached
or not; mounting styles it again with all its classes, so those first passes are wasted. Same
names as Textual's, so CSS type selectors (`Input`, `Button`) match them as before."""

from __future__ import annotations

from textual import widgets


class _StyledWhenAttached:
    """Put first among the bases: Textual reads default CSS along DOMNode bases only."""

    def update_node_styles(self, animate: bool = True) -> None:
        if self.is_attached:  # type: ignore[attr-defined]
            super().update_node_styles(animate)  # type: ignore[misc]


class OwnKeysInOrder:
    """A field's own keys (backspace, ctrl+u, arrows) run as they arrive. Textual runs a
    widget's bindings only once the key has bubbled up to the app, and by then the text typed
    after it in the same read is already in: `123`, backspace, `4` left `123` (over SSH keys
    do come in one read). The screen's and app's priority keys still come first: the app
    checks them before a key reaches the field."""

    async def _on_key(self, event) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):  # type: ignore[attr-defined]
            if not binding.priority and await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)  # type: ignore[misc]


class Input(_StyledWhenAttached, OwnKeysInOrder, widgets.Input):
    typed_ahead = False  # text was put in before its focus came (see tui.typeahead)

    def on_focus(self) -> None:
        """Runs before Textual's own focus handling, which selects the whole value (so that
        typing replaces it): text put in before the focus arrived is kept, not selected and
        then typed over by the next key."""
        if self.typed_ahead:
            self.typed_ahead = False
            self.select_on_focus = False
            self.call_later(setattr, self, "select_on_focus", True)


class Button(_StyledWhenAttached, widgets.Button):
    pass

"""The dashboard's footer: the main keys of the focused area on one line.

Textual's Footer mounts a widget per key and recomposes all of them whenever focus moves (a
column change on the kanban), at start and after every such key. This is one line
(drawn from its segments, see TextLine) that is redrawn; a click on a key presses it."""

from __future__ import annotations

from rich.text import Text
from textual import events

from careerplan.tui.widgets.textline import TextLine

PINNED = ("question_mark",)  # shown at the right end, whatever the width


class KeyBar(TextLine):
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description { color: $footer-description-foreground; }
    KeyBar > .keybar--disabled { color: $text-disabled; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh()

    def shown(self) -> list[tuple[str, str, str, bool]]:
        """(key, key as shown, description, enabled) of each binding to show, one per action."""
        seen: set[str] = set()
        found = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            found.append(
                (binding.key, self.app.get_key_display(binding), binding.description, enabled)
            )
        return found

    def render(self) -> Text:
        """Keys left to right while they fit; help and the palette always on the right."""
        styles = {
            "key": self.get_component_rich_style("keybar--key"),
            "description": self.get_component_rich_style("keybar--description"),
            "disabled": self.get_component_rich_style("keybar--disabled"),
        }
        entries = self.shown()
        pinned = [e for e in entries if e[0] in PINNED]
        if self.app.ENABLE_COMMAND_PALETTE:
            pinned.append(("ctrl+p", "^p", "palette", True))
        right = Text(no_wrap=True)
        right_spans = [self._append(right, entry, styles) for entry in pinned]
        room = self.size.width - len(right)
        left = Text(no_wrap=True)
        spans = []
        for entry in entries:
            if entry[0] in PINNED:
                continue
            part = Text(no_wrap=True)
            self._append(part, entry, styles)
            if len(left) + len(part) > room:
                continue  # a shorter one further on may still fit
            spans.append((len(left), len(left) + len(part), entry[0]))
            left.append_text(part)
        gap = max(0, room - len(left))
        offset = len(left) + gap
        self._spans = spans + [(offset + a, offset + b, key) for a, b, key in right_spans]
        return Text.assemble(left, " " * gap, right, no_wrap=True, overflow="crop")

    @staticmethod
    def _append(line: Text, entry: tuple[str, str, str, bool], styles) -> tuple[int, int, str]:
        key, display, description, enabled = entry
        start = len(line)
        line.append(f" {display} ", style=styles["key"] if enabled else styles["disabled"])
        line.append(
            f"{description} ", style=styles["description"] if enabled else styles["disabled"]
        )
        return (start, len(line), key)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return

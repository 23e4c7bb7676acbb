"""A one-line choice for forms: the chosen option and a ▾; ← → step through the options, enter
or space opens the whole list, a letter jumps to the next option starting with it.

One widget where Textual's Select mounts six (a current-value line, an overlay list and their
parts), which made the action form, with four choices, slow to open."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget


class Picker(Widget, can_focus=True):
    class Changed(Message):
        """The person chose another option."""

        def __init__(self, picker: Picker, value: object) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> Picker:
            return self.picker

    DEFAULT_CSS = """
    Picker {
        height: 1;
        width: 1fr;
        background: $boost;
    }
    Picker:focus {
        background: $block-cursor-blurred-background;
        text-style: bold;
    }
    Picker.-blank {
        color: $text-muted;
    }
    """
    BINDINGS = [
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
        Binding("enter,space", "open", "Choose", show=False),
    ]

    def __init__(
        self,
        options: list[tuple[Text | str, object]],
        value: object = None,
        *,
        allow_blank: bool = True,
        prompt: str = "choose",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.prompt = prompt
        self.choices: list[tuple[Text, object]] = (
            [(Text(f"({prompt})"), None)] if allow_blank else []
        )
        self.choices += [
            (label if isinstance(label, Text) else Text(label), v) for label, v in options
        ]
        values = [v for _, v in self.choices]
        if value not in values:
            value = values[0] if values else None
        self._value = value

    @property
    def value(self) -> object:
        """The chosen option's value; None when nothing is chosen."""
        return self._value

    @value.setter
    def value(self, value: object) -> None:
        if value in [v for _, v in self.choices]:
            changed = value != self._value
            self._value = value
            self.set_class(value is None, "-blank")
            self.refresh()
            if changed and self.is_mounted:
                self.post_message(self.Changed(self, value))

    def on_mount(self) -> None:
        self.set_class(self._value is None, "-blank")

    def _index(self) -> int:
        values = [v for _, v in self.choices]
        return values.index(self._value) if self._value in values else 0

    def render(self) -> Text:
        label = self.choices[self._index()][0] if self.choices else Text(f"({self.prompt})")
        line = label.copy()
        line.truncate(max(1, self.size.width - 2), overflow="ellipsis")
        line.append(" ▾")
        return line

    def action_step(self, step: int) -> None:
        if self.choices:
            self.value = self.choices[(self._index() + step) % len(self.choices)][1]

    def action_open(self) -> None:
        from careerplan.tui.choice import ChoiceModal

        def chosen(index: str | None) -> None:
            if index is not None:
                self.value = self.choices[int(index)][1]

        entries = [(label.plain, str(n)) for n, (label, _) in enumerate(self.choices)]
        modal = ChoiceModal(self.prompt.capitalize(), entries, current=str(self._index()))
        self.app.push_screen(modal, chosen)

    def on_key(self, event: events.Key) -> None:
        """A letter or digit jumps to the next option that starts with it."""
        char = event.character
        if not char or len(char) != 1 or not char.isalnum():
            return
        start = self._index()
        count = len(self.choices)
        for step in range(1, count + 1):
            label, value = self.choices[(start + step) % count]
            if value is not None and label.plain.casefold().startswith(char.casefold()):
                self.value = value
                event.stop()
                event.prevent_default()
                return

    def on_click(self) -> None:
        self.action_open()

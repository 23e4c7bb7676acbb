"""A small modal list to pick one of a few things by keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from careerplan.tui.screen_styles import StyledModal


class ChoiceModal(StyledModal[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, choices: list[tuple[str, str]], current: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(*[Option(Text(label), id=value) for label, value in self.choices])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [value for _, value in self.choices]
        if self.current in ids:
            options.highlighted = ids.index(self.current)  # the list opens on what is chosen
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

"""The `?` screen: every key, by pane."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from careerplan.tui.keys import KEYS
from careerplan.tui.screen_styles import StyledModal


class HelpScreen(StyledModal[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        pane = None
        for where, keys, what in KEYS:
            if where != pane:
                if pane is not None:
                    table.add_row("", "")
                table.add_row(Text(where, style="underline"), "")
                pane = where
            table.add_row(Text(keys, style="bold"), Text(what))
        from careerplan.store.rules import SMART_RULE

        with Vertical(classes="dialog help"):
            yield Label("Keys (escape closes)", classes="dialog-title")
            with VerticalScroll():
                yield Static(table)
                yield Label("SMART", classes="dialog-title help-smart")
                yield Static(SMART_RULE, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

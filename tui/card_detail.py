"""A card's detail view (enter on the board): everything it says, and its history from the
event log: made, moved, rescheduled, done, each with its date."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from careerplan.store.schema import KINDS
from careerplan.store.text import printable
from careerplan.tui.screen_styles import StyledModal

SHOWN: tuple[str, ...] = ("column", "kind", "specific", "measure", "target", "effort_hours")
SHOWN += ("cost", "deadline", "recur", "started_at", "done_at", "link", "notes")


def card_history(events: list[dict], card_id: int) -> list[str]:
    """'2026-11-24  moved 'Book the exam' to doing', oldest first, for what touched the card."""
    lines = []
    for event in sorted(events, key=lambda e: e["id"]):
        if any(c.get("kind") == "action" and c.get("id") == card_id for c in event["changes"]):
            when = str(event.get("at", ""))[:10]
            lines.append(f"{when}  {printable(str(event.get('summary', '')), one_line=True)}")
    return lines


class CardDetailModal(StyledModal[str | None]):
    """Dismisses with "edit" when e is pressed (the dashboard then opens the form)."""

    BINDINGS = [
        Binding("escape,enter,q", "close", "Close"),
        Binding("e", "edit", "Edit"),
    ]

    def __init__(self, card: dict, titles: dict[str, str], history: list[str]) -> None:
        super().__init__()
        self.card = card
        self.titles = titles  # the goal's and the gap's titles, by field
        self.history = history

    def compose(self) -> ComposeResult:
        spec = KINDS["action"]
        with Vertical(classes="dialog card-detail"):
            yield Label(
                printable(str(self.card.get("title", "")), one_line=True),
                classes="dialog-title",
                markup=False,
            )
            with VerticalScroll():
                for name in ("goal", "gap"):
                    if self.titles.get(name):
                        yield Static(f"{name.capitalize()}: {self.titles[name]}", markup=False)
                for name in SHOWN:
                    value = self.card.get(name)
                    if value not in (None, ""):
                        field = spec.field(name)
                        caption = field.caption if field else name
                        if name == "recur":
                            from careerplan.store.recurrence import describe

                            value = f"↻ {describe(str(value))}"
                        shown = printable(str(value)).replace("\n", "\n  ")
                        yield Static(f"{caption}: {shown}", markup=False, classes="card-field")
                yield Static("History", classes="field-caption", markup=False)
                yield Static("\n".join(self.history) or "(none yet)", markup=False)
            yield Static("e edits · escape closes", classes="hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        self.dismiss("edit")

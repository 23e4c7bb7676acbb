"""Small modal dialogs of the review screen: a new date, and writing a review."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from careerplan.store.dates import parse_when
from careerplan.store.errors import DateParseError
from careerplan.tui.screen_styles import StyledModal
from careerplan.tui.typeahead import IN_ORDER, FieldsInOrder, focus_now
from careerplan.tui.widgets.controls import Button, Input


def _check_date(text: str, today: date) -> str:
    """'' when text is a readable date (or empty), else the message to show under the field."""
    if not text.strip():
        return ""
    try:
        parse_when(text, today)
    except DateParseError as error:
        return error.message
    return ""


class DateModal(FieldsInOrder, StyledModal[str | None]):
    """Ask for a date as people type it ('+1w', 'next friday'); dismiss with the valid text."""

    BINDINGS = [*IN_ORDER, Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, today: date, initial: str = "+1w") -> None:
        super().__init__()
        self.prompt = prompt
        self.today = today
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt, markup=False)
            yield Input(self.initial, id="when", placeholder="+1w, next friday, 2027-03-31")
            yield Static("", id="when-error", classes="field-error", markup=False)
            yield Static("", id="when-parsed", classes="field-hint", markup=False)
            yield Button("Save", id="save", variant="primary")

    def on_mount(self) -> None:
        self._show(self.initial)
        focus_now(self.query_one(Input))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, text: str) -> None:
        error = _check_date(text, self.today) if text.strip() else "type a date"
        self.query_one("#when-error", Static).update(error)
        parsed = ""
        if not error:
            parsed = "→ " + parse_when(text, self.today).strftime("%a %d %b %Y")
        self.query_one("#when-parsed", Static).update(parsed)

    def enter_submits(self, field: Input) -> bool:
        return True

    def on_input_submitted(self) -> None:
        self._save()

    def on_button_pressed(self) -> None:
        self._save()

    def _save(self) -> None:
        text = self.query_one(Input).value
        if text.strip() and not _check_date(text, self.today):
            self.dismiss(text)
        else:
            self.query_one("#when-error", Static).update(
                _check_date(text, self.today) or "type a date"
            )

    def action_cancel(self) -> None:
        self.dismiss(None)


class WriteReviewModal(FieldsInOrder, StyledModal[dict | None]):
    """Write a dated review: with whom, how it went, what changed, and when the next one is."""

    BINDINGS = [
        *IN_ORDER,
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, today: date, next_hint: str = "") -> None:
        super().__init__()
        self.today = today
        self.next_hint = next_hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Review of {self.today.strftime('%a %d %b %Y')}")
            # Ids of their own: `#summary` is the dashboard's header line in app.tcss, and an
            # input of that id was docked at the top of the screen, squashed and skipped by tab.
            fields = (
                ("with_whom", "With whom", "empty: alone"),
                ("summary", "How is it going?", "a sentence or two"),
                ("changed", "What changed, what I decided", ""),
                ("next_date", "Next review", self.next_hint or "+2w, next friday, ..."),
            )
            for name, caption, hint in fields:
                field = Input(id=f"review-{name}", placeholder=hint, classes="captioned")
                field.border_title = caption  # stays when the placeholder has gone
                yield field
            yield Static("", id="next-error", classes="field-error", markup=False)
            yield Button("Save review (ctrl+s)", id="save", variant="primary")

    def on_mount(self) -> None:
        focus_now(self.query_one("#review-with_whom", Input))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "review-next_date":
            self.query_one("#next-error", Static).update(_check_date(event.value, self.today))

    def enter_submits(self, field: Input) -> bool:
        return field.id == "review-next_date"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, Input) and self.enter_submits(event.input):
            self.action_save()
        else:
            self.focus_next()

    def on_button_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        values = {i.id.removeprefix("review-"): i.value for i in self.query(Input) if i.id}
        error = _check_date(values["next_date"], self.today)
        if error:
            self.query_one("#next-error", Static).update(error)
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewShownModal(StyledModal[None]):
    """A past review as it was written, to read: every field, nothing to change."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, record: dict) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        from careerplan.store.text import printable

        record = self.record
        parts = [
            ("With", record.get("with_whom") or "alone"),
            ("How it is going", record.get("summary") or "(nothing written)"),
            ("What changed, what I decided", record.get("changed") or "(nothing written)"),
            ("Flags seen", ", ".join(record.get("flags") or []) or "none"),
            ("Next review", record.get("next_date") or "not set"),
        ]
        with Vertical(classes="dialog review-shown"):
            yield Label(f"Review of {record.get('date', '')}", classes="dialog-title")
            for caption, text in parts:
                yield Static(caption, classes="field-caption", markup=False)
                yield Static(printable(str(text)), classes="review-text", markup=False)
            yield Static("escape closes", classes="hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class TextModal(StyledModal[None]):
    """A page of text to read (the mentor's brief), scrolled by keys."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll

        with Vertical(classes="dialog text-page"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll():
                yield Static(self.text, markup=False)
            yield Static("escape closes", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("VerticalScroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)

"""Modal editors for every kind of record, built from the store's schema, with a message next
to each field that does not read (a bad date keeps what was typed and says why)."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Static

from careerplan.store.dates import parse_when
from careerplan.store.errors import ValidationError
from careerplan.store.schema import KINDS, Field
from careerplan.store.validate import clean_value
from careerplan.tui.rows import safe
from careerplan.tui.screen_styles import StyledModal
from careerplan.tui.typeahead import IN_ORDER, FieldsInOrder, focus_now
from careerplan.tui.widgets.controls import Button, Input

HIDDEN = {"started_at", "done_at", "moved_at", "order", "flags", "recur_from", "occurrence_of"}
HINTS = {
    "date": "2027-03-31, 31 Mar 2027, +2w, in 10 days, next friday, end of quarter",
    "int": "a whole number",
    "number": "a number",
}


def form_fields(kind: str, only: tuple[str, ...] | None = None) -> list[Field]:
    spec = KINDS[kind]
    fields = [f for f in spec.fields if f.name not in HIDDEN and f.type != "list"]
    if kind == "settings":
        fields = [f for f in fields if f.name not in ("name", "onboarding", "theme")]
    if only:
        fields = [f for name in only for f in fields if f.name == name]
    return fields


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class FieldEditor(Vertical):
    """One field: its label, its input, and the message that says what is wrong with it."""

    def __init__(
        self,
        spec: Field,
        value: object,
        refs: list[tuple[str, int]] | None,
        today: date,
        prefix: str = "",
    ) -> None:
        super().__init__(classes="field")
        self.spec = spec
        self.initial = value
        self.refs = refs or []
        self.today = today
        self.field_id = f"{prefix}{spec.name}"
        # The caption is drawn on the field's top edge, not by a Label: a widget fewer per
        # field (the walk's first step has eight fields).
        self.border_title = spec.caption + _range(spec) + (" *" if spec.required else "")

    def compose(self) -> ComposeResult:
        spec = self.spec
        if spec.type == "bool":
            from textual.widgets import Switch  # here: the walk's first step has none

            yield Switch(bool(self.initial), id=f"f-{self.field_id}")
        elif spec.type in ("choice", "ref"):
            from careerplan.tui.widgets.picker import Picker

            if spec.type == "choice":
                options: list[tuple[Text | str, object]] = [
                    (Text(c.replace("_", " ")), c) for c in spec.choices
                ]
            else:
                options = [(Text(safe(title, 60)), ref) for title, ref in self.refs]
            yield Picker(
                options,
                value=self.initial,
                allow_blank=not spec.required or not options,
                prompt=f"choose {spec.caption.lower()}",
                id=f"f-{self.field_id}",
            )
        elif spec.lines > 1 and spec.type == "note":
            from careerplan.tui.widgets.textarea import TextArea  # most forms have none

            area = TextArea(
                _shown(self.initial),
                id=f"f-{self.field_id}",
                compact=True,
                highlight_cursor_line=False,
                placeholder="enter starts a new line; tab goes on",
            )
            area.styles.height = spec.lines
            yield area
        else:
            yield Input(
                _shown(self.initial),
                id=f"f-{self.field_id}",
                placeholder=HINTS.get(spec.type, ""),
                compact=True,
            )

    def on_mount(self) -> None:
        if self.spec.type == "date" and self.initial:
            self.check()

    def _say(self, kind: str, text: str) -> None:
        """The line under the input (kind "error" or "hint"), made the first time it has
        something to say: most fields never do, and every widget costs the form's opening."""
        found = self.query(f".field-{kind}")
        if not found:
            if not text:
                return
            line = Static("", classes=f"field-{kind}", markup=False)
            if kind == "error":
                self.mount(line, after=self.query_one(f"#f-{self.field_id}"))
            else:
                self.mount(line)
        else:
            line = found.first(Static)
        line.update(text)
        line.display = bool(text)

    def raw(self) -> object:
        """What the input, switch or picker holds (each keeps it in `value`), or the text
        area."""
        widget: Any = self.query_one(f"#f-{self.field_id}")
        return widget.text if self.spec.lines > 1 and self.spec.type == "note" else widget.value

    def check(self) -> tuple[bool, object]:
        """Validate what is typed; show the message (or the date it reads as)."""
        raw = self.raw()
        known = {ref for _, ref in self.refs}
        try:
            value = clean_value(
                self.spec, raw, self.today, lambda ref: self.spec.ref[0] if ref in known else None
            )
            if self.spec.required and value in (None, ""):
                raise ValidationError(
                    self.spec.name, f"{self.spec.caption.lower()} cannot be empty"
                )
        except ValidationError as problem:
            self._say("error", problem.message)
            self.add_class("-invalid")
            return False, None
        self._say("error", "")
        self.remove_class("-invalid")
        if self.spec.type == "date":
            self._say("hint", f"→ {parse_when(str(raw), self.today):%a %d %b %Y}" if value else "")
        return True, value

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.spec.type in ("date", "int", "number"):
            self.check()

    quiet_when_empty = False  # the walk's optional parts: passing through says nothing

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if self.quiet_when_empty and not str(self.raw() or "").strip():
            return
        self.check()


class RecordForm(FieldsInOrder, StyledModal[dict | None]):
    """Add or edit one record; dismisses with the cleaned values that changed, or None."""

    BINDINGS = [
        *IN_ORDER,
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", tooltip="Save and close"),
        Binding("ctrl+t", "save_also", "Save + card", tooltip="Save, then a card for a step"),
    ]
    ALSO = {"session": "ctrl+t: save, then make an agreed step a card"}  # kinds with a 2nd save
    also_chosen = False

    def __init__(
        self,
        kind: str,
        record: dict | None = None,
        *,
        today: date,
        refs: dict[str, list[tuple[str, int]]] | None = None,
        only: tuple[str, ...] | None = None,
        preset: dict | None = None,
        typed: dict | None = None,
        problem: str = "",
    ) -> None:
        """`typed`: values to show instead of the record's (a save that failed comes back
        with them); `problem`: why, shown above the buttons."""
        super().__init__()
        self.kind = kind
        self.record = record or {}
        self.today = today
        self.refs = refs or {}
        self.fields = form_fields(kind, only)
        self.preset = preset or {}
        self.typed = typed or {}
        self.problem = problem

    def compose(self) -> ComposeResult:
        verb = "Edit" if self.record else "New"
        with Vertical(classes="dialog form"):
            yield Label(f"{verb} {KINDS[self.kind].label}", classes="dialog-title")
            with VerticalScroll(classes="form-body"):
                for spec in self.fields:
                    value = self.record.get(spec.name, self.preset.get(spec.name, spec.default))
                    value = self.typed.get(spec.name, value)
                    refs = self.refs.get(spec.ref[0], []) if spec.type == "ref" else None
                    yield FieldEditor(spec, value, refs, self.today)
            yield Static(
                f"Not saved: {safe(self.problem, 300)}" if self.problem else "",
                id="form-error",
                classes="field-error",
                markup=False,
            )
            if self.kind in self.ALSO:
                yield Static(self.ALSO[self.kind], classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self._shown_at_start = self._shown()  # what escape compares with
        first = self.query(Input)
        if first:
            focus_now(first.first())  # before keys sent with the one that opened the form

    def enter_submits(self, field: Input) -> bool:
        """Enter in the form's last field saves; before a text area of notes (where enter
        starts a new line) it moves on, and ctrl+s saves."""
        editors = self.query(FieldEditor)
        return bool(editors) and field.parent is editors.last()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, Input) and self.enter_submits(event.input):
            self.action_save()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        self._save()

    def _save(self) -> bool:
        """Close with what changed, or say what to fix first (and stay: False)."""
        values, bad = {}, []
        for editor in self.query(FieldEditor):
            ok, value = editor.check()
            if not ok:
                bad.append(editor)
                continue
            stored = self.record.get(editor.spec.name, editor.spec.default)
            if self.record and _same(editor.spec, stored, value):
                continue  # untouched: an edit writes, and logs, only what changed
            if not self.record and value in (None, ""):
                continue
            values[editor.spec.name] = value
        if bad:
            self.query_one("#form-error", Static).update(
                f"Fix {len(bad)} field{'s' if len(bad) > 1 else ''} first: "
                + ", ".join(e.spec.caption.lower() for e in bad)
            )
            bad[0].query_one(f"#f-{bad[0].field_id}").focus()
            return False
        self.dismiss(values)
        return True

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return self.kind in self.ALSO if action == "save_also" else True

    def action_save_also(self) -> None:
        self.also_chosen = self._save()  # False when a field needs fixing first

    def action_cancel(self) -> None:
        """Close; what was typed is not thrown away without a question."""
        if not self._changed():
            self.dismiss(None)
            return
        from careerplan.tui.choice import ChoiceModal

        def answered(choice: str | None) -> None:
            if choice == "discard":
                self.dismiss(None)

        choices = [("No: back to the form", "keep"), ("Yes: discard what I typed", "discard")]
        self.app.push_screen(ChoiceModal("Discard your changes?", choices, "keep"), answered)

    _shown_at_start: dict | None = None

    def _shown(self) -> dict:
        return {editor.spec.name: editor.raw() for editor in self.query(FieldEditor)}

    def _changed(self) -> bool:
        return self._shown_at_start is not None and self._shown() != self._shown_at_start

    _term_chosen = False  # the person chose a goal's term: the horizon no longer sets it

    def on_picker_changed(self, event) -> None:
        """A goal's term follows its horizon (1 year: short, more: long) until it is chosen."""
        name = (event.picker.id or "").removeprefix("f-")
        if name == "term":
            self._term_chosen = self._term_chosen or event.value != self._term_for_horizon()
        elif name == "horizon" and not self._term_chosen and self.kind == "goal":
            from careerplan.tui.widgets.picker import Picker

            for picker in self.query("#f-term").results(Picker):
                picker.value = self._term_for_horizon()

    def _term_for_horizon(self) -> str:
        from careerplan.tui.widgets.picker import Picker

        found = self.query("#f-horizon").results(Picker)
        horizon = next((picker.value for picker in found), "1y")
        return "short" if horizon in (None, "1y") else "long"


def _same(spec, stored: object, value: object) -> bool:
    """An empty field left empty is no change, whether the record holds None, "" or nothing,
    nor a switch left off: saving an edit listed every untouched blank field as changed."""
    if spec.type == "bool":
        return bool(stored) == bool(value)
    return stored == value or (stored in (None, "") and value in (None, ""))


def _range(spec) -> str:
    """' (1–10)' beside a number field with bounds: what it takes, said before it is typed."""
    if spec.type in ("int", "number") and spec.low is not None and spec.high is not None:
        return f" ({spec.low:g}–{spec.high:g})"
    return ""

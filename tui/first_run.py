"""The guided first run: the five steps of a career plan, one screen each. Every step is
saved as it is finished; it can be skipped and resumed (palette: Guided setup)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from careerplan.store.schema import KINDS
from careerplan.tui.forms import FieldEditor, _shown, form_fields
from careerplan.tui.screen_styles import StyledScreen
from careerplan.tui.typeahead import IN_ORDER, FieldsInOrder, focus_now
from careerplan.tui.widgets.controls import Input
from careerplan.tui.widgets.keybar import KeyBar
from careerplan.tui.widgets.textline import TextLine


class Part(NamedTuple):
    """One record a step may create: its kind, the fields asked, fixed values, a heading.
    (Named tuples, not dataclasses: those are costly to define at start.)"""

    kind: str
    fields: tuple[str, ...]
    heading: str
    preset: Mapping[str, object] = MappingProxyType({})


class Step(NamedTuple):
    """One page of the walk; `step` is which of the method's five steps it belongs to."""

    step: int
    title: str
    intro: str
    parts: tuple[Part, ...]


METHOD_STEPS = 5
STEPS = (
    Step(
        1,
        "Where am I now",
        "An honest self-assessment: your role today, a skill you rely on, what you are "
        "good at and what you love doing. Leave anything blank to fill it in later.",
        (
            Part("position", ("title", "level", "employer", "since"), "Current role"),
            Part("skill", ("name", "level"), "A skill (1 = learning, 5 = expert)"),
            Part("reflection", ("text",), "A strength", {"kind": "strength"}),
            Part("reflection", ("text",), "What I love doing", {"kind": "love_doing"}),
        ),
    ),
    Step(
        1,
        "Where am I now, continued",
        "More of the picture: other skills, what drives you, what holds you back, and a "
        "role you had before. Each part is optional.",
        (
            Part("skill", ("name", "level"), "Another skill"),
            Part("skill", ("name", "level"), "A third skill"),
            Part("reflection", ("text",), "Another strength", {"kind": "strength"}),
            Part("reflection", ("text",), "What motivates me", {"kind": "motivator"}),
            Part("reflection", ("text",), "What I struggle with", {"kind": "struggle"}),
            Part("experience", ("role", "org", "start", "end", "highlights"), "An earlier role"),
        ),
    ),
    Step(
        2,
        "Where do I want to go",
        "The job you dream of, and one goal on the way there, as specific as you can.",
        (
            Part("vision", ("target_title", "dream_job"), "Dream job"),
            Part("goal", ("title", "horizon", "deadline", "path"), "A goal"),
        ),
    ),
    Step(
        3,
        "What is the gap",
        "What does that goal require that you do not have yet? Its size is the level "
        "required minus the level you hold today.",
        (
            Part(
                "gap",
                ("name", "requirement", "required_level", "current_level", "closes_by"),
                "A gap for your newest goal",
            ),
        ),
    ),
    Step(
        4,
        "What will I do",
        "Actions that close the gap, each with a deadline: a course, a mentor, a talk, "
        "a project. They land in the To do column. A mentor helps you keep to them.",
        (
            Part("action", ("title", "deadline", "kind"), "First action", {"column": "todo"}),
            Part("action", ("title", "deadline", "kind"), "Second action", {"column": "todo"}),
            Part("person", ("name", "cadence"), "A mentor (optional)", {"role": "mentor"}),
        ),
    ),
    Step(
        5,
        "When will I review",
        "A plan lives when you look back at it. Pick a rhythm; careerplan flags the review "
        "when it is due, like any deadline. A learning budget shows what is left to spend.",
        (
            Part("settings", ("review_cadence", "due_soon_days"), "Review rhythm"),
            Part("budget", ("year", "amount", "currency"), "Learning budget (optional)"),
        ),
    ),
)


def resume_step(onboarding: str | None) -> int:
    if onboarding and onboarding.startswith("step-"):
        try:
            return max(0, min(int(onboarding[5:]) - 1, len(STEPS) - 1))
        except ValueError:
            return 0
    return 0


def save_step(plan, index: int, records: list[tuple[Part, dict]]) -> None:
    """Create the step's records in one write, linked to the newest goal and gap."""
    from careerplan.store import changes

    with plan.batch():
        for part, values in records:
            values = changes.link_to_newest(plan, part.kind, {**part.preset, **values})
            if part.kind == "settings":
                changes.save_settings(plan, **values)
            else:
                plan.add(part.kind, **values)
        done = index + 1 >= len(STEPS)
        changes.save_settings(plan, onboarding="done" if done else f"step-{index + 2}")


def _first_value(part: Part, spec, today) -> object:
    """What a field shows before anything is typed."""
    if part.kind == "settings" and spec.name == "due_soon_days":
        return 14
    if part.kind == "budget":  # this year, in the currency a budget is kept in by default
        return today.year if spec.name == "year" else spec.default
    return part.preset.get(spec.name, spec.default if spec.required else None)


def _typed(editor: FieldEditor) -> bool:
    """Something typed into a text field: what a part is saved for. A default left as shown
    (a budget's currency and year) or a picker's choice alone saves nothing."""
    raw = editor.raw()
    if not isinstance(raw, str) or not raw.strip():
        return False
    return raw.strip() != _shown(editor.initial).strip()


class FirstRunScreen(FieldsInOrder, StyledScreen):
    BINDINGS = [
        *IN_ORDER,
        Binding("ctrl+s", "next", "Save & next", id="walk.next"),
        Binding("ctrl+n", "skip_step", "Skip step", id="walk.skip_step"),
        Binding("escape", "skip_all", "Skip setup", id="walk.skip"),
    ]

    AUTO_FOCUS = "Input"  # focused as the screen is made: focused on mount, the cursor came
    # a frame after the rest

    def __init__(self) -> None:
        super().__init__()
        self.index = 0

    def compose(self) -> ComposeResult:
        # The step's text and fields are made with the screen: its first frame is whole.
        self.index = resume_step(self.app.plan.settings().get("onboarding"))
        with Vertical(id="walk"):
            yield TextLine(self._heading(), classes="walk-step")
            yield Static(STEPS[self.index].intro, classes="walk-intro", markup=False)
            with VerticalScroll(id="walk-fields"):
                yield from self._fields()
        yield KeyBar()  # its keys are the walk's buttons: Buttons are costly widgets to start

    def _heading(self) -> str:
        page = STEPS[self.index]
        return f"Step {page.step} of {METHOD_STEPS}: {page.title}"

    def _fields(self) -> list[Widget]:
        today = self.app.plan.today()
        widgets: list[Widget] = []
        for number, part in enumerate(STEPS[self.index].parts):
            # One-line widgets, not Labels: cheaper to style and draw.
            widgets.append(TextLine(part.heading, classes="walk-part"))
            for spec in form_fields(part.kind, part.fields):
                value = _first_value(part, spec, today)
                editor = FieldEditor(spec, value, [], today, prefix=f"p{number}-")
                editor.quiet_when_empty = True  # every part may be left blank
                widgets.append(editor)
        return widgets

    def _focus_first(self) -> None:
        inputs = self.query(Input)
        if inputs:
            focus_now(inputs.first())

    async def show_step(self) -> None:
        self.query_one(".walk-step", TextLine).update(self._heading())
        self.query_one(".walk-intro", Static).update(STEPS[self.index].intro)
        body = self.query_one("#walk-fields", VerticalScroll)
        await body.remove_children()
        await body.mount(*self._fields())
        self._focus_first()

    def _finish(self) -> None:
        """Back to the dashboard: under the walk when it was opened from there, else made."""
        if self.app.screen_stack[0] is self:  # the walk a new plan opened on
            from careerplan.tui.dashboard import DashboardScreen

            self.app.push_screen(DashboardScreen())
        else:
            self.dismiss()

    def _collect(self) -> list[tuple[Part, dict]] | None:
        """The values of each part someone filled in; None when a field needs fixing."""
        step = STEPS[self.index]
        records, ok = [], True
        for number, part in enumerate(step.parts):
            editors = [e for e in self.query(FieldEditor) if e.field_id.startswith(f"p{number}-")]
            if part.kind != "settings" and not any(_typed(e) for e in editors):
                continue  # skipped: left as shown
            values = {}
            for editor in editors:
                valid, value = editor.check()
                ok = ok and valid
                if valid and value not in (None, ""):
                    values[editor.spec.name] = value
            records.append((part, values))
        return records if ok else None

    async def action_next(self) -> None:
        records = self._collect()
        if records is None:
            self.app.say("Fix the fields marked in red first", True)
            return
        index = self.index
        label = STEPS[index].title
        self.app.change(lambda plan: save_step(plan, index, records), f"Saved: {label}")
        await self._advance()

    async def action_skip_step(self) -> None:
        index = self.index
        self.app.change(lambda plan: save_step(plan, index, []), "Skipped a step")
        await self._advance()

    async def _advance(self) -> None:
        if self.index + 1 >= len(STEPS):
            self._finish()
            return
        self.index += 1
        await self.show_step()

    def action_skip_all(self) -> None:
        from careerplan.store.changes import save_settings

        self.app.change(
            lambda plan: save_settings(plan, onboarding="skipped"),
            "Setup skipped: ctrl+p → Guided setup resumes it",
        )
        self._finish()


__all__ = ["FirstRunScreen", "KINDS"]

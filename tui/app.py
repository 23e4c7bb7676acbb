"""The Textual app: owns the one plan, the global keys, the palette and the one way to write.

Every change goes through `change()`: a single writer thread applies it to the plan in order
(never on the event loop), then the screens redraw and the status line says what happened.
"""

from __future__ import annotations

import functools
import gc
import queue
import threading
from collections import deque
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from careerplan.store import changes
from careerplan.store.errors import CorruptPlanError, NewerSchemaError, PlanError, PlanWriteError
from careerplan.store.first_look import reap_children
from careerplan.store.schema import KINDS
from careerplan.tui.commands import PlanCommands
from careerplan.tui.dashboard import KIND_PANE, DashboardScreen
from careerplan.tui.garbage import drop_closed_widgets, settle_garbage
from careerplan.tui.messages import ChangeRefused, PlanChanged
from careerplan.tui.rows import safe
from careerplan.tui.typeahead import FieldsInOrder

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete

    from careerplan.store.first_look import FirstLook
    from careerplan.tui.forms import RecordForm

POSITION_KINDS = [
    ("Skill (rated 1–5)", "skill"),
    ("Strength / love doing / motivator / struggle", "reflection"),
    ("Current or past position", "position"),
    ("Dream job", "vision"),
    ("Past work experience", "experience"),
    ("A mentor, manager, coach or connection", "person"),
    ("A win worth remembering", "win"),
]
SETTINGS_FIELDS = ("review_cadence", "review_weekday", "due_soon_days", "stale_days")
WATCH_SECONDS = 1.0
HAND_OVER_SECONDS = 0.1
SETTLE_SECONDS = 0.05
NOT_WRITTEN = (PlanWriteError, CorruptPlanError, NewerSchemaError)  # typed text comes back


class CareerApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "careerplan"
    COMMANDS = App.COMMANDS | {PlanCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Save and quit"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key"),
        Binding("r", "review", "Review", id="app.review", tooltip="Open the review"),
        Binding("m", "mentors", "Mentors", show=False, id="app.mentors", tooltip="Mentors, 1:1s"),
        Binding("u", "undo", "Undo", id="app.undo", tooltip="Undo this window's last change"),
        Binding("U", "redo", "Redo", show=False, id="app.redo", tooltip="Redo what u undid"),
    ]

    def __init__(
        self,
        plan,
        demo: bool = False,
        warning: str = "",
        today: date | None = None,
        first_look: FirstLook | None = None,
    ) -> None:
        super().__init__()
        if today is not None:  # a fixed day (tests): the screens and the store agree on it
            plan.today = lambda: today
        self.plan = plan
        self.first_look = first_look  # what the first frame shows, until the plan is read
        self.demo = demo
        self.warning = warning
        self._writes: queue.Queue = queue.Queue()
        self._pending: deque = deque()  # changes not yet handed to the writer
        self._theme_loaded = False
        self._painted = threading.Event()

    # -- start ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        settings = self.first_look.settings if self.first_look else self.plan.settings()
        theme = settings.get("theme")
        if theme and theme in self.available_themes:
            self.theme = theme
        self._theme_loaded = True
        gc.disable()
        self.set_timer(0.5, settle_garbage)  # once the first screen is up, not before
        if self.warning:
            self.notify(self.warning, severity="warning", markup=False, timeout=12)
        if self.demo:
            self.notify(
                "This is a copy of a sample plan: play freely, nothing of yours changes.",
                markup=False,
                timeout=6,
            )
        if self.first_look is not None:
            self.call_after_refresh(self.end_first_look)
        self.call_after_refresh(self._painted.set)
        self._writer()
        self.set_interval(WATCH_SECONDS, self._watch_file)

    def get_default_screen(self) -> Screen:
        """The dashboard, or on an empty plan the first-run walk, is the bottom screen itself,
        not pushed onto a blank one: the first frame Textual draws is then the one a person
        sees (pushed, a blank screen was drawn first, then the walk in two frames). The
        dashboard is pushed over the walk when it ends."""
        if self._needs_first_run():
            from careerplan.tui.first_run import FirstRunScreen

            return FirstRunScreen()
        return DashboardScreen()

    def _needs_first_run(self) -> bool:
        look = self.first_look
        if look is None:
            snapshot, settings = self.plan.snapshot(events=False), self.plan.settings()
        elif any(count for count, _ in look.columns.values()):
            return False
        else:  # a big file with no card and maybe no record left (a long log)
            snapshot, settings = look.tables, look.settings
        empty = not any(snapshot.get(kind) for kind in KINDS if kind != "settings")
        return empty and settings.get("onboarding") not in ("skipped", "done")

    def end_first_look(self) -> None:
        """Read the plan the first frame was drawn without, and draw from it: right after that
        frame, or at the first key or click if one comes sooner, so every key acts on the
        whole plan. The redraw shows the same frame; a plan changed meanwhile shows as now."""
        if self.first_look is None:
            return
        self.first_look = None
        reap_children()
        try:
            self.plan.open()
        except PlanError as error:  # unreadable since the look: the frame stays, said why
            self.tell(ChangeRefused(str(error)))
            return
        self.tell(PlanChanged())  # a screen not yet mounted draws from the plan itself

    def on_key(self, event: events.Key) -> None:
        """Keys of one read that came before a form opened went down to the screen below
        and come back up here: their text belongs to the form (tui.typeahead)."""
        if isinstance(self.screen, FieldsInOrder):
            self.screen.take_typed(event)

    async def on_event(self, event: events.Event) -> None:
        if self.first_look is not None and isinstance(event, events.InputEvent):
            self.end_first_look()
        await super().on_event(event)

    def watch_theme(self, theme: str) -> None:
        if self._theme_loaded and theme != self.plan.settings().get("theme"):
            self.change(lambda plan: changes.save_settings(plan, theme=theme), f"Theme: {theme}")

    # -- the one way to write ------------------------------------------------------------

    def change(
        self,
        fn: Callable[..., Any],
        message: str | Callable[[Any], str],
        unsaved: Callable[[str], None] | None = None,
        then: Callable[[Any], None] | None = None,
    ) -> None:
        """Apply fn(plan) off the event loop, in order; then redraw, say `message` and call
        `then` with what fn returned (the new record, for an add).

        The write is handed to the writer after the next repaint, so what the key showed (a
        moved card) reaches the screen before the writer thread competes for the interpreter.
        When the file cannot be written (disk full, read-only, unreadable), `unsaved(reason)`
        runs on the event loop, so a form can come back with what was typed in it."""
        self._pending.append((fn, message, unsaved, then))
        self.call_after_refresh(self._hand_to_writer)
        # and in any case soon: a callback after refresh waits on the screen on top when it is
        # scheduled, and is lost with it if that screen closes first (a form being saved)
        self.set_timer(HAND_OVER_SECONDS, self._hand_to_writer)

    def _hand_to_writer(self) -> None:
        """Every change still pending, in order. Quitting calls it too: a quit key read with
        the key that made a change can run before that change's repaint does."""
        while self._pending:
            self._writes.put(self._pending.popleft())

    @work(thread=True, exit_on_error=False, name="writer")
    def _writer(self) -> None:
        """Apply queued changes in order until the app closes; what is queued or pending then
        still gets written before the thread ends (an app can close without `action_quit`:
        a browser tab closed under `career serve`)."""
        from textual.worker import get_current_worker

        from careerplan.store.lock import load_lock_library

        worker = get_current_worker()
        try:
            self._check_log()
            load_lock_library()  # after the first frame, before the first change
            self._write_until_closed(worker)
        except Exception as error:  # a bug here would leave every change unsaved: end loudly
            try:
                self.call_from_thread(self._handle_exception, error)
            except RuntimeError:
                pass  # the app is closing

    def _write_until_closed(self, worker) -> None:
        while True:
            try:
                item = self._writes.get(timeout=0.1)
            except queue.Empty:
                if worker.is_cancelled:
                    if not self._pending:
                        return
                    self._hand_to_writer()  # deque operations are safe across threads
                continue
            if item is None:
                self._writes.task_done()
                return
            fn, message, unsaved, then = item
            self._apply(fn, message, unsaved, then, quiet=worker.is_cancelled)

    def _check_log(self) -> None:
        """The event log opening held back is checked once the first frame is out, before
        any change (by its digest; parsed only when careerplan did not write it as it is):
        a corrupt one is said as a change refused would be."""
        self._painted.wait(timeout=2.0)
        try:
            self.plan.check_log()
        except PlanError as error:
            try:
                self.call_from_thread(self._after, str(error), True)
            except RuntimeError:
                pass  # the app is closing

    def _apply(
        self,
        fn: Callable[..., Any],
        message: str | Callable[[Any], str],
        unsaved: Callable[[str], None] | None = None,
        then: Callable[[Any], None] | None = None,
        quiet: bool = False,
    ) -> None:
        retry = follow = None
        try:
            result = fn(self.plan)
        except PlanError as error:
            outcome = (str(error), True)
            if unsaved is not None and isinstance(error, NOT_WRITTEN):
                retry = functools.partial(unsaved, str(error))
        except Exception as error:  # a bug must not take the session down, nor go unseen
            from careerplan.tui import crash

            log = crash.record(self.plan.path, error)
            outcome = (
                f"not saved: a bug ({type(error).__name__}); its traceback is in {log}",
                True,
            )
        else:
            outcome = (message(result) if callable(message) else message, False)
            if then is not None:
                follow = functools.partial(then, result)
        finally:
            self._writes.task_done()
        if not quiet:
            try:
                self.call_from_thread(self._after, *outcome, retry, follow)
            except RuntimeError:
                pass  # the app is closing; the change is on disk

    def _after(self, message: str, error: bool, retry: Callable | None = None, follow=None) -> None:
        """Tell every screen what happened: the plan may have changed either way (a refused
        change leaves memory as on disk). A refused form comes back and says why itself; any
        other refusal is a toast too."""
        if error:
            self.tell(ChangeRefused(message))
            self.tell(PlanChanged())
        else:
            self.tell(PlanChanged(message, follow))
        if retry is not None:
            retry()  # the form comes back and says why itself: a toast would cover that
        elif error and self._dashboard_shown():  # without one, tell() has made it a toast
            self.notify(safe(message, 300), severity="error", markup=False, timeout=10)

    def _dashboard_shown(self) -> bool:
        return any(isinstance(screen, DashboardScreen) for screen in self.screen_stack)

    def tell(self, message: PlanChanged | ChangeRefused) -> None:
        """Post to every screen (what a key showed was painted long before: a change reaches
        the writer only after the repaint that follows the key). Where no screen shows a
        status line, what is said is a toast."""
        for screen in self.screen_stack:
            screen.post_message(message)
        if isinstance(message, PlanChanged):
            self.set_timer(SETTLE_SECONDS, self._settle)  # once the screens have redrawn
        said = message.said if isinstance(message, PlanChanged) else message.reason
        if said and not self._dashboard_shown():
            error = isinstance(message, ChangeRefused)
            self.notify(safe(said, 300), severity="error" if error else "information", markup=False)

    def say(self, message: str, error: bool = False) -> None:
        """Tell the person something that changed nothing in the plan."""
        if error:
            self.tell(ChangeRefused(message))
        else:
            self.tell(PlanChanged(message))

    def pop_screen(self) -> AwaitComplete:
        """A closed screen (a form, the review) is garbage: collected once the screen below
        has redrawn (the collector is off while keys are handled). A full pass: the lines
        the screen below drew before were frozen alive, and a Textual Strip that holds
        itself in its own cache (tui/widgets/__init__.py) is found only by the collector."""
        done = super().pop_screen()
        drop_closed_widgets()
        self.set_timer(SETTLE_SECONDS, functools.partial(self._settle, full=True))
        return done

    def _settle(self, full: bool = False) -> None:
        """Settle garbage; what survives is frozen only on the dashboard, so that a form or
        the review, once closed, is found by the next collection, not only by a full pass.
        Back on the dashboard, an event log the review or an undo parsed is let go."""
        top = self.screen_stack[-1] if self.screen_stack else None  # none while closing
        on_dashboard = isinstance(top, DashboardScreen)
        if on_dashboard:
            self.plan.release_log()
        settle_garbage(full, freeze=on_dashboard)

    def _watch_file(self) -> None:
        """Every second: has another window or `career` written the plan? The look (a stat)
        and the re-read happen in a thread, never on the event loop."""
        self._ticks = getattr(self, "_ticks", 0) + 1
        if self._ticks % 30 == 0 and not self._busy():
            self._settle(full=True)
        if not self._busy():
            self._reload_from_disk()

    def _busy(self) -> bool:
        return bool(self._pending or self._writes.unfinished_tasks)

    @work(thread=True, exit_on_error=False, exclusive=True, group="reload")
    def _reload_from_disk(self) -> None:
        try:
            if not self.plan.changed_on_disk():
                return
            self.plan.reload()
        except PlanError as error:  # deleted, corrupt or newer: what is shown is kept
            self.call_from_thread(self._after, str(error), True)
            return
        self.call_from_thread(self._after, "Updated: the plan changed outside this window", False)

    crashed: BaseException | None = None  # a bug that ended the app
    crash_log: str | None = None  # where its traceback was kept

    def _handle_exception(self, error: Exception) -> None:
        """A bug anywhere in the app: its traceback is kept beside the plan before Textual
        shows it and ends the app with a non-zero status."""
        if self.crashed is None:
            from careerplan.tui import crash

            self.crashed = error
            self.crash_log = crash.record(self.plan.path, error)
        super()._handle_exception(error)

    async def action_quit(self) -> None:
        import asyncio

        self._hand_to_writer()
        await asyncio.to_thread(self._writes.join)  # every change on disk before we go
        self._writes.put(None)
        self.exit()

    # -- intents shared by the screens ---------------------------------------------------

    def _record_form(self, kind: str, record: dict | None, **given: Any) -> RecordForm:
        """A form for a record of `kind`, its pickers listing what its fields can point at."""
        from careerplan.tui.forms import RecordForm, form_fields

        snapshot = self.plan.snapshot(events=False)
        refs = changes.choices_for_references(snapshot, form_fields(kind))
        return RecordForm(kind, record, today=self.plan.today(), refs=refs, **given)

    def action_new(
        self,
        kind: str,
        preset: dict | None = None,
        problem: str = "",
        then: Callable[[dict, bool], None] | None = None,
    ) -> None:
        """A form for a new record; `then(record, also)` once it is saved, `also` when saved
        with the form's second key (a 1:1's ctrl+t: then a card for what was agreed)."""

        def saved(values: dict | None) -> None:
            if values is None:
                return

            def unsaved(reason: str) -> None:  # the form again, with what was typed
                self.action_new(kind, {**(preset or {}), **values}, problem=reason)

            if kind == "position":
                self.change(
                    lambda plan: changes.add_position(plan, **values), "Position saved", unsaved
                )
            else:
                label = KINDS[kind].label
                title = safe(values.get(KINDS[kind].title_field), 40)
                said = f"Added {label}: {title}" if title else f"Added {label}"

                def added(record: dict) -> None:
                    self._select_added(kind, record)
                    if then is not None:
                        then(record, form.also_chosen)

                self.change(lambda plan: plan.add(kind, **values), said, unsaved, then=added)

        form = self._record_form(kind, None, preset=preset, problem=problem)
        self.push_screen(form, saved)

    def _select_added(self, kind: str, record: dict) -> None:
        """The cursor goes to what was just added, so that the next key acts on it (`]`
        right after adding a card moved the card the cursor had been on)."""
        screen = self.screen
        if isinstance(screen, DashboardScreen) and kind in KIND_PANE:
            screen.jump_to(kind, record["id"])

    def action_new_in_position(self) -> None:
        from careerplan.tui.choice import ChoiceModal

        def chosen(kind: str | None) -> None:
            if kind:
                self.action_new(kind)

        self.push_screen(ChoiceModal("Add to where I am now", POSITION_KINDS), chosen)

    def edit(self, kind: str, record_id: int, typed: dict | None = None, problem: str = "") -> None:

        try:
            record = self.plan.get(kind, record_id)
        except PlanError as error:
            self.say(str(error), True)
            return

        def saved(values: dict | None) -> None:
            if values:
                title = safe(record.get(KINDS[kind].title_field), 40)
                started = {name: record.get(name) for name in values}
                self.change(
                    lambda plan: plan.update(record_id, expect=started, **values),
                    f"Saved {title}",
                    lambda reason: self.edit(kind, record_id, values, reason),
                )

        form = self._record_form(kind, record, typed=typed, problem=problem)
        self.push_screen(form, saved)

    def action_brief(self) -> None:
        """The mentor's page: shown to read, and copied to the terminal's clipboard (OSC 52,
        which works over SSH too)."""
        from careerplan.store.brief import brief
        from careerplan.tui.review_modals import TextModal

        text = brief(self.plan, self.plan.today())
        self.copy_to_clipboard(text)
        self.push_screen(TextModal("Brief for my mentor (copied to the clipboard)", text))

    def show_card(self, card_id: int) -> None:
        from careerplan.tui.card_detail import CardDetailModal, card_history

        try:
            card = self.plan.get("action", card_id)
        except PlanError as error:
            self.say(str(error), True)
            return
        titles = {}
        for name, kind in (("goal", "goal"), ("gap", "gap")):
            if card.get(name):
                try:
                    linked = self.plan.get(kind, card[name])
                except PlanError:
                    continue
                titles[name] = safe(linked.get(KINDS[kind].title_field), 60)
        history = card_history(self.plan.records("event"), card_id)

        def closed(choice: str | None) -> None:
            if choice == "edit":
                self.edit("action", card_id)

        self.push_screen(CardDetailModal(card, titles, history), closed)

    def action_undo(self) -> None:
        """Undo this window's last change. When it has none left but the plan's last change
        was made elsewhere (another window, a script), ask before undoing that one."""
        origin = self.plan.origin

        def undo(plan) -> dict | None:
            event = plan.undo(by=origin)
            if event is None:
                other = plan.last_change()
                if other is not None:
                    return {"ask": other}  # not undone: the question comes back to the screen
            return event

        self._revert(undo, "undo")

    def _ask_to_undo(self, event: dict) -> None:
        from careerplan.tui.choice import ChoiceModal

        summary = safe(event.get("summary"), 60)
        choices = [(f"Yes: undo {summary}", "yes"), ("No: leave it", "no")]

        def chosen(answer: str | None) -> None:
            if answer == "yes":
                self._revert(lambda plan: plan.undo(event_id=event["id"]), "undo")

        title = "This window has nothing left to undo. The last change was made elsewhere:"
        self.push_screen(ChoiceModal(title, choices, current="no"), chosen)

    def action_redo(self) -> None:
        origin = self.plan.origin
        self._revert(lambda plan: plan.redo(by=origin), "redo")

    def _revert(self, fn: Callable, verb: str) -> None:
        """Undo or redo, then say what it was and put the cursor on the record it touched."""

        def write(plan) -> dict:
            event = fn(plan)
            if event is None:
                raise PlanError(f"nothing to {verb}")
            return event

        def said(event: dict) -> str:
            if "ask" in event:
                return ""
            text = safe(event["summary"], 80)
            return text[:1].upper() + text[1:]

        def follow(event: dict) -> None:
            if "ask" in event:
                self._ask_to_undo(event["ask"])
                return
            for change in event["changes"]:
                if change["kind"] in KIND_PANE and change["after"] is not None:
                    self._select_added(change["kind"], change["after"])
                    return

        self.change(write, said, then=follow)

    def action_budget(self) -> None:
        """This year's learning budget: edited when set, else a new one for this year."""
        year = self.plan.today().year
        found = [b for b in self.plan.records("budget") if b.get("year") == year]
        if found:
            self.edit("budget", found[0]["id"])
        else:
            self.action_new("budget", {"year": year})

    def action_settings(self) -> None:
        """The review's rhythm and day, the due-soon window, when a card goes stale: the walk
        asked for the rhythm once and nothing changed it after."""
        from careerplan.store import changes
        from careerplan.tui.forms import RecordForm

        def saved(values: dict | None) -> None:
            if values:
                self.change(lambda plan: changes.save_settings(plan, **values), "Settings saved")

        form = RecordForm(
            "settings", self.plan.settings(), today=self.plan.today(), only=SETTINGS_FIELDS
        )
        self.push_screen(form, saved)

    def action_mentors(self) -> None:
        from careerplan.tui.mentors import MentorsScreen

        if not isinstance(self.screen, MentorsScreen):
            self.push_screen(MentorsScreen())

    def action_review(self) -> None:
        from careerplan.tui.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def action_help(self) -> None:
        from careerplan.tui.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_first_run(self) -> None:
        from careerplan.tui.first_run import FirstRunScreen

        def finished(_result: object = None) -> None:
            if not any(isinstance(screen, DashboardScreen) for screen in self.screen_stack):
                self.push_screen(DashboardScreen())

        self.push_screen(FirstRunScreen(), finished)

    def action_filter(self) -> None:
        dashboard = self._dashboard()
        if dashboard is not None:
            dashboard.action_filter()

    def _dashboard(self) -> DashboardScreen | None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()
        return self.screen if isinstance(self.screen, DashboardScreen) else None

    def jump_to(self, kind: str, record_id: int) -> None:
        dashboard = self._dashboard()
        if dashboard is not None and not dashboard.jump_to(kind, record_id):
            self.say(f"that {kind} is no longer in the plan", True)


def run_app(plan, demo: bool = False, warning: str = "", first_look=None) -> CareerApp:
    app = CareerApp(plan, demo=demo, warning=warning, first_look=first_look)
    app.run()
    return app

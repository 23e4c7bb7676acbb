"""The mentor loop on one screen (`m`, or the palette's "Mentors"): each person I have 1:1s
with, our rhythm, the last and the next 1:1, what we talked about, and the steps we agreed
that are still open. A 1:1's agreed step becomes a card with one key."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from careerplan.store import mentoring
from careerplan.store.dates import relative
from careerplan.store.errors import PlanError
from careerplan.store.recurrence import describe
from careerplan.tui.messages import PlanChanged
from careerplan.tui.rows import SCROLLBAR, cut_lines, deadline_text, safe
from careerplan.tui.screen_styles import StyledScreen
from careerplan.tui.typeahead import focus_now
from careerplan.tui.widgets.keybar import KeyBar

EMPTY = "No one yet: p adds a mentor, a manager or a coach, with how often you meet."


class MentorsScreen(StyledScreen):
    BINDINGS = [
        Binding("escape,m", "close", "Back"),
        Binding("n", "new_session", "New 1:1", tooltip="A 1:1 with the selected person"),
        Binding("a", "agreed_card", "Agreed → card", tooltip="A card for a step agreed in a 1:1"),
        Binding("p", "new_person", "New person", tooltip="A mentor, a manager or a coach"),
        Binding("e,enter", "edit", "Edit", tooltip="Edit the selected person, 1:1 or card"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="mentors"):
            yield Static("", id="mentors-title", markup=False)
            yield DataTable(id="mentor-rows", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        focus_now(self.query_one(DataTable))

    def on_plan_changed(self, _message: PlanChanged) -> None:
        try:
            self.reload()
        except PlanError:
            pass  # said by the dashboard below

    def on_screen_resume(self, _event: events.ScreenResume | None = None) -> None:
        self.reload()

    def on_resize(self) -> None:
        if self.query(DataTable) and self.query_one(DataTable).columns:
            self.reload()

    def reload(self) -> None:
        plan = self.app.plan
        snapshot, today = plan.snapshot(events=False), plan.today()
        people = mentoring.mentors(snapshot, today)
        title = "Mentors and 1:1s"
        coming = mentoring.next_session(snapshot, today)
        if coming is not None and coming.next is not None:
            title += f"  ·  next: 1:1 with {safe(coming.person.get('name'), 30)} "
            title += f"{coming.next:%a %d %b} ({relative(coming.next, today).replace('due ', '')})"
        self.query_one("#mentors-title", Static).update(title)
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        width = max((self.size.width or self.app.size.width) - 2 - SCROLLBAR - 2, 20)
        table.clear(columns=True)
        table.add_column(Text("Who, our rhythm, what we agreed"), width=width)
        self._keys: list[tuple[str, int | None, int | None]] = []  # kind, id, person
        if not people:
            table.add_row(Text(EMPTY, style="dim"))
            self._keys.append(("heading", None, None))
        for mentor in people:
            for kind, record, cell in self._rows(mentor, today):
                table.add_row(cut_lines(cell, width), height=cell.plain.count("\n") + 1)
                self._keys.append((kind, record["id"], mentor.person["id"]))
        if self._keys:
            table.move_cursor(row=min(max(cursor, 0), len(self._keys) - 1))

    def _rows(self, mentor: mentoring.Mentor, today):
        person = mentor.person
        head = Text()
        head.append(safe(person.get("name")), style="bold")
        head.append(f"  {person.get('role') or 'mentor'}", style="dim")
        if mentor.rule:
            head.append(f" · {describe(mentor.rule)}", style="dim")
        line = Text("\n  ")
        line.append(f"last 1:1 {mentor.last:%d %b %Y}" if mentor.last else "no 1:1 yet")
        if mentor.next is not None:
            late = mentor.overdue_days > 0
            when = relative(mentor.next, today).replace("due ", "")
            line.append(f" · next {mentor.next:%a %d %b} ({when})", "bold red" if late else "")
        for label, name in (("reach", "reach"), ("helps with", "helps_with")):
            if person.get(name):
                line.append(f" · {label}: {safe(person[name])}", style="dim")
        yield "person", person, head + line
        for action in mentor.open_actions:
            cell = Text("  → " + safe(action.get("title")))
            cell.append("  ")
            cell.append_text(deadline_text(action, "action", today, 14))
            yield "action", action, cell
        for session in mentor.sessions[:5]:
            cell = Text()
            cell.append(f"  1:1 on {session.get('date', '')}", style="bold")
            for label, name in (("", "notes"), ("agreed: ", "agreed")):
                if session.get(name):
                    first = str(session[name]).strip().splitlines()[0]
                    cell.append(f"\n    {label}{safe(first)}", style="" if label else "dim")
            yield "session", session, cell

    # -- keys --------------------------------------------------------------------------

    def _selected(self) -> tuple[str, int | None, int | None]:
        table = self.query_one(DataTable)
        keys = getattr(self, "_keys", [])
        if 0 <= table.cursor_row < len(keys):
            return keys[table.cursor_row]
        return ("heading", None, None)

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_close(self) -> None:
        self.dismiss()

    def action_edit(self) -> None:
        kind, record_id, _ = self._selected()
        if record_id is not None:
            self.app.edit(kind, record_id)

    def action_new_person(self) -> None:
        self.app.action_new("person", {"role": "mentor"})

    def action_new_session(self) -> None:
        _, _, person = self._selected()
        if person is None:
            self.app.say("Add the person first: p", True)
            return

        def then(session: dict, also: bool) -> None:
            if also:
                self._card_for(session)

        today = self.app.plan.today().isoformat()
        self.app.action_new("session", {"person": person, "date": today}, then=then)

    def action_agreed_card(self) -> None:
        """A card for a step agreed in the selected 1:1 (or the person's newest)."""
        kind, record_id, person = self._selected()
        snapshot = self.app.plan.snapshot(events=False)
        sessions = [s for s in snapshot.get("session", []) if s.get("person") == person]
        chosen = next((s for s in sessions if kind == "session" and s["id"] == record_id), None)
        if chosen is None and sessions:
            chosen = max(sessions, key=lambda s: (s.get("date") or "", s["id"]))
        if chosen is None:
            self.app.say("No 1:1 yet to take a step from: n writes one", True)
            return
        self._card_for(chosen)

    def _card_for(self, session: dict) -> None:
        """The action form, tied to the 1:1, titled with its first agreed step that is not
        yet a card."""
        plan = self.app.plan
        taken = {
            str(a.get("title", "")).strip()
            for a in plan.records("action")
            if a.get("session") == session["id"]
        }
        steps = [line.strip(" -•*") for line in str(session.get("agreed") or "").splitlines()]
        title = next((step for step in steps if step and step not in taken), "")
        self.app.action_new("action", {"session": session["id"], "column": "todo", "title": title})

"""The dashboard: Position, Goals, Gaps and the Actions kanban. It turns keys into intents
for the app's one write path and redraws from the plan when told the plan changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import AwaitMount

from careerplan.store import changes, rules
from careerplan.store.cadence import next_review
from careerplan.store.dates import relative
from careerplan.store.errors import PlanError
from careerplan.store.flag_kinds import FLAG
from careerplan.store.schema import COLUMNS
from careerplan.tui.composed import ComposedScreen
from careerplan.tui.messages import ChangeRefused, PlanChanged
from careerplan.tui.rows import gap_rows, goal_rows, position_rows, safe
from careerplan.tui.typeahead import focus_now
from careerplan.tui.widgets.kanban import Kanban
from careerplan.tui.widgets.keybar import KeyBar
from careerplan.tui.widgets.rowlist import RowList, RowStyles
from careerplan.tui.widgets.textline import TextLine

if TYPE_CHECKING:
    from careerplan.tui.widgets.controls import Input

PANES = ("position", "goals", "gaps", "actions")
LEFT_PANES = PANES[:3]
PANE_TITLES = {
    "position": "1 Position",
    "goals": "2 Goals",
    "gaps": "3 Gaps",
    "actions": "4 Actions",
}
KIND_PANE = {
    "position": "position",
    "skill": "position",
    "reflection": "position",
    "vision": "position",
    "experience": "position",
    "person": "position",
    "win": "position",
    "goal": "goals",
    "gap": "gaps",
    "action": "actions",
}
NARROW = 110  # columns below which one pane shows at a time, the board first
SHORT = 30  # lines below which the same: a board under the panes would show one card


def is_narrow(size) -> bool:
    return size.width < NARROW or size.height < SHORT


CARD_ACTIONS = {"move", "done", "reorder", "column", "filter"}


class DashboardScreen(ComposedScreen):
    BINDINGS = [
        Binding("tab", "pane(1)", "Next pane", show=False, id="pane.next"),
        Binding("shift+tab", "pane(-1)", "Previous pane", show=False, id="pane.previous"),
        Binding("1", "show('position')", "Position", show=False, id="pane.position"),
        Binding("2", "show('goals')", "Goals", show=False, id="pane.goals"),
        Binding("3", "show('gaps')", "Gaps", show=False, id="pane.gaps"),
        Binding("4", "show('actions')", "Actions", show=False, id="pane.actions"),
        Binding("n", "new", "New", id="record.new", tooltip="Add a record to this pane"),
        Binding("e", "edit", "Edit", id="record.edit", tooltip="Edit the selection"),
        Binding("enter", "open", "Open", show=False, id="record.open", tooltip="A card's detail"),
        Binding("d", "delete", "Delete", id="record.delete", tooltip="Delete (u undoes)"),
        Binding(
            "right_square_bracket",
            "move(1)",
            "Move →",
            id="card.next",
            tooltip="Move the card to the next column",
        ),
        Binding("left_square_bracket", "move(-1)", "← Move", show=False, id="card.previous"),
        Binding("space", "done", "Done", id="card.done", tooltip="Mark done"),
        Binding(
            "greater_than_sign",
            "skip",
            "Skip",
            show=False,
            id="card.skip",
            tooltip="A repeating card: on to its next date, this one not done",
        ),
        Binding("shift+up,K", "reorder(-1)", "Up in column", show=False, id="card.up"),
        Binding("shift+down,J", "reorder(1)", "Down in column", show=False, id="card.down"),
        Binding("right,l", "column(1)", "Next column", show=False, id="column.next"),
        Binding("left,h", "column(-1)", "Previous column", show=False, id="column.previous"),
        Binding("slash", "filter", "Filter", id="filter", tooltip="Filter cards by text"),
        Binding("plus,equals_sign", "rate(1)", "Rate +1", show=False, id="skill.up"),
        Binding("minus", "rate(-1)", "Rate -1", show=False, id="skill.down"),
    ]

    AUTO_FOCUS = "#kanban"  # the board opens on To do; nothing else is focused first

    def compose(self) -> ComposeResult:
        # Classes and display are right from the start: each later change restyles a subtree.
        narrow = is_narrow(self.app.size)
        self.set_class(narrow, "-narrow")
        # The panes are the screen's own grid cells, the board spanning the rows of the other
        # three (app.tcss): containers around them cost the first frame more than the three
        # lines docked around them.
        yield RowStyles()
        yield TextLine(id="summary")
        yield from [] if narrow else self._left_lists()  # the grid's first row
        kanban = Kanban(id="kanban", classes="pane -active")
        kanban.border_title = PANE_TITLES["actions"]
        yield kanban
        yield TextLine(id="status")
        yield KeyBar()

    _left_made = False  # the position, goals and gaps panes exist

    def _left_lists(self) -> list[RowList]:
        # A pane is one widget titled on its border: a box, a title and a list were three
        # widgets each, and every widget costs the first frame.
        self._left_made = True
        lists = []
        for pane in LEFT_PANES:
            rows = RowList(empty="(nothing yet: n adds)", id=f"list-{pane}", classes="pane")
            rows.border_title = PANE_TITLES[pane]
            lists.append(rows)
        return lists

    def _make_left(self) -> None:
        """On a narrow terminal the board opens alone: the other panes are made when one is
        first shown, not for a first frame that hides them."""
        if not self._left_made:
            self.mount_all(self._left_lists(), before=self.kanban)
            self.reload()

    def _made_panes(self) -> tuple[str, ...]:
        return PANES if self._left_made else ("actions",)

    @property
    def plan(self):
        return self.app.plan

    @property
    def kanban(self) -> Kanban:
        return self.query_one(Kanban)

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        narrow = is_narrow(self.size)
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self._layout()

    def _mark_active(self, pane: str) -> None:
        """Style only what changes: every class change restyles a subtree."""
        self._active = pane
        self._make_left()
        for name in PANES:
            node = self._pane(name)
            if node.has_class("-active") != (name == pane):
                node.set_class(name == pane, "-active")
        self._layout()
        self.refresh_bindings()

    def _pane(self, name: str):
        return self.kanban if name == "actions" else self.query_one(f"#list-{name}", RowList)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Card keys belong to the board and re-rating to the skills: elsewhere they are
        hidden from the footer and do nothing."""
        if action in CARD_ACTIONS:
            return self.active_pane() == "actions"
        if action == "rate":
            return self.active_pane() == "position"
        return True

    def _layout(self) -> None:
        """Wide: all four panes. Narrow: only the active one, full size."""
        narrow = self.has_class("-narrow")
        active = self.active_pane()
        if not narrow or active != "actions":
            self._make_left()
        wanted = {self._pane(p): not narrow or active == p for p in self._made_panes()}
        for node, shown in wanted.items():
            if node.display != shown:
                node.display = shown

    # -- drawing -------------------------------------------------------------------------

    def reload(self) -> None:
        """Redraw every pane from the plan, keeping each cursor on its record."""
        with self.app.batch_update():
            self._reload()

    def _reload(self) -> None:
        look = self.app.first_look  # a big plan's first frame, before it is read here
        if look is None:
            snapshot = self.plan.snapshot(events=False)
            today, settings = self.plan.today(), self.plan.settings()
        else:
            snapshot, today, settings = look.tables, look.today, look.settings
        window = rules.due_window(settings)
        due = rules.due_counts(snapshot, today, window) if look is None else look.due
        self._summary(snapshot, today, due)
        if self._left_made:
            links = look.links if look else rules.Links(snapshot.get("action", []))
            position = position_rows(snapshot, today)
            self.query_one("#list-position", RowList).set_rows(position)
            goals = goal_rows(snapshot, today, window, links)
            self.query_one("#list-goals", RowList).set_rows(goals)
            self.query_one("#list-gaps", RowList).set_rows(gap_rows(snapshot, links))
        titles = {g["id"]: g.get("title", "") for g in snapshot.get("goal", [])}
        if look is None:
            self.kanban.load(snapshot.get("action", []), titles, today, window)
        else:
            self.kanban.show_first(look.columns, titles, today, window)

    def _summary(self, snapshot, today, due: tuple[int, int]) -> None:
        overdue, soon = due
        position = rules.current_position(snapshot.get("position", []))
        text = Text()
        text.append(safe(position.get("title"), 40) if position else "careerplan", style="bold")
        text.append(f"  {today:%a %d %b}")
        if overdue:
            text.append(f"  {FLAG['overdue'].counted.format(n=overdue)}", style="bold red")
        if soon:
            text.append(f"  {FLAG['due_soon'].counted.format(n=soon)}", style="yellow")
        review = next_review(snapshot, today)
        if review is not None:
            when = relative(review, today).replace("due ", "")
            late = review < today
            text.append(f"  review {when}", style="bold red" if late else "")
        if snapshot.get("person"):
            from careerplan.store.mentoring import next_session

            coming = next_session(snapshot, today)
            if coming is not None and coming.next is not None:
                name = safe(coming.person.get("name"), 20)
                late = coming.overdue_days > 0
                when = f"{coming.overdue_days} days overdue" if late else f"{coming.next:%a %d %b}"
                text.append(f"  1:1 {name} {when}", style="bold red" if late else "")
        uncelebrated = sum(1 for m in snapshot.get("milestone", []) if not m.get("celebrated"))
        if uncelebrated:
            text.append(f"  {uncelebrated} to celebrate", style="green")
        self.query_one("#summary", TextLine).update(text)

    def on_plan_changed(self, message: PlanChanged) -> None:
        try:
            self.reload()
        except PlanError as error:
            self.say(str(error), True)
            return
        if message.said:
            self.say(message.said)
        if message.then is not None:
            message.then()  # on the plan as redrawn: a new record is on screen

    def on_change_refused(self, message: ChangeRefused) -> None:
        self.say(message.reason, True)

    def say(self, message: str, error: bool = False) -> None:
        status = self.query_one("#status", TextLine)
        status.update(Text(safe(message, 300), style="bold red" if error else ""))
        status.set_class(error, "-error")

    # -- where the cursor is -------------------------------------------------------------

    _active = "actions"  # the board is active from compose on

    def active_pane(self) -> str:
        """Kept in an attribute: the key bar asks for it for every binding it shows."""
        return self._active

    def selected(self) -> tuple[str, int] | None:
        pane = self.active_pane()
        if pane == "actions":
            card = self.kanban.current_card()
            return ("action", card["id"]) if card else None
        key = self.query_one(f"#list-{pane}", RowList).current_key
        if isinstance(key, tuple) and key[1] is not None:
            return (key[0], key[1])
        return None

    def action_pane(self, step: int) -> None:
        at = PANES.index(self.active_pane())
        self.action_show(PANES[(at + step) % len(PANES)])

    def action_show(self, pane: str) -> None:
        self._mark_active(pane)
        focus_now(self._pane(pane))  # the board keeps its current column

    def on_descendant_focus(self, event) -> None:
        if event.widget.id != "filter":
            self._typing = False  # a click elsewhere ends typing in the filter box
        for pane in self._made_panes():
            container = self._pane(pane)
            if container is event.widget or container in event.widget.ancestors:
                if pane != self._active:
                    self._mark_active(pane)
                return

    def jump_to(self, kind: str, record_id: int) -> bool:
        pane = KIND_PANE.get(kind, "actions")
        if pane == "actions":
            card = self.kanban.actions.get(record_id)
            if card is None:
                return False
            if self.kanban.filter:
                self.clear_filter()
            column = card.get("column", "backlog")
            self.action_show("actions")
            self.kanban.focus_column(column)
            return self.kanban.select_key(column, ("action", record_id))
        self.action_show(pane)
        return self.query_one(f"#list-{pane}", RowList).select_key((kind, record_id))

    # -- intents -------------------------------------------------------------------------

    def action_new(self) -> None:
        pane = self.active_pane()
        if pane == "position":
            self.app.action_new_in_position()
        elif pane == "actions":
            self.app.action_new("action", {"column": self.kanban.focused_column()})
        else:
            self.app.action_new("goal" if pane == "goals" else "gap")

    def action_edit(self) -> None:
        chosen = self.selected()
        if chosen is None:
            if self.active_pane() == "position":
                self.app.action_new_in_position()
            return
        self.app.edit(*chosen)

    def action_open(self) -> None:
        """Enter: a card's detail view (its history among it); elsewhere, edit."""
        chosen = self.selected()
        if chosen is None or chosen[0] != "action":
            self.action_edit()
            return
        self.app.show_card(chosen[1])

    def action_delete(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            kind, record_id = chosen
            self.app.change(
                lambda plan: plan.delete(record_id), f"Deleted {kind} (u brings it back)"
            )

    def action_move(self, step: int) -> None:
        card = self.kanban.current_card() if self.active_pane() == "actions" else None
        if card is None:
            return
        at = COLUMNS.index(card.get("column", "backlog")) + step
        if not 0 <= at < len(COLUMNS):
            return
        column = COLUMNS[at]
        with self.app.batch_update():  # one repaint for the move, the focus and the cursor
            self.kanban.place(card["id"], {"column": column, "order": 1e18}, follow=True)
            self.kanban.focus_column(column)
            self.kanban.select_key(column, ("action", card["id"]))
        title = safe(card.get("title"), 40)
        self.app.change(lambda plan: plan.move(card["id"], column), f"Moved {title} to {column}")

    def action_done(self) -> None:
        card = self.kanban.current_card() if self.active_pane() == "actions" else None
        if card is None or card.get("column") == "done":
            return
        title = safe(card.get("title"), 40)
        if card.get("recur"):  # it stays, with its next date: the plan's reload shows both
            self.app.change(lambda plan: plan.done(card["id"]), f"Done: {title}; next one in To do")
            return
        self.kanban.place(card["id"], {"column": "done", "order": 1e18})
        self.app.change(lambda plan: plan.done(card["id"]), f"Done: {title}")

    def action_skip(self) -> None:
        card = self.kanban.current_card() if self.active_pane() == "actions" else None
        if card is None:
            return
        if not card.get("recur"):
            self.app.say("Only a repeating card can skip a date (its form's Repeats field)", True)
            return
        title = safe(card.get("title"), 40)
        self.app.change(
            lambda plan: plan.skip(card["id"]), f"Skipped: {title}; on to its next date"
        )

    def action_reorder(self, step: int) -> None:
        card = self.kanban.current_card() if self.active_pane() == "actions" else None
        if card is None:
            return
        shown = self.kanban.cards(card.get("column", "backlog")).keys()  # (kind, id) in order
        ids = [key[1] for key in shown if isinstance(key, tuple)]
        target = ids.index(card["id"]) + step
        if not 0 <= target < len(ids):
            return
        neighbour = self.kanban.actions[ids[target]].get("order") or 0
        # shown at once just past its neighbour; the store works out the order it keeps
        self.kanban.place(card["id"], {"order": neighbour + step * 1e-9})
        self.app.change(
            lambda plan: changes.reorder(plan, card["id"], step),
            f"Reordered {safe(card.get('title'), 40)}",
        )

    def action_column(self, step: int) -> None:
        if self.active_pane() != "actions":
            return
        at = COLUMNS.index(self.kanban.focused_column()) + step
        if 0 <= at < len(COLUMNS):
            self.kanban.focus_column(COLUMNS[at])

    def action_rate(self, step: int) -> None:
        chosen = self.selected()
        if chosen is None or chosen[0] != "skill":
            return
        skill = self.plan.get("skill", chosen[1])
        level = int(skill.get("level") or 1) + step
        if 1 <= level <= 5:
            self.app.change(
                lambda plan: plan.rate_skill(chosen[1], level, "self"),
                f"Re-rated {safe(skill.get('name'), 30)} to {level}/5",
            )

    _filter: Input | None = None

    def filter_box(self) -> Input:
        if self._filter is None:
            self._mount_filter_box()
        assert self._filter is not None
        return self._filter

    def _mount_filter_box(self) -> AwaitMount:
        """Made at the first `/`, not with the screen: an input box is a costly widget to
        style and is not needed until then."""
        # with Button: not needed for the first frame
        from careerplan.tui.widgets.controls import Input

        self._filter = Input(
            id="filter", placeholder="filter cards: type, enter keeps, escape clears"
        )
        self._filter.display = False
        return self.mount(self._filter, before=self.query_one("#status"))

    _typing = False  # the filter box is open for typing (it may not have the focus yet)

    def _show_filter_box(self, shown: bool) -> Input:
        """Show or hide the filter box. It docks above the status line, where toasts sit:
        while it shows they sit above it, clear of its top edge (set on the toasts' rack: a
        class on the screen would restyle every pane)."""
        box = self.filter_box()
        box.display = shown
        for rack in self.query("ToastRack"):
            if shown:  # over the stylesheet's margin (the status line and the key bar)
                height = box.styles.height.value if box.styles.height else 3
                below = rack.styles.base.margin.bottom + int(height) + 1
                rack.styles.margin = (0, 0, below, 0)
            else:  # back to the stylesheet's; hiding the box lays the screen out again
                rack.styles.clear_rule("margin")
        return box

    def action_filter(self) -> None:
        box = self._show_filter_box(True)
        self._typing = True
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.kanban.filter = event.value  # the board redraws itself

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter" and event.input is self._filter:
            self._keep_filter(self._filter)

    def _keep_filter(self, box: Input) -> None:
        """Enter: the filter stays (an empty one goes) and the keys go back to the board."""
        self._typing = False
        if not box.value:
            self._show_filter_box(False)
        self.action_show("actions")

    def clear_filter(self) -> None:
        box = self._show_filter_box(False)
        box.value = ""
        self._typing = False
        self.kanban.filter = ""

    async def on_key(self, event: events.Key) -> None:
        """`/` and what is typed right after it are handled here, in arrival order: over a slow
        link `/talk` arrives in one read, before the filter box has taken the focus, and the
        letters would otherwise run board keys (`l` moves a column, enter edits). The first `/`
        waits for the box to be mounted, so the keys after it land in a box that keeps them."""
        box = self._filter
        if event.key == "slash" and not (box and box.has_focus) and self.check_action("filter", ()):
            if box is None:
                await self._mount_filter_box()
            self.action_filter()
        elif not self._typing or box is None:
            return  # keys the box has taken (printable, enter, backspace) never reach here
        elif event.is_printable:
            box.insert_text_at_cursor(event.character or "")
        elif event.key == "backspace":
            box.action_delete_left()
        elif event.key == "enter":
            self._keep_filter(box)
        elif event.key == "escape":
            self.key_escape()
        else:
            return
        event.stop()
        event.prevent_default()

    def key_escape(self) -> None:
        if self._filter is not None and self._filter.display:
            self.clear_filter()
            self.action_show("actions")

"""Step 5: the review screen. Flags to act on in place, milestones, the review log with what
changed since the last review, re-evaluation of goals and skills, and progress over time."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from careerplan.store import flag_kinds, review, rules
from careerplan.store.dates import relative, to_date
from careerplan.store.errors import PlanError
from careerplan.store.schema import HORIZONS, PATHS
from careerplan.store.text import clip, printable
from careerplan.tui.messages import PlanChanged
from careerplan.tui.review_plots import ProgressView
from careerplan.tui.rows import SCROLLBAR, cut_lines, widest_line
from careerplan.tui.screen_styles import StyledScreen
from careerplan.tui.typeahead import focus_now
from careerplan.tui.widgets.keybar import KeyBar
from careerplan.tui.widgets.rowlist import RowList, RowStyles
from careerplan.tui.widgets.rowview import Row as ListRow

MIN_FLEX = 12  # below this a title says nothing; the table scrolls sideways instead
TONES = {"late": "bold red", "soon": "yellow", "shape": ""}  # a flag kind's tone, drawn
EDITABLE = ("goal", "action", "gap", "milestone", "skill")  # rows `e` opens a form for
SHOWN = 200  # rows of one kind of flag shown before '… and N more'


@dataclass(frozen=True)
class Row:
    """What a table row stands for: a record of a kind, or a section heading (id None)."""

    kind: str
    id: int | None


def _t(text: object, width: int = 200) -> Text:
    return Text(clip(printable(str(text or ""), one_line=True), width))


class ReviewScreen(StyledScreen):
    """Opened with `r`; escape goes back to the dashboard."""

    BINDINGS = [
        Binding("escape,r", "close", "Back", tooltip="Back to the dashboard"),
        Binding("e,enter", "edit", "Edit / open", tooltip="Edit the selected item, open a review"),
        Binding("s", "reschedule", "Reschedule", tooltip="Give it a new deadline (+1w ...)"),
        Binding("space", "done", "Done", tooltip="Mark done / achieved / celebrated"),
        Binding("x", "drop", "Drop", tooltip="Drop a goal; delete an action (undo with u)"),
        Binding("w", "write_review", "Write review", tooltip="Write today's review"),
        Binding("m", "new_milestone", "Milestone", tooltip="Log a milestone"),
        Binding("c", "celebrate", "Celebrate", tooltip="Celebrate a milestone"),
        Binding("plus,equals_sign", "rate(1)", "Rate +1"),
        Binding("minus", "rate(-1)", "Rate -1"),
        Binding("H", "horizon", "Horizon", tooltip="Move a goal to the next horizon"),
        Binding("p", "path", "Stay/move", tooltip="Switch stay / transition"),
        Binding("u", "app.undo", "Undo", show=False),
        Binding("1", "tab(0)", "Flags", show=False),
        Binding("2", "tab(1)", "Milestones", show=False),
        Binding("3", "tab(2)", "Log", show=False),
        Binding("4", "tab(3)", "Re-evaluate", show=False),
        Binding("5", "tab(4)", "Progress", show=False),
        Binding("tab", "next_tab", "Next tab", show=False),
        Binding("shift+tab", "previous_tab", "Previous tab", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static("", id="review-title")
            with TabbedContent(id="review-tabs"):
                with TabPane("Flags", id="tab-flags"):
                    yield RowList(id="flags")
                with TabPane("Milestones", id="tab-milestones"):
                    yield DataTable(id="milestones", cursor_type="row")
                with TabPane("Log", id="tab-log"), VerticalScroll():
                    yield Static("", id="since", markup=False)
                    yield DataTable(id="log", cursor_type="row")
                with TabPane("Re-evaluate", id="tab-reevaluate"):
                    yield DataTable(id="reevaluate", cursor_type="row")
                with TabPane("Progress", id="tab-progress"), VerticalScroll():
                    yield ProgressView(id="progress")
        yield RowStyles()
        yield KeyBar()

    @property
    def plan(self):
        return self.app.plan

    def on_mount(self) -> None:
        self.reload()
        self._fresh = True
        focus_now(self.query_one("#flags", RowList))  # before keys sent with `r`

    def on_screen_resume(self, _event: events.ScreenResume | None = None) -> None:
        """Back from a form or another screen: the plan may have changed. (The first resume
        comes right after on_mount, which has just filled everything.)"""
        if getattr(self, "_fresh", False):
            self._fresh = False
            return
        self.reload()

    # -- filling -------------------------------------------------------------------------

    def on_plan_changed(self, _message: PlanChanged) -> None:
        try:
            self.reload()
        except PlanError:
            pass  # said by the dashboard below, or in a toast: what is shown stays

    def reload(self) -> None:
        """Rebuild every tab from the plan; keeps each table's cursor where it was."""
        snapshot = self.plan.snapshot(events=False)  # the log only where a tab shows it
        today = self.plan.today()
        found = review.flags(snapshot, today, self.plan.settings())
        self._title(found, today)
        self.query_one("#flags", RowList).set_rows(self._flag_rows(found, snapshot, today))
        self._fill("#milestones", ("Date", "Milestone", ""), self._milestone_rows(snapshot), 1)
        log = self._log_rows(snapshot)
        self._fill("#log", ("Date", "With", "Summary"), log, flex=2)
        self._fill("#reevaluate", ("", "Goal / skill", "Now"), self._reevaluate_rows(snapshot), 1)
        self.query_one("#since", Static).update(self._since_text(snapshot))
        self._progress_stale = True
        self._chart_progress()

    _progress_stale = False  # the Progress tab is charted when shown, not at every redraw

    def _chart_progress(self) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.active == "tab-progress" and self._progress_stale:
            self._progress_stale = False
            self.query_one(ProgressView).show(self.plan.snapshot(), self.plan.today())

    def _title(self, found: review.Flags, today) -> None:
        parts = [f"Review · {today.strftime('%a %d %b %Y')}"]
        if found.next_review is None:
            parts.append("no review cadence set (w writes a review)")
        elif found.review_overdue_days:
            parts.append(f"review {found.review_overdue_days} days overdue")
        else:
            parts.append(
                f"next review {found.next_review:%a %d %b} "
                f"({relative(found.next_review, today).replace('due ', '')})"
            )
        title = self.query_one("#review-title", Static)
        title.update(Text("  ·  ".join(parts)))
        title.set_class(bool(found.review_overdue_days), "-overdue")

    def _room(self) -> int:
        """The cells a table row may fill: the screen less the tab's padding and a scrollbar,
        taken from the screen because a hidden tab's table has no size of its own."""
        return (self.size.width or self.app.size.width) - 2 - SCROLLBAR

    def on_resize(self) -> None:
        if self._filled_room and self._filled_room != self._room():
            self.reload()

    _filled_room = 0

    def _fill(
        self, selector: str, columns: tuple, rows: list[tuple[Row, tuple]], flex: int
    ) -> None:
        """Every column as wide as its widest line but `flex`, which takes the rest of the row
        and ends each of its lines with "…" where it is cut: nothing runs past the edge."""
        table = self.query_one(selector, DataTable)
        cursor = table.cursor_row
        widths = [len(header) for header in columns]
        for _, cells in rows:
            for index, cell in enumerate(cells):
                widths[index] = max(widths[index], widest_line(cell))
        padding = 2 * table.cell_padding * len(columns)
        self._filled_room = room = self._room()
        widths[flex] = max(room - padding - sum(widths) + widths[flex], MIN_FLEX)
        self._column_widths = getattr(self, "_widths", {})
        renew = self._column_widths.get(selector) != widths
        table.clear(columns=renew)
        if renew:
            for header, width in zip(columns, widths, strict=True):
                table.add_column(Text(header), width=width)  # a str is read as markup
            self._column_widths[selector] = widths
        for index, (row, cells) in enumerate(rows):
            shown = list(cells)
            shown[flex] = cut_lines(shown[flex], widths[flex])
            height = max(cell.plain.count("\n") + 1 for cell in shown)
            table.add_row(*shown, key=f"{index}:{row.kind}:{row.id}", height=height)
        self._rows = getattr(self, "_rows", {})
        self._rows[selector] = [row for row, _ in rows]
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    @staticmethod
    def _heading(label: str, count: int, style: str = "bold") -> tuple[Row, tuple]:
        return Row("heading", None), (Text(""), Text(f"{label} ({count})", style=style), Text(""))

    def _flag_rows(self, found: review.Flags, snapshot, today) -> list[ListRow]:
        """A heading per kind of flag with its items under it, in the registry's order
        (store/flag_kinds.py); the review and the budget are a line each. A list that draws
        only the rows on screen, each made then: a long-kept plan flags thousands of items,
        and a table made every one into cells at each opening (their memory stayed with the
        app after the review closed)."""
        rows: list[ListRow] = []
        look = flag_kinds.Look(snapshot, today, self.plan.settings(), found)
        for kind, items in flag_kinds.found(look):
            tone = TONES.get(kind.tone, "")
            if kind.single:  # one line: the review (a heading), the budget (a record)
                (item,) = items
                said = f"{item.why}: press {kind.key}" if kind.key else item.why
                why = Text(said, style="bold red" if item.serious and not tone else "")
                label = Text(item.title, style=tone)
                lines = (
                    _flag_lines(label, why, "" if tone else item.kind) if said.strip() else [label]
                )
                rows.append(ListRow(None, partial(_as_drawn, lines), height=len(lines)))
                continue
            rows.append(_flag_heading(f"{kind.heading} ({len(items)})", tone or "bold"))
            rows += [
                ListRow((item.kind, item.id), partial(_flag_item, item, tone), height=2)
                for item in items[:SHOWN]
            ]
            if len(items) > SHOWN:  # thousands of rows read as noise and cost seconds to lay
                # out; the board's filter and `career review` list them all
                more = f"… and {len(items) - SHOWN:,} more (all of them: career review)"
                rows.append(_flag_heading(more, "dim"))
        return rows or [_flag_heading("Nothing to flag. Well done.", "")]

    def _milestone_rows(self, snapshot) -> list[tuple[Row, tuple]]:
        rows = []
        for m in sorted(
            snapshot.get("milestone", []), key=lambda m: m.get("date") or "", reverse=True
        ):
            mark = (
                Text("celebrated", style="green")
                if m.get("celebrated")
                else Text("not yet celebrated! (c)", style="bold yellow")
            )
            rows.append(
                (Row("milestone", m["id"]), (Text(m.get("date") or ""), _t(m.get("title")), mark))
            )
        if not rows:
            rows.append(
                (Row("heading", None), (Text(""), Text("No milestones yet: m logs one"), Text("")))
            )
        return rows

    def _log_rows(self, snapshot) -> list[tuple[Row, tuple]]:
        rows = []
        for r in sorted(
            snapshot.get("review", []), key=lambda r: (r.get("date") or "", r["id"]), reverse=True
        ):
            said = _t(r.get("summary"), 80)
            if r.get("flags"):
                said.append("\n")
                said.append_text(_t("seen: " + ", ".join(r["flags"]), 80))
                said.stylize("dim", len(said.plain.split("\n")[0]) + 1)
            rows.append(
                (
                    Row("review", r["id"]),
                    (Text(r.get("date") or ""), _t(r.get("with_whom") or "alone", 20), said),
                )
            )
        return rows

    def _since_text(self, snapshot) -> Text:
        last = review.last_review(snapshot)
        if last is None:
            return Text("No review written yet. Press w to write the first one.")
        since = last.get("created_at", "")
        changes = review.changes_since(self.plan.events_since(since), since)
        lines = [f"Since your last review ({last.get('date')}):"]
        if changes.empty():
            lines.append("  nothing changed yet.")
        for label, names in changes.named():
            said = ", ".join(printable(name, one_line=True) for name in names)
            lines.append(f"  {label} ({len(names)}): {clip(said, 200)}")
        return Text("\n".join(lines))

    def _reevaluate_rows(self, snapshot) -> list[tuple[Row, tuple]]:
        rows = [
            self._heading(
                "Goals: H horizon · p stay/move · space achieve · x drop",
                len(snapshot.get("goal", [])),
            )
        ]
        for g in sorted(
            snapshot.get("goal", []),
            key=lambda g: (g.get("status") != "active", _horizon_order(g), g["id"]),
        ):
            path = (g.get("path") or "grow_in_role").replace("_", " ")
            rows.append(
                (
                    Row("goal", g["id"]),
                    (
                        Text(g.get("horizon") or ""),
                        _t(g.get("title")),
                        Text(f"{g.get('status', 'active')} · {path}"),
                    ),
                )
            )
        rows.append(
            self._heading("Skills: + / - re-rate (history kept)", len(snapshot.get("skill", [])))
        )
        for s in sorted(snapshot.get("skill", []), key=lambda s: (-(s.get("level") or 0), s["id"])):
            level = int(s.get("level") or 0)
            rows.append(
                (
                    Row("skill", s["id"]),
                    (
                        Text(""),
                        _t(s.get("name")),
                        Text("■" * level + "·" * (5 - level) + f" {level}/5"),
                    ),
                )
            )
        return rows

    # -- acting --------------------------------------------------------------------------

    def _selected(self) -> Row | None:
        if isinstance(self.focused, RowList):
            key = self.focused.current_key
            return Row(*key) if isinstance(key, tuple) else None
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is None or table.row_count == 0:
            return None
        rows = self._rows.get(f"#{table.id}", [])
        if table.cursor_row >= len(rows):
            return None
        row = rows[table.cursor_row]
        return row if row.id is not None else None

    def _title_of(self, row: Row) -> str:
        try:
            record = self.plan.get(row.kind, row.id)
        except Exception:
            return ""
        return clip(
            printable(str(record.get("title") or record.get("name") or ""), one_line=True), 40
        )

    def _change(self, fn, message: str) -> None:
        self.app.change(fn, message)

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_next_tab(self) -> None:
        self._cycle(1)

    def action_previous_tab(self) -> None:
        self._cycle(-1)

    TABS = ("tab-flags", "tab-milestones", "tab-log", "tab-reevaluate", "tab-progress")
    # The keys that act on rows, by the tab whose rows they act on; the key bar shows only
    # those of the open tab. The others (back, tabs, write a review, log a milestone, undo)
    # work everywhere.
    ROW_KEYS = {
        "tab-flags": {"edit", "reschedule", "done", "drop"},
        "tab-milestones": {"edit", "done", "celebrate"},
        "tab-log": {"edit"},
        "tab-reevaluate": {"edit", "done", "drop", "rate", "horizon", "path"},
        "tab-progress": set(),
    }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not any(action in keys for keys in self.ROW_KEYS.values()):
            return True
        try:
            active = self.query_one(TabbedContent).active
        except Exception:  # not composed yet
            return True
        return action in self.ROW_KEYS.get(active, set())

    def on_tabbed_content_tab_activated(self) -> None:
        self._chart_progress()
        self.refresh_bindings()

    def action_tab(self, index: int) -> None:
        self._cycle(0, index)

    def _cycle(self, step: int, index: int | None = None) -> None:
        tabs = self.query_one(TabbedContent)
        ids = self.TABS
        current = ids.index(tabs.active) if tabs.active in ids else 0
        tabs.active = ids[index if index is not None else (current + step) % len(ids)]
        pane = tabs.get_pane(tabs.active)
        tables = pane.query("DataTable, RowList")
        if tables:
            focus_now(tables.first())  # `4+` in one read re-rates in the table just shown
        else:
            focus_now(pane.query_one(VerticalScroll))  # the plots scroll by arrows and pgdn

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter in a table (the table takes enter itself): edit the row, open a review."""
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        """The one edit path of the app: a field changed elsewhere since the form opened is
        refused, and a refused save brings the form back with what was typed."""
        row = self._selected()
        if row is not None and row.kind == "review":
            from careerplan.tui.review_modals import ReviewShownModal

            self.app.push_screen(ReviewShownModal(self.plan.get("review", row.id)))
        elif row is not None and row.id is not None and row.kind in EDITABLE:
            self.app.edit(row.kind, row.id)

    def action_reschedule(self) -> None:
        row = self._selected()
        if row is None or row.kind not in ("goal", "action"):
            return
        from careerplan.tui.review_modals import DateModal

        title = self._title_of(row)

        def chosen(text: str | None) -> None:
            if text:
                self._change(
                    lambda plan: plan.update(row.id, deadline=text), f"Rescheduled {title}"
                )

        self.app.push_screen(DateModal(f"New deadline for {title}", self.plan.today()), chosen)

    def action_done(self) -> None:
        row = self._selected()
        if row is not None and row.kind in ("goal", "action", "gap", "milestone"):
            self._change(lambda plan: plan.done(row.id), f"Done: {self._title_of(row)}")

    def action_celebrate(self) -> None:
        row = self._selected()
        if row is not None and row.kind == "milestone":
            self._change(
                lambda plan: plan.update(row.id, celebrated=True),
                f"Celebrated: {self._title_of(row)} 🎉",
            )

    def action_drop(self) -> None:
        row = self._selected()
        if row is None:
            return
        if row.kind == "goal":
            self._change(
                lambda plan: plan.update(row.id, status="dropped"),
                f"Dropped goal {self._title_of(row)} (u undoes)",
            )
        elif row.kind == "action":
            self._change(
                lambda plan: plan.delete(row.id), f"Deleted {self._title_of(row)} (u undoes)"
            )

    def action_rate(self, step: int) -> None:
        row = self._selected()
        if row is None or row.kind != "skill":
            return
        level = int(self.plan.get("skill", row.id).get("level") or 1) + step
        if 1 <= level <= 5:
            self._change(
                lambda plan: plan.rate_skill(row.id, level, "self"),
                f"Re-rated {self._title_of(row)} to {level}/5",
            )

    def action_horizon(self) -> None:
        row = self._selected()
        if row is None or row.kind != "goal":
            return
        current = self.plan.get("goal", row.id).get("horizon") or "1y"
        following = HORIZONS[(HORIZONS.index(current) + 1) % len(HORIZONS)]
        self._change(
            lambda plan: plan.update(row.id, horizon=following),
            f"Moved {self._title_of(row)} to {following}",
        )

    def action_path(self) -> None:
        row = self._selected()
        if row is None or row.kind != "goal":
            return
        current = self.plan.get("goal", row.id).get("path") or "grow_in_role"
        following = PATHS[(PATHS.index(current) + 1) % len(PATHS)]
        self._change(
            lambda plan: plan.update(row.id, path=following),
            f"{self._title_of(row)}: {following.replace('_', ' ')}",
        )

    def action_new_milestone(self) -> None:
        from careerplan.tui.forms import RecordForm

        def saved(values: dict | None) -> None:
            if values:
                self._change(lambda plan: plan.add("milestone", **values), "Milestone logged")

        goals = [
            (printable(g.get("title", ""), one_line=True), g["id"])
            for g in self.plan.records("goal")
        ]
        self.app.push_screen(
            RecordForm("milestone", None, today=self.plan.today(), refs={"goal": goals}), saved
        )

    def action_write_review(self) -> None:
        from careerplan.tui.review_modals import WriteReviewModal

        def saved(values: dict | None) -> None:
            if values is None:
                return
            self._change(
                lambda plan: review.write_review(
                    plan,
                    with_whom=values["with_whom"],
                    summary=values["summary"],
                    changed=values["changed"],
                    next_date=values["next_date"] or None,
                ),
                "Review saved",
            )

        self.app.push_screen(WriteReviewModal(self.plan.today()), saved)


def _flag_lines(item: Text, why: Text, kind: str) -> list[Text]:
    """A flag as two lines, the item, then its when / why and kind under it: at 80x24 or
    60x20 a column of "when / why" beside the item was cut ("2 weeks o") or gone."""
    if not why.plain.strip() and not kind:
        return [item]
    under = Text("  ", style=item.style).append_text(why)  # in the item's tone
    if kind:
        under.append(f" · {kind}", "dim")
    return [item, under]


def _as_drawn(lines: list[Text], _width: int) -> list[Text]:
    return lines


def _flag_item(item: flag_kinds.Flagged, tone: str, _width: int) -> list[Text]:
    why = Text(item.why, style=tone) if item.serious else _t(item.why)
    return _flag_lines(_t(item.title), why, item.kind)


def _flag_heading(text: str, style: str) -> ListRow:
    return ListRow(None, lambda _width: [Text(text, style=style)])


def _horizon_order(goal: dict) -> int:
    """1y, 3y, 5y, 10y in that order (as text, 10y came first)."""
    horizon = goal.get("horizon")
    return HORIZONS.index(horizon) if horizon in HORIZONS else len(HORIZONS)


__all__ = ["ReviewScreen", "rules", "to_date"]

"""The action board: four columns of cards, each a virtual list, drawn by one widget. It shows
cards and moves its cursors; the screen decides what a key means for the plan."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence
from datetime import date
from functools import partial

from rich.segment import Segment
from textual import events
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from careerplan.store.rules import card_order, columns_of
from careerplan.store.schema import COLUMNS
from careerplan.tui.rows import card_heights, card_row
from careerplan.tui.typeahead import focus_now
from careerplan.tui.widgets.rowlist import LIST_BINDINGS, RowStyles
from careerplan.tui.widgets.rowview import LazyRows, RowView

TITLE_LINES = 2  # lines of a card's title; the current column shows one more
FIRST_COLUMN = "todo"  # the column the board opens on
TITLES = {"backlog": "Backlog", "todo": "To do", "doing": "Doing", "done": "Done"}
RULE = "▕"  # the line right of each column


class Kanban(Widget, can_focus=True):
    """backlog → to do → doing → done: four lists side by side, each titled with its count;
    the current one is drawn twice as wide. One widget draws them all: four lists and the
    row around them were five widgets, each a cost of the first frame. The keys of a
    list (j k, pages, g G) move the current column's cursor."""

    BINDINGS = LIST_BINDINGS

    # What the board draws follows these: set one, and the watcher below redraws.
    filter: reactive[str] = reactive("", init=False)  # cards whose title holds it
    current: reactive[str] = reactive(FIRST_COLUMN, init=False)  # the wide column

    def watch_filter(self) -> None:
        self.redraw()

    def watch_current(self, old: str, new: str) -> None:
        for column in (old, new):  # their widths change: their cards wrap again
            self._lay_out(column)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._cards: list[dict] = []
        self._by_id: dict[int, dict] | None = {}
        self._sorted: dict[str, list[dict]] = {}  # each column's cards as shown, in order
        self._view_args: tuple = ({}, date.today(), 14)
        self._columns = {name: RowView(empty="(empty)", title=TITLES[name]) for name in COLUMNS}
        self._frame: tuple | None = None  # what every line of a frame needs, while it is drawn

    def cards(self, name: str) -> RowView:
        return self._columns[name]

    def focused_column(self) -> str:
        return self.current

    def focus_column(self, name: str) -> None:
        self.current = name
        focus_now(self)

    # -- geometry --------------------------------------------------------------------------

    def spans(self) -> dict[str, tuple[int, int]]:
        """Each column's (x, width), the rule at its right included: the widths Textual gave
        four lists of `1fr` (`2fr` for the current) with a one-cell right border."""
        width = self.size.width
        weights = [2 if name == self.current else 1 for name in COLUMNS]
        total, edges, run = sum(weights), [0], 0
        for weight in weights:
            run += weight
            edges.append(width * run // total)
        return {name: (edges[i], edges[i + 1] - edges[i]) for i, name in enumerate(COLUMNS)}

    @property
    def view_height(self) -> int:
        """Lines that show cards: the height less the columns' titles."""
        return max(0, self.size.height - 1)

    def on_resize(self) -> None:
        for name in COLUMNS:
            self._lay_out(name)

    def card_width(self, name: str) -> int:
        """The cells a card's text takes: the column less its rule and a scroll thumb. Before
        the board has a size, the width it will most likely get (it is laid out again then)."""
        if not self.size.width:
            weight = 2 if name == self.current else 1
            return max(self.app.size.width * weight // 5 - 2, 8)
        return max(self.spans()[name][1] - 2, 8)

    # -- keys and the mouse ----------------------------------------------------------------

    def _move_cursor(self, index: int, name: str | None = None) -> None:
        name = name or self.current
        column = self._columns[name]
        if index != column.cursor:
            column.move_cursor(index)
            column.fit(self.view_height)
            self.refresh()

    def action_move(self, step: int) -> None:
        self._move_cursor(self._columns[self.current].moved(step))

    def action_page(self, step: int) -> None:
        self._move_cursor(self._columns[self.current].paged(step, self.view_height))

    def action_edge(self, end: int) -> None:
        self._move_cursor(self._columns[self.current].edge(end))

    def select_key(self, name: str, key: object) -> bool:
        """Put column `name`'s cursor on the card with `key`."""
        index = self._columns[name].index_of(key)
        if index >= 0:
            self._move_cursor(index, name)
        return index >= 0

    def _column_at(self, x: int) -> str | None:
        return next((n for n, (at, w) in self.spans().items() if at <= x < at + w), None)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        name = self._column_at(offset.x) if offset else None
        if offset is None or name is None:
            return
        self.focus_column(name)
        column = self._columns[name]
        if offset.y >= column.header:
            index = column.row_at(offset.y - column.header + column.scrolled)
            if 0 <= index < len(column.rows) and column.rows[index].selectable:
                self._move_cursor(index, name)

    def _scroll(self, event: events.MouseEvent, step: int) -> None:
        offset = event.get_content_offset(self)
        name = self._column_at(offset.x) if offset else None
        if name is not None:
            column = self._columns[name]
            column.scroll_rows(step, self.view_height)
            self.refresh()
            event.stop()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(event, 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(event, -1)

    def on_focus(self) -> None:
        self._columns[self.current].cache.clear()  # its cursor stands out while focused
        self.refresh()

    def on_blur(self) -> None:
        self.on_focus()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        for column in self._columns.values():
            column.cache.clear()

    # -- drawing -------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line needs, looked up once a frame, not once a line: each of Textual's
        # style and geometry properties walks the widget's ancestors or regions.
        self._frame = self._make_frame()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _make_frame(self) -> tuple:
        looks = self.screen.get_child_by_type(RowStyles)
        base = looks.rich_style  # the lists' background
        current, focused = self.current, self.has_focus
        looks_of = {
            name: partial(looks.look, focused=focused and name == current, current=name == current)
            for name in COLUMNS
        }
        rule = Segment(RULE, base + looks.look("rule"))
        return (self.spans(), base, looks_of, rule, self.app.console)

    def render_line(self, y: int) -> Strip:
        spans, base, looks_of, rule, console = self._frame or self._make_frame()
        view = self.view_height
        segments: list[Segment] = []
        for name, (_, width) in spans.items():
            if width > 1:
                column, look = self._columns[name], looks_of[name]
                segments.extend(column.line(y, width - 1, view, base, look, console))
            if width > 0:
                segments.append(rule)
        return Strip(segments, self.size.width)

    # -- cards ---------------------------------------------------------------------------

    def load(
        self,
        actions: list[dict],
        goal_titles: dict[int, str],
        today: date,
        window: int,
        keep: object = None,
    ) -> None:
        self._cards, self._by_id = actions, None
        self._view_args = (goal_titles, today, window)
        self.redraw(keep)
        self.call_after_refresh(lambda: self.actions)  # made now, not in the next key press

    @property
    def actions(self) -> dict[int, dict]:
        """The cards by id, made at the first look-up: the first frame needs only columns."""
        if self._by_id is None:
            self._by_id = {a["id"]: a for a in self._cards}
        return self._by_id

    def redraw(self, keep: object = None, only: tuple[str, ...] = COLUMNS) -> None:
        needle = self.filter.casefold()
        cards = self._cards if self._by_id is None else self._by_id.values()
        if needle:
            cards = [a for a in cards if needle in str(a.get("title", "")).casefold()]
        self._sorted.update(columns_of(cards, only))
        for name in only:
            self._show(name, keep)

    def show_first(
        self,
        columns: dict[str, tuple[int, list[dict]]],
        goal_titles: dict[int, str],
        today: date,
        window: int,
    ) -> None:
        """A big plan's first frame, before it is read here: each column's count and first
        cards (store.first_look). Keys wait until `load` gives the board every card."""
        self._cards, self._by_id, self._sorted = [], None, {}
        self._view_args = (goal_titles, today, window)
        for name in COLUMNS:
            count, first = columns.get(name, (0, []))
            self._set_cards(name, FirstCards(first, count))

    def _show(self, name: str, keep: object = None) -> None:
        # a copy: place() edits the sorted list in place
        self._set_cards(name, list(self._sorted[name]), keep)

    def _lay_out(self, name: str) -> None:
        """Wrap the column's cards again at its width (the current column is wider), the
        card on top staying on top: a click that makes a column current picks the card under
        the pointer, which must not move."""
        column = self._columns[name]
        if isinstance(column.rows, LazyRows):
            top = column.row_at(column.scrolled) if column.tops else 0
            self._set_cards(name, column.rows.items, fit=False)
            if column.tops:
                column.scroll_to(column.tops[min(top, len(column.tops) - 1)], self.view_height)

    def _set_cards(
        self, name: str, cards: Sequence[dict], keep: object = None, fit: bool = True
    ) -> None:
        goal_titles, today, window = self._view_args
        width = self.card_width(name)
        most = TITLE_LINES + (name == self.current)
        rows = LazyRows(
            cards,
            lambda a: card_row(a, goal_titles, today, window, width, most),
            key=card_key,
            heights=card_heights(cards, width, most, goal_titles),
        )
        held = keep is not None and rows.index_of(keep) >= 0
        self._columns[name].set_rows(rows, keep=keep if held else None)
        if fit:
            self._columns[name].fit(self.view_height)
        self.refresh()

    def current_card(self) -> dict | None:
        key = self._columns[self.current].current_key
        if isinstance(key, tuple) and key[1] in self.actions:
            return self.actions[key[1]]
        return None

    def place(self, card_id: int, fields: dict, follow: bool = False) -> None:
        """Show a change at once (a move, a reorder) before the plan has saved it. Unfiltered,
        the card is taken out of one sorted column and put into the other: on 2,500-card
        columns that is a fraction of sorting them again from all the cards. With `follow`,
        the card's new column becomes the current one: both columns are laid out once, at
        their new widths, not once here and again by watch_current."""
        if card_id not in self.actions:
            return
        before = self.actions[card_id]
        after = self.actions[card_id] = {**before, **fields}
        old, new = before.get("column", "backlog"), after.get("column", "backlog")
        widened = (self.current, new) if follow else ()
        if follow:
            self.set_reactive(Kanban.current, new)
        touched = tuple(c for c in COLUMNS if c in (old, new, *widened))
        if self.filter or any(c not in self._sorted for c in touched):
            self.redraw(("action", card_id), only=touched)  # a filter may take it in or out
            return
        if old in self._sorted:
            cards = self._sorted[old]
            at = bisect_left(cards, card_order(before), key=card_order)
            if at < len(cards) and cards[at]["id"] == card_id:
                del cards[at]
        if new in self._sorted:
            insort(self._sorted[new], after, key=card_order)
        for name in touched:
            self._show(name, ("action", card_id))


class FirstCards(Sequence):
    """A column of `count` cards of which the first are known: enough to fill the tallest
    column. Past them stand blank cards, never drawn before the plan is read."""

    def __init__(self, first: list[dict], count: int) -> None:
        self.first = first
        self.total = count

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.total))]
        if index < 0:
            index += self.total
        if not 0 <= index < self.total:
            raise IndexError(index)
        return self.first[index] if index < len(self.first) else {"id": -1 - index}


def card_key(action: dict) -> tuple[str, int]:
    return ("action", action["id"])

"""The action board: four columns of cards, each a virtual list. It shows cards and moves its
cursor; the screen decides what a key means for the plan."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal

from store.rules import card_order, columns_of
from store.schema import COLUMNS
from tui.rows import card_row
from tui.typeahead import focus_now
from tui.widgets.rowlist import LazyRows, RowList

CARD_HEIGHT = 2
FIRST_COLUMN = "todo"  # the column the board opens on
TITLES = {"backlog": "Backlog", "todo": "To do", "doing": "Doing", "done": "Done"}


class Kanban(Horizontal):
    """backlog → to do → doing → done: four lists, each titled with its count; the focused
    one is drawn wider."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._cards: list[dict] = []
        self._by_id: dict[int, dict] | None = {}
        self.filter = ""
        self._sorted: dict[str, list[dict]] = {}  # each column's cards as shown, in order
        self._view_args: tuple = ({}, date.today(), 14)

    def compose(self) -> ComposeResult:
        for column in COLUMNS:
            classes = "cards -focused" if column == FIRST_COLUMN else "cards"
            yield RowList(
                empty="(empty)", title=TITLES[column], id=f"cards-{column}", classes=classes
            )

    def cards(self, name: str) -> RowList:
        return self.query_one(f"#cards-{name}", RowList)

    def focused_column(self) -> str:
        # The screen's focused widget, not has_focus: that is set only once the widget has
        # handled its Focus event, after keys already queued (see tui.typeahead).
        focused = self.screen.focused
        for name in COLUMNS:
            if self.cards(name) is focused:
                return name
        return getattr(self, "_last_column", FIRST_COLUMN)

    def focus_column(self, name: str) -> None:
        self._last_column = name
        focus_now(self.cards(name))

    def on_descendant_focus(self) -> None:
        for name in COLUMNS:
            column = self.cards(name)
            wide = column.has_focus
            if column.has_class("-focused") != wide:
                column.set_class(wide, "-focused")
            if wide:
                self._last_column = name

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

    def _set_cards(self, name: str, cards: Sequence[dict], keep: object = None) -> None:
        goal_titles, today, window = self._view_args
        rows = LazyRows(
            cards,
            lambda a: card_row(a, goal_titles, today, window),
            key=card_key,
            height=CARD_HEIGHT,
        )
        held = keep is not None and rows.index_of(keep) >= 0
        self.cards(name).set_rows(rows, keep=keep if held else None)

    def current_card(self) -> dict | None:
        key = self.cards(self.focused_column()).current_key
        if key and key[1] in self.actions:
            return self.actions[key[1]]
        return None

    def place(self, card_id: int, fields: dict) -> None:
        """Show a change at once (a move, a reorder) before the plan has saved it. Unfiltered,
        the card is taken out of one sorted column and put into the other: on 2,500-card
        columns that is a fraction of sorting them again from all the cards."""
        if card_id not in self.actions:
            return
        before = self.actions[card_id]
        after = self.actions[card_id] = {**before, **fields}
        old, new = before.get("column", "backlog"), after.get("column", "backlog")
        touched = tuple(c for c in COLUMNS if c in (old, new))
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
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.count))]
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError(index)
        return self.first[index] if index < len(self.first) else {"id": -1 - index}


def card_key(action: dict) -> tuple[str, int]:
    return ("action", action["id"])

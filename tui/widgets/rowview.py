"""Rows of text with a cursor, apart from any widget: which rows there are, where the cursor
is, and how each line of them is drawn. A RowList is one widget around one of these; the board
is one widget around four, as every widget costs the first frame."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from careerplan.tui.widgets.textline import line_strip


class Row:
    """One entry: `key` names what it stands for (None: a heading); `draw` makes its lines
    on demand, given the width. (A plain class: a dataclass is costly to define at start.)"""

    __slots__ = ("key", "draw", "height", "data")

    def __init__(
        self,
        key: object,
        draw: Callable[[int], list[Text]],
        height: int = 1,
        data: dict | None = None,
    ) -> None:
        self.key = key
        self.draw = draw
        self.height = height
        self.data = {} if data is None else data

    @property
    def selectable(self) -> bool:
        return self.key is not None


class LazyRows(Sequence):
    """Rows made only when they are looked at: a column of 10,000 cards costs a list of
    records and of their heights, not 10,000 row objects, until it scrolls."""

    def __init__(
        self,
        items: Sequence[Any],
        make: Callable[[Any], Row],
        key: Callable[[Any], object],
        heights: list[int],
    ):
        self.items = items
        self.make = make
        self.key = key
        self.heights = heights  # of each item's row
        self._made: dict[int, Row] = {}
        self._where: dict[object, int] | None = None

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.items)
        row = self._made.get(index)
        if row is None:
            row = self._made[index] = self.make(self.items[index])
        return row

    def keys(self) -> list[object]:
        return [self.key(item) for item in self.items]

    def index_of(self, key: object) -> int:
        if self._where is None:
            self._where = {k: i for i, k in enumerate(self.keys())}
        return self._where.get(key, -1)


def fit_title(label: str, count: int | None, width: int) -> str:
    """'Backlog (2500)', or in a narrow list 'Backlog 2500', then 'Back… 2500': the count
    is what a glance looks for, so the name gives way first."""
    if count is None:
        return label
    for title in (f"{label} ({count})", f"{label} {count}"):
        if width <= 0 or len(title) <= width:
            return title
    room = width - len(str(count)) - 2
    return f"{label[:room]}… {count}" if room > 0 else str(count)


Look = Callable[[str], Style]  # the style of a part: cursor, heading, title, thumb


class RowView:
    """The rows, the cursor, how far they are scrolled and a cache of drawn rows. With a
    `title`, the first line is a heading that stays put and counts the rows (a kanban column).
    The owner knows its size: each method that needs it is told how many lines show rows
    (`view`). Scrolled by hand, not by Textual's ScrollView, which cost a list's first frame
    more than the scrolling it saved writing."""

    def __init__(self, empty: str = "", title: str | None = None) -> None:
        self.rows: Sequence[Row] = []
        self.tops: Sequence[int] = []
        self.content_height = 0
        self.cursor = -1
        self.scrolled = 0  # the first line of rows shown
        self.cache: dict[tuple[int, int], list[Strip]] = {}
        self.empty = empty
        self.title = title
        self.header = 0 if title is None else 1  # lines above the rows that do not scroll

    # -- content -------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], keep: object = None) -> None:
        """Replace the rows; the cursor stays on the row with key `keep` (or the same key).
        `rows` may be a LazyRows, whose rows all have one height and are made on demand."""
        wanted = keep if keep is not None else self.current_key
        self.rows = rows
        heights = rows.heights if isinstance(rows, LazyRows) else [row.height for row in rows]
        tops, y = [], 0
        for height in heights:
            tops.append(y)
            y += height
        self.tops = tops
        self.cache.clear()
        self.content_height = y
        index = self.index_of(wanted) if wanted is not None else -1
        if index < 0:
            index = min(max(self.cursor, 0), len(rows) - 1) if rows else -1
            index = self.nearest_selectable(index, 1)
        self.cursor = index

    @property
    def current(self) -> Row | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    @property
    def current_key(self) -> object:
        row = self.current
        return row.key if row is not None else None

    def keys(self) -> list[object]:
        rows = self.rows
        return rows.keys() if isinstance(rows, LazyRows) else [row.key for row in rows]

    def index_of(self, key: object) -> int:
        if isinstance(self.rows, LazyRows):
            return self.rows.index_of(key)
        return next((i for i, row in enumerate(self.rows) if row.key == key), -1)

    def nearest_selectable(self, index: int, step: int) -> int:
        if not self.rows:
            return -1
        index = max(0, min(index, len(self.rows) - 1))
        for probe in (step, -step):
            at = index
            while 0 <= at < len(self.rows):
                if self.rows[at].selectable:
                    return at
                at += probe
        return -1

    def row_at(self, y: int) -> int:
        """The row on line `y` of the rows (not counting the title)."""
        return max(0, bisect_right(self.tops, y) - 1)

    # -- where the cursor goes -------------------------------------------------------------

    def moved(self, step: int) -> int:
        """The row `step` selectable rows away, or the cursor's own at either end."""
        at = self.cursor + step
        while 0 <= at < len(self.rows) and not self.rows[at].selectable:
            at += step
        return at if 0 <= at < len(self.rows) else self.cursor

    def paged(self, step: int, view: int) -> int:
        if not self.rows or self.cursor < 0:
            return self.nearest_selectable(0, step)
        target = self.row_at(self.tops[self.cursor] + step * max(1, view - 1))
        return self.nearest_selectable(target, step)

    def edge(self, end: int) -> int:
        return self.nearest_selectable(len(self.rows) - 1 if end else 0, -1 if end else 1)

    def move_cursor(self, index: int) -> None:
        """Put the cursor on `index`; the two rows it leaves and lands on draw again."""
        old, self.cursor = self.cursor, index
        self.cache = {k: v for k, v in self.cache.items() if k[0] not in (old, index)}

    def fit(self, view: int) -> None:
        """Scroll so that the cursor's row shows, and no further than the last row."""
        if view > 0:
            self.scroll_to(self._scrolled_to_cursor(self.scrolled, view), view)

    def scroll_to(self, line: int, view: int) -> None:
        self.scrolled = max(0, min(line, self.lines(view) - view))

    def _scrolled_to_cursor(self, scrolled: int, view: int) -> int:
        """The first line to show so that the cursor's row is in view, starting on a row's
        first line: a view of an odd number of lines over two-line cards otherwise opens on
        the bottom half of a card."""
        if not (0 <= self.cursor < len(self.rows)):
            return scrolled
        top = self.tops[self.cursor]
        bottom = top + self.rows[self.cursor].height
        if top < scrolled:
            return top
        if bottom > scrolled + view:
            wanted = bottom - view
            first = self.row_at(wanted)
            if self.tops[first] < wanted and first < self.cursor:
                wanted = self.tops[first + 1]  # start on the next whole row
            return wanted
        return scrolled

    def lines(self, view: int) -> int:
        """Lines of rows to scroll through: blank lines below the last row so that scrolled to
        the end, the view still starts on a row's first line, not on half a card."""
        y = self.content_height
        if view and y > view:
            first = bisect_left(self.tops, y - view)  # the first row the last view can start on
            if first < len(self.tops):
                y = self.tops[first] + view
        return y

    def scroll_rows(self, step: int, view: int) -> None:
        """Scroll by `step` rows (the mouse wheel), keeping a row's first line on top."""
        if self.tops:
            at = self.row_at(self.scrolled) + step
            self.scroll_to(self.tops[max(0, min(at, len(self.tops) - 1))], view)

    # -- drawing -------------------------------------------------------------------------

    def line(self, y: int, width: int, view: int, base: Style, look: Look, console) -> Strip:
        """Line `y` of the list `width` cells wide, the title counted in: in the last cell a
        one-cell scroll thumb when the rows do not fit. (Textual's scrollbar is a widget
        mounted once the rows overflow: it came a frame after the first, redrawing every row
        two cells narrower.)"""
        if y < self.header:
            return self._title_line(width, base, look)
        y -= self.header
        scrolled = self.scrolled
        total = self.lines(view)
        if total <= view or view <= 0:
            return self._line(y, width, scrolled, base, look, console)
        size = max(1, view * view // total)
        top = round(scrolled * (view - size) / max(1, total - view))
        on = top <= y < top + size
        style = base + look("thumb") if on else base
        cell = Segment("┃" if on else " ", style)
        return Strip([*self._line(y, width - 1, scrolled, base, look, console), cell], width)

    def _title_line(self, width: int, base: Style, look: Look) -> Strip:
        text = " " + fit_title(self.title or "", len(self.rows), width - 2)
        style = base + look("title")
        return Strip([Segment(text[:width], style)]).extend_cell_length(width, style)

    def _line(
        self, y: int, width: int, scrolled: int, base: Style, look: Look, console: Console
    ) -> Strip:
        absolute = y + scrolled
        if not self.rows:
            if y == 0 and self.empty:
                return Strip(
                    [Segment(self.empty[:width], base + Style(dim=True))]
                ).extend_cell_length(width, base)
            return Strip.blank(width, base)
        if absolute >= (self.tops[-1] + self.rows[-1].height):
            return Strip.blank(width, base)
        index = self.row_at(absolute)
        key = (index, width)
        strips = self.cache.get(key)
        if strips is None:
            strips = self._draw(index, width, base, look, console)
            if len(self.cache) > 400:
                self.cache.clear()
            self.cache[key] = strips
        line = absolute - self.tops[index]
        return strips[line] if line < len(strips) else Strip.blank(width, base)

    def _draw(
        self, index: int, width: int, base: Style, look: Look, console: Console
    ) -> list[Strip]:
        row = self.rows[index]
        style = base
        if not row.selectable:
            style = base + look("heading")
        elif index == self.cursor:
            style = base + look("cursor")
        strips = [line_strip(text, console, width, style) for text in row.draw(width)[: row.height]]
        while len(strips) < row.height:
            strips.append(Strip.blank(width, style))
        return strips

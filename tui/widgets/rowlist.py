"""A virtual list: only the rows on screen are turned into text, so 10,000 cards open as fast
as ten. Panes give it rows; it shows them, moves a cursor and says what the user picked."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from tui.widgets.textline import line_strip


class Row:
    """One entry: `key` names what it stands for (None: a heading); `draw` makes its lines
    on demand, given the width. (A plain class: a dataclass costs ~1 ms to define at start.)"""

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
    """Rows of one height made only when they are looked at: a column of 10,000 cards costs
    a list of records, not 10,000 row objects, until it scrolls."""

    def __init__(self, items: Sequence, make: Callable[[object], Row], key: Callable, height: int):
        self.items = items
        self.make = make
        self.key = key
        self.height = height
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


class RowStyles(Widget):
    """How every list on a screen draws its cursor, headings, title and scroll thumb, styled
    once for all of them: as component classes of each list they were styled four times per
    list, 28 times for the dashboard's first frame (~13 M of its instructions, of ~185 M above a
    bare app's). Never shown; its background is the lists' own, so translucent colours blend
    as they do on a list. A screen with lists composes one."""

    COMPONENT_CLASSES = {
        "rows--cursor",
        "rows--cursor-focused",
        "rows--heading",
        "rows--thumb",
        "rows--title",
        "rows--title-focused",
    }
    DEFAULT_CSS = """
    RowStyles { display: none; background: $surface; }
    RowStyles > .rows--thumb { color: $text-muted; }
    RowStyles > .rows--title { background: $panel; text-style: bold; }
    RowStyles > .rows--title-focused { background: $accent 50%; text-style: bold; }
    RowStyles > .rows--cursor { background: $boost; text-style: bold; }
    RowStyles > .rows--cursor-focused { background: $accent 40%; text-style: bold; }
    RowStyles > .rows--heading { color: $text-muted; text-style: bold; }
    """


class RowList(ScrollView, can_focus=True):
    """Rows of text with a cursor; headings are skipped by the cursor. With a `title`, the
    first line is a heading that stays put and counts the rows (a kanban column): drawn by the
    list itself, not by a widget above it, as every widget costs the first frame."""

    DEFAULT_CSS = """
    RowList { height: 1fr; overflow-x: hidden; background: $surface; scrollbar-size-vertical: 0; }
    """
    BINDINGS = [
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home,g", "edge(0)", "First", show=False),
        Binding("end,G", "edge(1)", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(-1, init=False)

    class Highlighted(Message):
        def __init__(self, rowlist: RowList, row: Row | None) -> None:
            super().__init__()
            self.rowlist = rowlist
            self.row = row

    def __init__(self, empty: str = "", title: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: Sequence[Row] = []
        self._tops: Sequence[int] = []
        self._cache: dict[tuple[int, int], list[Strip]] = {}
        self._content_height = 0
        self.empty = empty
        self.title = title
        self._header = 0 if title is None else 1  # lines above the rows that do not scroll
        self._base = Style()  # the widget's style, looked up once per frame

    # -- content -------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], keep: object = None) -> None:
        """Replace the rows; the cursor stays on the row with key `keep` (or the same key).
        `rows` may be a LazyRows, whose rows all have one height and are made on demand."""
        wanted = keep if keep is not None else self.current_key
        self.rows = rows
        if isinstance(rows, LazyRows):
            y = len(rows) * rows.height
            self._tops = range(0, y, rows.height)
        else:
            tops, y = [], 0
            for row in rows:
                tops.append(y)
                y += row.height
            self._tops = tops
        self._cache.clear()
        self._content_height = y
        self._fit_virtual_height()
        if self._header:
            self.refresh_line(0)  # the count
        index = self.index_of(wanted) if wanted is not None else -1
        if index < 0:
            index = min(max(self.cursor, 0), len(rows) - 1) if rows else -1
            index = self._nearest_selectable(index, 1)
        self.set_reactive(RowList.cursor, index)
        self._scroll_to_cursor(animate=False)
        self.refresh()

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

    def select_key(self, key: object) -> bool:
        index = self.index_of(key)
        if index >= 0:
            self.cursor = index
        return index >= 0

    def _nearest_selectable(self, index: int, step: int) -> int:
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

    # -- keys ----------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        at = self.cursor + step
        while 0 <= at < len(self.rows) and not self.rows[at].selectable:
            at += step
        if 0 <= at < len(self.rows):
            self.cursor = at

    def action_page(self, step: int) -> None:
        target = (
            self._row_at(self._tops[self.cursor] + step * max(1, self.view_height - 1))
            if self.rows and self.cursor >= 0
            else 0
        )
        self.cursor = self._nearest_selectable(target, step)

    def action_edge(self, end: int) -> None:
        self.cursor = self._nearest_selectable(len(self.rows) - 1 if end else 0, -1 if end else 1)

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache = {k: v for k, v in self._cache.items() if k[0] not in (old, new)}
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    def _scroll_to_cursor(self, animate: bool = False) -> None:
        """Bring the cursor's row into view with the view starting on a row's first line:
        a view of an odd number of lines over two-line cards otherwise opens on the bottom
        half of a card."""
        if not (0 <= self.cursor < len(self.rows)):
            return
        top = self._tops[self.cursor]
        bottom = top + self.rows[self.cursor].height
        view_top, view_height = int(self.scroll_offset.y), self.view_height
        if view_height <= 0:
            region = Region(0, top, 1, self.rows[self.cursor].height)
            self.scroll_to_region(region, animate=animate, force=True, immediate=True)
            return
        if top < view_top:
            wanted = top
        elif bottom > view_top + view_height:
            wanted = bottom - view_height
            first = self._row_at(wanted)
            if self._tops[first] < wanted and first < self.cursor:
                wanted = self._tops[first + 1]  # start on the next whole row
        else:
            return
        self.scroll_to(y=wanted, animate=animate, force=True, immediate=True)

    # -- drawing -------------------------------------------------------------------------

    _looks: RowStyles | None = None

    def look(self, part: str) -> Style:
        """The style of a part (see RowStyles); the cursor stands out more in the focused
        list, and the title in the list marked `-focused` (the board's current column)."""
        if part == "cursor" and self.has_focus or part == "title" and self.has_class("-focused"):
            part += "-focused"
        if self._looks is None:
            self._looks = self.screen.get_child_by_type(RowStyles)
        return self._looks.get_component_rich_style(f"rows--{part}")

    @property
    def view_height(self) -> int:
        """Lines that show rows: the height less the title."""
        return max(0, self.size.height - self._header)

    def _row_at(self, y: int) -> int:
        return max(0, bisect_right(self._tops, y) - 1)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style and geometry, read once a frame, not once a line: each of those
        # Textual properties walks the widget's ancestors or regions (~30% of drawing a list).
        self._base = self.rich_style
        self._frame = self._measure()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    _frame: tuple[int, int, int, int] | None = None  # set while a frame is drawn

    def _measure(self) -> tuple[int, int, int, int]:
        """(width, lines for rows, lines of rows in all, first line scrolled to)."""
        return (
            self.size.width,
            self.view_height,
            self.virtual_size.height - self._header,
            int(self.scroll_offset.y),
        )

    def render_line(self, y: int) -> Strip:
        """A row's line, and in the last column a one-cell scroll thumb when the rows do not
        fit. Textual's scrollbar is a widget mounted once the rows overflow: it arrived a frame
        after the first, redrawing every row two cells narrower."""
        width, view, total, scrolled = self._frame or self._measure()
        if y < self._header:
            return self._title_line(width)
        y -= self._header
        if total <= view or view <= 0:
            return self._line(y, width, scrolled)
        size = max(1, view * view // total)
        top = round(scrolled * (view - size) / max(1, total - view))
        on = top <= y < top + size
        style = self._base
        if on:
            style += self.look("thumb")
        cell = Segment("┃" if on else " ", style)
        return Strip([*self._line(y, width - 1, scrolled), cell], width)

    def _title_line(self, width: int) -> Strip:
        text = " " + fit_title(self.title or "", len(self.rows), width - 2)
        style = self._base + self.look("title")
        return Strip([Segment(text[:width], style)]).extend_cell_length(width, style)

    def _line(self, y: int, width: int, scrolled: int) -> Strip:
        absolute = y + scrolled
        base = self._base
        if not self.rows:
            if y == 0 and self.empty:
                return Strip(
                    [Segment(self.empty[:width], base + Style(dim=True))]
                ).extend_cell_length(width, base)
            return Strip.blank(width, base)
        if absolute >= (self._tops[-1] + self.rows[-1].height):
            return Strip.blank(width, base)
        index = self._row_at(absolute)
        key = (index, width)
        strips = self._cache.get(key)
        if strips is None:
            strips = self._draw(index, width, base)
            if len(self._cache) > 400:
                self._cache.clear()
            self._cache[key] = strips
        line = absolute - self._tops[index]
        return strips[line] if line < len(strips) else Strip.blank(width, base)

    def _draw(self, index: int, width: int, base: Style) -> list[Strip]:
        row = self.rows[index]
        style = base
        if not row.selectable:
            style = base + self.look("heading")
        elif index == self.cursor:
            style = base + self.look("cursor")
        console = self.app.console
        strips = []
        for text in row.draw(width)[: row.height]:
            strips.append(line_strip(text, console, width, style))
        while len(strips) < row.height:
            strips.append(Strip.blank(width, style))
        return strips

    def _fit_virtual_height(self) -> None:
        """Rows of one height (cards) get blank lines below the last one so that scrolled to
        the end, the view still starts on a row's first line, not on half a card."""
        y = self._content_height
        view = self.view_height
        if isinstance(self.rows, LazyRows) and view and y > view:
            y += (view - y) % self.rows.height
        self.virtual_size = Size(self.size.width or 1, y + self._header)

    def on_resize(self) -> None:
        self._cache.clear()
        self._fit_virtual_height()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_click(self, event) -> None:
        if event.y < self._header:
            return
        index = self._row_at(event.y - self._header + int(self.scroll_offset.y))
        if 0 <= index < len(self.rows) and self.rows[index].selectable:
            self.cursor = index

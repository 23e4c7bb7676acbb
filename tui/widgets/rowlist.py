"""A virtual list: only the rows on screen are turned into text, so 10,000 cards open as fast
as ten. Panes give it rows; it shows them, moves a cursor and says what the user picked."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from tui.widgets.rowview import Row, RowView

LIST_BINDINGS = [
    Binding("down,j", "move(1)", "Down", show=False),
    Binding("up,k", "move(-1)", "Up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("home,g", "edge(0)", "First", show=False),
    Binding("end,G", "edge(1)", "Last", show=False),
]


class RowStyles(Widget):
    """How every list on a screen (and the board's columns) draws its cursor, headings, titles,
    scroll thumb and the board's rules, styled once for all of them: as component classes of
    each list they were styled four times per list, 28 times for the dashboard's first frame
    (~13 M of its instructions). Never shown; its background is the lists' own, so translucent
    colours blend as they do on a list. A screen with lists composes one."""

    COMPONENT_CLASSES = {
        "rows--cursor",
        "rows--cursor-focused",
        "rows--heading",
        "rows--rule",
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
    RowStyles > .rows--rule { color: $panel-lighten-2; }
    """


class RowList(ScrollView, can_focus=True):
    """Rows of text with a cursor (a RowView) in a widget of its own: a pane of the dashboard.
    Headings are skipped by the cursor."""

    DEFAULT_CSS = """
    RowList { height: 1fr; overflow-x: hidden; background: $surface; scrollbar-size-vertical: 0; }
    """
    BINDINGS = LIST_BINDINGS

    def __init__(self, empty: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = RowView(empty)
        self._base = Style()  # the widget's style, looked up once per frame

    # -- content -------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Row]:
        return self.view.rows

    def set_rows(self, rows: Sequence[Row], keep: object = None) -> None:
        """Replace the rows; the cursor stays on the row with key `keep` (or the same key)."""
        self.view.set_rows(rows, keep)
        self._fit_virtual_height()
        self._scroll_to_cursor()
        self.refresh()

    @property
    def current(self) -> Row | None:
        return self.view.current

    @property
    def current_key(self) -> object:
        return self.view.current_key

    def keys(self) -> list[object]:
        return self.view.keys()

    def index_of(self, key: object) -> int:
        return self.view.index_of(key)

    def select_key(self, key: object) -> bool:
        index = self.index_of(key)
        if index >= 0:
            self.cursor = index
        return index >= 0

    @property
    def cursor(self) -> int:
        return self.view.cursor

    @cursor.setter
    def cursor(self, index: int) -> None:
        if index != self.view.cursor:
            self.view.move_cursor(index)
            self._scroll_to_cursor()
            self.refresh()

    # -- keys ----------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.cursor = self.view.moved(step)

    def action_page(self, step: int) -> None:
        self.cursor = self.view.paged(step, self.view_height)

    def action_edge(self, end: int) -> None:
        self.cursor = self.view.edge(end)

    def _scroll_to_cursor(self) -> None:
        view = self.view
        if not (0 <= view.cursor < len(view.rows)):
            return
        if self.view_height <= 0:
            return  # not laid out yet: on_resize scrolls once it is
        scrolled = int(self.scroll_offset.y)
        wanted = view.scrolled_to_cursor(scrolled, self.view_height)
        if wanted != scrolled:
            self.scroll_to(y=wanted, animate=False, force=True, immediate=True)

    # -- drawing -------------------------------------------------------------------------

    _looks: RowStyles | None = None

    def look(self, part: str) -> Style:
        """The style of a part (see RowStyles); the cursor stands out more in the focused
        list."""
        if part == "cursor" and self.has_focus:
            part += "-focused"
        if self._looks is None:
            self._looks = self.screen.get_child_by_type(RowStyles)
        return self._looks.get_component_rich_style(f"rows--{part}")

    @property
    def view_height(self) -> int:
        return self.size.height

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style and geometry, read once a frame, not once a line: each of those
        # Textual properties walks the widget's ancestors or regions (~30% of drawing a list).
        self._base = self.rich_style
        self._frame = self._measure()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    _frame: tuple[int, int, int] | None = None  # set while a frame is drawn

    def _measure(self) -> tuple[int, int, int]:
        """(width, lines for rows, first line scrolled to)."""
        return (self.size.width, self.view_height, int(self.scroll_offset.y))

    def render_line(self, y: int) -> Strip:
        width, view, scrolled = self._frame or self._measure()
        return self.view.line(y, width, view, scrolled, self._base, self.look, self.app.console)

    def _fit_virtual_height(self) -> None:
        lines = self.view.lines(self.view_height)
        self.virtual_size = Size(self.size.width or 1, lines)

    def on_resize(self) -> None:
        self.view.cache.clear()
        self._fit_virtual_height()
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.view.cache.clear()

    def on_focus(self) -> None:
        self.view.cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self.view.cache.clear()
        self.refresh()

    def on_click(self, event) -> None:
        offset = event.get_content_offset(self)  # inside the pane's border
        if offset is None:
            return
        index = self.view.row_at(offset.y + int(self.scroll_offset.y))
        if 0 <= index < len(self.rows) and self.rows[index].selectable:
            self.cursor = index

"""A virtual list: only the rows on screen are turned into text, so 10,000 cards open as fast
as ten. Panes give it rows; it shows them, moves a cursor and says what the user picked."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from careerplan.tui.widgets.rowview import Row, RowView

LIST_BINDINGS: list[BindingType] = [
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
    each list they were styled four times per list, 28 times for the dashboard's first frame.
    Never shown; its background is the lists' own, so translucent
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

    def look(self, part: str, focused: bool = False, current: bool = False) -> Style:
        """The style of a part: the cursor stands out more in the focused list, and the title
        of the board's current column."""
        if part == "cursor" and focused or part == "title" and current:
            part += "-focused"
        return self.get_component_rich_style(f"rows--{part}")


class RowList(Widget, can_focus=True):
    """Rows of text with a cursor (a RowView) in a widget of its own: a pane of the dashboard.
    Headings are skipped by the cursor."""

    DEFAULT_CSS = "RowList { height: 1fr; background: $surface; }"
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
        self.view.fit(self.size.height)  # before it is laid out: once it is (on_resize)
        self.refresh()

    @property
    def current_key(self) -> object:
        return self.view.current_key

    def select_key(self, key: object) -> bool:
        index = self.view.index_of(key)
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
            self.view.fit(self.size.height)
            self.refresh()

    # -- keys and the mouse ----------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.cursor = self.view.moved(step)

    def action_page(self, step: int) -> None:
        self.cursor = self.view.paged(step, self.size.height)

    def action_edge(self, end: int) -> None:
        self.cursor = self.view.edge(end)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # inside the pane's border
        if offset is None:
            return
        index = self.view.row_at(offset.y + self.view.scrolled)
        if 0 <= index < len(self.rows) and self.rows[index].selectable:
            self.cursor = index

    def _scroll(self, event: events.MouseEvent, lines: int) -> None:
        self.view.scroll_to(self.view.scrolled + lines, self.size.height)
        self.refresh()
        event.stop()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(event, 2)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(event, -2)

    def on_resize(self) -> None:
        self.view.cache.clear()
        self.view.fit(self.size.height)

    def on_focus(self) -> None:
        self.view.cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self.on_focus()

    # -- drawing -------------------------------------------------------------------------

    _looks: RowStyles | None = None

    def look(self, part: str) -> Style:
        if self._looks is None:
            self._looks = self.screen.get_child_by_type(RowStyles)
        return self._looks.look(part, focused=self.has_focus)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.view.cache.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style, read once a frame, not once a line: Textual's property walks
        # the widget's ancestors.
        self._base = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, view = self.size
        return self.view.line(y, width, view, self._base, self.look, self.app.console)

"""One line of text (the summary over the board, the status line under it, the key bar).

A Static takes its text through Textual's content pipeline (markup, wrapping, formatting) at
every frame, a lot of work for one line of a Text. This
widget draws the line from the Text's segments."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget


def line_strip(text: Text, console: Console, width: int, style: Style | None = None) -> Strip:
    """`text` as one line of exactly `width` cells under `style`: one Strip made from its final
    segments. Each Strip costs Textual seven caches to make, and crop, pad and style would make
    one each in turn. A line longer than `width` ends with "…": a cut word must not read
    as whole."""
    if text.cell_len > width > 0:
        text = text.copy()
        text.truncate(width, overflow="ellipsis")
    segments = list(text.render(console, end=""))
    if text.style and not text.spans:  # rich's render leaves out the style of a Text that
        own = console.get_style(text.style)  # has no spans (its printing makes it one)
        segments = [Segment(s.text, own + s.style if s.style else own) for s in segments]
    segments = Segment.adjust_line_length(segments, width)
    if style:
        segments = list(Segment.apply_style(segments, style))
    return Strip(segments, width)


class TextLine(Widget):
    DEFAULT_CSS = "TextLine { height: 1; }"

    def __init__(self, text: Text | str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = Text(text) if isinstance(text, str) else text

    def update(self, text: Text | str) -> None:
        self._text = Text(text) if isinstance(text, str) else text
        self.refresh()

    def render(self) -> Text:
        return self._text

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        if y:
            return Strip.blank(width, base)
        return line_strip(self.render(), self.app.console, width, base)

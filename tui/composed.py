"""A screen that is styled once when it first appears, not twice."""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class ComposedScreen(Screen):
    """Textual restyles a screen's whole tree when the screen is resumed, including the first
    time, right after compose and mount styled every node: the first one is skipped here.
    Later resumes (back from a form or the review) still restyle:
    the theme may have changed meanwhile."""

    _resumed = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume: handlers of the subclass come first.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

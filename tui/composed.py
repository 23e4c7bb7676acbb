"""A screen that is styled once when it first appears, not twice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.screen import Screen

if TYPE_CHECKING:
    from careerplan.tui.app import CareerApp


class ComposedScreen(Screen):
    """Textual restyles a screen's whole tree when the screen is resumed, including the first
    time, right after compose and mount styled every node: the first one is skipped here.
    Later resumes (back from a form or the review) still restyle:
    the theme may have changed meanwhile."""

    _resumed = False

    if TYPE_CHECKING:  # the app every screen of ours runs in, for the type checker only
        app: CareerApp

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume: handlers of the subclass come first.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

"""Styles of the dialogs, the review and the first-run walk, kept out of the dashboard's first
frame: app.tcss is parsed before it, a screen's DEFAULT_CSS only
when a screen of that class first opens."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import ModalScreen, ScreenResultType

from careerplan.tui.composed import ComposedScreen

if TYPE_CHECKING:
    from careerplan.tui.app import CareerApp

SCREENS_CSS = Path(__file__).with_name("screens.tcss").read_text(encoding="utf-8")


# Textual takes default CSS from a class's first base only, so a mixin would be skipped:
# full screens and dialogs each get a base of their own. The rules apply app-wide, not only
# inside the screen that brought them in (SCOPED_CSS), as every dialog shares them.


class StyledScreen(ComposedScreen):
    DEFAULT_CSS = SCREENS_CSS
    SCOPED_CSS = False


class StyledModal(ModalScreen[ScreenResultType]):
    DEFAULT_CSS = SCREENS_CSS
    SCOPED_CSS = False

    if TYPE_CHECKING:  # the app every dialog of ours runs in, for the type checker only
        app: CareerApp

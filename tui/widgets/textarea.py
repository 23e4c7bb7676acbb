"""Textual's TextArea for notes, its own keys run in order (see controls.OwnKeysInOrder); a
module of its own because TextArea is costly to import and most screens have none."""

from __future__ import annotations

from textual import widgets

from careerplan.tui.widgets.controls import OwnKeysInOrder


class TextArea(OwnKeysInOrder, widgets.TextArea):
    pass

"""The app's garbage collection: off while keys are handled, run between them.

With 10,000 cards a full collection landing inside a key press was a good part of a card
move's repaint, so the app turns the automatic collector off and settles garbage itself after
each redraw: it collects what is not frozen and freezes the survivors out of the collector's
sight. What was frozen alive and died later (the rows of an old redraw, a closed screen) can
only be found by unfreezing everything: that costly full pass runs once what was frozen grew
by GROWTH objects since the last one, and on the idle timer."""

from __future__ import annotations

import gc

GROWTH = 20_000  # frozen objects: a few dozen redraws of the demo plan


class _Settled:
    baseline = 0  # how many objects were frozen after the last full pass


def drop_closed_widgets() -> None:
    """Textual 8.2.8 caches `StylesCache.get_inner_outer` with an lru_cache on the method, so
    its key holds the StylesCache and, through it, every line a widget drew: the last 1,024
    such caches outlive their widgets (bench/NOTES.md has what the review left each time).
    Emptied when a screen closes; it refills at the next frame."""
    from textual._styles_cache import StylesCache

    StylesCache.get_inner_outer.cache_clear()


def settle_garbage(full: bool = False, freeze: bool = True) -> None:
    """Collect garbage now, between key presses; a full pass when asked or when due. With
    `freeze` False (a form or the review is open) the survivors stay in the collector's
    sight: frozen, a closed screen's widgets were garbage only a full pass could find."""
    if full or gc.get_freeze_count() > _Settled.baseline + GROWTH:
        gc.unfreeze()
        full = True
    gc.collect()
    if freeze:
        gc.freeze()
    if full:
        _Settled.baseline = gc.get_freeze_count()

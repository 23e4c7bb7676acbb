"""The app's garbage collection: off while keys are handled, run between them.

With 10,000 cards a full collection landing inside a key press was a good part of a card
move's repaint, so the app turns the automatic collector off and settles garbage itself after
each redraw: it collects what is not frozen and freezes the survivors out of the collector's
sight. What was frozen alive and died later (the rows of an old redraw, a closed screen) can
only be found by unfreezing everything: that costly full pass runs once what was frozen grew
by GROWTH objects since the last one, when a screen closes, and on the idle timer. Each pass
then hands the memory freed back to the system (hand_back_memory)."""

from __future__ import annotations

import gc
import sys
from typing import Any

GROWTH = 20_000  # frozen objects: a few dozen redraws of the demo plan


class _Settled:
    baseline = 0  # how many objects were frozen after the last full pass
    libc: Any = None  # glibc, once asked for; False where there is none


# glibc's mallopt parameters; a fixed threshold also stops glibc raising it by itself
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
BIG_BLOCK = 128 * 1024  # glibc's own default for both, before it raises them


def hand_back_memory() -> None:
    """Give the memory freed since the last pass back to the system. glibc raises its
    threshold for serving big blocks from their own pages after the first such block is
    freed; from then on a save's or a reload's few-MB buffers came from the heap and their
    pages stayed with the process when freed, between live objects (bench/NOTES.md). Fixed
    at glibc's default, they are returned when freed; malloc_trim returns the rest."""
    libc = _Settled.libc
    if libc is None:
        libc = _Settled.libc = _glibc()
        if libc:
            libc.mallopt(M_MMAP_THRESHOLD, BIG_BLOCK)
            libc.mallopt(M_TRIM_THRESHOLD, BIG_BLOCK)
    if libc:
        libc.malloc_trim(0)


def _glibc() -> Any:
    """glibc's allocator, or False elsewhere (macOS, musl): memory is then left as it is."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # after the first frame: it is not needed to draw it

    try:
        libc = ctypes.CDLL(None)
        libc.mallopt, libc.malloc_trim  # noqa: B018  (both, or neither is used)
    except (OSError, AttributeError):
        return False
    return libc


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
    hand_back_memory()

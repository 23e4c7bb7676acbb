"""Making user text safe to store and to print."""

from __future__ import annotations

import functools
import re


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(unsafe, surrogate), compiled at first use: a start that shows no text need not pay for
    it. Unsafe: C0 controls but tab and newline, DEL, C1 controls, bidi overrides."""
    return (
        re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"),
        re.compile("[\ud800-\udfff]"),
    )


def store_safe(text: str) -> str:
    """Lone surrogates cannot be written as UTF-8, so they become U+FFFD; all else is kept."""
    return _patterns()[1].sub("\ufffd", text)


def printable(text: str, *, one_line: bool = False) -> str:
    """Text with every control character removed, so it cannot drive a terminal."""
    unsafe, surrogate = _patterns()
    cleaned = unsafe.sub("", surrogate.sub("\ufffd", text))
    if one_line:
        cleaned = " ".join(cleaned.split())
    return cleaned


def clip(text: str, width: int) -> str:
    """Cut to width characters, marking the cut with an ellipsis."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def with_article(word: str) -> str:
    """'an action', 'a position': the kind of a record in a sentence."""
    return ("an " if word[:1] in ("a", "e", "i", "o", "u") else "a ") + word

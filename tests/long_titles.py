"""The demo plan with every title stretched to 60 characters: short demo titles hid cut text."""

from __future__ import annotations

WORDS = [
    "with",
    "the",
    "platform",
    "team",
    "before",
    "the",
    "quarterly",
    "planning",
    "round",
    "starts",
]


def sixty(title: str) -> str:
    """The title, then real words up to exactly 60 characters, so a cut is visible."""
    words = [title]
    for word in WORDS:
        if len(" ".join([*words, word])) > 60:
            break
        words.append(word)
    return " ".join(words).ljust(60, ".")[:60]


def stretch_titles(plan) -> None:
    with plan.batch():
        for kind, field in (("action", "title"), ("goal", "title"), ("milestone", "title")):
            for record in plan.records(kind):
                plan.update(record["id"], **{field: sixty(record[field])})

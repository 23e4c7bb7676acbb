"""Every review flag, defined once: how it is found, the words for it, how it is shown. The
review screen, the review record's summary, the brief and the dashboard's header read this
registry; a new flag is one entry here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from careerplan.store import rules
from careerplan.store.dates import relative
from careerplan.store.shapes import Record, Snapshot


class Flagged(NamedTuple):
    """One thing to look at: the record (None for the plan as a whole), its name, and why."""

    kind: str
    id: int | None
    title: str
    why: str
    serious: bool = True  # the why is drawn as the flag's tone (red for late) when True


class Look(NamedTuple):
    """What every flag is found from, worked out once per review."""

    snapshot: Snapshot
    today: date
    settings: dict[str, Any]
    flags: Any  # review.Flags: the lists found in one pass over the cards


class FlagKind(NamedTuple):
    name: str
    heading: str  # "Overdue": above its items, with their count
    tone: str  # late, soon, shape, plain: how the screen colours it
    counted: str  # "{n} overdue": the review record keeps these words
    find: Callable[[Look], list[Flagged]]
    single: bool = False  # one line, not a heading over items (the review, the budget)
    said: str | None = None  # a sentence for documents (the brief): "{title} ... {why}"
    key: str = ""  # the key that deals with it, said on screen only ("press w")


def _due(items: list[rules.Due], today: date) -> list[Flagged]:
    return [Flagged(i.kind, i.id, i.title, relative(i.deadline, today)) for i in items]


def _named(record: Record) -> str:
    return str(record.get("title") or record.get("name") or "")


def _review_overdue(look: Look) -> list[Flagged]:
    days = look.flags.review_overdue_days
    return [Flagged("review", None, "Review overdue", f"{days} days")] if days else []


def _sessions(look: Look) -> list[Flagged]:
    from careerplan.store.recurrence import describe

    found = []
    for mentor in look.flags.sessions_overdue:
        rhythm = describe(mentor.rule) if mentor.rule else ""
        name = mentor.person.get("name", "")
        why = f"{mentor.overdue_days} days overdue ({rhythm})"
        found.append(Flagged("person", mentor.person["id"], f"1:1 with {name}", why))
    return found


def _not_smart(look: Look) -> list[Flagged]:
    return [
        Flagged("goal", g["id"], _named(g), rules.smart_words(missing), False)
        for g, missing in look.flags.not_smart
    ]


def _gaps_without_action(look: Look) -> list[Flagged]:
    titles = {g["id"]: g.get("title", "") for g in look.snapshot.get("goal", [])}
    return [
        Flagged("gap", g["id"], _named(g), f"goal: {titles.get(g.get('goal'), '-')}", False)
        for g in look.flags.gaps_without_action
    ]


def _stale(look: Look) -> list[Flagged]:
    return [
        Flagged(
            "action",
            a["id"],
            _named(a),
            f"not moved since {a.get('moved_at') or a.get('created_at', '')[:10]}",
            False,
        )
        for a in look.flags.stale
    ]


def _budget(look: Look) -> list[Flagged]:
    b = look.flags.budget
    if b is None:
        return []
    return [
        Flagged(
            "budget",
            None,
            f"Learning budget {b.year}: {b.amount:g} {b.currency}",
            f"spent {b.spent:g} · committed {b.committed:g} · left {b.left:g}",
            b.over,
        )
    ]


FLAG_KINDS: tuple[FlagKind, ...] = (
    FlagKind(
        "overdue",
        "Overdue",
        "late",
        "{n} overdue",
        lambda look: _due(look.flags.overdue, look.today),
        said="{title}: {why}",
    ),
    FlagKind(
        "due_soon",
        "Due soon",
        "soon",
        "{n} due soon",
        lambda look: _due(look.flags.due_soon, look.today),
    ),
    FlagKind(
        "review",
        "Review overdue",
        "late",
        "review {days} days overdue",
        _review_overdue,
        single=True,
        key="w",
    ),
    FlagKind(
        "sessions", "1:1s overdue", "late", "{n} 1:1s overdue", _sessions, said="{title}: {why}"
    ),
    FlagKind(
        "not_smart",
        "Goals not yet SMART",
        "shape",
        "{n} goals not SMART",
        _not_smart,
        said="{title} is not yet SMART ({why})",
    ),
    FlagKind(
        "goals_without_action",
        "Goals with no action",
        "shape",
        "{n} goals without action",
        lambda look: [
            Flagged("goal", g["id"], _named(g), "add an action", False)
            for g in look.flags.goals_without_action
        ],
    ),
    FlagKind(
        "gaps_without_action",
        "Gaps with no action",
        "shape",
        "{n} gaps without action",
        _gaps_without_action,
        said="No action works on the gap {title} yet",
    ),
    FlagKind("stale", "Stale cards", "shape", "{n} stale cards", _stale),
    FlagKind(
        "behind_pace",
        "Behind pace",
        "shape",
        "{n} goals behind pace",
        lambda look: [
            Flagged("goal", g["id"], _named(g), f"{done:.0%} done, {expected:.0%} expected", False)
            for g, done, expected in look.flags.behind_pace
        ],
        said="{title} is behind pace: {why} by now",
    ),
    FlagKind(
        "budget", "Learning budget", "plain", "budget over", _budget, True, "{title}, over: {why}"
    ),
)


FLAG = {kind.name: kind for kind in FLAG_KINDS}  # for a screen that shows one kind's words


def found(look: Look) -> list[tuple[FlagKind, list[Flagged]]]:
    """Each flag kind with what it found, in the registry's order; kinds that found nothing
    are left out."""
    return [(kind, items) for kind in FLAG_KINDS if (items := kind.find(look))]


def summary(look: Look) -> list[str]:
    """Short lines a review record keeps, so later one can see what it saw."""
    lines = []
    for kind, items in found(look):
        if kind.name == "budget":
            b = look.flags.budget
            if b.over:
                lines.append(f"budget {b.year} over by {-b.left:g}")
        elif kind.name == "review":
            lines.append(kind.counted.format(days=look.flags.review_overdue_days))
        else:
            lines.append(kind.counted.format(n=len(items)))
    return lines


def sentences(look: Look, text: Callable[[str], str] = str) -> list[str]:
    """The flags a person would raise with their mentor, each a sentence (`text` makes user
    text safe for the document: markdown escapes it)."""
    return [
        kind.said.format(title=text(item.title), why=item.why)
        for kind, items in found(look)
        if kind.said
        for item in items
        if item.serious or kind.name != "budget"
    ]

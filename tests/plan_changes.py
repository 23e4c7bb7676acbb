"""Changes a person makes to a plan, picked by property tests: the same kinds whether this
window makes them or another one does."""

from __future__ import annotations

from datetime import date

from careerplan.store.plan import Plan

TODAY = date(2026, 11, 24)
KINDS = ["add", "edit", "move", "delete", "undo", "batch"]


def make_change(plan: Plan, kind: str, pick: int, text: str) -> None:
    """One change of `kind` to the card `pick` picks (an add when there is none)."""
    cards = plan.records("action")
    card = cards[pick % len(cards)] if cards else None
    if kind == "add" or card is None:
        plan.add("action", title=f"new {text}!")
    elif kind == "edit":
        plan.update(card["id"], title=f"edited {text}.")
    elif kind == "move":
        plan.move(card["id"], "done" if card["column"] != "done" else "todo")
    elif kind == "delete":
        plan.delete(card["id"])
    elif kind == "undo":
        plan.undo()
    elif kind == "batch":
        with plan.batch():
            for other in cards[: pick % 5 + 1]:
                plan.update(other["id"], title=f"batched {text}")
    else:
        raise ValueError(kind)


def rendered_whole(path) -> str:
    """The file as a process that renders every record would write it."""
    fresh = Plan(path, today=lambda: TODAY)
    fresh.storage.read()
    fresh.storage.mark_all()
    return fresh.storage.render()

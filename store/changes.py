"""Changes that are rules of the plan, not one record's fields: a new position, the settings,
a card's place in its column, a guided step's links. The dashboard and the command line call
these alike; the screens only ask and draw."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from careerplan.store import rules
from careerplan.store.schema import KINDS, Field
from careerplan.store.shapes import Record, Snapshot

if TYPE_CHECKING:
    from careerplan.store.plan import Plan


def save_settings(plan: Plan, **values: Any) -> Record:
    """The plan's one settings record, made when missing."""
    found = plan.records("settings")
    if found:
        return plan.update(found[0]["id"], **values)
    return plan.add("settings", **values)


def add_position(plan: Plan, **values: Any) -> Record:
    """A new current position moves the one held until now into the history, ended the day
    the new one starts."""
    with plan.batch():
        if values.get("current", True):
            for old in plan.records("position"):
                if old.get("current", True) and not old.get("until"):
                    plan.update(old["id"], current=False, until=values.get("since") or plan.today())
        return plan.add("position", **values)


def reorder(plan: Plan, card_id: int, step: int) -> Record | None:
    """Move a card one place up (step -1) or down (+1) in its column; None at either end."""
    card = plan.get("action", card_id)
    column = card.get("column", "backlog")
    cards = rules.columns_of(plan.records("action"), (column,))[column]
    ids = [c["id"] for c in cards]
    at = ids.index(card_id)
    target = at + step
    if not 0 <= target < len(ids):
        return None
    orders = [c.get("order") or 0 for c in cards]
    beyond = target + step
    new = (orders[target] + orders[beyond]) / 2 if 0 <= beyond < len(ids) else orders[target] + step
    return plan.update(card_id, order=new)


def link_to_newest(plan: Plan, kind: str, values: Record) -> Record:
    """What the guided walk adds is tied to what it added just before: a gap to the newest
    goal, an action to the newest goal and gap (unless told otherwise)."""
    values = dict(values)
    if kind in ("gap", "action") and "goal" not in values:
        goals = plan.records("goal")
        if goals:
            values["goal"] = max(g["id"] for g in goals)
    if kind == "action" and "gap" not in values:
        gaps = plan.records("gap")
        if gaps:
            values["gap"] = max(g["id"] for g in gaps)
    return values


def choices_for_references(
    snapshot: Snapshot, fields: Iterable[Field]
) -> dict[str, list[tuple[str, int]]]:
    """(title, id) of every record the reference `fields` can point at, by kind: only what a
    form shows (an action form lists goals, never the 10,000 actions of a long-kept plan)."""
    wanted = {ref for f in fields for ref in f.ref}
    return {
        kind: [(str(r.get(KINDS[kind].title_field) or ""), r["id"]) for r in snapshot.get(kind, [])]
        for kind in sorted(wanted)
    }

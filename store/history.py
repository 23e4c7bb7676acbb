"""Rules of the event log and of card moves: what undo reverts, what a move stamps."""

from __future__ import annotations

from datetime import date

from careerplan.store.schema import KINDS
from careerplan.store.shapes import Record, Snapshot

CHANGES = ("add", "update", "delete", "import")


def undone_ids(events: list[Record]) -> set[int]:
    """Ids of the changes an undo reverted and no redo made again since."""
    undone: set[int] = set()
    undo_target = {}
    for event in sorted(events, key=lambda e: e["id"]):
        if event.get("op") == "undo":
            undone.add(event["undoes"])
            undo_target[event["id"]] = event.get("undoes")
        elif event.get("op") == "redo":
            undone.discard(undo_target.get(event.get("redoes")))
    return undone


def undoable(events: list[Record]) -> list[Record]:
    """The changes undo may revert, newest first. An import that brought a file's own history
    with it is where undo stops once it is undone: what comes before it is that file's past,
    not this plan's."""
    undone = undone_ids(events)
    found = []
    for event in sorted(events, key=lambda e: e["id"], reverse=True):
        if event.get("op") in CHANGES and event["id"] not in undone:
            found.append(event)
        elif is_barrier(event):
            break
    return found


def is_barrier(event: Record) -> bool:
    """An import that brought a file's own history: undo stops there (see undoable)."""
    return event.get("op") == "import" and bool(event.get("barrier"))


def last_undoable(events: list[Record], by: str | None = None) -> Record | None:
    """The newest change not yet undone, made by `by` when given."""
    return next((e for e in undoable(events) if by is None or e.get("by") == by), None)


def last_redoable(events: list[Record], by: str | None = None) -> Record | None:
    """The newest undo (by `by`, when given) whose change is still undone, unless a change
    (by `by`) came after it: a new change ends what can be redone, as in any editor."""
    undone = undone_ids(events)
    for event in sorted(events, key=lambda e: e["id"], reverse=True):
        if by is not None and event.get("by") != by:
            continue
        if event.get("op") in CHANGES:
            return None
        if event.get("op") == "undo" and event.get("undoes") in undone:
            return event
    return None


def column_dates(before: Record | None, column: str, today: date) -> Record:
    """started_at, done_at and moved_at as a move to `column` sets them."""
    stamps: Record = {"moved_at": today.isoformat()}
    if column in ("doing", "done") and not (before or {}).get("started_at"):
        stamps["started_at"] = today.isoformat()
    stamps["done_at"] = today.isoformat() if column == "done" else None
    if before and before.get("column") == "done" and column == "done":
        stamps["done_at"] = before.get("done_at") or today.isoformat()
    return stamps


def references(snapshot: Snapshot, record_id: int) -> list[tuple[str, int, str]]:
    """(kind, id, field) of every record whose reference field points at record_id."""
    found = []
    for kind_name, spec in KINDS.items():
        ref_fields = [f.name for f in spec.fields if f.type == "ref"]
        if not ref_fields:
            continue
        for record in snapshot.get(kind_name, []):
            for field in ref_fields:
                if record.get(field) == record_id:
                    found.append((kind_name, record["id"], field))
    return found


def since(events: list[Record], stamp: str) -> list[Record]:
    """Events after an ISO timestamp, oldest first."""
    return sorted((e for e in events if e.get("at", "") > stamp), key=lambda e: e["id"])

"""Rules of the event log and of card moves: what undo reverts, what a move stamps."""

from __future__ import annotations

from datetime import date

from careerplan.store.schema import KINDS

UNDOABLE = ("add", "update", "delete", "import")


def last_undoable(events: list[dict]) -> dict | None:
    """The newest change that no undo has reverted yet. An import that brought a file's own
    history with it is where undo stops once it is undone: what comes before it is that
    file's past, not this plan's."""
    undone = {e.get("undoes") for e in events if e.get("op") == "undo"}
    for event in sorted(events, key=lambda e: e["id"], reverse=True):
        if event.get("op") in UNDOABLE and event["id"] not in undone:
            return event
        if event.get("op") == "import" and event.get("barrier"):
            return None
    return None


def column_dates(before: dict | None, column: str, today: date) -> dict:
    """started_at, done_at and moved_at as a move to `column` sets them."""
    stamps: dict = {"moved_at": today.isoformat()}
    if column in ("doing", "done") and not (before or {}).get("started_at"):
        stamps["started_at"] = today.isoformat()
    stamps["done_at"] = today.isoformat() if column == "done" else None
    if before and before.get("column") == "done" and column == "done":
        stamps["done_at"] = before.get("done_at") or today.isoformat()
    return stamps


def references(snapshot: dict[str, list[dict]], record_id: int) -> list[tuple[str, int, str]]:
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


def since(events: list[dict], stamp: str) -> list[dict]:
    """Events after an ISO timestamp, oldest first."""
    return sorted((e for e in events if e.get("at", "") > stamp), key=lambda e: e["id"])

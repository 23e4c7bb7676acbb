"""Bringing an older plan file up to the current schema, after a backup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from careerplan.store.shapes import Record

if TYPE_CHECKING:
    from careerplan.store.plan import Plan


def _v0_to_v1(plan: Plan, data: Record) -> None:
    """Version 0 had no meta record: give it one, numbering ids after the highest in use."""
    highest = 0
    for table in data.values():
        for doc_id in table:
            highest = max(highest, int(doc_id))
    plan._put(
        "meta",
        1,
        {
            "schema": 1,
            "next_id": highest + 1,
            "next_event": highest + 1,
            "created_at": plan.now(),
            "migrated": [0],
        },
    )


MIGRATIONS = {0: _v0_to_v1}


def migrate(plan: Plan, data: Record, version: int) -> None:
    from careerplan.store.plan import SCHEMA_VERSION

    plan.backup()
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](plan, data)
        version += 1
    plan.storage._pending = True

"""A plan's own consistency check: what must hold after any sequence of changes."""

from __future__ import annotations

from careerplan.store.plan import META, Plan
from careerplan.store.schema import COLUMNS, KINDS


def problems(plan: Plan) -> list[str]:
    """Every broken rule, as a sentence; an empty list means the plan is sound."""
    snapshot = plan.snapshot()
    found: list[str] = []
    kinds_by_id: dict[int, str] = {}
    for kind in KINDS:
        for record in snapshot.get(kind, []):
            if record["id"] in kinds_by_id:
                found.append(
                    f"id {record['id']} is both a {kinds_by_id[record['id']]} and a {kind}"
                )
            kinds_by_id[record["id"]] = kind
    for kind, spec in KINDS.items():
        refs = [f for f in spec.fields if f.type == "ref"]
        for record in snapshot.get(kind, []):
            for field in refs:
                target = record.get(field.name)
                if target is not None and kinds_by_id.get(target) not in field.ref:
                    found.append(f"{kind} {record['id']}: {field.name} points at missing {target}")
            if kind == "action" and record.get("column") not in COLUMNS:
                found.append(f"action {record['id']}: unknown column {record.get('column')!r}")
    meta = plan.meta()
    if kinds_by_id and meta.get("next_id", 0) <= max(kinds_by_id):
        found.append(f"{META}: next id {meta.get('next_id')} is not past {max(kinds_by_id)}")
    return found

"""The plan as JSON, history included, exactly as stored: importing it gives the same plan."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careerplan.store.plan import Plan


def export_json(plan: Plan) -> str:
    """The whole plan, history included, exactly as stored: importing it gives the same plan."""
    document = plan.storage.read() or {}
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def write(plan: Plan, _today: date, **_options: object) -> bytes:
    return export_json(plan).encode("utf-8")

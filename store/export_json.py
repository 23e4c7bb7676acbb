"""The plan as JSON, history included, exactly as stored: importing it gives the same plan."""

from __future__ import annotations

import json
from datetime import date


def export_json(plan) -> str:
    """The whole plan, history included, exactly as stored: importing it gives the same plan."""
    document = plan.storage.read() or {}
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def write(plan, _today: date, **_options) -> bytes:
    return export_json(plan).encode("utf-8")

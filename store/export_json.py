"""The plan as JSON, history included, exactly as stored: importing it gives the same plan.
It is the plan file's own text (one record a line), streamed: the event log is copied as it
lies in the file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from careerplan.store.atomic import as_bytes
from careerplan.store.deferred import Region

if TYPE_CHECKING:
    from careerplan.store.plan import Plan


def chunks(plan: Plan, _today: date, **_options: object) -> Iterator[bytes | Region]:
    return plan.stream()


def export_json(plan: Plan) -> str:
    """The whole export as text, for callers that want it in memory."""
    return b"".join(as_bytes(plan.stream())).decode("utf-8")

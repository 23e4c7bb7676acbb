"""The export formats, one entry each: the command line's choices and its help come from here.
A new format is a module with a `write(plan, today, **options) -> bytes` and one line below
(options: `alarm`, a timedelta, for calendars); each module
is imported only when its format is asked for (icalendar's import is heavy)."""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from careerplan.store.plan import Plan


class Format(NamedTuple):
    name: str
    module: str  # holds write(plan, today) -> bytes
    says: str  # for --help


FORMATS = {
    f.name: f
    for f in (
        Format("json", "careerplan.store.export_json", "the whole plan, history included"),
        Format("markdown", "careerplan.store.export_markdown", "one page for a person to read"),
        Format("ics", "careerplan.store.export_ics", "deadlines and reviews for a calendar"),
    )
}


def write(name: str, plan: Plan, today: date, **options: Any) -> bytes:
    """The plan in format `name` (one of FORMATS)."""
    data: bytes = import_module(FORMATS[name].module).write(plan, today, **options)
    return data

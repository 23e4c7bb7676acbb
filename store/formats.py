"""The export formats, one entry each: the command line's choices and its help come from here.
A new format is a module with a `chunks(plan, today, **options)` giving the export's bytes in
pieces (a Region for bytes copied from the plan file) and one line below (options: `alarm`, a
timedelta, for calendars); each module is imported only when its format is asked for
(icalendar's import is heavy)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Any, NamedTuple

from careerplan.store.deferred import Region

if TYPE_CHECKING:
    from careerplan.store.plan import Plan


class Format(NamedTuple):
    name: str
    module: str  # holds chunks(plan, today, **options)
    says: str  # for --help


FORMATS = {
    f.name: f
    for f in (
        Format("json", "careerplan.store.export_json", "the whole plan, history included"),
        Format("markdown", "careerplan.store.export_markdown", "one page for a person to read"),
        Format("ics", "careerplan.store.export_ics", "deadlines and reviews for a calendar"),
    )
}


def chunks(name: str, plan: Plan, today: date, **options: Any) -> Iterable[bytes | Region]:
    """The plan in format `name` (one of FORMATS), in pieces to write as they come."""
    found: Iterable[bytes | Region] = import_module(FORMATS[name].module).chunks(
        plan, today, **options
    )
    return found

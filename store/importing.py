"""A JSON export coming back: checked as strictly as a plan read from disk, then made the plan
in one change that undo reverts whole."""

from __future__ import annotations

from typing import cast

from careerplan.store import check
from careerplan.store.errors import PlanError
from careerplan.store.plan import META, SCHEMA_VERSION, Plan
from careerplan.store.schema import KINDS
from careerplan.store.shapes import Record
from careerplan.store.storage import check_shape, parse_json
from careerplan.store.text import printable


class ImportRefused(PlanError):
    """An export that is not a sound plan: each problem said, nothing changed."""


def read_import(raw: str | bytes, source: str) -> Record:
    """Parse and check an export as strictly as a plan read from disk (store.check) before
    anything is replaced; ImportRefused says what is wrong, record by record."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    refused = f"{source} was not imported (the plan is unchanged)"
    try:
        found_document = parse_json(raw)
    except UnicodeDecodeError as error:
        raise ImportRefused(f"{refused}: it is not UTF-8 text (byte {error.start})") from None
    except RecursionError:
        raise ImportRefused(f"{refused}: its JSON is nested too deeply") from None
    except ValueError as error:
        raise ImportRefused(f"{refused}: it is not a careerplan JSON export ({error})") from None
    reason = check_shape(found_document)
    if reason:
        raise ImportRefused(f"{refused}: it is not a careerplan JSON export ({reason})")
    document = cast(Record, found_document)  # an object of tables: check_shape says so
    meta = document.get(META, {}).get("1", {})
    version = meta.get("schema", 0) if isinstance(meta, dict) else None
    if type(version) is int and version > SCHEMA_VERSION:
        raise ImportRefused(f"{refused}: it comes from a newer careerplan (schema {version})")
    found = check.problems(document, raw)
    if found:
        lines = "\n".join(f"  {line}" for line in found[: check.SHOWN])
        more = len(found) - check.SHOWN
        rest = f"\n  and {more} more" if more > 0 else ""
        count = f"{len(found)} problem{'s' if len(found) > 1 else ''}"
        raise ImportRefused(f"{refused}: {count}:\n{lines}{rest}")
    return document


def import_json(plan: Plan, raw: str | bytes, source: str, *, replace: bool = False) -> int:
    """Load an export into the plan as one change that undo reverts whole; refuses to mix two
    plans unless told to replace (the plan replaced is backed up first)."""
    document = read_import(raw, source)
    existing = plan.snapshot(events=False)
    if any(existing[k] for k in KINDS) and not replace:
        raise PlanError(
            f"{plan.path} already holds a plan; use --replace to swap it for {source} "
            "(a dated backup of the current plan is kept beside it)"
        )
    count = sum(len(document.get(k, {})) for k in KINDS)
    plan.replace_with(document, f"imported {count} records from {printable(source)[:60]}")
    return count

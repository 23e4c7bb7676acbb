"""Whether a document read from outside this process is a sound plan: every record's fields of
the types, ranges and choices the schema gives (the rules a form and `career add` apply), dates
that are days of the calendar, finite numbers, text without lone surrogates, ids that are
unique and references that resolve, and an event log that undo can trust.

A file careerplan wrote passes by construction; what is checked is what else can reach the
plan: a hand edit, an import, another version's write. Opening a plan of 20,000 records pays
for this on every read, so the first pass looks at each field of a table at once (types by
set, ranges by min and max, dates and choices by their distinct values), and only a document
that fails it is walked record by record to say what is wrong."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from functools import partial
from itertools import repeat
from operator import is_, is_not
from typing import Any, cast

from careerplan.store.schema import KINDS, NOTE_MAX, TITLE_MAX, Field
from careerplan.store.shapes import Record

META = "meta"
EVENTS = "event"
OTHER_TABLES = {META, EVENTS, "_default"}
SYSTEM_FIELDS = {"id", "created_at", "updated_at"}
NUMBER_LIMIT = 1e15  # a number field without a bound of its own: a cost, an order, hours
EVENT_OPS = {"add", "update", "delete", "undo", "redo", "import"}
SHOWN = 20  # problems named one by one; the rest are counted
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(rb"\\[uU][dD][89a-fA-F]")

Why = Callable[[object], str | None]  # why a value is refused, or None
_is_set = partial(is_not, None)
_is_none = partial(is_, None)


def _explicit_null(records: list[Record], name: str) -> bool:
    """A null written in the file, not a field left out (older records may lack it)."""
    return any(name in record and record[name] is None for record in records)


def _text_check(field: Field) -> Why:
    limit = TITLE_MAX if field.type == "text" else NOTE_MAX

    def why(value: object) -> str | None:
        if type(value) is not str:
            return f"is {_kind(value)}, not text"
        if len(value) > limit:
            return f"is {len(value):,} characters long; at most {limit:,}"
        if _SURROGATE.search(value):
            return "holds a lone surrogate (not text UTF-8 can hold)"
        return None

    return why


def _date_check(field: Field) -> Why:
    def why(value: object) -> str | None:
        if type(value) is not str or not _ISO_DAY.fullmatch(value):
            return f"{_shown(value)} is not a date (YYYY-MM-DD)"
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"{_shown(value)} is not a day of the calendar"
        return None

    return why


def _bounds(field: Field) -> tuple[float, float]:
    low = field.low if field.low is not None else -NUMBER_LIMIT
    high = field.high if field.high is not None else NUMBER_LIMIT
    return low, high


def _number_check(field: Field) -> Why:
    low, high = _bounds(field)
    whole = field.type in ("int", "ref")

    def why(value: object) -> str | None:
        kind = type(value)
        if whole and kind is not int or kind not in (int, float):
            return f"{_shown(value)} is not {'a whole number' if whole else 'a number'}"
        number = cast(float, value)  # an int or a float: checked above
        if kind is float and not math.isfinite(number):
            return f"{value} is not a finite number"
        if not low <= number <= high:
            return f"{_shown(value)} is outside {_g(low)}–{_g(high)}"
        return None

    return why


def _choice_check(field: Field) -> Why:
    choices = frozenset(field.choices)

    def why(value: object) -> str | None:
        if type(value) is not str or value not in choices:
            return f"{_shown(value)} is not one of {', '.join(field.choices)}"
        return None

    return why


def _bool_check(_field: Field) -> Why:
    return lambda value: None if type(value) is bool else f"{_shown(value)} is not true or false"


def _list_check(_field: Field) -> Why:
    def why(value: object) -> str | None:
        if type(value) is not list or any(type(item) is not str for item in value):
            return "is not a list of text"
        if any(_SURROGATE.search(item) for item in value):
            return "holds a lone surrogate (not text UTF-8 can hold)"
        return None

    return why


def _rule_check(field: Field) -> Why:
    as_text = _text_check(field)

    def why(value: object) -> str | None:
        from careerplan.store.recurrence import rule_is_sound  # few plans repeat anything

        said = as_text(value)
        if said is None and not rule_is_sound(value):  # type: ignore[arg-type]
            return f"{_shown(value)} is not a repeating rule (RRULE)"
        return said

    return why


CHECKS = {
    "rrule": _rule_check,
    "text": _text_check,
    "note": _text_check,
    "date": _date_check,
    "int": _number_check,
    "ref": _number_check,
    "number": _number_check,
    "choice": _choice_check,
    "bool": _bool_check,
    "list": _list_check,
}
FIELD_WHY: dict[str, dict[str, Why]] = {
    kind: {field.name: CHECKS[field.type](field) for field in spec.fields}
    for kind, spec in KINDS.items()
}
ALLOWED = {kind: frozenset(FIELD_WHY[kind]) | SYSTEM_FIELDS for kind in KINDS}


def record_problems(kind: str, key: str, record: object) -> list[str]:
    """Why one stored record of `kind` (its key in the table: `key`) is not sound."""
    where = f"{kind} {key}"
    if type(record) is not dict:
        return [f"{where}: is {_kind(record)}, not a record"]
    found = []
    if record.get("id") != int(key) or type(record.get("id")) is not int:
        found.append(f"{where}: its id is {_shown(record.get('id'))}, not {key}")
    for name in ("created_at", "updated_at"):
        if name in record and type(record[name]) is not str:
            found.append(f"{where}: {name} is {_kind(record[name])}, not a time")
    checks = FIELD_WHY[kind]
    for name, value in record.items():
        if name in SYSTEM_FIELDS:
            continue
        check = checks.get(name)
        if check is None:
            found.append(f"{where}: has a field careerplan does not know, {_shown(name)}")
        elif value is not None and (why := check(value)):
            found.append(f"{where}: {name} {why}")
    for field in KINDS[kind].fields:
        value = record.get(field.name, ...)
        if field.required and value in (None, "", ...) or value is None and _kept(field):
            found.append(f"{where}: {field.name} is missing")
    return found


def _kept(field: Field) -> bool:
    """A field with a default is never null: the store fills it in (a card's column)."""
    return field.default is not None


def problems(
    document: Record, raw: bytes | memoryview | None = None, events: bool = True
) -> list[str]:
    """Every reason the document is not a sound plan, as sentences; [] when it is one. With
    `raw` (the file's bytes), text is searched for lone surrogates only if the file escapes
    one. Without `events`, the event log is left for later (it may not be parsed yet)."""
    surrogates = raw is None or bool(_SURROGATE_ESCAPE.search(raw))
    found = _meta_problems(document.get(META))
    unknown = sorted(set(document) - set(KINDS) - OTHER_TABLES)
    found += [f"table {_shown(name)}: careerplan has no such table" for name in unknown]
    for kind in KINDS:
        table = document.get(kind) or {}
        if table and not _table_sound(kind, table, surrogates):
            for key, record in table.items():
                found += record_problems(kind, key, record)
    found += _identity_problems(document)
    if events:
        found += event_problems(document.get(EVENTS) or {})
    return found


def summary(found: list[str]) -> str:
    """The problems for a message: the first SHOWN, then how many more."""
    shown = "; ".join(found[:SHOWN])
    more = len(found) - SHOWN
    return shown + (f"; and {more} more" if more > 0 else "")


# -- the fast pass ----------------------------------------------------------------------------


def _table_sound(kind: str, table: Record, surrogates: bool) -> bool:
    """True when every record of the table passes, looked at one field at a time (each look a
    loop in C: map, set, min, max)."""
    records = list(table.values())
    if set(map(type, records)) != {dict}:
        return False
    fields = set().union(*map(dict.keys, records))
    if not fields <= ALLOWED[kind] or "id" not in fields:
        return False
    ids = list(map(dict.get, records, repeat("id")))
    if set(map(type, ids)) != {int} or list(map(str, ids)) != list(table):
        return False
    for field in KINDS[kind].fields:
        if field.name not in fields:
            if field.required:
                return False
            continue
        values = list(map(dict.get, records, repeat(field.name)))
        if field.required and (None in values or "" in values):
            return False
        if _kept(field) and any(map(_is_none, values)) and _explicit_null(records, field.name):
            return False
        if not _column_sound(field, list(filter(_is_set, values)), surrogates):
            return False
    return True


def _column_sound(field: Field, values: list[Any], surrogates: bool) -> bool:
    if not values:
        return True
    types = set(map(type, values))
    kind = field.type
    if kind in ("text", "note"):
        limit = TITLE_MAX if kind == "text" else NOTE_MAX
        if types != {str} or max(map(len, values)) > limit:
            return False
        return not surrogates or not any(map(_SURROGATE.search, values))
    if kind == "date":
        if types != {str}:
            return False
        days = set(values)
        return all(_date_check(field)(day) is None for day in days)
    if kind in ("int", "ref", "number"):
        allowed = {int} if kind in ("int", "ref") else {int, float}
        if not types <= allowed:
            return False
        if float in types and not all(map(math.isfinite, values)):
            return False
        low, high = _bounds(field)
        return bool(low <= min(values) and max(values) <= high)
    if kind == "choice":
        return types == {str} and set(values) <= set(field.choices)
    if kind == "bool":
        return types == {bool}
    if kind == "rrule":
        return all(_rule_check(field)(value) is None for value in values)
    return all(_list_check(field)(value) is None for value in values)


# -- the whole document -----------------------------------------------------------------------


def _meta_problems(meta: object) -> list[str]:
    if meta is None:
        return []
    record = meta.get("1") if isinstance(meta, dict) else None
    if not isinstance(record, dict) or not isinstance(meta, dict) or set(meta) != {"1"}:
        return ["meta: is not the one record 1"]
    found = []
    schema = record.get("schema")
    if type(schema) is not int or schema < 0:
        found.append(f"meta: schema {_shown(schema)} is not a version number")
    for name in ("next_id", "next_event"):
        value = record.get(name, 1)
        if type(value) is not int or not 1 <= value <= 1 << 53:
            found.append(f"meta: {name} {_shown(value)} is not a whole number from 1")
    return found


def _identity_problems(document: Record) -> list[str]:
    """Ids unique across kinds (`career done 12` names one record) and references resolving."""
    ids = {kind: set(map(int, document.get(kind) or {})) for kind in KINDS}
    if sum(map(len, ids.values())) != len(set().union(*ids.values())):
        return _identity_walk(document)
    for kind, spec in KINDS.items():
        records = list((document.get(kind) or {}).values())
        for field in spec.fields:
            if field.type == "ref" and records:
                try:
                    targets = set(filter(_is_set, map(dict.get, records, repeat(field.name))))
                except TypeError:  # a list where an id should be: said by the field check
                    return _identity_walk(document)
                if not targets <= set().union(*(ids[k] for k in field.ref)):
                    return _identity_walk(document)
    return []


def _identity_walk(document: Record) -> list[str]:
    owner: dict[int, str] = {}
    found = []
    for kind in KINDS:
        for key in document.get(kind) or {}:
            if int(key) in owner:
                found.append(f"{kind} {key}: the id of a {owner[int(key)]} too")
            owner[int(key)] = kind
    for kind, spec in KINDS.items():
        for record in (document.get(kind) or {}).values():
            for field in spec.fields:
                target = record.get(field.name) if field.type == "ref" else None
                if type(target) is int and owner.get(target) not in field.ref:
                    what = " or ".join(field.ref)
                    found.append(f"{kind} {record.get('id')}: {field.name} {target} is no {what}")
    return found


def event_problems(events: Record) -> list[str]:
    """The log undo reads: each change names a record of the plan's kinds, with whole records
    (or nothing) before and after; what they hold is checked when undo puts one back."""
    found = []
    for key, event in events.items():
        where = f"event {key}"
        if type(event) is not dict or event.get("id") != int(key):
            found.append(f"{where}: is not an event numbered {key}")
            continue
        if event.get("op") not in EVENT_OPS:
            found.append(f"{where}: op {_shown(event.get('op'))} is not one careerplan makes")
        if type(event.get("summary", "")) is not str or type(event.get("at", "")) is not str:
            found.append(f"{where}: its summary and time must be text")
        for name in ("undoes", "redoes"):
            if name in event and type(event[name]) is not int:
                found.append(f"{where}: {name} {_shown(event[name])} is not an event")
        if type(event.get("by", "")) is not str:
            found.append(f"{where}: who made it ({_shown(event['by'])}) is not text")
        changes = event.get("changes")
        if type(changes) is not list:
            found.append(f"{where}: its changes are not a list")
            continue
        for change in changes:
            if not _change_sound(change):
                found.append(f"{where}: a change is not one of a record of the plan")
                break
    return found


def _change_sound(change: object) -> bool:
    if type(change) is not dict or change.get("kind") not in KINDS:
        return False
    if type(change.get("id")) is not int:
        return False
    return all(type(change.get(side)) in (dict, type(None)) for side in ("before", "after"))


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _kind(value: object) -> str:
    return {list: "a list", dict: "an object", bool: "true or false", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _g(number: float) -> str:
    return f"{number:g}" if abs(number) < NUMBER_LIMIT else ("-" if number < 0 else "") + "1e15"

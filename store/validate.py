"""Turning what a person typed into a record's stored values, or a clear refusal."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date

from careerplan.store.dates import parse_when
from careerplan.store.errors import ValidationError
from careerplan.store.schema import KINDS, NOTE_MAX, TITLE_MAX, Field, Kind
from careerplan.store.shapes import Record
from careerplan.store.text import store_safe

SYSTEM_FIELDS = {"id", "created_at", "updated_at"}


def kind_of(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(sorted(KINDS))
        raise ValidationError("kind", f"unknown kind {name!r}; one of {known}") from None


def clean_fields(
    kind: Kind,
    values: Mapping[str, object],
    today: date,
    ref_kind: Callable[[int], str | None],
    *,
    partial: bool,
) -> Record:
    """Validated, typed values; raises ValidationError naming the first bad field."""
    cleaned: dict[str, object] = {}
    for name, value in values.items():
        if name in SYSTEM_FIELDS:
            continue
        spec = kind.field(name)
        if spec is None:
            raise ValidationError(name, f"{kind.name} has no field {name!r}")
        cleaned[name] = clean_value(spec, value, today, ref_kind)
        if cleaned[name] is None and spec.default is not None:
            cleaned[name] = spec.default  # emptied: back to its default, never null
    if not partial:
        if kind.name == "goal" and "term" not in cleaned:  # 3 years and more is long term
            cleaned["term"] = "short" if cleaned.get("horizon", "1y") == "1y" else "long"
        for spec in kind.fields:
            if spec.name not in cleaned and spec.default is not None:
                cleaned[spec.name] = spec.default
    for spec in kind.fields:
        wanted = spec.required and (partial is False or spec.name in cleaned)
        if wanted and cleaned.get(spec.name) in (None, ""):
            raise ValidationError(spec.name, f"{spec.caption.lower()} cannot be empty")
    return cleaned


def clean_value(
    spec: Field, value: object, today: date, ref_kind: Callable[[int], str | None]
) -> object:
    if value is None or (isinstance(value, str) and not value.strip() and spec.type != "text"):
        return None
    kind = spec.type
    if kind in ("text", "note"):
        return _text(spec, value)
    if kind == "rrule":
        from careerplan.store.recurrence import RuleError, parse_rule

        try:
            return parse_rule(str(value), today)
        except RuleError as problem:
            raise ValidationError(spec.name, str(problem)) from None
    if kind == "date":
        if isinstance(value, date):
            return value.isoformat()
        return parse_when(str(value), today, spec.name).isoformat()
    if kind == "int":
        return _bounded(spec, _int(spec, value))
    if kind == "number":
        return _bounded(spec, _number(spec, value))
    if kind == "choice":
        text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        if text not in spec.choices:
            raise ValidationError(
                spec.name, f"{str(value)[:40]!r} is not one of {', '.join(spec.choices)}"
            )
        return text
    if kind == "ref":
        ref = _int(spec, value)
        found = ref_kind(ref)
        if found not in spec.ref:
            what = " or ".join(spec.ref)
            raise ValidationError(spec.name, f"no {what} has id {ref}")
        return ref
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "y", "on"):
            return True
        if text in ("0", "false", "no", "n", "off", ""):
            return False
        raise ValidationError(spec.name, f"{text[:20]!r} is not yes or no")
    if kind == "list":
        if not isinstance(value, list | tuple):
            raise ValidationError(spec.name, "expected a list")
        return [store_safe(str(v)) for v in value]
    raise ValidationError(spec.name, f"unknown field type {kind}")


def _text(spec: Field, value: object) -> str:
    if not isinstance(value, str):
        value = str(value)
    limit = TITLE_MAX if spec.type == "text" else NOTE_MAX
    if len(value) > limit:
        raise ValidationError(
            spec.name, f"is {len(value):,} characters long; at most {limit:,} are kept"
        )
    if spec.required and not value.strip():
        raise ValidationError(spec.name, f"{spec.caption.lower()} cannot be empty")
    return store_safe(value)


def _int(spec: Field, value: object) -> int:
    if isinstance(value, bool):
        raise ValidationError(spec.name, "expected a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        raise ValidationError(spec.name, f"{text[:20]!r} is not a whole number") from None


def _number(spec: Field, value: object) -> float | int:
    if isinstance(value, bool):
        raise ValidationError(spec.name, "expected a number")
    if isinstance(value, int | float):
        number = value
    else:
        text = str(value).strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise ValidationError(spec.name, f"{text[:20]!r} is not a number") from None
    if isinstance(number, float):
        if not math.isfinite(number):
            raise ValidationError(spec.name, "must be a finite number")
        if number.is_integer() and abs(number) < 2**53:
            number = int(number)
    return number


def _bounded(spec: Field, number: float) -> float:
    if spec.low is not None and number < spec.low:
        raise ValidationError(spec.name, _range(spec, number))
    if spec.high is not None and number > spec.high:
        raise ValidationError(spec.name, _range(spec, number))
    return number


def _range(spec: Field, number: float) -> str:
    low = int(spec.low) if spec.low is not None else None
    high = int(spec.high) if spec.high is not None else None
    if low is not None and high is not None:
        return f"{number} is outside {low}–{high}"
    if low is not None:
        return f"{number} is below {low}"
    return f"{number} is above {high}"

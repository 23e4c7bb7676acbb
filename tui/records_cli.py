"""`career add`, `list`, `show` and `edit`: every kind of record the dashboard makes, from a
shell. The options come from the store's schema (one table: a new field reaches the forms,
these commands, the checks on import and the export together); values are checked by the
same rules as a form's."""

from __future__ import annotations

import json
import sys
from datetime import date

from careerplan.store.errors import PlanError
from careerplan.store.schema import KINDS, Field, Kind
from careerplan.store.text import with_article

# Kinds the store makes itself: a skill's rating history follows its level.
NOT_ADDED = {"skill_rating"}
# Short names kept from the first command line, beside the schema's own.
ALIASES = {
    "deadline": ("--due",),
    "kind": ("--type",),
    "required_level": ("--required",),
    "current_level": ("--current",),
}
SHOWN_IN_LISTS = ("column", "deadline", "horizon", "status", "level", "date", "year")


def addable() -> list[str]:
    return [name for name in KINDS if name not in NOT_ADDED]


def describe(field: Field) -> str:
    """A field as --help says it: what it is, its type, range, choices and default."""
    parts = [field.caption]
    if field.choices:
        parts.append("one of " + ", ".join(field.choices))
    elif field.type == "ref":
        parts.append(f"the id of a {' or '.join(field.ref)}")
    elif field.type == "date":
        parts.append("a date: 2027-03-31, +2w, next friday, ...")
    elif field.type in ("int", "number"):
        whole = "a whole number" if field.type == "int" else "a number"
        if field.low is not None and field.high is not None:
            parts.append(f"{whole}, {field.low:g} to {field.high:g}")
        elif field.low is not None:
            parts.append(f"{whole}, from {field.low:g}")
        else:
            parts.append(whole)
    elif field.type == "bool":
        parts.append("yes or no")
    if field.default not in (None, ""):
        parts.append(f"default {field.default}")
    if field.required:
        parts.append("required")
    return "; ".join(parts)


def add_parsers(commands, db_option, formatter) -> None:
    """The `add` command, with one sub-command per kind."""
    sub = commands.add_parser(
        "add",
        help="add a record of any kind (goal, gap, action, skill, budget, ...); prints its id",
        description="Add a record and print its id alone on stdout, so scripts can chain: "
        'career add action "Read DDIA" --goal $(career add goal "Staff engineer"). '
        "`career add KIND --help` lists the fields of a kind.",
        formatter_class=formatter,
    )
    # `record_kind`: an action's, a milestone's and a reflection's own field is named `kind`
    kinds = sub.add_subparsers(dest="record_kind", metavar="KIND", required=True)
    for name in addable():
        spec = KINDS[name]
        title = spec.field(spec.title_field)
        assert title is not None  # every kind names its records by one of its fields
        kind = kinds.add_parser(
            name,
            help=f"a {spec.label} (step {spec.step})",
            description=f"Add a {spec.label}; prints its id. Fields below; values are checked "
            "as the dashboard's form checks them.",
            formatter_class=formatter,
        )
        db_option(kind)
        kind.add_argument(
            "title", nargs="?", metavar=title.name.upper(), help=describe(title) if title else ""
        )
        kind.add_argument(  # the title may be named too: --year 2027, --name Python
            "--" + title.name.replace("_", "-"),
            dest="title_named",
            metavar="VALUE",
            help="the same",
        )
        for field in spec.fields:
            if field.name == spec.title_field or field.type == "list":
                continue
            flags = ["--" + field.name.replace("_", "-"), *ALIASES.get(field.name, ())]
            kind.add_argument(*flags, dest=field.name, metavar="VALUE", help=describe(field))


def list_parsers(commands, db_option) -> None:
    sub = commands.add_parser("list", help="list records, with their ids; filters for cards")
    db_option(sub)
    sub.add_argument("kind", nargs="?", help="one kind (goal, action, ...); default every kind")
    sub.add_argument("--column", help="cards of one column: backlog, todo, doing, done")
    sub.add_argument("--goal", type=int, metavar="ID", help="records tied to this goal")
    sub.add_argument("--overdue", action="store_true", help="open goals and cards past due")
    sub.add_argument("--json", action="store_true", help='a JSON list of {"kind", "record"}')
    sub = commands.add_parser("show", help="one record, every field")
    db_option(sub)
    sub.add_argument("id", type=int, help="the record's id")
    sub.add_argument("--json", action="store_true", help='a JSON object {"kind", "record"}')
    sub = commands.add_parser(
        "edit",
        help="change fields of a record: career edit ID field=value ...",
        description="Change fields of a record, checked as the dashboard's form checks them. "
        "An empty value (field=) clears a field.",
    )
    db_option(sub)
    sub.add_argument("id", type=int, help="the record's id")
    sub.add_argument("changes", nargs="+", metavar="FIELD=VALUE")


def _kind_of(name: str) -> Kind:
    import difflib

    if name in KINDS and name not in NOT_ADDED:
        return KINDS[name]
    near = difflib.get_close_matches(name, addable(), n=1)
    hint = f"; did you mean {near[0]}?" if near else f"; one of {', '.join(addable())}"
    raise PlanError(f"there is no kind {name!r}{hint}")


def fields_given(args, spec: Kind) -> dict:
    fields = {}
    title = getattr(args, "title", None)
    named = getattr(args, "title_named", None)
    if title is not None and named is not None and title != named:
        raise PlanError(f"two {spec.title_field}s given: {title!r} and {named!r}")
    if title is not None or named is not None:
        fields[spec.title_field] = title if title is not None else named
    for field in spec.fields:
        value = getattr(args, field.name, None)
        if field.name != spec.title_field and value is not None:
            fields[field.name] = value
    return fields


def extra_options(args, spec: Kind) -> None:
    """Options of another kind (`--horizon` on an action) said in one line."""
    for word in getattr(args, "extras", []):
        if word.startswith("--"):
            name = word[2:].split("=")[0].replace("-", "_")
            owners = [k for k, s in KINDS.items() if s.field(name)]
            if owners:
                field = word.split("=")[0]
                raise PlanError(f"{field} does not apply to {with_article(spec.label)}")
            raise PlanError(f"{word.split('=')[0]} is not an option of career add {spec.name}")
        raise PlanError(f"{word!r} was not expected; career add {spec.name} --help lists fields")


def add(plan, args) -> dict:
    """Make the record as the dashboard would (a position ends the current one, a review
    notes the flags it saw)."""
    from careerplan.store import changes, review

    name = args.record_kind
    spec = KINDS[name]
    extra_options(args, spec)
    fields = fields_given(args, spec)
    if name == "position":
        return changes.add_position(plan, **fields)
    if name == "settings":
        return changes.save_settings(plan, **fields)
    if name == "review":
        return review.write_review(plan, **{k: v for k, v in fields.items() if k != "date"})
    if name == "milestone":
        fields.setdefault("date", date.today().isoformat())
    return plan.add(name, **fields)


def listed(plan, args) -> list[tuple[str, dict]]:
    """(kind, record) of what `career list` asked for, in id order."""
    from careerplan.store import rules

    kinds = [_kind_of(args.kind).name] if args.kind else [k for k in addable()]
    snapshot = plan.snapshot(events=False)
    found = [(kind, record) for kind in kinds for record in snapshot.get(kind, [])]
    if args.column:
        found = [(k, r) for k, r in found if k == "action" and r.get("column") == args.column]
    if args.goal is not None:
        found = [(k, r) for k, r in found if r.get("goal") == args.goal or r["id"] == args.goal]
    if args.overdue:
        overdue = {item.id for item in rules.due_items(snapshot, plan.today())[0]}
        found = [(k, r) for k, r in found if r["id"] in overdue]
    return sorted(found, key=lambda pair: pair[1]["id"])


def list_text(found: list[tuple[str, dict]]) -> str:
    from careerplan.store.text import clip, printable

    lines = []
    for kind, record in found:
        title = printable(str(record.get(KINDS[kind].title_field) or ""), one_line=True)
        extra = [f"{name} {record[name]}" for name in SHOWN_IN_LISTS if record.get(name)]
        lines.append(f"{record['id']:>6}  {kind:<12} {clip(title, 50)}  {' · '.join(extra)}")
    return "\n".join(lines) + ("\n" if lines else "nothing\n")


def show_text(kind: str, record: dict) -> str:
    from careerplan.store.text import printable

    lines = [f"{kind} {record['id']}"]
    for name, value in record.items():
        if name != "id" and value not in (None, "", []):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            lines.append(f"  {name}: {printable(shown)}")
    return "\n".join(lines) + "\n"


def edit(plan, record_id: int, words: list[str]) -> dict:
    import difflib

    kind, _ = plan.find(record_id)
    spec = KINDS[kind]
    fields = {}
    for word in words:
        name, sep, value = word.partition("=")
        name = {"due": "deadline", "type": "kind"}.get(name, name).replace("-", "_")
        if not sep:
            raise PlanError(f"{word!r} is not FIELD=VALUE (e.g. deadline=+2w)")
        if spec.field(name) is None or name == "id":
            near = difflib.get_close_matches(name, [f.name for f in spec.fields], n=1)
            hint = f"; did you mean {near[0]}?" if near else ""
            raise PlanError(f"a {spec.label} has no field {name!r}{hint}")
        fields[name] = value if value != "" else None
    return plan.update(record_id, **fields)


def say_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=True, indent=1, sort_keys=True) + "\n")

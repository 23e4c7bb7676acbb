"""The plan leaving careerplan (JSON, Markdown, iCalendar) and coming back (JSON import)."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

from careerplan.store import check, rules
from careerplan.store.dates import to_date
from careerplan.store.errors import PlanError
from careerplan.store.plan import META, SCHEMA_VERSION, Plan
from careerplan.store.schema import HORIZONS, KINDS
from careerplan.store.storage import check_shape, parse_json
from careerplan.store.text import printable

FORMATS = ("json", "markdown", "ics")


def export_json(plan: Plan) -> str:
    """The whole plan, history included, exactly as stored: importing it gives the same plan."""
    document = plan.storage.read() or {}
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


class ImportRefused(PlanError):
    """An export that is not a sound plan: each problem said, nothing changed."""


def read_import(raw: str | bytes, source: str) -> dict:
    """Parse and check an export as strictly as a plan read from disk (store.check) before
    anything is replaced; ImportRefused says what is wrong, record by record."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    refused = f"{source} was not imported (the plan is unchanged)"
    try:
        document = parse_json(raw)
    except UnicodeDecodeError as error:
        raise ImportRefused(f"{refused}: it is not UTF-8 text (byte {error.start})") from None
    except RecursionError:
        raise ImportRefused(f"{refused}: its JSON is nested too deeply") from None
    except ValueError as error:
        raise ImportRefused(f"{refused}: it is not a careerplan JSON export ({error})") from None
    reason = check_shape(document)
    if reason:
        raise ImportRefused(f"{refused}: it is not a careerplan JSON export ({reason})")
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


# -- Markdown ---------------------------------------------------------------------------


_BLOCK_START = re.compile(r"^(\d{1,9})([.)])|^([-+=])")


def _md(text: object) -> str:
    """User text for Markdown, as text: control characters gone, inline specials escaped, and
    nothing at its start that would open a block (`1. x` or `- x` inside a list item would
    nest a list)."""
    cleaned = printable(str(text), one_line=True)
    for char in "\\`*_{}[]<>#|!&~":
        cleaned = cleaned.replace(char, "\\" + char)
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", cleaned)


def export_markdown(plan: Plan, today: date) -> str:
    snap = plan.snapshot()
    lines = [f"# Career plan — {today.isoformat()}", ""]
    position = rules.current_position(snap["position"])
    lines += ["## 1. Where I am now", ""]
    if position:
        extra = ", ".join(_md(position[k]) for k in ("level", "employer") if position.get(k))
        since = f", since {position['since']}" if position.get("since") else ""
        lines.append(f"**{_md(position['title'])}**{' (' + extra + ')' if extra else ''}{since}")
        lines.append("")
    for skill in sorted(snap["skill"], key=lambda s: (-s.get("level", 0), s["id"])):
        lines.append(f"- {_md(skill['name'])}: {skill.get('level', '?')}/5")
    for reflection in snap["reflection"]:
        lines.append(f"- *{reflection['kind'].replace('_', ' ')}*: {_md(reflection['text'])}")
    lines += ["", "## 2. Where I want to go", ""]
    for vision in snap["vision"]:
        lines.append(f"Target: **{_md(vision['target_title'])}**")
        if vision.get("dream_job"):
            lines.append(f"> {_md(vision['dream_job'])}")
        lines.append("")
    grouped = rules.goals_by_horizon(snap["goal"])
    for horizon in HORIZONS:
        if grouped.get(horizon):
            lines.append(f"### {horizon}")
            for goal in grouped[horizon]:
                missing = rules.smart_missing("goal", goal)
                due = f" — due {goal['deadline']}" if goal.get("deadline") else ""
                flag = f" (not yet SMART: {missing})" if missing else ""
                lines.append(
                    f"- [{'x' if goal.get('status') == 'achieved' else ' '}] "
                    f"{_md(goal['title'])}{due}{flag}"
                )
            lines.append("")
    lines += ["## 3. The gap", ""]
    for gap in rules.biggest_gaps(snap["gap"]):
        lines.append(
            f"- {_md(gap['name'])}: {gap.get('current_level', 0)} → {gap.get('required_level', 0)}"
            f" (size {rules.gap_size(gap)}, closes by {gap.get('closes_by', '?')})"
        )
    lines += ["", "## 4. The plan", ""]
    for column in ("backlog", "todo", "doing", "done"):
        cards = sorted(
            (a for a in snap["action"] if a.get("column") == column),
            key=lambda a: (a.get("order") or 0, a["id"]),
        )
        lines.append(f"### {column} ({len(cards)})")
        for card in cards:
            due = f" — due {card['deadline']}" if card.get("deadline") else ""
            lines.append(f"- [{'x' if column == 'done' else ' '}] {_md(card['title'])}{due}")
        lines.append("")
    lines += ["## 5. Check and re-evaluate", ""]
    overdue, soon = rules.due_items(snap, today)
    for item in overdue:
        lines.append(f"- OVERDUE by {-item.days} days: {_md(item.title)}")
    for item in soon:
        lines.append(f"- due in {item.days} days: {_md(item.title)}")
    for milestone in snap["milestone"]:
        mark = "" if milestone.get("celebrated") else " (not yet celebrated!)"
        lines.append(f"- milestone {milestone.get('date', '')}: {_md(milestone['title'])}{mark}")
    for review in sorted(snap["review"], key=lambda r: r.get("date", "")):
        lines.append(f"- review {review.get('date')}: {_md(review.get('summary') or '')}")
    return "\n".join(lines).rstrip() + "\n"


# -- iCalendar --------------------------------------------------------------------------


def export_ics(plan: Plan, today: date) -> bytes:
    """One VTODO per action with a deadline; the next review as an event."""
    from icalendar import Calendar, Event, Todo

    calendar = Calendar()
    calendar.add("prodid", "-//careerplan//careerplan//EN")
    calendar.add("version", "2.0")
    stamp = datetime.now(UTC)
    status = {
        "backlog": "NEEDS-ACTION",
        "todo": "NEEDS-ACTION",
        "doing": "IN-PROCESS",
        "done": "COMPLETED",
    }
    for action in plan.records("action"):
        deadline = to_date(action.get("deadline"))
        if deadline is None:
            continue
        todo = Todo()
        todo.add("uid", f"careerplan-action-{action['id']}@careerplan")
        todo.add("dtstamp", stamp)
        todo.add("summary", printable(action["title"], one_line=True))
        todo.add("due", deadline)
        todo.add("status", status.get(action.get("column"), "NEEDS-ACTION"))
        if action.get("specific"):
            todo.add("description", printable(action["specific"]))
        calendar.add_component(todo)
    review = rules.next_review(plan.snapshot(), today)
    if review is not None:
        event = Event()
        event.add("uid", f"careerplan-review-{review.isoformat()}@careerplan")
        event.add("dtstamp", stamp)
        event.add("summary", "Career plan review")
        event.add("dtstart", review)
        calendar.add_component(event)
    return calendar.to_ical()

"""The plain-terminal summaries: `career glance` and `career review`. No Textual here."""

from __future__ import annotations

import os
import sys
from datetime import date

from careerplan.store import rules
from careerplan.store.dates import duration, relative, to_date
from careerplan.store.flag_kinds import FLAG
from careerplan.store.schema import COLUMNS, HORIZONS
from careerplan.store.text import clip, printable


class Style:
    """ANSI styling only for a colour-capable terminal that did not ask for NO_COLOR."""

    def __init__(self, stream) -> None:
        self.on = (
            hasattr(stream, "isatty")
            and stream.isatty()
            and not os.environ.get("NO_COLOR")  # set and not empty (no-color.org)
            and os.environ.get("TERM", "") != "dumb"
        )
        encoding = (getattr(stream, "encoding", None) or "ascii").lower().replace("-", "")
        self.unicode = encoding in ("utf8", "utf16", "utf32")

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on else text

    @property
    def dot(self) -> str:
        return " · " if self.unicode else " - "

    @property
    def arrow(self) -> str:
        return "→" if self.unicode else "->"


def _t(text: object, width: int = 60) -> str:
    """User text for a terminal line: controls removed, one line, cut at a word with "…"."""
    cleaned = printable(str(text), one_line=True)
    if len(cleaned) <= width:
        return cleaned
    cut = cleaned[: max(width - 1, 1)]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else clip(cleaned, width)[:-1]).rstrip() + "…"


def terminal_width(stream=None) -> int:
    """COLUMNS when set, else the terminal's width, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size((stream or sys.stdout).fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 80


def fitted(lines: list[str], width: int) -> str:
    """Each line wrapped at words to `width`, what follows indented under the label."""
    import textwrap

    out = []
    for line in lines:
        if _visible(line) <= width:
            out.append(line)
            continue
        indent = " " * 8 if line[:8].strip() and line[7:8] == " " or line.startswith(" ") else ""
        out += textwrap.wrap(
            line,
            width,
            subsequent_indent=indent or "  ",
            break_on_hyphens=False,
        )
    return "\n".join(out) + "\n"


def _visible(line: str) -> int:
    import re

    return len(re.sub(r"\x1b\[[0-9;]*m", "", line))


def glance(
    snapshot: dict[str, list[dict]], today: date, settings: dict, stream=None, width: int = 0
) -> str:
    style = Style(stream if stream is not None else sys.stdout)
    dot, arrow = style.dot, style.arrow
    columns = max(width or terminal_width(stream), 30)
    width = max(columns - 20, 20)  # a title's room: the label and a deadline beside it
    out = [style(f"careerplan{dot}{today.strftime('%a %d %b %Y')}", "1")]
    position = rules.current_position(snapshot.get("position", []))
    if position:
        parts = [_t(position.get("title"), 40)]
        if position.get("level"):
            parts.append(f"({_t(position['level'], 12)})")
        if position.get("employer"):
            parts.append(f"at {_t(position['employer'], 24)}")
        since = to_date(position.get("since"))
        if since:
            parts.append(f"{dot.strip()} {duration(since, today)} in role")
        out.append(f"Now     {' '.join(parts)}")
    else:
        out.append("Now     (no position yet: run `career` to set up your plan)")
    goals = [g for g in snapshot.get("goal", []) if rules.is_open("goal", g)]
    grouped = rules.goals_by_horizon(goals)
    counts = dot.join(f"{h} {len(grouped.get(h, []))}" for h in HORIZONS)
    out.append(f"Goals   {counts}")
    for horizon in HORIZONS:
        for goal in grouped.get(horizon, [])[:1]:
            deadline = to_date(goal.get("deadline"))
            when = f" ({relative(deadline, today)})" if deadline else ""
            out.append(f"        {horizon}: {_t(goal.get('title'), width)}{when}")
    gaps = rules.biggest_gaps(snapshot.get("gap", []), 3)
    if gaps:
        out.append(
            "Gaps    "
            + _t(
                ", ".join(
                    f"{printable(str(g.get('name')), one_line=True)} "
                    f"{g.get('current_level', 0)}{arrow}{g.get('required_level', 0)}"
                    for g in gaps
                ),
                columns - 8,
            )
        )
    per_column = rules.column_counts(snapshot.get("action", []))
    out.append("Board   " + dot.join(f"{c} {per_column[c]}" for c in COLUMNS))
    window = rules.due_window(settings)
    overdue, soon = rules.due_items(snapshot, today, window)
    if overdue:
        out.append(style(f"{FLAG['overdue'].heading} ({len(overdue)})", "1;31"))
        out += [
            f"        {_t(i.title, width)} ({relative(i.deadline, today)})" for i in overdue[:5]
        ]
        if len(overdue) > 5:
            out.append(f"        ... and {len(overdue) - 5} more")
    if soon:
        out.append(style(f"{FLAG['due_soon'].heading} ({len(soon)})", "1;33"))
        out += [f"        {_t(i.title, width)} ({relative(i.deadline, today)})" for i in soon[:5]]
        if len(soon) > 5:
            out.append(f"        ... and {len(soon) - 5} more")
    if not overdue and not soon:
        out.append(f"Due     nothing overdue or due in the next {window} days")
    review = rules.next_review(snapshot, today)
    if review:
        out.append(f"Review  next on {review.strftime('%a %d %b %Y')} ({relative(review, today)})")
    budget = rules.budget_use(snapshot, today.year)
    if budget is not None:
        money = f"{budget.amount:,.0f} {_t(budget.currency, 8)}"
        used = f"{budget.spent:,.0f} spent, {budget.committed:,.0f} committed"
        left = f"{budget.left:,.0f} left" if not budget.over else f"over by {-budget.left:,.0f}"
        line = f"Budget  {budget.year}: {money}{dot}{used}{dot}{left}"
        out.append(style(line, "1;31") if budget.over else line)
    uncelebrated = [m for m in snapshot.get("milestone", []) if not m.get("celebrated")]
    if uncelebrated:
        out.append(style(f"Celebrate: {_t(uncelebrated[0].get('title'), width)}", "1;32"))
    return fitted(out, columns)


def glance_data(snapshot: dict[str, list[dict]], today: date, settings: dict) -> dict:
    """What glance shows, for scripts (`career glance --json`)."""
    position = rules.current_position(snapshot.get("position", []))
    goals = [g for g in snapshot.get("goal", []) if rules.is_open("goal", g)]
    grouped = rules.goals_by_horizon(goals)
    overdue, soon = rules.due_items(snapshot, today, rules.due_window(settings))
    review = rules.next_review(snapshot, today)
    budget = rules.budget_use(snapshot, today.year)

    return {
        "today": today.isoformat(),
        "position": {k: position.get(k) for k in ("id", "title", "level", "employer", "since")}
        if position
        else None,
        "goals": {
            h: [{"id": g["id"], "title": g.get("title")} for g in grouped.get(h, [])]
            for h in HORIZONS
        },
        "gaps": [
            {
                "id": g["id"],
                "name": g.get("name"),
                "current": g.get("current_level"),
                "required": g.get("required_level"),
            }
            for g in rules.biggest_gaps(snapshot.get("gap", []), 3)
        ],
        "board": rules.column_counts(snapshot.get("action", [])),
        "overdue": [due(i) for i in overdue],
        "due_soon": [due(i) for i in soon],
        "next_review": review.isoformat() if review else None,
        "budget": budget._asdict() | {"left": budget.left} if budget else None,
        "to_celebrate": [
            {"id": m["id"], "title": m.get("title")}
            for m in snapshot.get("milestone", [])
            if not m.get("celebrated")
        ],
    }


def due(item: rules.Due) -> dict:
    """A dated item as `review --json` and `glance --json` give it."""
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "deadline": item.deadline.isoformat(),
        "days": abs(item.days),
    }


def review_items(snapshot: dict[str, list[dict]], today: date, window: int) -> dict:
    overdue, soon = rules.due_items(snapshot, today, window)

    result = {
        "today": today.isoformat(),
        "window_days": window,
        "overdue": [due(i) for i in overdue],
        "due_soon": [due(i) for i in soon],
    }
    review = rules.next_review(snapshot, today)
    result["next_review"] = review.isoformat() if review else None
    return result


def review_text(items: dict, today: date, stream=None) -> str:
    style = Style(stream if stream is not None else sys.stdout)
    out = []
    if items["overdue"]:
        out.append(style(f"Overdue ({len(items['overdue'])})", "1;31"))
        for item in items["overdue"]:
            days = item["days"]
            out.append(
                f"  {item['id']:>5}  {item['kind']:<6} {_t(item['title'])}  "
                f"({days} day{'s' if days != 1 else ''} overdue, {item['deadline']})"
            )
    if items["due_soon"]:
        out.append(
            style(f"Due in the next {items['window_days']} days ({len(items['due_soon'])})", "1;33")
        )
        for item in items["due_soon"]:
            when = relative(date.fromisoformat(item["deadline"]), today)
            out.append(f"  {item['id']:>5}  {item['kind']:<6} {_t(item['title'])}  ({when})")
    if not out:
        out.append(f"Nothing overdue or due in the next {items['window_days']} days.")
    if items.get("next_review"):
        when = relative(date.fromisoformat(items["next_review"]), today).replace("due ", "")
        out.append(f"Next review: {items['next_review']} ({when})")
    return "\n".join(out) + "\n"

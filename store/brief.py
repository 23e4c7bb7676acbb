"""One page of Markdown a person sends their mentor before a 1:1: where I am, each goal with
its progress and next deadline, what changed since the last review or 1:1 (or a date), what we
agreed last time and where each step stands, what is
overdue and why in words, and what there is to celebrate. User text is text (as in the
markdown export: nothing in it becomes markup)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from careerplan.store import flag_kinds, review, rules
from careerplan.store.dates import relative, to_date
from careerplan.store.export_markdown import md_text as _md
from careerplan.store.schema import HORIZONS
from careerplan.store.shapes import Record

if TYPE_CHECKING:
    from careerplan.store.plan import Plan

HORIZON_WORDS = {"1y": "this year", "3y": "in 3 years", "5y": "in 5 years", "10y": "in 5-10 years"}


def brief(plan: Plan, today: date, since: date | None = None) -> str:
    snapshot = plan.snapshot(events=False)
    last = review.last_review(snapshot)
    met = _last_session(snapshot)
    what = "review"
    if since is None:
        reviewed = to_date(last.get("date")) if last is not None else None
        talked = to_date(met.get("date")) if met is not None else None
        since, what = max(
            ((d, w) for d, w in ((reviewed, "review"), (talked, "1:1")) if d is not None),
            default=(None, "review"),
        )
    lines = [f"# Before our 1:1, {today:%A %d %B %Y}", ""]
    lines += _where_i_am(snapshot, today)
    lines += _goals(snapshot, today)
    after = since.isoformat() + "T99" if since else ""
    lines += _changed(plan.events_since(after), after, what, last)
    lines += _agreed(snapshot, met, today)
    lines += _needs_attention(snapshot, today, plan.settings())
    lines += _celebrate(snapshot)
    return "\n".join(lines).rstrip() + "\n"


def _where_i_am(snapshot: Record, today: date) -> list[str]:
    lines = ["## Where I am", ""]
    position = rules.current_position(snapshot.get("position", []))
    if position:
        at = f" at {_md(position['employer'])}" if position.get("employer") else ""
        since = to_date(position.get("since"))
        held = f", since {since:%B %Y}" if since else ""
        lines.append(f"{_md(position['title'])}{at}{held}.")
    else:
        lines.append("No position written down yet.")
    skills = sorted(snapshot.get("skill", []), key=lambda s: (-(s.get("level") or 0), s["id"]))
    if skills:
        shown = ", ".join(f"{_md(s['name'])} {s.get('level', '?')}/5" for s in skills[:8])
        lines += ["", f"Skills: {shown}."]
    return [*lines, ""]


def _goals(snapshot: Record, today: date) -> list[str]:
    goals = [g for g in snapshot.get("goal", []) if rules.is_open("goal", g)]
    if not goals:
        return ["## My goals", "", "No open goal yet.", ""]
    links = rules.Links(snapshot.get("action", []))
    lines = ["## My goals", ""]
    grouped = rules.goals_by_horizon(goals)
    for horizon in HORIZONS:
        for goal in grouped.get(horizon, []):
            share = links.progress(goal)
            done = f"{share:.0%} done" if share is not None else "no measure of progress yet"
            cards = [
                a
                for a in links.of_goal(goal["id"])
                if a.get("column") != "done" and to_date(a.get("deadline"))
            ]
            cards.sort(key=lambda a: a["deadline"])
            step = ""
            if cards:
                when = relative(to_date(cards[0]["deadline"]) or today, today)
                step = f"; next: {_md(cards[0]['title'])} ({when})"
            missing = rules.smart_missing("goal", goal)
            smart = (
                f"; not yet SMART ({rules.smart_words(missing, 'missing: ')})" if missing else ""
            )
            lines.append(
                f"- **{_md(goal['title'])}** ({HORIZON_WORDS.get(horizon, horizon)}): "
                f"{done}{step}{smart}"
            )
    return [*lines, ""]


def _last_session(snapshot: Record) -> Record | None:
    sessions = snapshot.get("session", [])
    return max(sessions, key=lambda s: (s.get("date") or "", s["id"])) if sessions else None


def _agreed(snapshot: Record, session: Record | None, today: date) -> list[str]:
    """What we agreed last time, each step with where it stands: done, a card, or not yet."""
    if session is None:
        return []
    steps = [line.strip(" -•*") for line in str((session or {}).get("agreed") or "").splitlines()]
    steps = [step for step in steps if step]
    if not steps:
        return []
    actions = snapshot.get("action", [])
    cards = {str(a.get("title", "")).strip(): a for a in actions if a.get("column") != "done"}
    cards |= {
        str(a.get("title", "")).strip(): a for a in actions if a.get("session") == session["id"]
    }
    lines = [f"## What we agreed on {to_date(session.get('date')):%d %B}", ""]
    for step in steps:
        card = cards.get(step)
        if card is None:
            state = "not yet a card"
        elif card.get("column") == "done":
            state = "done"
        else:
            deadline = to_date(card.get("deadline"))
            state = relative(deadline, today) if deadline else "on the board, no deadline"
        lines.append(f"- {_md(step)} ({state})")
    return [*lines, ""]


def _changed(events: list[Record], after: str, what: str, last: Record | None) -> list[str]:
    since = to_date(after[:10]) if after else None
    heading = f"## Since our last {what} ({since:%d %B})" if since else "## What changed lately"
    changes = review.changes_since(events, after)
    lines = [heading, ""]
    for label, names in changes.named():
        lines.append(f"- {label.capitalize()}: " + "; ".join(map(_md, names)))
    if len(lines) == 2:
        lines.append("Nothing recorded yet.")
    if last is not None and last.get("changed"):
        lines += ["", f"What I decided last time: {_md(last['changed'])}"]
    return [*lines, ""]


def _needs_attention(snapshot: Record, today: date, settings: Record) -> list[str]:
    found = review.flags(snapshot, today, settings)
    lines = ["## Where I would like help", ""]
    for kind in ("goal", "action"):
        for record in snapshot.get(kind, []):
            if record.get("ask_mentor") and rules.is_open(kind, record):
                lines.append(f"- I would like to decide this with you: {_md(record['title'])}")
    look = flag_kinds.Look(snapshot, today, settings, found)
    lines += [f"- {sentence}" for sentence in flag_kinds.sentences(look, _md)]
    if len(lines) == 2:
        lines.append("Nothing overdue or stuck.")
    return [*lines, ""]


def _celebrate(snapshot: Record) -> list[str]:
    found = [m for m in snapshot.get("milestone", []) if not m.get("celebrated")]
    wins = sorted(snapshot.get("win", []), key=lambda w: w.get("date") or "", reverse=True)
    if not found and not wins:
        return []
    lines = ["## To celebrate", ""]
    lines += [f"- {_md(m['title'])} ({m.get('date', '')})" for m in found]
    lines += [f"- {_md(w['text'])}" for w in wins[:3]]
    return [*lines, ""]

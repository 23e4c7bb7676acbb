"""The plan as one page of Markdown for a person to read. User text is text: nothing in it
can become markup, a link, HTML or a list."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from careerplan.store import flag_kinds, rules
from careerplan.store.review import flags as review_flags
from careerplan.store.schema import HORIZONS
from careerplan.store.text import printable

if TYPE_CHECKING:
    from careerplan.store.plan import Plan

_BLOCK_START = re.compile(r"^(\d{1,9})([.)])|^([-+=])")


def md_text(text: object) -> str:
    """User text for Markdown, as text: control characters gone, inline specials escaped, and
    nothing at its start that would open a block (`1. x` or `- x` inside a list item would
    nest a list)."""
    cleaned = printable(str(text), one_line=True)
    for char in "\\`*_{}[]<>#|!&~":
        cleaned = cleaned.replace(char, "\\" + char)
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", cleaned)


def export_markdown(plan: Plan, today: date) -> str:
    snap = plan.snapshot(events=False)
    lines = [f"# Career plan — {today.isoformat()}", ""]
    position = rules.current_position(snap["position"])
    lines += ["## 1. Where I am now", ""]
    if position:
        extra = ", ".join(md_text(position[k]) for k in ("level", "employer") if position.get(k))
        since = f", since {position['since']}" if position.get("since") else ""
        lines.append(
            f"**{md_text(position['title'])}**{' (' + extra + ')' if extra else ''}{since}"
        )
        lines.append("")
    for skill in sorted(snap["skill"], key=lambda s: (-s.get("level", 0), s["id"])):
        lines.append(f"- {md_text(skill['name'])}: {skill.get('level', '?')}/5")
    for reflection in snap["reflection"]:
        lines.append(f"- *{reflection['kind'].replace('_', ' ')}*: {md_text(reflection['text'])}")
    earlier = [p for p in snap["position"] if p is not position]
    past = snap["experience"]
    if earlier or past:
        lines += ["", "### Where I come from", ""]
    for old in sorted(earlier, key=lambda p: p.get("since") or "", reverse=True):
        at = f" at {md_text(old['employer'])}" if old.get("employer") else ""
        when = f", {old.get('since') or '?'} to {old.get('until') or '?'}"
        lines.append(f"- {md_text(old['title'])}{at}{when}")
    for item in sorted(past, key=lambda e: e.get("start") or "", reverse=True):
        at = f" at {md_text(item['org'])}" if item.get("org") else ""
        when = f", {item.get('start') or '?'} to {item.get('end') or 'now'}"
        learned = f": {md_text(item['highlights'])}" if item.get("highlights") else ""
        lines.append(f"- {md_text(item['role'])}{at}{when}{learned}")
    lines += ["", "## 2. Where I want to go", ""]
    for vision in snap["vision"]:
        lines.append(f"Target: **{md_text(vision['target_title'])}**")
        if vision.get("dream_job"):
            lines.append(f"> {md_text(vision['dream_job'])}")
        lines.append("")
    grouped = rules.goals_by_horizon(snap["goal"])
    for horizon in HORIZONS:
        if grouped.get(horizon):
            lines.append(f"### {horizon}")
            for goal in grouped[horizon]:
                missing = rules.smart_missing("goal", goal)
                due = f" — due {goal['deadline']}" if goal.get("deadline") else ""
                flag = f" (not yet SMART: {rules.smart_words(missing)})" if missing else ""
                lines.append(
                    f"- [{'x' if goal.get('status') == 'achieved' else ' '}] "
                    f"{md_text(goal['title'])}{due}{flag}"
                )
            lines.append("")
    lines += ["## 3. The gap", ""]
    for gap in rules.biggest_gaps(snap["gap"]):
        levels = f"{gap.get('current_level', 0)} → {gap.get('required_level', 0)}"
        lines.append(
            f"- {md_text(gap['name'])}: {levels}"
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
            lines.append(f"- [{'x' if column == 'done' else ' '}] {md_text(card['title'])}{due}")
        lines.append("")
    lines += ["## 5. Check and re-evaluate", ""]
    settings = plan.settings()
    look = flag_kinds.Look(snap, today, settings, review_flags(snap, today, settings))
    for kind, items in flag_kinds.found(look):  # every flag of the review, in its words
        if kind.single:
            lines += [f"### {md_text(item.title)}\n\n{item.why}\n" for item in items]
            continue
        lines += [f"### {kind.heading} ({len(items)})", ""]
        lines += [f"- {md_text(item.title)}: {item.why}" for item in items]
        lines.append("")
    if snap["milestone"]:
        lines += ["### Milestones", ""]
    for milestone in snap["milestone"]:
        mark = "" if milestone.get("celebrated") else " (not yet celebrated!)"
        lines.append(
            f"- milestone {milestone.get('date', '')}: {md_text(milestone['title'])}{mark}"
        )
    reviews = sorted(snap["review"], key=lambda r: (r.get("date", ""), r["id"]))
    if reviews:
        lines += ["", "### Reviews", ""]
    for review in reviews:
        lines.append(
            f"#### {review.get('date')}, with {md_text(review.get('with_whom') or 'myself')}"
        )
        lines.append("")
        for caption, field in (("How it is going", "summary"), ("What changed", "changed")):
            if review.get(field):
                lines.append(f"- {caption}: {md_text(review[field])}")
        if review.get("flags"):
            lines.append(f"- Flags seen: {md_text(', '.join(review['flags']))}")
        if review.get("next_date"):
            lines.append(f"- Next review: {review['next_date']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def chunks(plan: Plan, today: date, **_options: object) -> list[bytes]:
    return [export_markdown(plan, today).encode("utf-8")]

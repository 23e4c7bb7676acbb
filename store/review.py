"""Step 5, check and re-evaluate: the flags a review looks at, what changed since the last one,
and the series the progress plots draw. Plain functions of a snapshot and `today`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from careerplan.store import rules
from careerplan.store.cadence import next_review
from careerplan.store.dates import to_date
from careerplan.store.shapes import Record, Snapshot

if TYPE_CHECKING:
    from careerplan.store.plan import Plan


@dataclass
class Flags:
    """Everything a review should look at, each a list a person can act on."""

    overdue: list[rules.Due] = field(default_factory=list)
    due_soon: list[rules.Due] = field(default_factory=list)
    not_smart: list[tuple[Record, str]] = field(default_factory=list)
    goals_without_action: list[Record] = field(default_factory=list)
    gaps_without_action: list[Record] = field(default_factory=list)
    stale: list[Record] = field(default_factory=list)
    behind_pace: list[tuple[Record, float, float]] = field(default_factory=list)
    budget: rules.BudgetUse | None = None
    uncelebrated: list[Record] = field(default_factory=list)
    next_review: date | None = None
    review_overdue_days: int = 0
    sessions_overdue: list[Any] = field(default_factory=list)  # mentoring.Mentor

    def summary(self) -> list[str]:
        """Short lines a review record keeps, so later one can see what it saw."""
        from careerplan.store import flag_kinds

        return flag_kinds.summary(flag_kinds.Look({}, date.today(), {}, self))


def flags(snapshot: Snapshot, today: date, settings: Record | None = None) -> Flags:
    settings = settings or {}
    window = rules.due_window(settings)
    stale_days = int(settings.get("stale_days") or rules.STALE_DAYS)
    goals = [g for g in snapshot.get("goal", []) if rules.is_open("goal", g)]
    actions = snapshot.get("action", [])
    found = Flags()
    found.overdue, found.due_soon = rules.due_items(snapshot, today, window)
    found.not_smart = [(g, missing) for g in goals if (missing := rules.smart_missing("goal", g))]
    links = rules.Links(actions)  # one index of the cards for every flag below
    found.goals_without_action = rules.goals_without_action(snapshot, links)
    found.gaps_without_action = rules.gaps_without_action(snapshot, links)
    found.stale = rules.stale_actions(actions, today, stale_days)
    for goal in goals:
        linked = links.of_goal(goal["id"])
        if rules.behind_pace(goal, today, linked):
            done = rules.progress(goal, linked) or 0.0
            found.behind_pace.append((goal, done, rules.expected_progress(goal, today) or 0.0))
    found.budget = rules.budget_use(snapshot, today.year)
    found.uncelebrated = [m for m in snapshot.get("milestone", []) if not m.get("celebrated")]
    found.next_review = next_review(snapshot, today)
    if found.next_review and found.next_review < today:
        found.review_overdue_days = (today - found.next_review).days
    if snapshot.get("person"):
        from careerplan.store.mentoring import mentors

        found.sessions_overdue = [m for m in mentors(snapshot, today) if m.overdue_days]
    return found


def last_review(snapshot: Snapshot) -> Record | None:
    reviews = sorted(snapshot.get("review", []), key=lambda r: (r.get("date") or "", r["id"]))
    return reviews[-1] if reviews else None


@dataclass
class Changes:
    """What happened since a moment: the answer to 'what changed since my last review'."""

    goals_added: list[Record] = field(default_factory=list)
    goals_dropped: list[Record] = field(default_factory=list)
    goals_achieved: list[Record] = field(default_factory=list)
    gaps_closed: list[Record] = field(default_factory=list)
    actions_done: list[Record] = field(default_factory=list)
    skills_rerated: list[tuple[Record, int | None, int]] = field(default_factory=list)
    milestones: list[Record] = field(default_factory=list)

    def empty(self) -> bool:
        return not any(vars(self).values())

    def named(self) -> list[tuple[str, list[str]]]:
        """Each kind of change that happened, in words: ("goals added", [their titles]);
        a re-rated skill reads "System design 2→3". The review screen and the brief say it."""
        parts = [
            ("goals added", self.goals_added),
            ("goals achieved", self.goals_achieved),
            ("goals dropped", self.goals_dropped),
            ("gaps closed", self.gaps_closed),
            ("actions done", self.actions_done),
            ("milestones", self.milestones),
        ]
        said = [
            (label, [str(r.get("title") or r.get("name") or "") for r in found])
            for label, found in parts
            if found
        ]
        if self.skills_rerated:
            rated = [f"{s.get('name', '')} {old}→{new}" for s, old, new in self.skills_rerated]
            said.append(("skills re-rated", rated))
        return said


def changes_since(events: list[Record], since: str) -> Changes:
    """Changes from the event log after an ISO timestamp; undone events are left out (and
    so are undo and redo: a redone change counts once, as itself)."""
    from careerplan.store.history import undone_ids

    undone = undone_ids(events)
    found = Changes()
    for event in sorted(events, key=lambda e: e["id"]):
        skipped = event.get("op") in ("undo", "redo") or event["id"] in undone
        if event.get("at", "") <= since or skipped:
            continue
        for change in event.get("changes", []):
            kind, before, after = change["kind"], change.get("before"), change.get("after")
            if after is None:
                continue
            old = before or {}
            if kind == "goal":
                if before is None:
                    found.goals_added.append(after)
                elif after.get("status") != old.get("status"):
                    if after.get("status") == "dropped":
                        found.goals_dropped.append(after)
                    elif after.get("status") == "achieved":
                        found.goals_achieved.append(after)
            elif kind == "gap" and after.get("status") == "closed" != old.get("status"):
                found.gaps_closed.append(after)
            elif kind == "action" and after.get("column") == "done" != old.get("column"):
                found.actions_done.append(after)
            elif kind == "skill" and before is not None and after.get("level") != old.get("level"):
                found.skills_rerated.append((after, old.get("level"), after.get("level")))
            elif kind == "milestone" and before is None:
                found.milestones.append(after)
    return found


def week_starts(today: date, weeks: int) -> list[date]:
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def done_per_week(actions: list[Record], today: date, weeks: int = 12) -> list[tuple[date, int]]:
    starts = week_starts(today, weeks)
    counts = dict.fromkeys(starts, 0)
    for action in actions:
        done = to_date(action.get("done_at"))
        if action.get("column") == "done" and done is not None:
            monday = done - timedelta(days=done.weekday())
            if monday in counts:
                counts[monday] += 1
    return list(counts.items())


def open_gap_size_over_time(
    events: list[Record], gaps: list[Record], today: date, weeks: int = 12
) -> list[tuple[date, int]]:
    """Total size of open gaps at the end of each week, replayed from the event log.

    Gaps that predate the log (an import, say) count from their creation with today's state.
    """
    ends = [start + timedelta(days=6) for start in week_starts(today, weeks)]
    logged = {c["id"] for e in events for c in e.get("changes", []) if c["kind"] == "gap"}
    state: dict[int, Record] = {}
    timeline = sorted(
        (e for e in events if any(c["kind"] == "gap" for c in e.get("changes", []))),
        key=lambda e: e["id"],
    )
    series, index = [], 0
    for end in ends:
        cutoff = end.isoformat() + "T99"
        while index < len(timeline) and timeline[index].get("at", "") <= cutoff:
            for change in timeline[index]["changes"]:
                if change["kind"] == "gap":
                    if change.get("after") is None:
                        state.pop(change["id"], None)
                    else:
                        state[change["id"]] = change["after"]
            index += 1
        total = sum(rules.gap_size(g) for g in state.values() if rules.is_open("gap", g))
        for gap in gaps:
            created = to_date(gap.get("created_at"))
            if gap["id"] not in logged and created and created <= end and rules.is_open("gap", gap):
                total += rules.gap_size(gap)
        series.append((end, total))
    return series


def skill_levels_over_time(
    skills: list[Record], ratings: list[Record]
) -> dict[int, list[tuple[date, int]]]:
    """Each skill's rating history, oldest first."""
    by_skill: dict[int, list[tuple[date, int]]] = {s["id"]: [] for s in skills}
    for rating in sorted(ratings, key=lambda r: (r.get("date") or "", r["id"])):
        day = to_date(rating.get("date"))
        if rating.get("skill") in by_skill and day is not None:
            by_skill[rating["skill"]].append((day, int(rating.get("level") or 0)))
    return by_skill


def write_review(
    plan: Plan,
    *,
    with_whom: str = "",
    summary: str = "",
    changed: str = "",
    next_date: str | date | None = None,
) -> Record:
    """Log a dated review with the flags it saw; the next date follows the cadence unless given."""
    from careerplan.store.cadence import next_by_cadence

    today = plan.today()
    settings = plan.settings()
    seen = flags(plan.snapshot(), today, settings).summary()
    if next_date in (None, ""):
        next_date = next_by_cadence(
            settings.get("review_cadence"), today, today, settings.get("review_weekday")
        )
    return plan.add(
        "review",
        date=today,
        with_whom=with_whom,
        summary=summary,
        changed=changed,
        flags=seen,
        next_date=next_date,
    )

"""Everything derived from the plan, never stored: plain functions of records and `today`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from careerplan.store.dates import to_date
from careerplan.store.shapes import Record, Snapshot

DUE_SOON_DAYS = 14
STALE_DAYS = 21
PACE_TOLERANCE = 0.1
OPEN_GOALS = ("draft", "active")
OPEN_GAPS = ("open", "closing")


def gap_size(gap: Record) -> int:
    return max(0, int(gap.get("required_level") or 0) - int(gap.get("current_level") or 0))


def due_window(settings: Record) -> int:
    """How many days ahead count as due soon."""
    return int(settings.get("due_soon_days") or DUE_SOON_DAYS)


def is_open(kind: str, record: Record) -> bool:
    if kind == "action":
        return record.get("column") != "done"
    if kind == "goal":
        return record.get("status", "active") in OPEN_GOALS
    if kind == "gap":
        return record.get("status", "open") in OPEN_GAPS
    return True


SMART_WORDS = {
    "S": "specific",
    "M": "measurable",
    "A": "achievable",
    "R": "realistic",
    "T": "timely",
}
SMART_RULE = (
    "A goal is SMART when it is Specific (what exactly, in a sentence), Measurable (a measure "
    "and a target number), Achievable (how it can be done: time, help, money), Realistic (why "
    "it fits your life and path now) and Timely (a deadline). An action is SMART with a "
    "specific what (or the goal or gap it serves), a measure and target, an effort or cost, a "
    "goal or gap it serves, and a deadline. What a goal or card lacks is said in words."
)


def smart_words(missing: str, lead: str = "needs: ") -> str:
    """'needs: achievable, timely' for the letters 'AT'; '' for none."""
    return lead + ", ".join(SMART_WORDS[letter] for letter in missing) if missing else ""


def smart_missing(kind: str, record: Record) -> str:
    """The letters of S-M-A-R-T a goal or action still lacks ('' when it is SMART)."""

    def has(*names: str) -> bool:
        return all(record.get(n) not in (None, "") for n in names)

    if kind == "goal":
        checks = {
            "S": has("specific"),
            "M": has("measure", "target"),
            "A": has("achievable"),
            "R": has("realistic"),
            "T": has("deadline"),
        }
    else:
        checks = {
            "S": has("specific") or bool(record.get("goal") or record.get("gap")),
            "M": has("measure", "target"),
            "A": has("effort_hours") or has("cost"),
            "R": bool(record.get("goal") or record.get("gap")),
            "T": has("deadline"),
        }
    return "".join(letter for letter, ok in checks.items() if not ok)


class Due(NamedTuple):
    """A dated item on the review list: overdue when days < 0."""

    kind: str
    id: int
    title: str
    deadline: date
    days: int

    @property
    def overdue(self) -> bool:
        return self.days < 0


def due_items(
    snapshot: Snapshot, today: date, window: int = DUE_SOON_DAYS
) -> tuple[list[Due], list[Due]]:
    """(overdue, due soon): open goals and actions by deadline; most urgent first."""
    overdue, soon = [], []
    read = date_reader()
    for kind in ("goal", "action"):
        for record in snapshot.get(kind, []):
            deadline = read(record.get("deadline"))
            if deadline is None or not is_open(kind, record):
                continue
            days = (deadline - today).days
            item = Due(kind, record["id"], record.get("title", ""), deadline, days)
            if days < 0:
                overdue.append(item)
            elif days <= window:
                soon.append(item)
    overdue.sort(key=lambda d: (d.days, d.id))
    soon.sort(key=lambda d: (d.days, d.id))
    return overdue, soon


def due_state(record: Record, kind: str, today: date, window: int = DUE_SOON_DAYS) -> str:
    """'overdue', 'due-soon' or '' for one record: what colour its deadline gets."""
    deadline = to_date(record.get("deadline"))
    if deadline is None or not is_open(kind, record):
        return ""
    days = (deadline - today).days
    return "overdue" if days < 0 else "due-soon" if days <= window else ""


_UNREAD = date.min  # this very object stands for "not read yet": found by identity


def date_reader() -> Callable[[object], date | None]:
    """to_date remembering each date string it has read: 10,000 cards share a few hundred
    dates, and reading every card's was most of counting them."""
    known: dict[str, date | None] = {}

    def read(value: object) -> date | None:
        if type(value) is not str:
            return to_date(value)  # type: ignore[arg-type]  # a date, or nothing to read
        found = known.get(value, _UNREAD)
        if found is _UNREAD:  # one look-up a card: this runs for each of 10,000
            found = known[value] = to_date(value)
        return found

    return read


def due_counts(snapshot: Snapshot, today: date, window: int = DUE_SOON_DAYS) -> tuple[int, int]:
    """How many open goals and actions are overdue and due soon: due_items counted, for a
    summary line, without making and sorting an item for each."""
    overdue = soon = 0
    read = date_reader()
    ahead = (date.max - today).days  # a hand-edited window may reach past year 9999
    last_soon = date.max if window >= ahead else today + timedelta(days=window)
    for kind in ("goal", "action"):
        for record in snapshot.get(kind, []):
            deadline = read(record.get("deadline"))
            if deadline is None or deadline > last_soon or not is_open(kind, record):
                continue
            if deadline < today:
                overdue += 1
            else:
                soon += 1
    return overdue, soon


def stale_actions(actions: list[Record], today: date, days: int = STALE_DAYS) -> list[Record]:
    """Cards in todo or doing that have not moved for `days` days."""
    found = []
    for action in actions:
        if action.get("column") not in ("todo", "doing"):
            continue
        moved = to_date(action.get("moved_at") or action.get("created_at"))
        if moved is not None and (today - moved).days >= days:
            found.append(action)
    return found


class Links:
    """The cards of each goal and of each gap, indexed at the first question in one pass over
    the cards: the goals and gaps panes both ask, and on a narrow screen neither is drawn."""

    def __init__(self, actions: list[Record]) -> None:
        self.actions = actions
        self._index: tuple[dict[int, list[Record]], dict[int, list[Record]]] | None = None

    def of_goal(self, goal_id: int) -> list[Record]:
        return self._built()[0].get(goal_id, [])

    def of_gap(self, gap_id: int) -> list[Record]:
        return self._built()[1].get(gap_id, [])

    def progress(self, goal: Record) -> float | None:
        return progress(goal, self.of_goal(goal["id"]))

    def gap_count(self, gap_id: int) -> int:
        return len(self.of_gap(gap_id))

    def _built(self) -> tuple[dict[int, list[Record]], dict[int, list[Record]]]:
        if self._index is None:
            by_goal: defaultdict[int, list[Record]] = defaultdict(list)
            by_gap: defaultdict[int, list[Record]] = defaultdict(list)
            for action in self.actions:
                goal, gap = action.get("goal"), action.get("gap")
                if goal is not None:
                    by_goal[goal].append(action)
                if gap is not None:
                    by_gap[gap].append(action)
            self._index = (by_goal, by_gap)
        return self._index


class CountedLinks(NamedTuple):
    """What the goals and gaps panes ask of Links, worked out beforehand (store.first_look)."""

    progress_by_goal: dict[int, float | None]
    count_by_gap: dict[int, int]

    def progress(self, goal: Record) -> float | None:
        return self.progress_by_goal.get(goal["id"])

    def gap_count(self, gap_id: int) -> int:
        return self.count_by_gap.get(gap_id, 0)


def counted(links: Links, goals: list[Record], gaps: list[Record]) -> CountedLinks:
    return CountedLinks(
        {g["id"]: links.progress(g) for g in goals},
        {g["id"]: links.gap_count(g["id"]) for g in gaps},
    )


def card_order(action: Record) -> tuple[Any, ...]:
    return (action.get("order") or 0, action["id"])


_ORDER_AND_ID = itemgetter("order", "id")


def sorted_cards(cards: list[Record]) -> list[Record]:
    """Sorted by card_order. Orders are numbers in a plan careerplan wrote, and then a key made
    in C sorts a 2,500-card column in a third of the time; a card without one (a hand edit)
    sorts as order 0 through card_order itself."""
    try:
        return sorted(cards, key=_ORDER_AND_ID)
    except (KeyError, TypeError):
        return sorted(cards, key=card_order)


def columns_of(cards: Iterable[Record], only: tuple[str, ...]) -> Snapshot:
    """The cards of each column in `only`, each column in card order (a card with no column
    is in the backlog, one in a column not asked for is left out)."""
    columns: Snapshot = {c: [] for c in only}
    for card in cards:
        column = columns.get(card.get("column", "backlog"))
        if column is not None:
            column.append(card)
    return {name: sorted_cards(found) for name, found in columns.items()}


def goals_without_action(snapshot: Snapshot, links: Links | None = None) -> list[Record]:
    """Open goals no card works on, directly or through one of the goal's gaps."""
    links = links or Links(snapshot.get("action", []))
    through_gaps = {g.get("goal") for g in snapshot.get("gap", []) if links.of_gap(g["id"])}
    return [
        g
        for g in snapshot.get("goal", [])
        if is_open("goal", g) and not links.of_goal(g["id"]) and g["id"] not in through_gaps
    ]


def gaps_without_action(snapshot: Snapshot, links: Links | None = None) -> list[Record]:
    links = links or Links(snapshot.get("action", []))
    return [g for g in snapshot.get("gap", []) if is_open("gap", g) and not links.of_gap(g["id"])]


def progress(goal: Record, actions: list[Record] | None = None) -> float | None:
    """0..1 from baseline to target; else the share of its actions done; None if unknown."""
    baseline, target, current = goal.get("baseline"), goal.get("target"), goal.get("current")
    if goal.get("status") == "achieved":
        return 1.0
    if target is not None and current is not None:
        start = baseline if baseline is not None else 0
        if target == start:
            return 1.0 if current >= target else 0.0
        return float(max(0.0, min(1.0, (current - start) / (target - start))))
    linked = [a for a in actions or [] if a.get("goal") == goal["id"]]
    if linked:
        return float(sum(a.get("column") == "done" for a in linked) / len(linked))
    return None


def expected_progress(goal: Record, today: date) -> float | None:
    """Where a goal should be by today, if progress ran evenly from creation to deadline."""
    start = to_date(goal.get("created_at"))
    end = to_date(goal.get("deadline"))
    if start is None or end is None:
        return None
    if end <= start:
        return 1.0
    return max(0.0, min(1.0, (today - start).days / (end - start).days))


def behind_pace(goal: Record, today: date, actions: list[Record] | None = None) -> bool:
    if not is_open("goal", goal):
        return False
    done, expected = progress(goal, actions), expected_progress(goal, today)
    return done is not None and expected is not None and done + PACE_TOLERANCE < expected


class BudgetUse(NamedTuple):
    year: int
    amount: float
    currency: str
    spent: float
    committed: float

    @property
    def left(self) -> float:
        return self.amount - self.spent - self.committed

    @property
    def over(self) -> bool:
        return self.left < 0


def budget_use(snapshot: Snapshot, year: int) -> BudgetUse | None:
    """Spent: done actions finished that year. Committed: todo/doing actions due that year
    (or undated)."""
    budget = next((b for b in snapshot.get("budget", []) if b.get("year") == year), None)
    if budget is None:
        return None
    spent = committed = 0.0
    for action in snapshot.get("action", []):
        cost = action.get("cost") or 0
        if not cost:
            continue
        column = action.get("column")
        if column == "done":
            finished = to_date(action.get("done_at"))
            if finished and finished.year == year:
                spent += cost
        elif column in ("todo", "doing"):
            deadline = to_date(action.get("deadline"))
            if deadline is None or deadline.year == year:
                committed += cost
    return BudgetUse(year, budget.get("amount", 0), budget.get("currency", "EUR"), spent, committed)


def current_position(positions: list[Record]) -> Record | None:
    current = [p for p in positions if p.get("current", True) and not p.get("until")]
    pool = current or positions
    if not pool:
        return None
    return max(pool, key=lambda p: (p.get("since") or "", p["id"]))


def goals_by_horizon(goals: list[Record]) -> Snapshot:
    from careerplan.store.schema import HORIZONS

    grouped: Snapshot = {h: [] for h in HORIZONS}
    for goal in goals:
        grouped.setdefault(goal.get("horizon") or "1y", []).append(goal)
    for items in grouped.values():
        items.sort(key=lambda g: (g.get("deadline") or "9999", g["id"]))
    return grouped


def biggest_gaps(gaps: list[Record], limit: int | None = None) -> list[Record]:
    open_gaps = [g for g in gaps if is_open("gap", g)]
    open_gaps.sort(key=lambda g: (-gap_size(g), -(g.get("priority") or 0), g["id"]))
    return open_gaps[:limit] if limit else open_gaps


def column_counts(actions: list[Record]) -> dict[str, int]:
    from careerplan.store.schema import COLUMNS

    counts = dict.fromkeys(COLUMNS, 0)
    for action in actions:
        column = action.get("column", "backlog")
        counts[column] = counts.get(column, 0) + 1
    return counts


def next_review(snapshot: Snapshot, today: date) -> date | None:
    """The next review date (see store.cadence)."""
    from careerplan.store.cadence import next_review as by_cadence

    return by_cadence(snapshot, today)

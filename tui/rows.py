"""How each record reads on screen: plain functions from records to rows of text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

from rich.cells import cell_len
from rich.text import Text

from careerplan.store import rules
from careerplan.store.dates import duration, relative, to_date
from careerplan.store.schema import HORIZONS
from careerplan.store.text import clip, printable
from careerplan.tui.widgets.rowview import Row

DUE_STYLE = {"overdue": "bold red", "due-soon": "yellow"}
REFLECTION_TITLES = {
    "strength": "Strengths",
    "excel_at": "Where I excel",
    "love_doing": "What I love doing",
    "motivator": "What motivates me",
    "struggle": "Where I struggle",
}


def safe(value: object, width: int | None = None) -> str:
    """User text as one plain line: control characters gone, clipped to width."""
    text = printable(str(value if value is not None else ""), one_line=True)
    return clip(text, width) if width else text


def heading(label: str) -> Row:
    return Row(None, lambda width: [Text(label, style="bold")])


def bar(level: int, top: int = 5) -> str:
    level = max(0, min(int(level or 0), top))
    return "■" * level + "·" * (top - level)


def progress_bar(share: float | None, width: int = 10) -> str:
    if share is None:
        return " " * width
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


def deadline_text(record: dict, kind: str, today: date, window: int) -> Text:
    done = to_date(record.get("done_at")) if record.get("column") == "done" else None
    if done is not None:  # what a done card tells is when it was done, not its old deadline
        shown = f"{done:%d %b}" if done.year == today.year else f"{done:%d %b %Y}"
        return Text(f"done {shown}", style="green")
    deadline = to_date(record.get("deadline"))
    if deadline is None:
        return Text("no deadline", style="dim")
    if not rules.is_open(kind, record):
        return Text(deadline.isoformat(), style="dim")
    state = rules.due_state(record, kind, today, window)
    return Text(relative(deadline, today), style=DUE_STYLE.get(state, ""))


# -- position pane ----------------------------------------------------------------------


def position_rows(snapshot: dict[str, list[dict]], today: date) -> list[Row]:
    rows: list[Row] = [heading("Where I am now")]
    position = rules.current_position(snapshot.get("position", []))
    if position is None:
        rows.append(
            Row(("position", None), lambda w: [Text("No position yet — n adds one", style="dim")])
        )
    else:

        def draw_position(width: int, p=position) -> list[Text]:
            line = Text(safe(p.get("title")), style="bold")
            if p.get("level"):
                line.append(f"  {safe(p['level'], 20)}")
            second = Text()
            if p.get("employer"):
                second.append(f"at {safe(p['employer'], 30)}  ")
            since = to_date(p.get("since"))
            if since:
                second.append(f"since {since:%b %Y} ({duration(since, today)})", style="dim")
            return [line, second]

        rows.append(Row(("position", position["id"]), draw_position, height=2))
    skills = sorted(
        snapshot.get("skill", []),
        key=lambda s: (-(s.get("level") or 0), safe(s.get("name")).lower()),
    )
    rows.append(heading(f"Skills ({len(skills)})"))
    for skill in skills:

        def draw_skill(width: int, s=skill) -> list[Text]:
            name = safe(s.get("name"), max(8, width - 12))
            return [
                Text.assemble(
                    f"{bar(s.get('level'))} ",
                    (name, ""),
                    (f"  {safe(s.get('category'), 16)}" if s.get("category") else "", "dim"),
                )
            ]

        rows.append(Row(("skill", skill["id"]), draw_skill))
    by_kind: dict[str, list[dict]] = {}
    for reflection in snapshot.get("reflection", []):
        by_kind.setdefault(reflection.get("kind", "strength"), []).append(reflection)
    for kind, title in REFLECTION_TITLES.items():
        items = by_kind.get(kind, [])
        if not items:
            continue
        rows.append(heading(title))
        for item in items:
            rows.append(
                Row(("reflection", item["id"]), partial(_bullet, str(item.get("text") or "")))
            )
    rows += history_rows(snapshot, position)
    rows += people_and_wins_rows(snapshot)
    visions = snapshot.get("vision", [])
    rows.append(heading("Where I want to go"))
    for vision in visions:

        def draw_vision(width: int, v=vision) -> list[Text]:
            lines = wrap_words(safe(v.get("dream_job"), 2000), max(width - 2, 10), DREAM_LINES)
            return [
                Text("→ " + safe(v.get("target_title")), style="bold"),
                *(Text("  " + line, style="italic") for line in lines),
            ]

        rows.append(Row(("vision", vision["id"]), draw_vision, height=1 + DREAM_LINES))
    if not visions:
        rows.append(
            Row(("vision", None), lambda w: [Text("No dream job yet — n adds one", style="dim")])
        )
    return rows


DREAM_LINES = 3  # the dream job's text, wrapped; "…" ends what does not fit


def people_and_wins_rows(snapshot: dict[str, list[dict]]) -> list[Row]:
    """Who helps me (a mentor, a manager, a coach, connections) and the wins I keep: a
    person made by `career add person` or the walk showed nowhere."""
    people = sorted(snapshot.get("person", []), key=lambda p: safe(p.get("name")).lower())
    wins = sorted(snapshot.get("win", []), key=lambda w: w.get("date") or "", reverse=True)
    return [
        *_section("People", people, "person", _draw_person),
        *_section("Wins", wins, "win", _draw_win),
    ]


def _section(
    label: str,
    records: list[dict],
    kind: str,
    draw: Callable[[dict, int], list[Text]],
    height: int = 1,
) -> list[Row]:
    """A heading that counts the records, then a row for each, drawn by `draw`."""
    if not records:
        return []
    rows = [heading(f"{label} ({len(records)})")]
    rows += [Row((kind, r["id"]), partial(draw, r), height=height) for r in records]
    return rows


def _draw_person(p: dict, width: int) -> list[Text]:
    line = Text(safe(p.get("name"), max(width - 24, 10)))
    said = " · ".join(str(p[name]).replace("_", " ") for name in ("role", "cadence") if p.get(name))
    if said:
        line.append(f"  {said}", style="dim")
    return [line]


def _draw_win(w: dict, _width: int) -> list[Text]:
    line = Text("★ " + safe(w.get("text")))
    day = to_date(w.get("date"))
    if day:
        line.append(f"  {day:%d %b %Y}", style="dim")
    return [line]


def _bullet(text: str, _width: int) -> list[Text]:
    return [Text("• " + safe(text))]


def _span(start: object, end: object) -> str:
    begun, ended = to_date(start), to_date(end)  # type: ignore[arg-type]  # dates as stored
    if begun is None:
        return ""
    return f"{begun:%b %Y} – {ended:%b %Y}" if ended else f"{begun:%b %Y} –"


def history_rows(snapshot: dict[str, list[dict]], current: dict | None) -> list[Row]:
    """Earlier positions and past experience, newest first: step 1's "where I come from"."""
    earlier = sorted(
        (p for p in snapshot.get("position", []) if p is not current),
        key=lambda p: p.get("since") or "",
        reverse=True,
    )
    past = sorted(snapshot.get("experience", []), key=lambda e: e.get("start") or "", reverse=True)
    return [
        *_section("Earlier positions", earlier, "position", _draw_old_position),
        *_section("Experience", past, "experience", _draw_experience, height=2),
    ]


def _draw_old_position(p: dict, width: int) -> list[Text]:
    line = Text(safe(p.get("title"), max(width - 24, 10)))
    if p.get("employer"):
        line.append(f" at {safe(p['employer'], 24)}", style="dim")
    line.append(f"  {_span(p.get('since'), p.get('until'))}", style="dim")
    return [line]


def _draw_experience(e: dict, width: int) -> list[Text]:
    line = Text(safe(e.get("role"), max(width - 24, 10)))
    if e.get("org"):
        line.append(f" at {safe(e['org'], 24)}", style="dim")
    line.append(f"  {_span(e.get('start'), e.get('end'))}", style="dim")
    note = Text("  " + safe(e.get("highlights"), 300), style="italic")
    return [line, note]


# -- goals pane -------------------------------------------------------------------------


def goal_rows(
    snapshot: dict[str, list[dict]],
    today: date,
    window: int,
    links: rules.Links | rules.CountedLinks | None = None,
) -> list[Row]:
    """`links` (the cards of each goal) is shared with the gaps pane and indexed at the first
    row drawn, not here."""
    links = links or rules.Links(snapshot.get("action", []))
    grouped = rules.goals_by_horizon(snapshot.get("goal", []))
    labels = {"1y": "1 year", "3y": "3 years", "5y": "5 years", "10y": "5–10 years"}
    rows: list[Row] = []
    for horizon in HORIZONS:
        goals = grouped.get(horizon, [])
        rows.append(heading(f"{labels[horizon]} ({len(goals)})"))
        for goal in goals:

            def draw(width: int, g=goal) -> list[Text]:
                status = g.get("status", "active")
                first = Text(
                    safe(g.get("title"), max(10, width - 2)),
                    style="bold"
                    if status == "active"
                    else "dim strike"
                    if status == "dropped"
                    else "green",
                )
                share = links.progress(g)
                second = Text("  ")
                second.append(progress_bar(share, 8), style="green")
                second.append(f" {share:4.0%} " if share is not None else "      ")
                second.append_text(deadline_text(g, "goal", today, window))
                path = g.get("path") or "grow_in_role"
                second.append(PATH_MARKS.get(path, "  ↑ stay"), style="dim")
                missing = rules.smart_missing("goal", g)
                if not missing:
                    return [first, second]
                third = Text("  ")
                third.append(rules.smart_words(missing), style="magenta")
                return [first, second, third]

            height = 3 if rules.smart_missing("goal", goal) else 2
            rows.append(Row(("goal", goal["id"]), draw, height=height, data=goal))
    return rows


PATH_MARKS = {
    "grow_in_role": "  ↑ stay",
    "internal_move": "  ↗ internal",
    "another_employer": "  → elsewhere",
    "career_transition": "  ⇄ move",
}


# -- gaps pane --------------------------------------------------------------------------


def gap_rows(
    snapshot: dict[str, list[dict]], links: rules.Links | rules.CountedLinks | None = None
) -> list[Row]:
    links = links or rules.Links(snapshot.get("action", []))
    titles = {g["id"]: g.get("title", "") for g in snapshot.get("goal", [])}
    gaps = rules.biggest_gaps(snapshot.get("gap", []))
    closed = [g for g in snapshot.get("gap", []) if not rules.is_open("gap", g)]
    rows: list[Row] = [heading(f"Open gaps, biggest first ({len(gaps)})")]
    for gap in gaps + closed:
        if gap is (closed[0] if closed else None):
            rows.append(heading(f"Closed ({len(closed)})"))

        def draw(width: int, g=gap) -> list[Text]:
            count = links.gap_count(g["id"])
            size = rules.gap_size(g)
            first = Text()
            first.append(f"{'▮' * size:<5} ", style="red" if size >= 3 else "yellow")
            first.append(safe(g.get("name"), max(10, width - 8)), style="bold")
            second = Text(
                f"  {g.get('requirement', 'skill')} {g.get('current_level', 0)}"
                f"→{g.get('required_level', 0)} · by {g.get('closes_by', '?')}"
            )
            if g.get("goal") in titles:
                second.append(f" · {safe(titles[g['goal']], 30)}", style="dim")
            if rules.is_open("gap", g):
                second.append(
                    f" · {count} action{'s' if count != 1 else ''}" if count else " · NO ACTION",
                    style="" if count else "bold red",
                )
            return [first, second]

        rows.append(Row(("gap", gap["id"]), draw, height=2, data=gap))
    return rows


# -- kanban cards -----------------------------------------------------------------------


def wrap_words(text: str, width: int, most: int) -> list[str]:
    """`text` in lines of at most `width` cells broken between words, at most `most` of
    them; the last ends with "…" when some is left out. A word longer than a line is cut."""
    width = max(width, 2)
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:  # one long word (a URL): cut, it cannot be broken between words
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
        if len(lines) > most:
            break
    if line:
        lines.append(line)
    if len(lines) > most:
        lines = lines[:most]
        last = lines[-1]
        if len(last) >= width:  # room for the "…": the last word goes, unless it is alone
            head = last[: width - 1]
            last = head.rsplit(" ", 1)[0] if " " in head else head
        lines[-1] = last + "…"
    return lines or [""]


def fit_words(text: str, width: int) -> str:
    """`text` in one line of `width` cells, cut between words with "…" when it is longer."""
    return wrap_words(text, width, 1)[0] if len(text) > width else text


SHORTER = (
    ("due ", ""),
    (" months", "mo"),
    (" weeks", "w"),
    (" days", "d"),
    (" years", "y"),
    (" overdue", " late"),
)


def fit_due(text: str, width: int) -> str:
    """'due in 5 months' where it fits, else 'in 5 months', 'in 5mo': a narrow column keeps
    the number, which a cut ('due in 5…') lost."""
    for old, new in SHORTER:
        if len(text) <= width:
            return text
        text = text.replace(old, new)
    return fit_words(text, width)


# A column of 2,500 cards wraps again at every move and every change of the current column:
# the titles' line counts are kept, by (width, most lines) and then by title, the record's
# own string (a key per card would cost a tuple each: 64 bytes, as much as the entry).
_TITLE_LINES: dict[tuple[int, int], dict[str, int]] = {}
_MOST_WIDTHS, _MOST_TITLES = 6, 25_000  # a few widths: the current column's, the others'


def _titles_at(width: int, most: int) -> dict[str, int]:
    known = _TITLE_LINES.get((width, most))
    if known is None:
        if len(_TITLE_LINES) >= _MOST_WIDTHS:
            _TITLE_LINES.clear()
        known = _TITLE_LINES[width, most] = {}
    return known


def _title_lines(title: object, width: int, most: int, known: dict[str, int]) -> int:
    if type(title) is not str:
        return len(wrap_words(safe(title), width, most))
    if len(title) <= width and title.isprintable():
        return 1
    lines = known.get(title)
    if lines is None:
        if len(known) >= _MOST_TITLES:
            known.clear()
        lines = known[title] = len(wrap_words(safe(title), width, most))
    return lines


def card_lines(action: dict, width: int, most: int, goal: str | None) -> int:
    """How many lines a card takes: its title wrapped, its deadline, and the goal it serves.
    (A big plan's first frame has blank cards past the first: no title.)"""
    title = action.get("title") or ""
    return _title_lines(title, width, most, _titles_at(width, most)) + 1 + bool(goal)


def card_heights(
    actions: Sequence[dict], width: int, most: int, goal_titles: dict[int, str]
) -> list[int]:
    """card_lines of a whole column at once: a move lays out two columns of 2,500 cards."""
    known = _titles_at(width, most)
    return [
        _title_lines(a.get("title") or "", width, most, known)
        + 1
        + bool(goal_titles.get(a.get("goal") or 0))
        for a in actions
    ]


def card_row(
    action: dict, goal_titles: dict[int, str], today: date, window: int, width: int, most: int
) -> Row:
    """A card `width` cells wide: up to `most` lines of title, then when it is due, then the
    goal it serves, each on its own line and cut only between words."""
    goal = goal_titles.get(action.get("goal") or 0)

    def draw(_shown_width: int, a=action) -> list[Text]:
        title = wrap_words(safe(a.get("title")), width, most)
        lines = [Text(line, style="bold") for line in title]  # where each card starts
        due = deadline_text(a, "action", today, window)
        mark = 2 if a.get("recur") else 0  # " ↻" after the date of a repeating card
        line = Text(" ") + Text(fit_due(due.plain, width - 1 - mark), style=due.style)
        if mark:  # and the rule in words, as much as fits
            from careerplan.store.recurrence import describe

            said = describe(a["recur"])
            shown = fit_words(said, width - line.cell_len - 3)
            whole_words = shown.removesuffix("…").split()
            if not whole_words or whole_words != said.split()[: len(whole_words)]:
                shown = ""  # one word cut in two says nothing: the ↻ alone
            line.append(" ↻" + (" " + shown if shown else ""))
        lines.append(line)
        if goal:
            lines.append(Text(" → " + fit_words(safe(goal), width - 3), style="dim"))
        return lines

    height = card_lines(action, width, most, goal)
    return Row(("action", action["id"]), draw, height=height, data=action)


SCROLLBAR = 2  # a DataTable's vertical scrollbar, Textual's default width


def widest_line(text: Text) -> int:
    return max(cell_len(line) for line in text.plain.split("\n"))


def cut_lines(text: Text, width: int) -> Text:
    """Each line of `text` no wider than `width`, ending with "…" where it was cut."""
    if widest_line(text) <= width:
        return text
    lines = text.split("\n")
    for line in lines:
        line.truncate(width, overflow="ellipsis")
    return Text("\n").join(lines)

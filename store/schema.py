"""The plan's record kinds and their fields: one table that validation, forms and export share."""

from __future__ import annotations

from typing import Any, NamedTuple

from careerplan.store.shapes import Record

TITLE_MAX = 10_000
NOTE_MAX = 100_000

HORIZONS = ("1y", "3y", "5y", "10y")
TERMS = ("short", "long")
PATHS = ("grow_in_role", "internal_move", "another_employer", "career_transition")
GOAL_STATUSES = ("draft", "active", "achieved", "dropped")
REQUIREMENT_KINDS = (
    "skill",
    "qualification",
    "certification",
    "education",
    "experience",
    "tool",
    "network",
)
CLOSES_BY = (
    "training",
    "certification",
    "education",
    "new_skill",
    "new_tool",
    "mentor",
    "project",
    "networking",
)
GAP_STATUSES = ("open", "closing", "closed")
COLUMNS = ("backlog", "todo", "doing", "done")
ACTION_KINDS = ("training", "course", "conference", "expert", "mentor", "reading", "project")
REFLECTION_KINDS = ("strength", "excel_at", "love_doing", "motivator", "struggle")
RATING_SOURCES = ("self", "mentor", "manager")
PERSON_ROLES = ("mentor", "manager", "coach", "connection")
MILESTONE_KINDS = (
    "new_job",
    "promotion",
    "excellent_review",
    "certification",
    "new_connection",
    "goal_achieved",
)
CADENCES = ("weekly", "biweekly", "monthly", "quarterly")


class Field(NamedTuple):
    """One field of a kind; `type`: text, note, int, number, date, choice, ref, bool, list,
    rrule (a repeating rule, store/recurrence.py)."""

    name: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    ref: tuple[str, ...] = ()
    default: object = None
    label: str = ""
    lines: int = 1  # lines its editor shows: notes are written as paragraphs, not one line

    @property
    def caption(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()


class Kind(NamedTuple):
    """A record kind: its table, the field that names a record, and its fields."""

    name: str
    title_field: str
    fields: tuple[Field, ...]
    step: int

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")


def _f(name: str, type: str = "text", **kw: Any) -> Field:
    return Field(name, type, **kw)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "position",
            "title",
            (
                _f("title", required=True),
                _f("level"),
                _f("employer"),
                _f("since", "date"),
                _f("until", "date"),
                _f("current", "bool", default=True),
            ),
            1,
        ),
        Kind(
            "experience",
            "role",
            (
                _f("role", required=True),
                _f("org"),
                _f("start", "date"),
                _f("end", "date"),
                _f("highlights", "note", lines=4),
            ),
            1,
        ),
        Kind(
            "reflection",
            "text",
            (
                _f("kind", "choice", required=True, choices=REFLECTION_KINDS),
                _f("text", "note", required=True),
            ),
            1,
        ),
        Kind(
            "skill",
            "name",
            (
                _f("name", required=True),
                _f("category"),
                _f("level", "int", low=1, high=5, required=True, default=1),
                _f("evidence", "note", lines=3),
            ),
            1,
        ),
        Kind(
            "skill_rating",
            "source",
            (
                _f("skill", "ref", required=True, ref=("skill",)),
                _f("date", "date", required=True),
                _f("level", "int", low=1, high=5, required=True),
                _f("source", "choice", choices=RATING_SOURCES, default="self"),
            ),
            1,
        ),
        Kind(
            "vision",
            "target_title",
            (_f("target_title", required=True), _f("dream_job", "note")),
            2,
        ),
        Kind(
            "goal",
            "title",
            (
                _f("title", required=True),
                _f("horizon", "choice", choices=HORIZONS, default="1y"),
                _f("term", "choice", choices=TERMS, default="short"),
                _f("path", "choice", choices=PATHS, default="grow_in_role"),
                _f("specific", "note", label="Specific: what exactly"),
                _f("measure", label="Measure"),
                _f("baseline", "number"),
                _f("target", "number"),
                _f("current", "number"),
                _f("achievable", "note", label="Achievable: how it can be done"),
                _f("realistic", "note", label="Realistic: why it fits my life and path now"),
                _f("deadline", "date"),
                _f("confidence", "int", low=1, high=10),
                _f("ask_mentor", "bool", label="Ask my mentor about it"),
                _f("status", "choice", choices=GOAL_STATUSES, default="active"),
            ),
            2,
        ),
        Kind(
            "gap",
            "name",
            (
                _f("name", required=True),
                _f("goal", "ref", ref=("goal",)),
                _f("skill", "ref", ref=("skill",), label="Skill it measures"),
                _f("requirement", "choice", choices=REQUIREMENT_KINDS, default="skill"),
                _f("required_level", "int", low=0, high=5, default=3),
                _f("current_level", "int", low=0, high=5, default=1),
                _f("closes_by", "choice", choices=CLOSES_BY, default="training"),
                _f("priority", "int", low=1, high=5, default=3),
                _f("status", "choice", choices=GAP_STATUSES, default="open"),
            ),
            3,
        ),
        Kind(
            "action",
            "title",
            (
                _f("title", required=True),
                _f("column", "choice", choices=COLUMNS, default="backlog"),
                _f("order", "number", default=0),
                _f("goal", "ref", ref=("goal",)),
                _f("gap", "ref", ref=("gap",)),
                _f("kind", "choice", choices=ACTION_KINDS),
                _f("specific", "note", label="Specific: what exactly"),
                _f("measure"),
                _f("target"),
                _f("effort_hours", "number", low=0),
                _f("deadline", "date"),
                _f("cost", "number", low=0),
                _f("link", label="Link: a course page, a ticket"),
                _f("notes", "note", lines=4),
                _f("ask_mentor", "bool", label="Ask my mentor about it"),
                _f("recur", "rrule", label="Repeats: weekly, every 2nd Tuesday, monthly…"),
                _f("session", "ref", ref=("session",), label="Agreed in the 1:1 of"),
                _f("recur_from", "date"),
                _f("occurrence_of", "ref", ref=("action",)),
                _f("started_at", "date"),
                _f("done_at", "date"),
                _f("moved_at", "date"),
            ),
            4,
        ),
        Kind(
            "budget",
            "year",
            (
                _f("year", "int", required=True, low=1900, high=9999),
                _f("amount", "number", required=True, low=0),
                _f("currency", default="EUR"),
            ),
            4,
        ),
        Kind(
            "person",
            "name",
            (
                _f("name", required=True),
                _f("role", "choice", choices=PERSON_ROLES, default="mentor"),
                _f("cadence", "choice", choices=CADENCES),
                _f("rhythm", "rrule", label="Meeting rhythm: every 2nd Tuesday, monthly…"),
                _f("reach", label="How to reach them"),
                _f("helps_with", label="What they help me with"),
                _f("notes", "note", lines=4),
            ),
            4,
        ),
        Kind(
            "session",
            "date",
            (
                _f("date", "date", required=True),
                _f("person", "ref", ref=("person",), required=True),
                _f("notes", "note", lines=4),
                _f("agreed", "note", lines=3, label="What we agreed: one next step a line"),
            ),
            4,
        ),
        Kind(
            "milestone",
            "title",
            (
                _f("title", required=True),
                _f("kind", "choice", choices=MILESTONE_KINDS, default="goal_achieved"),
                _f("date", "date"),
                _f("celebrated", "bool", default=False),
                _f("goal", "ref", ref=("goal",)),
            ),
            5,
        ),
        Kind("win", "text", (_f("text", "note", required=True), _f("date", "date")), 5),
        Kind(
            "review",
            "summary",
            (
                _f("date", "date", required=True),
                _f("with_whom"),
                _f("summary", "note"),
                _f("changed", "note"),
                _f("flags", "list"),
                _f("next_date", "date"),
            ),
            5,
        ),
        Kind(
            "settings",
            "name",
            (
                _f("name", default="settings"),
                _f("due_soon_days", "int", low=1, high=365, default=14),
                _f("stale_days", "int", low=1, high=3650, default=21),
                _f("review_cadence", "choice", choices=CADENCES),
                _f("review_weekday", "int", low=0, high=6, label="Review day (0 = Monday)"),
                _f("theme"),
                _f("onboarding", default=""),
            ),
            5,
        ),
    )
}


def settings_with_defaults(found: list[Record]) -> Record:
    """The plan's settings record (the first, should there be more) over every default."""
    defaults = {f.name: f.default for f in KINDS["settings"].fields}
    return defaults | (found[0] if found else {})

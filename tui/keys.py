"""Every key of the dashboard, by pane: the help screen shows this table and a test checks
that each key listed here is really bound."""

from __future__ import annotations

KEYS: list[tuple[str, str, str]] = [
    ("Everywhere", "tab / shift+tab", "next / previous pane"),
    ("Everywhere", "1 2 3 4", "Position, Goals, Gaps, Actions"),
    ("Everywhere", "↑ ↓ / j k", "move inside a pane"),
    ("Everywhere", "n", "new record in this pane"),
    ("Everywhere", "e / enter", "edit the selected record"),
    ("Everywhere", "d", "delete the selected record (u brings it back)"),
    ("Everywhere", "u", "undo the last change"),
    ("Everywhere", "r", "review: overdue, due soon, flags, milestones, progress"),
    ("Everywhere", "/", "filter cards by text (escape clears)"),
    ("Everywhere", "?", "this help"),
    ("Everywhere", "ctrl+p", "command palette: every action, jump to any goal, gap or card"),
    ("Everywhere", "q", "quit"),
    ("Actions", "← → / h l", "previous / next column"),
    ("Actions", "] / [", "move the card to the next / previous column"),
    ("Actions", "space", "mark the card done"),
    ("Actions", "shift+↑ / shift+↓ (K / J)", "reorder the card within its column"),
    ("Position", "n", "add a skill, strength, position, dream job or experience"),
    ("Position", "+ / -", "re-rate the selected skill (history kept)"),
    ("Review", "1 2 3 4 5 / tab", "Flags, Milestones, Log, Re-evaluate, Progress"),
    ("Review", "s", "reschedule the selected item (+1w, next friday ...)"),
    ("Review", "space", "done / achieved / celebrated"),
    ("Review", "w", "write today's review"),
    ("Review", "m", "log a milestone"),
    ("Review", "escape / r", "back to the dashboard"),
]

# The binding each listed key resolves to on the dashboard (checked by the tests).
DASHBOARD_KEYS = [
    "tab",
    "shift+tab",
    "1",
    "2",
    "3",
    "4",
    "n",
    "e",
    "enter",
    "d",
    "u",
    "r",
    "slash",
    "question_mark",
    "q",
    "right_square_bracket",
    "left_square_bracket",
    "space",
    "shift+up",
    "shift+down",
    "plus",
    "minus",
]

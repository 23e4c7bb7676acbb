"""The command palette: every action by name, and a jump to any goal, gap or card by title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from careerplan.tui.rows import safe

if TYPE_CHECKING:
    from careerplan.tui.app import CareerApp

ACTIONS = [
    ("New goal", "new('goal')", "add a goal"),
    ("New gap", "new('gap')", "add a gap"),
    ("New action", "new('action')", "add a card to the backlog"),
    ("New skill", "new('skill')", "add a skill to the self-assessment"),
    ("Learning budget", "budget", "set this year's learning budget (actions' costs count on it)"),
    ("Settings", "settings", "review rhythm and day, the due-soon window, stale cards"),
    ("Mentors", "mentors", "who I meet, our rhythm, the last and next 1:1, what we agreed"),
    ("Brief for my mentor", "brief", "one page before a 1:1: shown, and copied to the clipboard"),
    ("Undo", "undo", "undo this window's last change"),
    ("Redo", "redo", "make again what undo took back"),
    ("Review", "review", "overdue, due soon, flags, milestones, progress"),
    ("Help", "help", "every key"),
    ("Guided setup", "first_run", "walk through the five steps again"),
    ("Filter cards", "filter", "show only cards whose title holds some text"),
]


class PlanCommands(Provider):
    """Titles are user text: matched and shown as plain Content, never markup."""

    if TYPE_CHECKING:  # the app it serves, for the type checker only
        app: CareerApp

    def _targets(self) -> list[tuple[str, str, int]]:
        snapshot = self.app.plan.snapshot(events=False)
        found = []
        for kind, field in (("goal", "title"), ("gap", "name"), ("action", "title")):
            for record in snapshot.get(kind, []):
                found.append((kind, safe(record.get(field), 120), record["id"]))
        return found

    async def discover(self) -> Hits:
        for name, action, help_text in ACTIONS:
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in ACTIONS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
        for kind, title, record_id in self._targets():
            label = f"{kind}: {title}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    Content(label),
                    partial(self.app.jump_to, kind, record_id),
                    text=label,
                    help=f"jump to this {kind}",
                )

"""The installed `career` in a real terminal (tmux at 80x24), driven by keys as a person would."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from store.plan import Plan
from tests.tmux import CAREER, Tmux, have_tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not have_tmux(), reason="tmux is not installed"),
]


def env() -> dict:
    return {"TERM": "xterm-256color", "LANG": "C.UTF-8", "TEXTUAL_ANIMATIONS": "none"}


def test_add_move_quit_then_export(tmp_path):
    db = tmp_path / "plan.json"
    Plan(db).add("settings", onboarding="done")
    with Tmux(f"{CAREER} --db {db}", 80, 24, env()) as term:
        term.wait_for("To do (0)")
        term.send("n")
        term.wait_for("New action")
        term.type("Practise system design interviews")
        term.send("C-s")
        term.wait_for("To do (1)")
        term.wait_for("Practise")
        term.send("]")
        term.wait_for("Doing (1)")
        term.send("q")
        term.wait_exit()
    exported = subprocess.run(
        [CAREER, "export", "--format", "json", "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    actions = json.loads(exported.stdout)["action"].values()
    card = next(a for a in actions if a["title"] == "Practise system design interviews")
    assert card["column"] == "doing"


def test_demo_review_screen_shows_an_overdue_action(tmp_path):
    with Tmux(f"{CAREER} --demo", 80, 24, env()) as term:
        term.wait_for("Backlog")
        term.send("r")
        screen = term.wait_for("Overdue (")
        assert "Book the AWS exam" in screen and "days overdue" in screen
        term.send("Escape")
        term.wait_for("Backlog")
        term.send("q")
        term.wait_exit()


def test_glance_in_a_login_shell_is_plain_text(tmp_path):
    db = tmp_path / "plan.json"
    Plan(db).add("action", title="Soon", deadline="+2d", column="todo")
    done = subprocess.run(
        [CAREER, "glance", "--db", str(db)],
        capture_output=True,
        text=True,
        env={**os.environ, "TERM": "xterm"},
    )
    assert done.returncode == 0 and "Soon (due in 2 days)" in done.stdout
    assert "\x1b" not in done.stdout  # not a terminal: no colour codes

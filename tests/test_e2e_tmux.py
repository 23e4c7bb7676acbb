"""The installed `career` in a real terminal (tmux at 80x24), driven by keys as a person would."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from careerplan.store.plan import Plan
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
    with Tmux(f"{CAREER} --demo", 80, 24, {**env(), "TMPDIR": str(tmp_path)}) as term:
        term.wait_for("Backlog")
        term.send("r")
        screen = term.wait_for("Overdue (")
        assert "Book the AWS exam" in screen and "days overdue" in screen
        term.send("Escape")
        term.wait_gone("Overdue (")
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith("careerplan-demo-")]
        term.send("q")
        term.wait_exit()
    assert not list(tmp_path.glob("careerplan-demo-*")), "the demo's copy is left behind"


def back_to_the_board_and_quit(term: Tmux) -> None:
    """Escape, and `q` only once the board is back: sent at once they read as alt+q."""
    term.send("Escape")
    term.wait_for("To do (0)")
    term.send("q")
    term.wait_exit()


def test_a_review_written_in_the_terminal_reopens_from_the_log(tmp_path):
    """The review's "how is it going?" field was drawn above the dialog and never saved."""
    db = tmp_path / "plan.json"
    Plan(db).add("settings", onboarding="done", review_cadence="monthly")
    with Tmux(f"{CAREER} --db {db}", 80, 24, env()) as term:
        term.wait_for("To do (0)")
        term.send("r")
        term.wait_for("Flags")
        term.send("w")
        term.wait_for("How is it going?")
        term.type("Ana")
        term.send("Tab")
        term.type("calmer month, design doc merged")
        term.send("Tab")
        term.type("asked for the ledger project")
        term.send("Tab")
        term.type("+1m")
        term.send("Enter")
        term.wait_gone("How is it going?")
        term.send("3")
        term.wait_for("calmer month")
        term.send("Enter")
        screen = term.wait_for("asked for the ledger project")
        assert "calmer month, design doc merged" in screen and "Ana" in screen
        term.send("Escape")
        term.wait_gone("asked for the ledger project")
        back_to_the_board_and_quit(term)
    (written,) = Plan(db).records("review")
    assert written["summary"] == "calmer month, design doc merged"


def test_the_mentors_view_by_key_and_a_1_1_written_there(tmp_path):
    db = tmp_path / "plan.json"
    plan = Plan(db)
    plan.add("settings", onboarding="done")
    plan.add("person", name="Priya Raman", role="mentor", rhythm="every 2nd tuesday")
    with Tmux(f"{CAREER} --db {db}", 80, 24, env()) as term:
        term.wait_for("To do (0)")
        term.send("m")
        term.wait_for("every 2nd Tuesday")
        term.send("n")
        term.wait_for("Person")
        term.send("Tab", "Tab")
        term.type("Design reviews")
        term.send("C-s")
        term.wait_for("1:1 on")
        screen = term.wait_for("Design reviews")
        assert "last 1:1" in screen
        back_to_the_board_and_quit(term)
    (session,) = Plan(db).records("session")
    assert session["notes"] == "Design reviews"


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


def test_hostile_titles_send_no_control_sequence_to_the_terminal(tmp_path):
    db = tmp_path / "plan.json"
    plan = Plan(db)
    plan.add("settings", onboarding="done")
    plan.add("action", title="retitle \x1b]0;pwned\x07 now", column="todo")
    plan.add("action", title="clear \x1b[2J screen \x9b2J", column="todo")
    plan.add("action", title="[@click=app.quit]go[/]", column="todo")
    plan.add("action", title="bidi \u202eexe.txt c1 \x85 \x90dcs\x9c", column="todo")
    raw = tmp_path / "raw.bin"
    with Tmux(f"{CAREER} --db {db}", 100, 30, env()) as term:
        term.pipe_to(str(raw))
        title = term.title()
        term.wait_for("To do (4)")
        term.wait_for("retitle")
        term.wait_for("[@click=app.quit]")  # drawn as text, not run as a link (a frame may
        # reach tmux in pieces: waited for, not read from the screen "retitle" came on)
        term.send("down", "down", "enter")  # the detail of the card whose title looks like a link
        term.wait_for("History")
        term.send("e")  # and its form
        term.wait_for("Edit action")
        term.send("Escape")
        term.wait_gone("Edit action")  # the column's title shows above the form too
        assert term.title() == title
        term.send("q")
        term.wait_exit()
    data = raw.read_bytes()
    assert b"\x1b]0;pwned" not in data and b"pwned\x07" not in data
    assert b"\x1b[2J screen" not in data and b"\xc2\x9b" not in data
    assert b"bidi " in data and b"exe.txt" in data  # the card was drawn...
    for control in (b"\xe2\x80\xae", b"\xc2\x85", b"\xc2\x90", b"\xc2\x9c"):
        assert control not in data  # ...without its bidi override or C1 controls


@pytest.mark.parametrize("term_name", ["xterm", "screen", "linux"])
def test_other_terminals_at_80x24_and_60x20(tmp_path, term_name):
    db = tmp_path / "plan.json"
    Plan(db).add("action", title="Visible card", column="todo")
    Plan(db).add("settings", onboarding="done")
    for width, height in ((80, 24), (60, 20)):
        with Tmux(f"{CAREER} --db {db}", width, height, {**env(), "TERM": term_name}) as term:
            term.wait_for("Visible card")
            term.wait_for("Done (0)")  # the last column: nothing cut off on the right
            screen = term.wait_for("careerplan")
            assert screen.splitlines()[0].strip().startswith("careerplan")  # nor at the top
            term.send("2")
            term.wait_for("2 Goals")
            term.send("q")
            term.wait_exit()


def test_non_utf8_locale_gets_a_clear_warning():
    from careerplan.tui.cli import encoding_warning

    assert "not UTF-8" in encoding_warning({"LANG": "C", "LC_CTYPE": "C.UTF-8"})
    assert "not UTF-8" in encoding_warning({"LC_ALL": "POSIX"})
    assert encoding_warning({"LANG": "en_US.UTF-8"}) == ""
    assert encoding_warning({"LC_ALL": "C.utf8"}) == ""

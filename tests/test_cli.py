"""The `career` command line as scripts and login shells use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest

from careerplan.store.plan import Plan
from careerplan.store.schema import KINDS
from careerplan.tui.cli import main

HOSTILE = "Read \x1b]0;pwned\x07 book \x1b[2J [bold]now[/] \u202e"


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "plan.json"
    monkeypatch.setenv("CAREER_DB", str(path))
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_prints_the_id_alone_and_ids_chain(db, capsys):
    code, goal_id, _ = run(capsys, "add", "goal", "Staff engineer", "--horizon", "3y")
    assert code == 0 and goal_id.strip().isdigit() and goal_id.endswith("\n")
    code, gap_id, _ = run(
        capsys,
        "add",
        "gap",
        "System design",
        "--goal",
        goal_id.strip(),
        "--required",
        "4",
        "--current",
        "2",
    )
    code, action_id, _ = run(
        capsys,
        "add",
        "action",
        "Course",
        "--goal",
        goal_id.strip(),
        "--gap",
        gap_id.strip(),
        "--due",
        "+2w",
        "--cost",
        "400",
    )
    assert code == 0
    plan = Plan(db)
    action = plan.get("action", int(action_id))
    assert action["goal"] == int(goal_id) and action["gap"] == int(gap_id)
    assert action["deadline"] == (date.today() + timedelta(weeks=2)).isoformat()
    assert action["cost"] == 400
    assert plan.get("gap", int(gap_id))["required_level"] == 4


def test_move_and_done_change_the_file(db, capsys):
    _, action_id, _ = run(capsys, "add", "action", "Mentor chat")
    assert run(capsys, "move", action_id.strip(), "doing")[0] == 0
    assert Plan(db).get("action", int(action_id))["column"] == "doing"
    assert run(capsys, "done", action_id.strip())[0] == 0
    action = Plan(db).get("action", int(action_id))
    assert action["column"] == "done" and action["done_at"] == date.today().isoformat()
    assert run(capsys, "undo")[0] == 0
    assert Plan(db).get("action", int(action_id))["column"] == "doing"


def test_review_json_contract_and_exit_status(db, capsys):
    _, soon, _ = run(capsys, "add", "action", "Soon", "--due", "+3d")
    code, out, _ = run(capsys, "review", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["overdue"] == []
    assert report["due_soon"][0] == {
        "id": int(soon),
        "kind": "action",
        "title": "Soon",
        "deadline": (date.today() + timedelta(days=3)).isoformat(),
        "days": 3,
    }
    _, late, _ = run(capsys, "add", "goal", "Late", "--due=5 days ago")
    code, out, _ = run(capsys, "review", "--json")
    assert code == 1
    overdue = json.loads(out)["overdue"]
    assert [(o["id"], o["kind"], o["days"]) for o in overdue] == [(int(late), "goal", 5)]
    code, out, _ = run(capsys, "review")
    assert code == 1 and "Late" in out and "5 days overdue" in out


def test_review_days_window(db, capsys):
    run(capsys, "add", "action", "In three weeks", "--due", "+3w")
    assert json.loads(run(capsys, "review", "--json")[1])["due_soon"] == []
    assert len(json.loads(run(capsys, "review", "--json", "--days", "30")[1])["due_soon"]) == 1


@pytest.mark.parametrize(
    "argv, message",
    [
        (["add", "goal", "   "], "title cannot be empty"),
        (["add", "goal", "x", "--due", "31 Mar"], "has no year"),
        (["add", "goal", "x", "--due", "someday"], "cannot read 'someday' as a date"),
        (["add", "action", "x", "--goal", "999"], "no goal has id 999"),
        (["add", "action", "x", "--horizon", "3y"], "--horizon does not apply to an action"),
        (["add", "gap", "x", "--required", "9"], "outside 0–5"),
        (["done", "999"], "no plan at"),
        (["review"], "no plan at"),
    ],
)
def test_user_mistakes_are_one_clear_line(db, capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and err.startswith("career: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert not db.exists() or Plan(db).records("goal") == []


def test_a_record_of_another_kind_is_named_in_plain_english(db, capsys):
    _, position, _ = run(capsys, "add", "position", "Engineer")
    code, _, err = run(capsys, "move", position.strip(), "doing")
    assert code == 2 and err == f"career: {position.strip()} is a position, not an action\n"


def test_control_characters_never_reach_the_terminal(db, capsys):
    _, action_id, _ = run(capsys, "add", "action", HOSTILE, "--due", "tomorrow")
    assert Plan(db).get("action", int(action_id))["title"] == HOSTILE  # stored as data
    outputs = [
        run(capsys, "glance")[1],
        run(capsys, "review")[1],
        run(capsys, "move", action_id.strip(), "doing")[1],
        run(capsys, "export", "--format", "markdown")[1],
        run(capsys, "done", action_id.strip())[1],
    ]
    for out in outputs:
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "Read" in out


def test_corrupt_plan_is_a_clear_error_and_untouched(db, capsys):
    db.write_bytes(b'{"goal": {"1": {"title": "x"')
    before = db.read_bytes()
    for argv in (["glance"], ["add", "goal", "y"], ["review"]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and "is not a readable plan" in err and str(db) in err
    assert db.read_bytes() == before


def test_export_import_round_trip_and_refusal(db, tmp_path, capsys):
    goal = run(capsys, "add", "goal", "G [x] \u00e9", "--due", "+1y")[1].strip()
    run(capsys, "add", "action", HOSTILE, "--goal", goal, "--due", "+1w")
    exported = tmp_path / "export.json"
    assert run(capsys, "export", "-o", str(exported))[0] == 0
    other = tmp_path / "other.json"
    assert run(capsys, "import", str(exported), "--db", str(other))[0] == 0
    again = json.loads(run(capsys, "export", "--db", str(other))[1])
    first = json.loads(exported.read_text(encoding="utf-8"))
    assert {k: again.get(k) for k in KINDS} == {k: first.get(k) for k in KINDS}  # the plan
    history = list(again["event"].values())  # its history, then the import as one event
    assert history[:-1] == list(first["event"].values()) and history[-1]["op"] == "import"
    code, _, err = run(capsys, "import", str(exported), "--db", str(other))
    assert code == 2 and "--replace" in err
    assert run(capsys, "import", str(exported), "--db", str(other), "--replace")[0] == 0
    garbage = tmp_path / "garbage.json"
    garbage.write_text("[1, 2]")
    code, _, err = run(capsys, "import", str(garbage), "--db", str(tmp_path / "new.json"))
    assert code == 2 and "not a careerplan JSON export" in err


def test_ics_has_one_vtodo_per_action_with_a_deadline(db, capsys):
    from icalendar import Calendar

    run(capsys, "add", "action", "With deadline", "--due", "+1w")
    run(capsys, "add", "action", "Also", "--due", "2027-03-31")
    run(capsys, "add", "action", "No deadline")
    code = main(["export", "--format", "ics", "-o", str(db.parent / "plan.ics")])
    assert code == 0
    calendar = Calendar.from_ical((db.parent / "plan.ics").read_bytes())
    todos = [c for c in calendar.walk() if c.name == "VTODO"]
    assert sorted(str(t["summary"]) for t in todos) == ["Also", "With deadline"]
    due = {str(t["summary"]): t.decoded("due") for t in todos}
    assert due["Also"] == date(2027, 3, 31)


def test_help_describes_every_option(capsys):
    for argv, words in (
        ([], ["glance", "review", "add", "export", "import", "--db", "--demo"]),
        (["add"], ["goal", "gap", "action", "skill", "budget", "review", "KIND --help"]),
        (["add", "action"], ["--due", "--goal", "--gap", "--column", "--cost", "backlog, todo"]),
        (["add", "goal"], ["--horizon", "one of 1y, 3y, 5y, 10y", "--deadline", "1 to 10"]),
        (["review"], ["--json", "--days", "Exit status 1"]),
        (["export"], ["--format", "--output"]),
    ):
        with pytest.raises(SystemExit) as stop:
            main([*argv, "--help"])
        assert stop.value.code == 0
        out = capsys.readouterr().out
        for word in words:
            assert word in out, (argv, word)


def _run_career(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    script = os.path.join(os.path.dirname(sys.executable), "career")
    return subprocess.run([script, *argv], capture_output=True, text=True, env=env, timeout=60)


def test_installed_command_version_and_default_path(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CAREER_DB"}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    assert _run_career("--version", env=env).stdout.startswith("careerplan ")
    where = _run_career("where", env=env).stdout.strip()
    assert where == str(tmp_path / "data" / "careerplan" / "plan.json")
    added = _run_career("add", "goal", "First", env=env)
    assert added.returncode == 0, added.stderr
    assert os.stat(where).st_mode & 0o777 == 0o600
    assert os.stat(os.path.dirname(where)).st_mode & 0o777 == 0o700


def test_glance_and_store_never_import_textual(tmp_path):
    path = tmp_path / "plan.json"
    Plan(path).add("goal", title="g", deadline="+1w")
    code = (
        "import importlib, pkgutil, sys; import careerplan.store as store;"
        "from careerplan.tui.cli import main;"
        "found = pkgutil.walk_packages(store.__path__, 'careerplan.store.');"
        "[importlib.import_module(m.name) for m in found];"
        f"main(['glance', '--db', {str(path)!r}]); main(['review', '--db', {str(path)!r}]);"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')];"
        "assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode in (0,), done.stderr
    assert "g" in done.stdout


def test_glance_leaves_the_costly_standard_modules_unloaded(tmp_path):
    """dataclasses brings inspect, ast, dis and tokenize: ~5 ms of a ~50 ms `career glance`
    (a table's kept text was a dataclass, and glance paid for it)."""
    path = tmp_path / "plan.json"
    Plan(path).add("goal", title="g", deadline="+1w")
    code = (
        "import sys; from careerplan.tui.cli import main;"
        f"main(['glance', '--db', {str(path)!r}]);"
        "bad = [m for m in ('dataclasses', 'inspect', 'ast') if m in sys.modules];"
        "assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_plan_folder_that_cannot_be_made_is_one_clear_line(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, out, err = run(capsys, "add", "action", "x", "--db", str(blocker / "sub" / "plan.json"))
    assert code == 2 and out == ""
    assert err.startswith("career: cannot open") and "cannot be reached or made" in err
    assert "Traceback" not in err


def test_every_kind_is_added_shown_listed_and_edited(db, capsys):
    """Each kind the dashboard makes, from a shell: its --help lists its fields, the record
    it makes shows in `show --json`, in `list`, and changes with `edit`."""
    from careerplan.tui.records_cli import addable

    made = {}
    values = {
        "position": ["Senior engineer", "--since", "2024-03-01", "--level", "L5"],
        "experience": ["Engineer", "--org", "Northwind", "--start", "2020-01-01"],
        "reflection": ["Turning vague problems into designs", "--type", "strength"],
        "skill": ["System design", "--level", "3"],
        "vision": ["Staff engineer", "--dream-job", "Set technical direction"],
        "goal": ["Staff engineer", "--horizon", "3y", "--due", "2029-12-31"],
        "gap": ["Design reviews", "--required", "4", "--current", "2"],
        "action": ["Book the exam", "--due", "+2w", "--cost", "300", "--column", "todo"],
        "budget": ["2027", "--amount", "2500", "--currency", "EUR"],
        "person": ["Priya", "--role", "mentor", "--cadence", "weekly"],
        "session": ["today", "--person", "PERSON", "--notes", "talked about design reviews"],
        "milestone": ["Promoted", "--type", "promotion"],
        "win": ["My RFC was adopted"],
        "review": ["--summary", "good month", "--with-whom", "Ana"],
        "settings": ["--due-soon-days", "10"],
    }
    assert sorted(values) == sorted(addable())
    for kind, argv in values.items():
        with pytest.raises(SystemExit):
            main(["add", kind, "--help"])
        assert "--db" in capsys.readouterr().out
        argv = [str(made["person"]) if a == "PERSON" else a for a in argv]
        code, out, err = run(capsys, "add", kind, *argv)
        assert code == 0 and out.strip().isdigit(), (kind, err)
        made[kind] = int(out)
        code, out, _ = run(capsys, "show", out.strip(), "--json")
        assert code == 0 and json.loads(out)["kind"] == kind
    listed = run(capsys, "list")[1]
    assert all(f"{made[k]:>6}  {k}" in listed for k in made), listed
    code, out, _ = run(capsys, "edit", str(made["budget"]), "amount=3000")
    assert code == 0 and Plan(db).get("budget", made["budget"])["amount"] == 3000
    code, _, err = run(capsys, "edit", str(made["budget"]), "amout=3000")
    assert code == 2 and "did you mean amount?" in err
    code, out, _ = run(capsys, "list", "action", "--column", "todo", "--json")
    assert [r["record"]["title"] for r in json.loads(out)] == ["Book the exam"]


def test_dates_say_what_they_lack_and_a_past_date_follows_its_option(db, capsys):
    code, _, err = run(capsys, "add", "action", "x", "--due", "1w")
    assert code == 2 and "did you mean +1w" in err
    code, out, _ = run(capsys, "add", "action", "Late", "--due", "-3d")
    assert code == 0
    assert Plan(db).get("action", int(out))["deadline"] < date.today().isoformat()
    code, _, err = run(capsys, "add", "action", "x", "--due", "01/02/2027")
    assert code == 2 and "ambiguous" in err


def test_no_color_counts_only_when_set_and_not_empty(monkeypatch):
    from careerplan.tui.glance import Style

    class Terminal:
        encoding = "utf-8"

        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("NO_COLOR", "")
    assert Style(Terminal()).on
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Style(Terminal()).on


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_glance_fits_the_width_and_wraps_at_words(demo_path, capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _ = run(capsys, "glance", "--db", str(demo_path))
    assert code == 0
    lines = out.splitlines()
    assert lines and all(len(line) <= columns for line in lines), columns
    wide = json.loads(run(capsys, "glance", "--json", "--db", str(demo_path))[1])
    words = {w for g in sum(wide["goals"].values(), []) for w in g["title"].split()}
    words |= {w for i in wide["overdue"] + wide["due_soon"] for w in i["title"].split()}
    for line in lines:  # every word shown is a whole word, or one cut with "…"
        for word in line.replace("(", " ").replace(")", " ").split():
            if word[-1].isalpha() and word.isalpha() and len(word) > 3:
                assert word in words or word.lower() in out.lower(), word


def test_glance_json_for_scripts(demo_path, capsys):
    code, out, _ = run(capsys, "glance", "--json", "--db", str(demo_path))
    facts = json.loads(out)
    assert code == 0 and facts["position"]["title"] == "Senior Software Engineer"
    assert sum(facts["board"].values()) == 22 and facts["budget"]["amount"] == 2500
    assert {"id", "kind", "title", "deadline", "days"} <= set(facts["overdue"][0])


def test_glance_wraps_a_long_line_between_words():
    from careerplan.tui.glance import fitted

    line = "Now     " + " ".join(f"word{n}" for n in range(40))
    wrapped = fitted([line], 50).splitlines()
    assert all(len(piece) <= 50 for piece in wrapped)
    assert " ".join(" ".join(piece.split()) for piece in wrapped) == " ".join(line.split())


@pytest.mark.parametrize(
    ("argv", "meant"),
    [(["reveiw"], "review"), (["move", "3", "doin"], "doing"), (["add", "goall", "x"], "goal")],
)
def test_a_mistyped_command_kind_or_column_gets_did_you_mean(capsys, argv, meant):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert f"did you mean {meant}?" in capsys.readouterr().err


def test_help_topics(capsys):
    for topic, words in (
        ("dates", "01/02/2027 is refused as ambiguous"),
        ("smart", "Realistic (why it fits"),
        ("file", "never written over"),
        ("keys", "redo it"),
    ):
        code, out, _ = run(capsys, "help", topic)
        assert code == 0 and words in " ".join(out.split()), topic


def test_quiet_leaves_out_what_was_done_but_not_what_scripts_read(db, capsys):
    code, out, err = run(capsys, "add", "action", "x", "--quiet")
    assert code == 0 and out.strip().isdigit() and err == ""  # no "made a new plan"
    code, out, _ = run(capsys, "move", out.strip(), "doing", "-q")
    assert code == 0 and out == ""
    code, out, _ = run(capsys, "undo", "--quiet")
    assert code == 0 and out == ""


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("career rev", {"review"}),
        ("career add go", {"goal"}),
        ("career move 3 do", {"doing", "done"}),
    ],
)
def test_the_shell_completes_commands_kinds_and_columns(line, offered):
    script = os.path.join(os.path.dirname(sys.executable), "career")
    env = {**os.environ, "_ARGCOMPLETE": "1", "COMP_LINE": line, "COMP_POINT": str(len(line))}
    done = subprocess.run(
        ["bash", "-c", f"{script} 8>&1 9>&2 1>/dev/null 2>/dev/null"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert set(done.stdout.replace("\x0b", " ").split()) == offered

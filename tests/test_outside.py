"""Nothing from outside the app can break the plan: hostile imports, hand edits, backups with
lying names, odd paths, and a bug's exit. Each case was seen breaking something before."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerplan.store.backup import backups, make_backup, newest_good_backup
from careerplan.store.consistency import problems
from careerplan.store.demo import build_demo
from careerplan.store.errors import CorruptPlanError, PlanError
from careerplan.store.plan import Plan
from careerplan.store.schema import KINDS
from careerplan.tui.cli import main
from tests.tui_helpers import TODAY

CAREER = os.path.join(os.path.dirname(sys.executable), "career")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def export_text(tmp_path_factory) -> str:
    """The demo plan as `career export --format json` writes it."""
    path = tmp_path_factory.mktemp("demo") / "plan.json"
    build_demo(Plan(path, today=lambda: TODAY), TODAY)
    from careerplan.store.export_json import export_json

    return export_json(Plan(path))


def tables(path) -> dict:
    return {kind: Plan(path).snapshot(events=False)[kind] for kind in KINDS}


# -- imports ----------------------------------------------------------------------------------

HOSTILE_VALUES = [
    ["a", "list"],
    {"an": "object"},
    "abc",
    10**400,
    -1,
    1e300,
    True,
    "2027-02-29",
    "\ud800 lone",
    "x" * 200_000,
    "",
    None,
]
NAN = "__NaN__"  # written raw as NaN


def hostile_document(base: str, table: str, key: str, field: str, value) -> str:
    document = json.loads(base)
    document[table][key][field] = NAN if value is NAN else value
    text = json.dumps(document, ensure_ascii=True, allow_nan=True)
    return text.replace(f'"{NAN}"', "NaN")


def every_command_works(capsys, db) -> None:
    for argv in (
        ["glance"],
        ["review", "--json"],
        ["review"],
        ["export", "--format", "markdown"],
        ["export", "--format", "ics"],
        ["export", "--format", "json"],
    ):
        code, _, err = run(capsys, *argv, "--db", str(db))
        assert code in (0, 1), (argv, err)
    assert problems(Plan(db)) == []


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_hostile_import_is_refused_whole_or_everything_still_works(
    export_text, tmp_path_factory, capsys, data
):
    base = json.loads(export_text)
    table = data.draw(st.sampled_from(sorted(k for k in KINDS if base.get(k))))
    key = data.draw(st.sampled_from(sorted(base[table])))
    fields = [f.name for f in KINDS[table].fields] + ["id", "unknown_field"]
    field = data.draw(st.sampled_from(fields))
    value = data.draw(st.sampled_from([*HOSTILE_VALUES, NAN]))
    folder = tmp_path_factory.mktemp("import")
    source = folder / "export.json"
    source.write_text(hostile_document(export_text, table, key, field, value))
    db = folder / "plan.json"
    Plan(db).add("goal", title="Mine, before the import")
    before = db.read_bytes()
    code, _, err = run(capsys, "import", str(source), "--replace", "--db", str(db))
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        assert "was not imported" in err and db.read_bytes() == before
    else:
        every_command_works(capsys, db)


@pytest.mark.parametrize(
    ("table", "field", "value", "said"),
    [
        ("action", "title", ["a", "list"], "title is a list, not text"),
        ("settings", "due_soon_days", "abc", "due_soon_days 'abc' is not a whole number"),
        ("action", "cost", 10**400, "cost"),
        ("action", "deadline", "2027-02-29", "'2027-02-29' is not a day of the calendar"),
        ("action", "title", "\ud800", "lone surrogate"),
        ("action", "cost", NAN, "NaN is not a number JSON allows"),
        ("action", "column", "archive", "'archive' is not one of backlog, todo, doing, done"),
        ("action", "goal", 99999, "goal 99999 is no goal"),
    ],
)
def test_each_bad_field_is_named_and_the_plan_is_untouched(
    export_text, tmp_path, capsys, table, field, value, said
):
    key = sorted(json.loads(export_text)[table])[0]
    source = tmp_path / "export.json"
    source.write_text(hostile_document(export_text, table, key, field, value))
    db = tmp_path / "plan.json"
    Plan(db).add("goal", title="Mine")
    before = db.read_bytes()
    code, out, err = run(capsys, "import", str(source), "--replace", "--db", str(db))
    assert code == 2 and out == "" and said in err, err
    assert db.read_bytes() == before


def test_many_bad_records_are_listed_twenty_then_counted(export_text, tmp_path, capsys):
    document = json.loads(export_text)
    for record in document["action"].values():
        record["deadline"] = "soon"
    source = tmp_path / "export.json"
    source.write_text(json.dumps(document))
    code, _, err = run(capsys, "import", str(source), "--db", str(tmp_path / "plan.json"))
    lines = err.splitlines()
    assert code == 2 and lines[0].endswith("22 problems:")
    assert len([line for line in lines if "deadline 'soon' is not a date" in line]) == 20
    assert lines[-1].strip() == "and 2 more"


def test_schema_nesting_and_a_crafted_event_are_refused(export_text, tmp_path, capsys):
    db = tmp_path / "plan.json"
    Plan(db).add("goal", title="Mine")
    before = db.read_bytes()
    cases = {}
    document = json.loads(export_text)
    document["meta"]["1"]["schema"] = -1
    cases["schema"] = (json.dumps(document), "schema -1 is not a version number")
    document = json.loads(export_text)
    first = sorted(document["action"])[0]
    document["action"][first]["title"] = "NESTED"
    nested = json.dumps(document).replace('"NESTED"', "[" * 985 + "]" * 985)
    cases["nested"] = (nested, "title is a list, not text|nested too deeply")
    document = json.loads(export_text)
    event = next(iter(document["event"].values()))
    event["changes"] = [{"kind": "meta", "id": 1, "before": {"schema": 99}, "after": None}]
    cases["event"] = (json.dumps(document), "is not one of a record of the plan")
    for name, (text, said) in cases.items():
        source = tmp_path / f"{name}.json"
        source.write_text(text)
        code, _, err = run(capsys, "import", str(source), "--replace", "--db", str(db))
        assert code == 2 and any(part in err for part in said.split("|")), (name, err)
        assert db.read_bytes() == before


def test_a_lowered_next_id_never_reuses_an_id(export_text, tmp_path, capsys):
    document = json.loads(export_text)
    document["meta"]["1"]["next_id"] = 49  # an action has id 49 in the demo
    source = tmp_path / "export.json"
    source.write_text(json.dumps(document))
    db = tmp_path / "plan.json"
    assert run(capsys, "import", str(source), "--db", str(db))[0] == 0
    taken = {r["id"] for kind in KINDS for r in Plan(db).records(kind)}
    new = int(run(capsys, "add", "action", "new card", "--db", str(db))[1])
    goal = int(run(capsys, "add", "goal", "new goal", "--db", str(db))[1])
    assert new not in taken and goal not in taken and new != goal
    assert problems(Plan(db)) == []


def test_markdown_export_prints_imported_text_as_text(tmp_path, capsys):
    from markdown_it import MarkdownIt

    db = tmp_path / "plan.json"
    plan = Plan(db)
    plan.add("skill", name="1. x", level=2)
    plan.add("skill", name="- y", level=2)
    plan.add("goal", title="<img src=x onerror=alert(1)> & [link](http://e)", deadline="+1w")
    plan.add("reflection", kind="strength", text="**bold** <b>b</b> &lt;i&gt;")
    code, out, _ = run(capsys, "export", "--format", "markdown", "--db", str(db))
    assert code == 0
    tokens = MarkdownIt().parse(out)
    kinds = {token.type for token in tokens}
    assert not kinds & {"html_block", "html_inline", "ordered_list_open"}
    nested = [t for t in tokens if t.type == "bullet_list_open" and t.level > 0]
    assert not nested, "a skill's name opened a list inside a list"
    inline = [c for t in tokens if t.type == "inline" for c in t.children or []]
    assert not [c for c in inline if c.type in ("link_open", "strong_open", "html_inline")]


def test_an_import_is_one_event_and_undo_brings_the_replaced_plan_back(
    export_text, tmp_path, capsys
):
    db = tmp_path / "plan.json"
    mine = Plan(db)
    mine.add("goal", title="Mine, before the import")
    mine.add("action", title="My card", column="todo")
    before = tables(db)
    source = tmp_path / "export.json"
    source.write_text(export_text)
    assert run(capsys, "import", str(source), "--replace", "--db", str(db))[0] == 0
    assert tables(db) != before
    code, out, _ = run(capsys, "undo", "--db", str(db))
    assert code == 0 and out.startswith("undid: imported")
    assert tables(db) == before
    # and on a new plan: undo empties it, then there is nothing before the import to undo
    fresh = tmp_path / "fresh.json"
    assert run(capsys, "import", str(source), "--db", str(fresh))[0] == 0
    assert run(capsys, "undo", "--db", str(fresh))[0] == 0
    assert all(not records for records in tables(fresh).values())
    assert run(capsys, "undo", "--db", str(fresh))[1] == "nothing to undo\n"


def test_a_hand_edited_bad_record_is_named_and_never_written_over(tmp_path, capsys):
    db = tmp_path / "plan.json"
    plan = Plan(db)
    card = plan.add("action", title="Book the exam", deadline="2027-02-01")
    text = db.read_text().replace('"deadline": "2027-02-01"', '"deadline": "2027-02-29"')
    db.write_text(text)
    for argv in (["glance"], ["review"], ["add", "goal", "x"], ["done", str(card["id"])]):
        code, out, err = run(capsys, *argv, "--db", str(db))
        assert code == 2 and "Traceback" not in err
        assert f"action {card['id']}: deadline '2027-02-29' is not a day of the calendar" in err
    assert db.read_text() == text


# -- backups ----------------------------------------------------------------------------------


def plant(path, name: str, when: float, text: bytes) -> str:
    planted = f"{path}.{name}.bak"
    with open(planted, "wb") as handle:
        handle.write(text)
    os.utime(planted, (when, when))
    return planted


def test_a_backup_dated_in_the_future_neither_stops_nor_shadows_todays(tmp_path):
    path = tmp_path / "plan.json"
    plan = Plan(path)
    plan.add("goal", title="x")
    future = time.time() + 30 * 86400
    planted = plant(path, "20991231T000000", future, b"{}")  # a clock once ahead
    plan.add("goal", title="the day's first change")
    made = [b for b in backups(str(path)) if b != planted]
    assert made and time.time() - os.stat(made[0]).st_mtime < 60
    assert newest_good_backup(str(path)) == made[0]


def test_ten_planted_backups_do_not_delete_todays(tmp_path):
    path = tmp_path / "plan.json"
    Plan(path).add("goal", title="x")
    for n in range(10):
        plant(path, f"2099010{n}T000000", time.time() + 86400 * (n + 1), b"{}")
    for old in [b for b in backups(str(path)) if "2099" not in b]:
        os.unlink(old)
    Plan(path).add("goal", title="today")  # today's backup, then pruning
    real = [b for b in backups(str(path)) if "2099" not in b]
    assert len(real) == 1 and time.time() - os.stat(real[0]).st_mtime < 60


def test_failed_imports_push_no_good_backup_out(export_text, tmp_path, capsys):
    db = tmp_path / "plan.json"
    Plan(db).add("goal", title="x")
    for day in range(10):  # ten good backups, one a day
        made = make_backup(str(db))
        os.utime(made, (time.time() - (day + 2) * 86400,) * 2)
    kept = set(backups(str(db)))
    bad = tmp_path / "bad.json"
    bad.write_text(export_text.replace('"column": "todo"', '"column": "archive"'))
    for _ in range(10):
        assert run(capsys, "import", str(bad), "--replace", "--db", str(db))[0] == 2
    assert kept <= set(backups(str(db)))


# -- paths ------------------------------------------------------------------------------------


def career(*argv, timeout: float = 30, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CAREER, *map(str, argv)], capture_output=True, text=True, timeout=timeout, **kwargs
    )


def test_only_a_regular_file_is_a_plan(tmp_path):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    done = career("glance", "--db", fifo)  # a hang here fails after 30 s
    assert done.returncode == 2 and "is a pipe (FIFO), not a plan file" in done.stderr
    done = career("add", "goal", "x", "--db", fifo)
    assert done.returncode == 2 and "is a pipe (FIFO), not a plan file" in done.stderr
    done = career("review", "--db", "/dev/zero")
    assert done.returncode == 2 and "is a character device" in done.stderr
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    done = career("add", "goal", "x", "--db", loop)
    assert done.returncode == 2 and "loop" in done.stderr and "Traceback" not in done.stderr
    long = tmp_path / ("x" * 300) / "plan.json"
    done = career("add", "goal", "x", "--db", long)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock.json"))
        done = career("glance", "--db", tmp_path / "sock.json")
    assert done.returncode == 2 and "is a socket" in done.stderr


def test_a_plan_read_from_a_pipe_is_refused(tmp_path, demo_path):
    done = subprocess.run(
        ["bash", "-c", f"{CAREER} glance --db <(cat {demo_path})"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2 and "not a plan file" in done.stderr


def test_a_second_hard_link_is_named(tmp_path):
    path = tmp_path / "plan.json"
    Plan(path).add("goal", title="x")
    os.link(path, tmp_path / "other.json")
    done = career("add", "goal", "y", "--db", path)
    assert done.returncode == 2 and "also other.json" in done.stderr


def test_no_plan_where_it_was_asked_for_is_said(tmp_path):
    missing = tmp_path / "typo.json"
    for argv in (["glance"], ["review"], ["export"], ["undo"], ["done", "3"]):
        done = career(*argv, "--db", missing)
        assert done.returncode == 2 and f"no plan at {missing}" in done.stderr, argv
    assert not missing.exists()
    done = career("add", "goal", "First", "--db", missing)
    assert done.returncode == 0 and done.stdout.strip().isdigit()
    assert done.stderr == f"career: made a new plan at {missing}\n"


def test_export_never_writes_over_the_plan_or_a_file_without_force(tmp_path, demo_path):
    before = demo_path.read_bytes()
    done = career("export", "--format", "markdown", "-o", demo_path, "--db", demo_path)
    assert done.returncode == 2 and "over the plan itself" in done.stderr
    link = tmp_path / "link.json"
    link.symlink_to(demo_path)
    done = career("export", "-o", link, "--force", "--db", demo_path)
    assert done.returncode == 2 and "over the plan itself" in done.stderr
    assert demo_path.read_bytes() == before
    out = tmp_path / "plan.md"
    out.write_text("mine")
    done = career("export", "--format", "markdown", "-o", out, "--db", demo_path)
    assert done.returncode == 2 and "--force" in done.stderr and out.read_text() == "mine"
    target = tmp_path / "real.md"
    target.write_text("old")
    pointer = tmp_path / "pointer.md"
    pointer.symlink_to(target)
    done = career("export", "--format", "markdown", "-o", pointer, "--force", "--db", demo_path)
    assert done.returncode == 0 and pointer.is_symlink() and "# Career plan" in target.read_text()


def test_dash_is_standard_input_and_output(tmp_path, demo_path):
    done = career("export", "-o", "-", "--db", demo_path)
    assert done.returncode == 0 and json.loads(done.stdout)["action"]
    assert not (tmp_path / "-").exists()
    other = tmp_path / "other.json"
    fed = career("import", "-", "--db", other, input=done.stdout)
    assert fed.returncode == 0 and "standard input" not in fed.stderr
    assert tables(other) == tables(demo_path)


def test_root_keeps_the_owner_of_someone_elses_plan(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root, as `sudo career add` runs")
    import pwd

    nobody = pwd.getpwnam("nobody")
    folder = tmp_path / "home"
    folder.mkdir()
    path = folder / "plan.json"
    Plan(path).add("goal", title="theirs")
    for name in os.listdir(folder):
        os.chown(folder / name, nobody.pw_uid, nobody.pw_gid)
    os.chown(folder, nobody.pw_uid, nobody.pw_gid)
    for name in os.listdir(folder):
        if name.endswith(".bak"):
            os.unlink(folder / name)  # so that root's change makes the day's backup
    assert career("add", "goal", "by root", "--db", path).returncode == 0
    owners = {name: os.stat(folder / name).st_uid for name in os.listdir(folder)}
    assert set(owners.values()) == {nobody.pw_uid}, owners
    assert any(name.endswith(".bak") for name in owners)


# -- a bug's exit -----------------------------------------------------------------------------


def test_a_bug_exits_70_with_its_traceback_beside_the_plan(tmp_path, capsys, monkeypatch):
    from careerplan.tui import cli

    db = tmp_path / "plan.json"
    Plan(db).add("goal", title="x")

    def broken(_args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(cli.COMMANDS, "glance", broken)
    code, _, err = run(capsys, "glance", "--db", str(db))
    log = tmp_path / "careerplan-crash.log"
    assert code == 70 and f"its traceback is in {log}" in err and err.count("\n") == 1
    assert "ZeroDivisionError: a bug" in log.read_text()
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600


async def test_a_bug_in_the_dashboard_is_kept_in_the_log_and_ends_non_zero(tmp_path):
    from careerplan.tui.app import CareerApp

    db = tmp_path / "plan.json"
    plan = Plan(db)
    plan.add("settings", onboarding="done")
    app = CareerApp(plan)

    def broken() -> None:
        raise ZeroDivisionError("a bug in a key")

    app.action_help = broken
    with pytest.raises(ZeroDivisionError):  # the pilot raises it again for the test
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
    assert app.return_code == 1 and isinstance(app.crashed, ZeroDivisionError)
    assert "a bug in a key" in (tmp_path / "careerplan-crash.log").read_text()


def test_a_dashboard_sees_a_bad_record_written_under_it(tmp_path):
    """Covered for garbage in test_tui_file_underneath; a sound JSON file with one bad record
    is refused the same way: named, kept out, never written over."""
    db = tmp_path / "plan.json"
    plan = Plan(db)
    plan.add("action", title="x", deadline="2027-01-31")
    text = db.read_text().replace("2027-01-31", "2027-02-30")
    db.write_text(text)
    with pytest.raises(CorruptPlanError, match="not a day of the calendar"):
        plan.reload()
    with pytest.raises(PlanError):
        plan.add("goal", title="refused")
    assert db.read_text() == text


def test_dates_that_exist(tmp_path):
    """2027-02-28 and 2028-02-29 are days; their neighbours are kept as typed."""
    plan = Plan(tmp_path / "plan.json")
    for day in (date(2027, 2, 28), date(2028, 2, 29)):
        assert plan.add("action", title="d", deadline=day.isoformat())["deadline"] == str(day)


def test_an_immutable_plan_and_a_vanished_folder_are_said_as_what_they_are(tmp_path):
    import shutil

    path = tmp_path / "plan.json"
    Plan(path).add("goal", title="x")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not possible here")
    try:
        done = career("add", "goal", "y", "--db", path)
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    assert done.returncode == 2 and "cannot be replaced (is it immutable" in done.stderr
    assert "read-only" not in done.stderr
    gone = tmp_path / "gone"
    gone.mkdir()
    plan = Plan(gone / "plan.json")
    plan.add("goal", title="x")
    shutil.rmtree(gone)
    with pytest.raises(PlanError, match="does not exist"):
        plan.add("goal", title="y")

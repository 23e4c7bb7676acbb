"""What a person trusts with years of notes: crashes, two writers, bad files, permissions."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from datetime import date

import pytest
from tinydb import where

from careerplan.store.backup import backups, make_backup
from careerplan.store.demo import build_big
from careerplan.store.errors import CorruptPlanError, NewerSchemaError, PlanWriteError
from careerplan.store.plan import Plan

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = dict(os.environ)


@pytest.mark.slow
def test_sigkill_during_writes_never_leaves_an_unreadable_plan(tmp_path):
    """At least 100 kills of a writer on a ~3 MB plan: the file always parses, the plan
    opens, and every acknowledged add is there."""
    path = tmp_path / "plan.json"
    build_big(Plan(path), date.today(), actions=3500, records=7000)
    assert os.path.getsize(path) > 2_500_000
    rng = random.Random(2026)
    acknowledged: set[int] = set()
    unreadable = 0
    trials = 100
    for _ in range(trials):
        writer = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "crash_writer.py"), str(path)],
            stdout=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        assert writer.stdout.readline().strip() == "ready"
        # The first add on a 3 MB plan takes ~120 ms (every record's line is rendered once),
        # later ones ~7 ms: the window reaches past the first, or a busy machine can leave
        # too few acknowledged adds to show the writer was killed mid-write.
        time.sleep(rng.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        acknowledged.update(int(line) for line in out.split() if line.isdigit())
        try:
            json.loads(path.read_bytes())
        except ValueError:
            unreadable += 1
            continue
        ids = {a["id"] for a in Plan(path).records("action")}
        assert acknowledged <= ids, acknowledged - ids
    assert unreadable == 0
    assert len(acknowledged) > trials  # the writer really was writing when killed
    Plan(path).add("goal", title="after the storm")  # and the stray temps are cleaned
    assert not [n for n in os.listdir(tmp_path) if ".tmp-" in n]


def _add_many(path: str, count: int, tag: str) -> None:
    code = (
        "import sys; from careerplan.store.plan import Plan; p = Plan(sys.argv[1]);"
        f"[p.add('action', title='{tag} ' + str(i)) for i in range({count})]"
    )
    subprocess.run([sys.executable, "-c", code, path], check=True, env=ENV)


@pytest.mark.slow
def test_four_processes_adding_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "plan.json")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from careerplan.store.plan import Plan; p = Plan(sys.argv[1]);"
                f"[p.add('action', title='w{w} ' + str(i)) for i in range(100)]",
                path,
            ],
            env=ENV,
            stderr=subprocess.PIPE,
        )
        for w in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    actions = Plan(path).records("action")
    titles = {a["title"] for a in actions}
    assert len(actions) == 400 and len(titles) == 400
    assert len({a["id"] for a in actions}) == 400


def test_an_open_plan_sees_another_instances_write(tmp_path):
    path = tmp_path / "plan.json"
    mine = Plan(path)
    mine.add("goal", title="mine")
    _add_many(str(path), 1, "theirs")
    assert mine.changed_on_disk()
    assert {a["title"] for a in mine.records("action")} == {"theirs 0"}
    mine.add("goal", title="mine too")  # a write after a reload keeps both
    assert {g["title"] for g in Plan(path).records("goal")} == {"mine", "mine too"}
    assert len(Plan(path).records("action")) == 1


def test_tinydb_queries_see_every_change_and_another_instances_write(tmp_path):
    path = tmp_path / "plan.json"
    mine = Plan(path)
    card = mine.add("action", title="write the talk", column="todo")
    assert mine.search("action", where("column") == "todo") == [card]
    mine.move(card["id"], "doing")
    assert mine.search("action", where("column") == "todo") == []
    _add_many(str(path), 2, "theirs")  # another process; TinyDB reads through our cache
    found = mine.search("action", where("title").matches("theirs"))
    assert sorted(a["title"] for a in found) == ["theirs 0", "theirs 1"]


CORRUPT = {
    "empty": b"",
    "null": b"null",
    "truncated": b'{\n"goal": {\n"1": {"id": 1, "title": "x"',
    "garbage": b"this is not json at all",
    "nul bytes": b"\x00\x00\x00\x00",
    "a list": b"[1, 2, 3]",
    "bad utf-8": b'{"goal": {"1": {"title": "\xff\xfe"}}}',
    "table not an object": b'{"goal": [1, 2]}',
    "record not an object": b'{"goal": {"1": "x"}}',
    "an id not a number": b'{"goal": {"1": {"id": 1}, "1b": {"id": 2}}}',
    "an empty id": b'{"goal": {"1": {"id": 1}, "": {"id": 2}}}',
}


@pytest.mark.parametrize("kind", CORRUPT, ids=list(CORRUPT))
def test_corrupt_files_are_refused_and_left_untouched(tmp_path, kind):
    path = tmp_path / "plan.json"
    path.write_bytes(CORRUPT[kind])
    with pytest.raises(CorruptPlanError) as caught:
        Plan(path).add("goal", title="x")
    assert str(path) in str(caught.value) and "left untouched" in str(caught.value)
    assert path.read_bytes() == CORRUPT[kind]


def test_corrupt_file_names_the_newest_good_backup(tmp_path):
    path = tmp_path / "plan.json"
    Plan(path).add("goal", title="kept")
    backup = make_backup(str(path))
    path.write_bytes(b'{"goal": ')
    with pytest.raises(CorruptPlanError) as caught:
        Plan(path)
    assert caught.value.backup == backup and backup in str(caught.value)
    assert Plan(backup).records("goal")[0]["title"] == "kept"


def test_newer_schema_is_refused_unchanged(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"meta": {"1": {"schema": 99}}}')
    with pytest.raises(NewerSchemaError):
        Plan(path)
    assert path.read_text() == '{"meta": {"1": {"schema": 99}}}'


def test_older_schema_is_migrated_after_a_backup(tmp_path):
    path = tmp_path / "plan.json"
    original = '{"goal": {"7": {"id": 7, "title": "from v0"}}}'
    path.write_text(original)
    plan = Plan(path)
    assert plan.meta()["schema"] == 1
    assert plan.add("goal", title="new")["id"] == 8  # ids continue after the highest
    saved = backups(str(path))
    with open(saved[-1]) as handle:
        assert handle.read() == original


def test_files_are_private(tmp_path):
    old = os.umask(0)
    try:
        path = tmp_path / "plan.json"
        plan = Plan(path)
        plan.add("goal", title="secret")
        backup = make_backup(str(path))
        plan.add("goal", title="more")
    finally:
        os.umask(old)
    for name in (path, backup, str(path) + ".lock"):
        assert os.stat(name).st_mode & 0o777 == 0o600, name


def test_backups_are_bounded_once_a_change_is_saved(tmp_path):
    path = str(tmp_path / "plan.json")
    plan = Plan(path)
    plan.add("goal", title="x")
    for age in range(15):  # one a day for the fifteen days before today
        made = make_backup(path)
        os.utime(made, (time.time() - (age + 1) * 86400 - 60,) * 2)
    plan.add("goal", title="today's change: today's backup, then the oldest pruned")
    kept = backups(path)
    assert len(kept) == 10
    assert time.time() - os.stat(kept[0]).st_mtime < 60  # today's, the youngest


def test_symlinked_plan_stays_a_symlink(tmp_path):
    target = tmp_path / "real.json"
    link = tmp_path / "link.json"
    Plan(target).add("goal", title="a")
    link.symlink_to(target)
    Plan(link).add("goal", title="b")
    assert link.is_symlink()
    assert {g["title"] for g in Plan(target).records("goal")} == {"a", "b"}


def test_failed_write_keeps_memory_and_disk_agreeing(tmp_path, monkeypatch):
    import errno

    from careerplan.store import storage

    path = tmp_path / "plan.json"
    plan = Plan(path)
    plan.add("goal", title="before")
    before = path.read_bytes()

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "atomic_write", full)
    with pytest.raises(PlanWriteError, match="disk is full"):
        plan.add("goal", title="lost")
    assert [g["title"] for g in plan.records("goal")] == ["before"]
    assert path.read_bytes() == before


def test_file_size_limit_is_a_clear_error_and_the_file_survives(tmp_path):
    path = tmp_path / "plan.json"
    build_big(Plan(path), date.today(), actions=2000, records=4000)
    before = path.read_bytes()
    limit = len(before) + 50_000
    code = (
        "import resource, signal, sys; from careerplan.store.plan import Plan;"
        "from careerplan.store.errors import PlanWriteError;"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}));"
        "p = Plan(sys.argv[1]);\n"
        "try:\n p.add('goal', title='x', specific='y' * 90000)\n"
        "except PlanWriteError as e:\n print(e)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=ENV
    )
    assert "could not save" in done.stdout, done.stderr
    assert path.read_bytes() == before
    assert resource.RLIMIT_FSIZE  # the limit applied to the child only


def test_read_only_folder_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions; covered by the disk-full cases")
    folder = tmp_path / "ro"
    folder.mkdir()
    Plan(folder / "plan.json").add("goal", title="x")
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(PlanWriteError, match="read-only"):
            Plan(folder / "plan.json").add("goal", title="y")
    finally:
        os.chmod(folder, 0o700)


def test_a_plan_open_while_its_file_is_mangled_refuses_then_recovers(tmp_path):
    path = tmp_path / "plan.json"
    plan = Plan(path)
    plan.add("action", title="Kept")
    good = path.read_bytes()
    path.write_bytes(b'{"action": {"1": ')
    with pytest.raises(CorruptPlanError):
        plan.add("action", title="Refused")
    assert plan.records("action")[0]["title"] == "Kept"  # what was held is still shown
    with pytest.raises(CorruptPlanError):
        plan.add("action", title="Refused again")  # not half-open after the first refusal
    assert path.read_bytes() == b'{"action": {"1": '
    path.write_bytes(good)
    plan.add("action", title="After the mend")
    assert [a["title"] for a in Plan(path).records("action")] == ["Kept", "After the mend"]


def test_a_deleted_plan_is_written_back_whole(tmp_path):
    from careerplan.store.errors import PlanGoneError

    path = tmp_path / "plan.json"
    plan = Plan(path)
    plan.add("goal", title="Staff engineer")
    plan.add("action", title="First")
    path.unlink()
    assert plan.changed_on_disk()
    with pytest.raises(PlanGoneError):
        plan.reload()
    assert not plan.changed_on_disk()
    plan.add("action", title="Second")
    again = Plan(path)
    assert [a["title"] for a in again.records("action")] == ["First", "Second"]
    assert again.records("goal")[0]["title"] == "Staff engineer"

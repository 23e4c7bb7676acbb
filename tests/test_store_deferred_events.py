"""The dashboard opens a plan with its event log held back (parsed after the first paint).
Nothing may differ for it: what is shown, what is written, what undo finds, what a corrupt
log does."""

from __future__ import annotations

import json
import zlib
from datetime import date

import pytest

from careerplan.store.errors import CorruptPlanError
from careerplan.store.plan import EVENTS, Plan

TODAY = date(2026, 11, 24)


def whole(path) -> dict:
    return json.loads(path.read_bytes())


def bend_first_event(path, old: bytes, new: bytes) -> bytes:
    """The plan file with `old` replaced by `new` once in the log's first line, as written."""
    raw = path.read_bytes()
    start = raw.index(b'"event": {\n') + len(b'"event": {\n')
    end = raw.index(b"\n", start)
    bent = raw[:start] + raw[start:end].replace(old, new, 1) + raw[end:]
    assert bent != raw
    path.write_bytes(bent)
    return bent


def test_held_back_plan_shows_and_then_holds_exactly_the_file(demo_path):
    full = Plan(demo_path, today=lambda: TODAY)
    held = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    assert held.storage._held_events is not None, "the demo plan's log was not held back"
    assert held.snapshot(events=False) == full.snapshot(events=False)
    assert held.settings() == full.settings()
    held.finish_reading()
    assert held.snapshot() == full.snapshot()
    assert len(held.records(EVENTS)) == len(whole(demo_path)[EVENTS]) > 20


def test_a_change_before_the_log_is_parsed_keeps_the_whole_log(demo_path):
    logged = set(whole(demo_path)[EVENTS])
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    card = plan.add("action", title="written before the log was read")
    after = whole(demo_path)
    assert logged < set(after[EVENTS]) and len(after[EVENTS]) == len(logged) + 1
    assert after["action"][str(card["id"])]["title"] == "written before the log was read"


def test_undo_on_a_held_back_plan_finds_the_last_change(demo_path):
    Plan(demo_path, today=lambda: TODAY).add("action", title="undo me")
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    assert plan.undo() is not None
    titles = [a["title"] for a in Plan(demo_path).records("action")]
    assert "undo me" not in titles


def test_a_corrupt_log_is_found_after_opening_and_nothing_is_written(demo_path):
    raw = demo_path.read_bytes()
    start = raw.index(b'"event": {\n') + len(b'"event": {\n')
    second = raw.index(b"\n", start) + 1  # a torn line in the middle of the log
    broken = raw[:second] + b'"9999": {"at": "2026-01-01", "op": \n' + raw[second:]
    demo_path.write_bytes(broken)
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    assert plan.storage._held_events is not None
    assert plan.records("action"), "what the dashboard shows comes from the readable part"
    with pytest.raises(CorruptPlanError):
        plan.finish_reading()
    with pytest.raises(CorruptPlanError):
        plan.add("action", title="must not be written over a corrupt file")
    assert demo_path.read_bytes() == broken
    assert plan.records("action"), "what was shown stays shown"


@pytest.mark.parametrize("indent", [None, 0, 1])
def test_a_file_laid_out_by_hand_is_read_whole_and_the_same(demo_path, indent):
    document = whole(demo_path)
    demo_path.write_text(json.dumps(document, indent=indent))
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    assert plan.snapshot(events=False) == Plan(demo_path).snapshot(events=False)
    plan.finish_reading()
    assert plan.snapshot() == Plan(demo_path).snapshot()


def test_a_log_that_is_not_one_record_a_line_falls_back_to_the_whole_file(demo_path):
    """One record split over lines inside an otherwise careerplan-written file: the split
    cannot be trusted, the whole file is read and nothing is lost."""
    bent = bend_first_event(demo_path, b', "op"', b',\n"op"')
    expected = json.loads(bent)
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    plan.finish_reading()
    assert plan.storage.read() == expected


def big_plan_text(path, value: str) -> bytes:
    """A plan of over a megabyte (read with orjson) whose one action holds `value` raw."""
    plan = Plan(path, today=lambda: TODAY)
    with plan.batch():
        for n in range(12):
            plan.add("action", title=f"a{n}", column="todo", specific="x" * 99_000, cost=7)
    raw = path.read_bytes().replace(b'"cost": 7', b'"cost": ' + value.encode(), 1)
    assert len(raw) > (1 << 20) and value.encode() in raw
    return raw


@pytest.mark.parametrize(
    ("cost", "said"),
    [("NaN", "NaN is not a number JSON allows"), ("1" + "0" * 30, "is outside 0–1e15")],
)
def test_a_big_plan_orjson_refuses_is_refused_in_words(tmp_path, cost, said):
    """orjson refuses NaN and integers past 64 bits; json is asked again for the words. NaN
    is not JSON (strict readers refuse the file) and no cost is 10^30: neither is a plan."""
    path = tmp_path / "plan.json"
    raw = big_plan_text(path, cost)
    path.write_bytes(raw)
    for deferred in (False, True):
        with pytest.raises(CorruptPlanError, match=said):
            Plan(path, defer_events=deferred).records("action")
    assert path.read_bytes() == raw


def test_a_torn_big_plan_is_refused_in_jsons_words(tmp_path):
    path = tmp_path / "plan.json"
    raw = big_plan_text(path, "0,,")
    path.write_bytes(raw)
    with pytest.raises(CorruptPlanError, match="Expecting"):
        Plan(path).records("action")
    assert path.read_bytes() == raw


@pytest.fixture
def long_log_path(tmp_path):
    """A plan whose log spans several of the blocks it is read in, with tables after it."""
    path = tmp_path / "plan.json"
    plan = Plan(path, today=lambda: TODAY)
    with plan.batch():
        goal = plan.add("goal", title="Staff engineer", horizon="3y")
        for n in range(600):
            plan.add("action", title=f"card {n} [b]x[/b] \\n", column="todo", goal=goal["id"])
        plan.add("gap", name="Distributed systems", required_level=4, current_level=2)
    return path


@pytest.mark.parametrize("block", [*range(5, 13), 1000, 1 << 18])
def test_a_long_log_is_held_back_whatever_the_blocks_it_is_read_in(
    long_log_path, monkeypatch, block
):
    monkeypatch.setattr("careerplan.store.deferred._BLOCK", block)
    full = Plan(long_log_path)
    held = Plan(long_log_path, defer_events=True)
    assert held.storage._held_events is not None, "the log was not held back"
    assert held.snapshot(events=False) == full.snapshot(events=False)
    assert len(held.records("gap")) == 1, "a table after the log was lost"
    held.finish_reading()
    assert held.storage.read() == whole(long_log_path)


def test_a_plan_saved_over_by_another_instance_keeps_both_logs(long_log_path):
    held = Plan(long_log_path, defer_events=True)
    other = Plan(long_log_path).add("action", title="written by the other instance")
    mine = held.add("action", title="written by this one")
    after = whole(long_log_path)
    assert {str(other["id"]), str(mine["id"])} <= set(after["action"])
    logged = [json.dumps(event) for event in after[EVENTS].values()]
    assert any("written by the other instance" in line for line in logged)
    assert any("written by this one" in line for line in logged)
    assert len(after[EVENTS]) >= 600 + 2


def test_a_plan_rewritten_in_place_is_read_anew_not_mixed(long_log_path):
    """An editor that writes over the same file (not a new one renamed over it) leaves the
    held log's place meaningless: the new file is read whole, nothing of the old mixed in."""
    held = Plan(long_log_path, defer_events=True)
    document = whole(long_log_path)
    document["action"]["2"]["title"] = "retitled in the editor"
    text = json.dumps(document, indent=2).encode()
    assert len(text) > long_log_path.stat().st_size  # where the log was is now other text
    with open(long_log_path, "r+b") as handle:  # the same inode, written over
        handle.write(text)
    held.finish_reading()
    assert held.storage.changed_on_disk(), "the app would not redraw from the new file"
    assert held.storage.read() == document


def log_text(raw: bytes) -> bytes:
    start = raw.index(b'"event": {\n') + len(b'"event": {\n')
    return raw[start : raw.index(b"\n}", start)]


def test_changes_carry_the_log_unparsed_and_record_its_digest(demo_path):
    """A change appends its event to the log as it lies in the file: the log is never
    parsed, nothing of it is lost, and the meta record names the log that was written."""
    before = whole(demo_path)[EVENTS]
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    for n in range(3):
        plan.add("action", title=f"card {n}")
        assert plan.storage.holds_log_back(), "a change parsed the log"
    raw = demo_path.read_bytes()
    after = json.loads(raw)[EVENTS]
    assert {k: after[k] for k in before} == before
    added = sorted(set(after) - set(before), key=int)
    assert [after[k]["summary"] for k in added] == [f"added action 'card {n}'" for n in range(3)]
    assert min(map(int, added)) > max(map(int, before)), "an event id was used twice"
    text = log_text(raw)
    recorded = json.loads(raw)["meta"]["1"]["log"]
    assert recorded == {"bytes": len(text), "crc32": zlib.crc32(text)}
    assert Plan(demo_path).undo()["summary"] == "undid: added action 'card 2'"


def test_a_log_edited_by_hand_is_parsed_and_checked_before_a_change(demo_path):
    """The digest no longer matches: the log is read and checked as at open, then carried."""
    document = whole(demo_path)
    first = min(document[EVENTS], key=int)
    raw = demo_path.read_bytes()
    old = json.dumps(document[EVENTS][first]["summary"]).encode()
    edited = raw.replace(old, b'"summary edited by hand"', 1)
    assert edited != raw
    demo_path.write_bytes(edited)
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    plan.add("action", title="after the hand edit")
    after = whole(demo_path)
    assert after[EVENTS][first]["summary"] == "summary edited by hand"
    assert len(after[EVENTS]) == len(document[EVENTS]) + 1
    assert after["meta"]["1"]["log"]["bytes"] == len(log_text(demo_path.read_bytes()))


def test_a_record_broken_inside_its_line_refuses_a_change_and_writes_nothing(demo_path):
    """One line, well laid out, whose JSON is broken: the digest differs, the log is parsed,
    the change is refused and the file kept byte for byte."""
    broken = bend_first_event(demo_path, b'"at": "', b'"at": ')
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    assert plan.records("action"), "the tables read"
    with pytest.raises(CorruptPlanError):
        plan.add("action", title="must not be written")
    assert demo_path.read_bytes() == broken


def test_ids_continue_past_a_log_whose_lines_were_reordered_by_hand(demo_path):
    document = whole(demo_path)
    events = document[EVENTS]
    highest = max(map(int, events))
    raw = demo_path.read_bytes()
    lines = log_text(raw).split(b",\n")
    reordered = b",\n".join([lines[-1], *lines[:-1]])  # the highest id first
    demo_path.write_bytes(raw.replace(log_text(raw), reordered))
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    plan.add("action", title="after the reorder")
    after = whole(demo_path)[EVENTS]
    assert len(after) == len(events) + 1 and str(highest + 1) in after


def test_a_plan_deleted_under_a_held_log_is_written_back_whole(demo_path):
    events = whole(demo_path)[EVENTS]
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    plan.records("action")
    demo_path.unlink()
    plan.add("action", title="written back")
    after = whole(demo_path)[EVENTS]
    assert set(events) < set(after) and len(after) == len(events) + 1


def test_undo_and_redo_read_only_the_newest_events(demo_path):
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    plan.add("action", title="undo me")
    assert plan.storage.holds_log_back(), "a save parsed the log"
    assert plan.undo() is not None
    assert plan.storage.holds_log_back(), "undo parsed the whole log"
    assert plan.redo() is not None and plan.undo() is not None
    assert plan.storage.holds_log_back(), "redo parsed the whole log"
    plan.add("action", title="kept")
    titles = [a["title"] for a in Plan(demo_path).records("action")]
    assert "kept" in titles and "undo me" not in titles
    ops = ["add", "undo", "redo", "undo", "add"]
    assert [e["op"] for e in Plan(demo_path).records(EVENTS)][-5:] == ops
    assert [e["op"] for e in plan.records(EVENTS)][-5:] == ops


def test_the_json_export_streams_the_held_log_as_it_lies(long_log_path, tmp_path):
    """The export is the plan file's own text, the log copied from the file (not parsed):
    to a file and to standard output alike, and it reads back as the very same plan."""
    from careerplan.tui.cli import main

    Plan(long_log_path).add("action", title="logged last")  # the log now has its digest
    out = tmp_path / "out.json"
    assert main(["export", "--format", "json", "--db", str(long_log_path), "-o", str(out)]) == 0
    assert json.loads(out.read_bytes()) == whole(long_log_path)
    assert out.read_bytes() == long_log_path.read_bytes()


def test_an_export_of_a_plan_whose_log_is_broken_writes_nothing(demo_path, tmp_path, capsys):
    from careerplan.tui.cli import main

    bend_first_event(demo_path, b'"at": "', b'"at": ')
    out = tmp_path / "out.json"
    assert main(["export", "--format", "json", "--db", str(demo_path), "-o", str(out)]) == 2
    assert not out.exists() and not list(tmp_path.glob(".out.json*"))
    said = capsys.readouterr().err
    assert str(demo_path) in said and "Traceback" not in said, said


def test_a_long_parsed_log_is_let_go_and_a_short_one_kept(demo_path, monkeypatch):
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    plan.check_log()
    assert plan.snapshot()[EVENTS], "the review's read"
    plan.release_log()
    assert not plan.storage.holds_log_back(), "a short log is kept parsed for the next read"
    monkeypatch.setattr("careerplan.store.storage.KEEP_PARSED_BYTES", 0)
    plan.release_log()
    assert plan.storage.holds_log_back(), "a long parsed log was kept"
    plan.add("action", title="after letting it go")
    after = whole(demo_path)[EVENTS]
    assert len(after) == len(plan.records(EVENTS)) and plan.undo() is not None


@pytest.mark.parametrize("block", [7, 100, 1 << 22])
def test_changes_since_a_review_come_from_the_logs_end_alone(tmp_path, monkeypatch, block):
    """A long-kept log is read from its end back to the week before the last review, not
    parsed whole; what changed since is the same as from the whole log, undo included."""
    from datetime import datetime, timedelta

    from careerplan.store import review

    monkeypatch.setattr("careerplan.store.deferred._SCAN", block)
    now = [datetime(2026, 1, 1, 9, 0)]
    path = tmp_path / "plan.json"
    writer = Plan(path, today=lambda: now[0].date(), clock=lambda: now[0])
    cards = [writer.add("action", title=f"card {n}", column="todo")["id"] for n in range(40)]
    for n, card in enumerate(cards):  # a change a day for 40 days
        now[0] += timedelta(days=1)
        writer.move(card, "done")
        if n == 35:
            writer.undo()
    since = datetime(2026, 2, 1, 12, 0).isoformat()
    everything = Plan(path).records(EVENTS)
    plan = Plan(path, today=lambda: now[0].date(), defer_events=True)
    plan.check_log()
    window = plan.events_since(since)
    assert plan.storage.holds_log_back(), "the whole log was parsed"
    assert len(everything) > len(window) >= 9
    assert review.changes_since(window, since) == review.changes_since(everything, since)
    done = review.changes_since(window, since).named()
    assert done and "card 35" not in str(done) and "card 39" in str(done)


def test_undo_and_redo_reach_past_the_newest_events_when_they_must(tmp_path):
    """This window's last change lies under 300 made by another: undo reads further back,
    and so does redo, and neither undoes nor redoes the other window's changes."""
    path = tmp_path / "plan.json"
    mine = Plan(path, today=lambda: TODAY, defer_events=True)
    card = mine.add("action", title="mine")
    other = Plan(path, today=lambda: TODAY)
    with other.batch():
        for n in range(300):
            other.add("action", title=f"theirs {n}")
    assert mine.undo(by=mine.origin)["summary"] == "undid: added action 'mine'"
    with other.batch():
        for n in range(300):
            other.add("action", title=f"more of theirs {n}")
    assert mine.redo(by=mine.origin)["summary"] == "redid: added action 'mine'"
    titles = {a["title"] for a in Plan(path).records("action")}
    assert "mine" in titles and len(titles) == 601
    assert Plan(path).get("action", card["id"])["title"] == "mine"

"""The dashboard opens a plan with its event log held back (parsed after the first paint).
Nothing may differ for it: what is shown, what is written, what undo finds, what a corrupt
log does."""

from __future__ import annotations

import json
from datetime import date

import pytest

from careerplan.store.errors import CorruptPlanError
from careerplan.store.plan import EVENTS, Plan

TODAY = date(2026, 11, 24)


def whole(path) -> dict:
    return json.loads(path.read_bytes())


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
    raw = demo_path.read_bytes()
    start = raw.index(b'"event": {\n') + len(b'"event": {\n')
    line_end = raw.index(b"\n", start)
    record = raw[start:line_end]
    bent = raw[:start] + record.replace(b', "op"', b',\n"op"', 1) + raw[line_end:]
    demo_path.write_bytes(bent)
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

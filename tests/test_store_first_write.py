"""The first change a process makes takes the unchanged records' lines from the file it read
instead of rendering every record again. The file it writes must be exactly what rendering
every record would have written, whatever that change was."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerplan.store.plan import Plan
from tests.plan_changes import KINDS, make_change, rendered_whole

TODAY = date(2026, 11, 24)


@pytest.fixture
def path(demo_path):
    return demo_path


def first_card(path) -> dict:
    return next(iter(json.loads(path.read_bytes())["action"].values()))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda plan, card: plan.add("action", title="new [b]card[/b]"), id="add"),
        pytest.param(lambda plan, card: plan.move(card["id"], "done"), id="move"),
        pytest.param(lambda plan, card: plan.update(card["id"], title="édité"), id="edit"),
        pytest.param(lambda plan, card: plan.delete(card["id"]), id="delete"),
    ],
)
def test_a_first_change_writes_what_rendering_every_record_would(path, change):
    card = first_card(path)
    plan = Plan(path, today=lambda: TODAY)
    change(plan, card)
    written = path.read_text(encoding="utf-8")
    assert json.loads(written) == plan.storage.read(), "the file is not what the plan holds"
    assert written == rendered_whole(path)


def test_a_first_change_in_a_dashboard_that_held_its_log_back(path):
    card = first_card(path)
    plan = Plan(path, today=lambda: TODAY, defer_events=True)
    plan.move(card["id"], "doing")
    written = path.read_text(encoding="utf-8")
    assert written == rendered_whole(path)
    assert json.loads(written)["action"][str(card["id"])]["column"] == "doing"


@pytest.mark.parametrize("edit", ["reversed", "spaced"])
def test_a_file_laid_out_by_hand_loses_nothing_at_its_first_change(path, edit):
    """Records out of order, or spaced otherwise: their lines are not taken as they are,
    every record is rendered, and all of them are in the file after the change."""
    text = path.read_text(encoding="utf-8")
    start = text.index('"action": {\n') + len('"action": {\n')
    end = text.index("\n}", start)
    lines = text[start:end].split(",\n")
    if edit == "spaced":
        lines[1] = lines[1].replace('": {', '":{', 1)
    else:
        lines.reverse()
    path.write_text(text[:start] + ",\n".join(lines) + text[end:], encoding="utf-8")
    actions = json.loads(path.read_bytes())["action"]
    plan = Plan(path, today=lambda: TODAY)
    added = plan.add("action", title="after the hand edit")
    after = json.loads(path.read_bytes())
    assert set(after["action"]) == set(actions) | {str(added["id"])}
    assert path.read_text(encoding="utf-8") == rendered_whole(path)


def test_a_file_changed_by_another_instance_is_not_taken_line_by_line(path):
    card = first_card(path)
    plan = Plan(path, today=lambda: TODAY)
    plan.records("action")
    Plan(path, today=lambda: TODAY).update(card["id"], title="changed by the other one")
    plan.add("action", title="mine")
    after = json.loads(path.read_bytes())
    assert after["action"][str(card["id"])]["title"] == "changed by the other one"
    assert path.read_text(encoding="utf-8") == rendered_whole(path)


STEPS = st.lists(
    st.tuples(
        st.sampled_from([*KINDS, "another"]),
        st.integers(min_value=0, max_value=10_000),
        st.text(max_size=20),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS)
def test_every_later_change_writes_what_rendering_every_record_would(demo_path, steps):
    """A process keeps each table's text between saves and splices changed records into it:
    after any run of adds, edits, moves, deletions, undos (a deleted record back among the
    others), batches and another window's changes, the file is what rendering every record
    writes."""
    original = demo_path.read_bytes()
    try:
        plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
        for kind, pick, text in steps:
            if kind in KINDS:
                make_change(plan, kind, pick, text)
            else:
                Plan(demo_path, today=lambda: TODAY).add("action", title="from elsewhere")
                plan.reload()
            written = demo_path.read_text(encoding="utf-8")
            assert written == rendered_whole(demo_path), (kind, pick)
    finally:
        demo_path.write_bytes(original)

"""A plan read again after another window's change parses only the lines that changed: what
it then holds must be what reading the whole file gives, and its next save must write what
rendering every record writes, whatever the other window (or a hand edit) did."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerplan.store.plan import Plan
from careerplan.store.reread import table_spans
from careerplan.store.table_text import line_ids
from tests.plan_changes import KINDS, make_change, rendered_whole

TODAY = date(2026, 11, 24)

CHANGES = st.lists(
    st.tuples(
        st.sampled_from([*KINDS, "hand", "spaced"]),
        st.integers(min_value=0, max_value=10_000),
        st.text(max_size=12),
    ),
    min_size=1,
    max_size=6,
)


def whole(path) -> dict:
    """The tables as a process reading the whole file holds them."""
    fresh = Plan(path, today=lambda: TODAY, defer_events=True)
    return {name: dict(table) for name, table in fresh.storage.read_tables().items()}


def change_elsewhere(path, kind: str, pick: int, text: str) -> None:
    if kind in KINDS:
        make_change(Plan(path, today=lambda: TODAY), kind, pick, text)
        return
    # a person edits one line of the file by hand, keeping it valid JSON
    lines = path.read_text(encoding="utf-8").split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith('"') and '": {"' in line]
    at = rows[pick % len(rows)]
    if kind == "spaced":
        lines[at] = lines[at].replace('": {', '":  {', 1)
    else:
        said = json.dumps(text, ensure_ascii=False)[1:-1]
        lines[at] = lines[at].replace('"title": "', f'"title": "{said} by hand ', 1)
    path.write_text("\n".join(lines), encoding="utf-8")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=CHANGES, local=st.booleans())
def test_a_reread_holds_what_reading_the_whole_file_holds(demo_path, changes, local):
    original = demo_path.read_bytes()
    try:
        plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
        plan.records("action")
        if local:  # the table texts then come from this window's save, else from the file
            plan.add("action", title="mine, first")
        for kind, pick, text in changes:
            change_elsewhere(demo_path, kind, pick, text)
            try:
                plan.reload()
            except Exception:
                continue  # a hand edit careerplan refuses: refused as a whole read would
            assert plan.storage.read_tables() == whole(demo_path), kind
        plan.add("action", title="mine, after")
        if json.loads(demo_path.read_bytes()) and "  {" not in demo_path.read_text():
            assert demo_path.read_text(encoding="utf-8") == rendered_whole(demo_path)
    finally:
        demo_path.write_bytes(original)


def test_a_document_not_laid_out_as_a_save_lays_it_out_is_read_whole():
    text = b'{\n"action": {\n"1": {"a": 1}\n},\n"event": {\n},\n"meta": {}\n}\n'
    spans = table_spans(text)
    assert spans is not None
    assert {name: text[a:b] for name, (a, b) in spans.items()} == {
        "action": b'"1": {"a": 1}',
        "event": b"",  # the log held back
        "meta": b"",
    }
    assert table_spans(b'{\n"action": {\n"1": {"a": 1}\n},\n"action": {}\n}\n') is None
    assert table_spans(b'{"action": {}}') is None
    assert line_ids(b'"1": {"a": 1},\n"3": {"a": 2}') == ["1", "3"]
    assert line_ids(b'"3": {"a": 1},\n"1": {"a": 2}') is None  # not in order
    assert line_ids(b'"1": {"a": 1,\n"b": 2}') is None  # a record over two lines


def test_a_file_written_in_place_under_a_kept_text_is_read_as_it_now_is(demo_path):
    """After a save the tables' text is read from the file this window wrote. An editor that
    writes that same file in place (not a new file renamed over it) changes those bytes:
    what the plan then holds and writes comes from what the file says now."""
    plan = Plan(demo_path, today=lambda: TODAY, defer_events=True)
    plan.add("action", title="mine, first")  # the texts now lie in the file written
    kept = demo_path.read_bytes()
    edited = kept.replace(b'"title": "', b'"title": "Edited by hand: ', 1)  # the first card
    with open(demo_path, "r+b") as handle:  # the same file, written over
        handle.write(edited)
    plan.reload()
    assert plan.storage.read_tables() == whole(demo_path)
    assert plan.records("action")[0]["title"].startswith("Edited by hand: ")
    plan.add("action", title="mine, after")
    assert demo_path.read_text(encoding="utf-8") == rendered_whole(demo_path)

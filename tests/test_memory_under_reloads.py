"""Memory does not grow with the number of times another process writes the plan: each
reload's garbage is collected, not frozen out of the collector's sight for good."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from careerplan.store.demo import build_demo
from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.messages import PlanChanged
from tests.plan_changes import rendered_whole
from tests.tui_helpers import TODAY, fixed_plan


def rss_kb() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4


async def test_a_hundred_outside_writes_leave_memory_and_the_frozen_count_bounded(tmp_path):
    path = tmp_path / "plan.json"
    build_demo(Plan(path, today=lambda: TODAY), TODAY)
    app = CareerApp(fixed_plan(path), today=TODAY)
    elsewhere = Plan(path, today=lambda: TODAY)
    readings = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for n in range(1, 101):
            elsewhere.add("action", title=f"From another window {n}", column="todo")
            app.plan.reload()  # what the file watch does when the file changed
            app.tell(PlanChanged())
            await pilot.pause()
            if n in (20, 100):
                readings[n] = (gc.get_freeze_count(), rss_kb())
    (frozen_20, rss_20), (frozen_100, rss_100) = readings[20], readings[100]
    # 80 more cards hold a few hundred objects each; frozen garbage was tens of thousands
    assert frozen_100 - frozen_20 < 40_000, (frozen_20, frozen_100)
    assert rss_100 < rss_20 * 1.15, (rss_20, rss_100)


async def test_opening_the_review_again_and_again_leaves_no_widget_behind(tmp_path, monkeypatch):
    """Textual 8.2.8 keeps the last 1,024 widgets' drawn lines (Strips) in an lru_cache keyed
    by their StylesCache: closed screens lived on in it. The app empties it when a screen
    closes, and lets the event log the review parsed go once the dashboard is back."""
    from textual.strip import Strip

    monkeypatch.setattr("careerplan.store.storage.KEEP_PARSED_BYTES", 0)  # as a long log's
    path = tmp_path / "plan.json"
    build_demo(Plan(path, today=lambda: TODAY), TODAY)
    app = CareerApp(Plan(path, today=lambda: TODAY, defer_events=True), today=TODAY)
    alive = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for n in range(1, 13):
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause(0.4)  # the dashboard redraws and settles
            if n in (2, 12):
                gc.unfreeze()  # what the app froze is counted too
                gc.collect()
                alive[n] = sum(isinstance(o, Strip) for o in gc.get_objects())
        assert app.plan.storage.holds_log_back(), "the review's parsed log was kept"
    assert alive[12] <= alive[2] * 1.1, f"lines drawn by closed screens live on: {alive}"


FREED_BUFFERS = """
import os, sys
def rss_mb():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") >> 20
from careerplan.tui.garbage import hand_back_memory
if sys.argv[1] == "app":
    hand_back_memory()
kept, before = [], rss_mb()
for n in range(8):
    buffer = bytes(8 << 20)  # a save's or a reload's few-MB buffer
    kept.append(bytes(200))  # made meanwhile, kept
    del buffer
    if sys.argv[1] == "app":
        hand_back_memory()  # what the app does after each redraw
print(rss_mb() - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_few_mb_buffer_freed_is_given_back_to_the_system():
    """glibc keeps a freed block of a few MB in the process once it has raised its own
    threshold; the app fixes the threshold and trims, so a save's buffers do not stay."""

    def kept(how: str) -> int:
        run = [sys.executable, "-c", FREED_BUFFERS, how]
        return int(subprocess.run(run, capture_output=True, text=True, check=True).stdout)

    assert kept("app") <= 2, "freed buffers stayed in the app's memory"
    assert kept("plain") >= 6, "glibc gave them back without the app: the test shows nothing"


def test_a_reload_keeps_the_records_it_held_where_they_did_not_change(tmp_path):
    """Another window added a card: the records read again that equal those held are the
    ones held (their copies are garbage at once), the changed ones are read anew."""
    path = tmp_path / "plan.json"
    build_demo(Plan(path, today=lambda: TODAY), TODAY)
    plan = Plan(path, today=lambda: TODAY, defer_events=True)
    held = dict(plan.storage.read_tables()["action"])
    edited = next(iter(held))
    elsewhere = Plan(path, today=lambda: TODAY)
    elsewhere.update(int(edited), title="Changed in the other window")
    added = elsewhere.add("action", title="Added in the other window")
    plan.reload()
    after = plan.storage.read_tables()["action"]
    assert after[edited]["title"] == "Changed in the other window"
    assert after[str(added["id"])]["title"] == "Added in the other window"
    same = [i for i in held if i != edited and after[i] is held[i]]
    assert len(same) == len(held) - 1, "unchanged records were replaced by copies"
    assert after[edited] is not held[edited]


def test_between_saves_a_plan_holds_no_copy_of_its_tables_text(tmp_path):
    """The tables' text, kept so that a change renders only its own lines, lies in the file
    last written or read and is read from there when a change needs it: a plan of 3,000
    cards holds no megabyte of it after a save, nor after another window's write."""
    import tracemalloc

    from careerplan.store.demo import build_big

    path = tmp_path / "plan.json"
    build_big(Plan(path, today=lambda: TODAY), TODAY, actions=3000, records=3400)
    text = path.stat().st_size
    plan = Plan(path, today=lambda: TODAY, defer_events=True)
    cards = plan.records("action")
    elsewhere = Plan(path, today=lambda: TODAY)
    tracemalloc.start()
    try:
        plan.update(cards[10]["id"], title="Changed here")  # the first save: texts taken
        plan.update(cards[20]["id"], column="doing")  # a line spliced into the kept text
        after_saves = tracemalloc.get_traced_memory()[0]
        elsewhere.update(cards[30]["id"], title="Changed in the other window")
        plan.reload()
        after_reload = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert plan.records("action")[30]["title"] == "Changed in the other window"
    assert after_saves < text / 4, (after_saves, text)
    assert after_reload < text / 4, (after_reload, text)
    plan.update(cards[40]["id"], title="And here again")  # read back from the file kept
    assert path.read_text(encoding="utf-8") == rendered_whole(path)


async def test_what_a_closed_screen_left_for_the_collector_is_collected(tmp_path):
    """Lines drawn before a form opened were frozen alive; a Textual Strip that holds itself
    in its own cache dies only by the collector. Closing a screen runs the full pass that
    finds them, so nothing waits for it afterwards."""
    from textual.strip import Strip

    path = tmp_path / "plan.json"
    build_demo(Plan(path, today=lambda: TODAY), TODAY)
    app = CareerApp(Plan(path, today=lambda: TODAY, defer_events=True), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key in ("r", "e", "m", "r"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause(0.3)  # the dashboard redraws and settles
        gc.unfreeze()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            left = sum(isinstance(o, Strip) for o in gc.garbage)
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
    assert left < 20, f"{left} drawn lines were left for a full pass"

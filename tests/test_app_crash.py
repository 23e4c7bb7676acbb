"""SIGKILL of the running `career` while it saves, a hundred times: the plan always opens,
every change the screen acknowledged is in it, and it passes its own consistency check.

Each trial starts the installed `career` in tmux on a copy of a plan big enough that a save
takes a few milliseconds (the demo plus 3,000 cards), makes a few changes by keys and waits
for each to show as saved (the status line says so only once the write is done), then makes one
more and kills the process: half the time as soon as its temp file appears (mid-write), half
a random few milliseconds after the key.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from careerplan.store.atomic import stray_temps
from careerplan.store.consistency import problems
from careerplan.store.demo import build_big, build_demo
from careerplan.store.plan import Plan
from tests.tmux import CAREER, Tmux, have_tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(not have_tmux(), reason="tmux is not installed"),
]

TRIALS = int(os.environ.get("CAREER_CRASH_TRIALS", "100"))
TODAY = date(2026, 11, 24)
ENV = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "TEXTUAL_ANIMATIONS": "none"}


COLUMNS = ("backlog", "todo", "doing", "done")
MOVED = re.compile(r"^Moved (.+) to (backlog|todo|doing|done)$")


def status(screen: str) -> str:
    """The status line: the line above the key bar."""
    lines = screen.splitlines()
    bars = [i for i, line in enumerate(lines) if "? Help" in line]
    return lines[bars[-1] - 1].strip() if bars and bars[-1] else ""


def wait_status(term: Tmux, ok, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = term.screen()
        said = status(screen)
        if ok(said):
            return said
        time.sleep(0.02)
    raise AssertionError(f"the status line never acknowledged the change:\n{screen}")


def wait_for_temp(path: str, timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not stray_temps(path):
        pass


def one_trial(base: str, folder: str, seed: int) -> dict:
    """Changes by keys, each acknowledged on the status line (it says so only once the write
    is done), then one more cut short by SIGKILL."""
    rng = random.Random(seed)
    path = os.path.join(folder, f"plan-{seed}.json")
    shutil.copyfile(base, path)
    os.chmod(path, 0o600)
    acked_titles: list[str] = []
    acked_moves: list[tuple[str, str]] = []
    with Tmux(f"{CAREER} --db {path}", 80, 24, ENV) as term:
        term.wait_for("To do (", timeout=30)
        said = status(term.screen())
        changes = rng.randint(1, 4)
        for step in range(changes):
            before = said
            at_the_end = said.startswith("Moved ") and said.endswith(" to done")
            if at_the_end or rng.random() < 0.5:
                title = f"crash {seed}.{step} keep me"
                term.send("n")
                term.wait_for("New action")
                term.type(title)
                term.send("C-s")
                wanted = lambda line, title=title: line == f"Added action: {title}"  # noqa: E731
            else:
                title = None
                term.send("]")  # the selected card moves on one column
                wanted = lambda line, before=before: line != before and bool(MOVED.match(line))  # noqa: E731
            if step == changes - 1:
                if rng.random() < 0.5:
                    wait_for_temp(path)  # the write has begun: kill it mid-way
                else:
                    time.sleep(rng.uniform(0.0, 0.06))
                os.kill(term.pid(), signal.SIGKILL)
                break
            said = wait_status(term, wanted)
            if title:
                acked_titles.append(title)
            else:
                acked_moves.append(MOVED.match(said).groups())
    temps = stray_temps(path)  # a temp file left behind: the kill landed mid-write
    plan = Plan(path)  # must open: raises on an unreadable file
    cards = plan.records("action")
    titles = {card.get("title") for card in cards}
    lost = [t for t in acked_titles if t not in titles]
    for moved, column in acked_moves:  # cards only move forward here: at least that far
        reached = [COLUMNS.index(c.get("column")) for c in cards if c.get("title") == moved]
        if not reached or max(reached) < COLUMNS.index(column):
            lost.append(f"move of {moved} to {column}")
    return {
        "mid_write": bool(temps),
        "lost": lost,
        "problems": problems(plan),
        "acked": len(acked_titles) + len(acked_moves),
    }


def test_sigkill_while_saving_loses_nothing_acknowledged(tmp_path):
    base = str(tmp_path / "base.json")
    plan = Plan(base)
    build_demo(plan, TODAY)
    build_big(plan, TODAY, actions=3_000, records=3_000)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda s: one_trial(base, str(tmp_path), s), range(TRIALS)))

    assert len(results) == TRIALS
    assert [r["lost"] for r in results if r["lost"]] == []
    assert [r["problems"] for r in results if r["problems"]] == []
    mid_write = sum(r["mid_write"] for r in results)
    acked = sum(r["acked"] for r in results)
    print(
        f"\n{TRIALS} kills ({mid_write} in the middle of a write), {acked} acknowledged "
        "changes before them: 0 unreadable, 0 lost"
    )

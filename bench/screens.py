"""The dashboard in tmux: first full paint against a bare Textual app, key press to repaint,
peak memory, and where the start-up time goes."""

from __future__ import annotations

import os
import random
import statistics
import time
from functools import partial

from measure import CAREER, PYTHON, best_calls, best_median, best_process, ms, verdict
from tmuxdrive import Paint, Pane, count, first_paint

SIZES = ("80x24", "120x40")
KEY_BAR = "^p palette"  # the right end of the key bar, on the last line of every screen
BOARD = ("To do (", KEY_BAR)  # the kanban's heading with its count: the dashboard is up
WALK = ("Step 1 of 5", KEY_BAR)
BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("READY")
Bare().run()
"""
FLOOR = "bare Textual app (floor)"
# what `career` imports for the board, and for the first-run walk
DASHBOARD_IMPORTS = "import careerplan.tui.cli, careerplan.tui.app, careerplan.store.plan"
WALK_IMPORTS = DASHBOARD_IMPORTS + ", careerplan.tui.first_run"


def paint_cases(plans: dict, labels: dict, folder: str) -> list[tuple[str, list, tuple, float]]:
    """(label, argv, markers of a full first screen, target ratio or 0)."""
    bare = os.path.join(folder, "bare.py")
    with open(bare, "w") as handle:
        handle.write(BARE_APP)

    def career(plan: str) -> list[str]:
        return [CAREER, "--db", plans[plan]]

    return [
        (FLOOR, [PYTHON, bare], ("READY",), 0),
        (f"{labels['empty']}: the first-run walk", career("empty"), WALK, 1.15),
        (labels["skipped"], career("skipped"), BOARD, 1.15),
        (labels["demo"], career("demo"), BOARD, 0),
        (labels["big"], career("big"), BOARD, 1.3),
    ]


def paint_section(cases: list, runs: int) -> tuple[list[str], dict]:
    paints: dict[tuple[str, str], Paint] = {}
    order = random.Random(2026)  # the same shuffles every run
    for run in range(runs):  # rounds, so that a busy moment hits every program alike
        for size in SIZES:
            # In a fixed order the first program of a round measured slower on this VM (more
            # CPU time for less work), and the first was always the floor: shuffled instead.
            for label, argv, markers, _ in order.sample(cases, len(cases)):
                paint = first_paint(argv, markers, size)
                paints[label, size] = paint.best(paints.get((label, size)))
        print(f"  round {run + 1} of {runs}", flush=True)
    lines = [
        "| program | 80x24 | ratio | 120x40 | ratio | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for label, _, _, limit in cases:
        cells, ratios = [], []
        for size in SIZES:
            paint, floor = paints[label, size], paints[FLOOR, size]
            ratios.append(round(paint.settled / floor.settled, 2))  # as shown
            cells += [f"{ms(paint.settled)} ({ms(paint.shown)})", f"{ratios[-1]:.2f}x"]
        target = verdict(max(ratios) <= limit, f"≤ {limit:g}x") if limit else ""
        lines.append(f"| {label} | {' | '.join(cells)} | {target} |")
    return lines, paints


def memory_section(cases: list, paints: dict) -> list[str]:
    lines = ["| program | 80x24 | ratio | 120x40 | ratio |", "|---|---:|---:|---:|---:|"]
    for label, *_ in cases:
        cells = []
        for size in SIZES:
            mb, floor = paints[label, size].rss_mb, paints[FLOOR, size].rss_mb
            cells += [f"{mb:.0f} MB", f"{mb / floor:.2f}x"]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return lines


def startup_section(cases: list, paints: dict, plans: dict, runs: int) -> list[str]:
    """Split the 80x24 first paint: Python, Textual's import, our imports, opening the plan,
    and what is left (Textual styling, laying out and drawing our screen, our mount code)."""
    python = best_process([PYTHON, "-c", "pass"], runs)
    textual = best_process([PYTHON, "-c", "import textual.app"], runs)
    board = best_process([PYTHON, "-c", DASHBOARD_IMPORTS], runs)
    walk = best_process([PYTHON, "-c", WALK_IMPORTS], runs)
    floor = paints[FLOOR, "80x24"].settled
    lines = [
        f"Whole processes, start to exit: `python -c pass` {ms(python)}, `python -c "
        f"'import textual.app'` {ms(textual)}, `python -c '{DASHBOARD_IMPORTS}'` {ms(board)}: "
        f"careerplan's imports cost {ms(board - textual)} on top of Textual's "
        f"({ms(walk - textual)} with the first-run walk's). The bare app's first paint is "
        f"{ms(floor)}.",
        "",
        "| program (80x24) | first paint | above the floor | our imports | opening the plan "
        "| the rest |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for (label, *_), plan in zip(cases[1:], ("empty", "skipped", "demo", "big"), strict=True):
        paint = paints[label, "80x24"].settled
        ours = (walk if plan == "empty" else board) - textual
        opening = opening_cost(plans[plan], runs)
        rest = paint - floor - ours - opening
        lines.append(
            f"| {label} | {ms(paint)} | {ms(paint - floor)} | {ms(ours)} "
            f"| {ms(opening)} | {ms(rest)} |"
        )
    return lines


def opening_cost(path: str, runs: int) -> float:
    """What `career` does with the plan before its first frame: it opens a small plan; for a
    big one it forks a child that looks at the plan while Textual loads (store.first_look),
    then takes in what the child sends. Forked here, from a bigger process, the fork costs
    more than in `career`."""
    import pickle
    from datetime import date

    from careerplan.store import first_look
    from careerplan.store.plan import SCHEMA_VERSION, Plan

    if os.path.getsize(path) < first_look.BIG_ENOUGH:
        (opening,) = best_calls(partial(Plan, path, defer_events=True), runs=runs)
        return opening
    today = date.today()
    look = first_look.look(path, today, 24, SCHEMA_VERSION)
    payload = pickle.dumps(look, protocol=pickle.HIGHEST_PROTOCOL)
    forks = []
    for _ in range(runs):
        start = time.perf_counter()
        looking = first_look.start(path, today, 24, SCHEMA_VERSION)
        forks.append(time.perf_counter() - start)
        looking.close()
    (taking,) = best_calls(partial(pickle.loads, payload), runs=runs)
    return min(forks) + taking


def keypress(plan: str, runs: int, walk: bool) -> dict[str, list[float]]:
    """Seconds from a key to the screen showing its effect, in one session on the plan."""
    times: dict[str, list[float]] = {"move": [], "form": [], "review": []}
    with Pane([CAREER, "--db", plan], "80x24") as pane:
        pane.start()
        if walk:
            pane.wait(lambda s: "Step 1 of 5" in s)
            pane.send("Escape")  # skip the walk
        pane.wait(lambda s: "To do (" in s)
        pane.settle()
        for _ in range(runs):
            times["form"].append(press(pane, "n", lambda s: "New action" in s))
            pane.send("Escape")
            pane.wait(lambda s: "New action" not in s)
            pane.settle(quiet=0.2)
            times["review"].append(press(pane, "r", lambda s: "Review · " in s))
            pane.send("Escape")
            pane.wait(lambda s: "To do (" in s)
            pane.settle(quiet=0.2)
            before = count(pane.screen(), "Doing")
            if before is None or count(pane.screen(), "To do") == 0:
                continue  # no card to move on this plan
            moved = press(pane, "]", lambda s, b=before: count(s, "Doing") not in (b, None))
            times["move"].append(moved)
            pane.settle(quiet=0.3)  # the write lands
            pane.send("[")
            pane.settle(quiet=0.3)
            pane.send("down")  # the next card, next time
            pane.settle(quiet=0.2)
    return times


def press(pane: Pane, key: str, shown) -> float:
    start = time.perf_counter()
    pane.send(key)
    pane.wait(shown)
    return time.perf_counter() - start


def key_section(plans: dict, labels: dict, runs: int) -> list[str]:
    lines = [
        "| plan | move a card (`]`) | open a form (`n`) | open the review (`r`) | target |",
        "|---|---:|---:|---:|---|",
    ]
    for name in ("empty", "demo", "big"):
        times = keypress(plans[name], runs, walk=name == "empty")
        target = ""
        if name == "big" and times["move"]:
            target = "move (median) " + verdict(statistics.median(times["move"]) < 0.05, "< 50 ms")
        move = best_median(times["move"]) if times["move"] else "no card to move"
        lines.append(
            f"| {labels[name]} | {move} | {best_median(times['form'])} "
            f"| {best_median(times['review'])} | {target} |"
        )
        print(f"  {lines[-1]}", flush=True)
    return lines

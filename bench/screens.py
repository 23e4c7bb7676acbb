"""The dashboard in tmux: first full paint against a bare Textual app, key press to repaint,
and peak memory."""

from __future__ import annotations

import os
import random
import statistics
import time

from measure import CAREER, PYTHON, best_median, ms, verdict
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
        (labels["long"], career("long"), BOARD, 1.3),
    ]


def paint_section(cases: list, rounds: int) -> tuple[list[str], dict]:
    """Paired rounds: in each round, at each size, every program once in a shuffled order, and
    each one's ratio to the floor of that same round. The min and the median of those ratios
    are reported: a best-of-N per program paired a lucky launch of one with an unlucky one of
    another, and over-read the noise by 0.1-0.35x."""
    rounds_of: dict[tuple[str, str], list[Paint]] = {}
    ratios: dict[tuple[str, str], list[float]] = {}
    order = random.Random(2026)  # the same shuffles every run
    for run in range(rounds):
        for size in SIZES:
            measured = {}
            for label, argv, markers, _ in order.sample(cases, len(cases)):
                measured[label] = first_paint(argv, markers, size)
            floor = measured[FLOOR].settled
            for label, paint in measured.items():
                rounds_of.setdefault((label, size), []).append(paint)
                ratios.setdefault((label, size), []).append(paint.settled / floor)
        print(f"  round {run + 1} of {rounds} (load {load()})", flush=True)
    lines = [
        "| program | 80x24: median time | ratio min / median | 120x40: median time "
        "| ratio min / median | target (median) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for label, _, _, limit in cases:
        cells, medians = [], []
        for size in SIZES:
            times = [paint.settled for paint in rounds_of[label, size]]
            shown = [paint.shown for paint in rounds_of[label, size]]
            found = ratios[label, size]
            medians.append(round(statistics.median(found), 2))
            cells += [
                f"{ms(statistics.median(times))} ({ms(statistics.median(shown))})",
                f"{min(found):.2f}x / {medians[-1]:.2f}x",
            ]
        target = verdict(max(medians) <= limit, f"≤ {limit:g}x") if limit else ""
        lines.append(f"| {label} | {' | '.join(cells)} | {target} |")
    return lines, rounds_of


def load() -> str:
    """The host's load over the last minute, beside each round: a shared machine's noise."""
    return f"{os.getloadavg()[0]:.2f}"


def memory_section(cases: list, paints: dict) -> list[str]:
    """Peak memory once painted, the median over the rounds."""
    lines = ["| program | 80x24 | ratio | 120x40 | ratio |", "|---|---:|---:|---:|---:|"]
    for label, *_ in cases:
        cells = []
        for size in SIZES:
            mb = statistics.median(p.rss_mb for p in paints[label, size])
            floor = statistics.median(p.rss_mb for p in paints[FLOOR, size])
            cells += [f"{mb:.0f} MB", f"{mb / floor:.2f}x"]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return lines


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


KEY_TARGETS = (("move", 0.025), ("form", 0.09), ("review", 0.15))  # medians, big plan


def judge(key: str, times: list[float], limit: float) -> str:
    met = bool(times) and statistics.median(times) < limit
    return f"{key} {verdict(met, f'< {limit * 1000:.0f} ms')}"


def key_section(plans: dict, labels: dict, runs: int) -> list[str]:
    lines = [
        "| plan | move a card (`]`) | open a form (`n`) | open the review (`r`) "
        "| target (medians) |",
        "|---|---:|---:|---:|---|",
    ]
    for name in ("empty", "demo", "big", "long"):
        times = keypress(plans[name], runs, walk=name == "empty")
        target = ""
        if name == "big":
            target = ", ".join(judge(key, times[key], limit) for key, limit in KEY_TARGETS)
        move = best_median(times["move"]) if times["move"] else "no card to move"
        lines.append(
            f"| {labels[name]} | {move} | {best_median(times['form'])} "
            f"| {best_median(times['review'])} | {target} |"
        )
        print(f"  {lines[-1]}", flush=True)
    return lines

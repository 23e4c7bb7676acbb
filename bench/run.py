"""Every measure of careerplan in one run, each against a floor measured in that same run:

    python bench/run.py [--runs 5] [--quick] [--actions 10000]

On three plans (empty, the demo, a big one of 20,000 records with 10,000 actions):
- first full paint of `career` in tmux at 80x24 and 120x40, against a bare Textual app;
- keypress to repaint in tmux at 80x24: move a card, open a form, open the review;
- `career glance` and `career review --json`, against a bare Python parsing the same file;
- one saved change (Plan.add), against one atomic write of the same bytes;
- peak memory (VmHWM) once the first screen is up, against the bare Textual app.
Prints the tables and writes them to bench/RESULTS.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from functools import partial

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)

from measure import (  # noqa: E402
    BARE_APP,
    Pane,
    best_call,
    best_process,
    build_plans,
    count,
    first_paint,
    machine,
    quote,
)

PYTHON = sys.executable
CAREER = os.path.join(os.path.dirname(PYTHON), "career")
LABELS = {
    "empty": "empty plan",
    "demo": "demo plan",
    "big": "big plan",
}


def verdict(value: float, limit: float) -> str:
    return f"≤ {limit:g}x: {'met' if value <= limit else 'MISSED'}"


def paint_table(plans: dict, runs: int, folder: str) -> tuple[list[str], dict]:
    bare = os.path.join(folder, "bare.py")
    with open(bare, "w") as handle:
        handle.write(BARE_APP)
    cases = [
        ("bare Textual app (floor)", quote(PYTHON, bare), "READY", None),
        (
            "empty plan: the first-run walk",
            quote(CAREER, "--db", plans["empty"]),
            "Step 1 of 5",
            1.15,
        ),
        (
            "empty plan: the dashboard (walk skipped)",
            quote(CAREER, "--db", plans["skipped"]),
            "To do (0)",
            1.15,
        ),
        ("demo plan", quote(CAREER, "--db", plans["demo"]), "To do (", None),
        (LABELS["big"], quote(CAREER, "--db", plans["big"]), "To do (", 1.3),
    ]
    results: dict[str, dict[str, tuple[float, float]]] = {}
    for size in ("80x24", "120x40"):
        for label, command, marker, _ in cases:
            results.setdefault(label, {})[size] = first_paint(command, marker, size, runs)
            seconds, rss = results[label][size]
            print(f"  paint {size} {label}: {seconds * 1000:.0f} ms, {rss:.0f} MB", flush=True)
    floor = results[cases[0][0]]
    lines = [
        "| program | 80x24 | ratio | 120x40 | ratio | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for label, _, _, limit in cases:
        small, large = results[label]["80x24"][0], results[label]["120x40"][0]
        r_small, r_large = small / floor["80x24"][0], large / floor["120x40"][0]
        target = verdict(max(r_small, r_large), limit) if limit else ""
        lines.append(
            f"| {label} | {small * 1000:.0f} ms | {r_small:.2f}x | {large * 1000:.0f} ms "
            f"| {r_large:.2f}x | {target} |"
        )
    return lines, {label: results[label]["80x24"][1] for label, *_ in cases}


def keypress(plan: str, runs: int, walk: bool) -> dict[str, list[float]]:
    """ms from a key to the screen showing its effect, in one session on the plan."""
    times: dict[str, list[float]] = {"move": [], "form": [], "review": []}
    with Pane(quote(CAREER, "--db", plan), "80x24") as pane:
        if walk:
            pane.wait(lambda s: "Step 1 of 5" in s)
            pane.send("Escape")  # skip the walk
        pane.wait(lambda s: "To do (" in s)
        time.sleep(0.5)
        for _ in range(runs):
            start = time.perf_counter()
            pane.send("n")
            pane.wait(lambda s: "New action" in s)
            times["form"].append(time.perf_counter() - start)
            pane.send("Escape")
            pane.wait(lambda s: "New action" not in s)
            time.sleep(0.3)
            start = time.perf_counter()
            pane.send("r")
            pane.wait(lambda s: "Milestones  Log" in s)  # the review's tabs
            times["review"].append(time.perf_counter() - start)
            pane.send("Escape")
            pane.wait(lambda s: "To do (" in s)
            time.sleep(0.3)
            before = count(pane.screen(), "Doing")
            if before is None or count(pane.screen(), "To do") == 0:
                continue  # no card to move on this plan
            start = time.perf_counter()
            pane.send("]")
            pane.wait(lambda s, b=before: count(s, "Doing") not in (b, None))
            times["move"].append(time.perf_counter() - start)
            time.sleep(0.5)  # the write lands
            pane.send("[")
            time.sleep(0.5)
            pane.send("down")
            time.sleep(0.3)
    return times


def key_table(plans: dict, runs: int) -> list[str]:
    lines = [
        "| plan | move a card | open a form | open the review | target |",
        "|---|---:|---:|---:|---|",
    ]
    for name, plan, walk in (
        ("empty", plans["empty"], True),
        ("demo", plans["demo"], False),
        ("big", plans["big"], False),
    ):
        times = keypress(plan, runs, walk)

        def cell(values: list[float]) -> str:
            if not values:
                return "no card to move"
            return f"{min(values) * 1000:.0f} / {statistics.median(values) * 1000:.0f} ms"

        target = ""
        if name == "big" and times["move"]:
            best = min(times["move"]) * 1000
            target = f"move < 50 ms: {'met' if best < 50 else 'MISSED'}"
        lines.append(
            f"| {LABELS[name]} | {cell(times['move'])} | {cell(times['form'])} "
            f"| {cell(times['review'])} | {target} |"
        )
        print(f"  {lines[-1]}", flush=True)
    return lines


def command_table(plans: dict, runs: int) -> list[str]:
    lines = [
        "| plan | file | bare parse (floor) | career glance | ratio | career review --json "
        "| ratio | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name in ("empty", "demo", "big"):
        path = plans[name]
        floor = best_process([PYTHON, "-c", f"import json; json.load(open({path!r}, 'rb'))"], runs)
        glance = best_process([CAREER, "glance", "--db", path], runs)
        review = best_process([CAREER, "review", "--json", "--db", path], runs)
        target = "glance " + verdict(glance / floor, 2) if name == "big" else ""
        lines.append(
            f"| {LABELS[name]} | {os.path.getsize(path) / 1e6:.2f} MB | {floor * 1000:.0f} ms "
            f"| {glance * 1000:.0f} ms | {glance / floor:.2f}x | {review * 1000:.0f} ms "
            f"| {review / floor:.2f}x | {target} |"
        )
        print(f"  {lines[-1]}", flush=True)
    return lines


def save_table(plans: dict, runs: int, folder: str) -> list[str]:
    from store.atomic import atomic_write
    from store.plan import Plan

    lines = [
        "| plan | one atomic write (floor) | one Plan.add | ratio | target |",
        "|---|---:|---:|---:|---|",
    ]
    for name in ("empty", "demo", "big"):
        copy = os.path.join(folder, f"save-{name}.json")
        shutil.copyfile(plans[name], copy)
        plan = Plan(copy)
        plan.add("goal", title="warm-up")  # the day's backup and the caches, once
        with open(copy, "rb") as handle:
            data = handle.read()
        floor = best_call(partial(atomic_write, os.path.join(folder, "floor.json"), data), runs)
        titles = (f"bench {n}" for n in range(10**9))
        add = best_call(partial(add_one, plan, titles), runs)
        lines.append(
            f"| {LABELS[name]} | {floor * 1000:.1f} ms | {add * 1000:.1f} ms "
            f"| {add / floor:.2f}x | {verdict(add / floor, 1.5) if name == 'big' else ''} |"
        )
        print(f"  {lines[-1]}", flush=True)
    return lines


def add_one(plan, titles) -> None:
    plan.add("action", title=next(titles))


def memory_table(rss: dict[str, float]) -> list[str]:
    floor = rss["bare Textual app (floor)"]
    lines = ["| program | peak RSS | ratio |", "|---|---:|---:|"]
    for label, mb in rss.items():
        lines.append(f"| {label} | {mb:.0f} MB | {mb / floor:.2f}x |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each measure (best kept)")
    parser.add_argument("--quick", action="store_true", help="3 runs and a 2,000-action plan")
    parser.add_argument("--actions", type=int, default=10_000, help="actions in the big plan")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.actions = 3, 2_000
    if not shutil.which("tmux"):
        sys.exit("tmux is needed (apt-get install tmux)")
    # A wheel install ships compiled modules; an editable checkout may not have them (and
    # PYTHONDONTWRITEBYTECODE stops Python writing them), which would charge compiling to us.
    for package in ("store", "tui"):
        compileall.compile_dir(os.path.join(ROOT, package), quiet=1)
    LABELS["big"] = f"{2 * args.actions:,} records, {args.actions:,} actions"
    started = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="careerplan-bench-")
    try:
        plans = build_plans(folder, args.actions)
        print("first paint", flush=True)
        paint, rss = paint_table(plans, args.runs, folder)
        print("keypress to repaint", flush=True)
        keys = key_table(plans, max(args.runs, 5))
        print("commands", flush=True)
        commands = command_table(plans, args.runs)
        print("saving", flush=True)
        saves = save_table(plans, args.runs, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report = [
        "# careerplan benchmarks",
        "",
        f"Run {datetime.now().strftime('%Y-%m-%d %H:%M')} on {machine()}, in "
        f"{time.perf_counter() - started:.0f} s. Command: `python bench/run.py"
        f"{' --quick' if args.quick else ''}` (best of {args.runs}; key presses best / median).",
        "Modules are compiled first, as an installed wheel would be. Every ratio is against a "
        "floor measured in this same run; the machine is shared, so compare ratios, not times.",
        "",
        "## First full paint in tmux, against a bare Textual app showing one line",
        "",
        *paint,
        "",
        "## Key press to repaint in tmux at 80x24 (best / median)",
        "",
        *keys,
        "",
        "## Commands, against a bare Python that parses the same file",
        "",
        "The targets are set on the big plan; on small files both sides are mostly Python's "
        "own start, which the ratio then shows.",
        "",
        *commands,
        "",
        "## One saved change, against one atomic write of the same bytes",
        "",
        *saves,
        "",
        "## Peak memory once the first screen is up (80x24), against the bare Textual app",
        "",
        *memory_table(rss),
        "",
    ]
    text = "\n".join(report)
    print("\n" + text)
    with open(os.path.join(HERE, "RESULTS.md"), "w") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()

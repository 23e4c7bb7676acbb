"""Exports of a plan of 100,000 cards: each format's whole `career export` process, its time
and peak memory, against the plan held in memory by the store (the floor: a process that only
opens the plan and takes its records, as every export must)."""

from __future__ import annotations

import os
import subprocess

from measure import CAREER, PYTHON, ms, verdict

CARDS = 100_000
FORMATS = ("json", "markdown", "ics")
HOLD = (
    "import sys; from careerplan.store.plan import Plan; "
    "Plan(sys.argv[1], defer_events=True).snapshot(events=False)"
)


def build_cards(folder: str) -> str:
    from datetime import date

    from careerplan.store.demo import build_big
    from careerplan.store.plan import Plan

    path = os.path.join(folder, "cards.json")
    build_big(Plan(path), date.today(), actions=CARDS, records=2 * CARDS)
    return path


LAUNCH = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "t = time.perf_counter() - t; "
    "print(done.returncode, t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one whole process, started from a small launcher:
    a child forked from this process (which built the plans) would count its memory too."""
    done = subprocess.run([PYTHON, "-c", LAUNCH, *argv], capture_output=True, text=True)
    code, took, peak = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{argv[:4]} failed: {done.stderr}")
    return float(took), int(peak) / 1024


def best(argv: list[str], runs: int) -> tuple[float, float]:
    measured = [run(argv) for _ in range(runs)]
    return min(m[0] for m in measured), max(m[1] for m in measured)


def export_section(folder: str, runs: int) -> list[str]:
    path = build_cards(folder)
    floor_time, floor_mb = best([PYTHON, "-c", HOLD, path], runs)
    lines = [
        f"The plan: {CARDS:,} cards, {os.path.getsize(path) / 1e6:.0f} MB; held in memory by "
        f"the store (floor): {ms(floor_time)}, {floor_mb:.0f} MB.",
        "",
        "| format | time (best) | peak memory | memory ratio | target |",
        "|---|---:|---:|---:|---|",
    ]
    out = os.path.join(folder, "export.out")
    for name in FORMATS:
        argv = [CAREER, "export", "--format", name, "--db", path, "-o", out, "--force"]
        took, peak = best(argv, runs)
        met = took <= 3 and peak / floor_mb <= 1.5
        lines.append(
            f"| {name} | {ms(took)} | {peak:.0f} MB | {peak / floor_mb:.2f}x "
            f"| {verdict(met, '≤ 3 s and ≤ 1.5x')} |"
        )
        print(f"  {lines[-1]}", flush=True)
    return lines

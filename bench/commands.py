"""The command line and the store: `career glance` and `career review` against a bare Python
parsing the same file, and one saved change against one atomic write of the same bytes."""

from __future__ import annotations

import os
import shutil
from functools import partial

from measure import CAREER, PYTHON, atomic_write_floor, best_calls, best_process, ms, verdict

SIZED = ("empty", "demo", "big", "long")
GLANCE_TARGET = {"long": 1.5}  # of a bare parse; 2x elsewhere


def command_section(plans: dict, labels: dict, runs: int) -> list[str]:
    lines = [
        "| plan | file | bare parse (floor) | career glance | ratio | career review | ratio "
        "| target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name in SIZED:
        path = plans[name]
        floor = best_process([PYTHON, "-c", f"import json; json.load(open({path!r}, 'rb'))"], runs)
        glance = best_process([CAREER, "glance", "--db", path], runs)
        review = best_process([CAREER, "review", "--db", path], runs)
        target = GLANCE_TARGET.get(name, 2)
        lines.append(
            f"| {labels[name]} | {os.path.getsize(path) / 1e6:.2f} MB | {ms(floor)} "
            f"| {ms(glance)} | {glance / floor:.2f}x | {ms(review)} | {review / floor:.2f}x "
            f"| glance {verdict(round(glance / floor, 2) <= target, f'≤ {target:g}x')} |"
        )
        print(f"  {lines[-1]}", flush=True)
    return lines


def save_section(plans: dict, labels: dict, runs: int, folder: str) -> list[str]:
    from careerplan.store.plan import Plan

    lines = [
        "| plan | one atomic write (floor) | one Plan.add | ratio | target |",
        "|---|---:|---:|---:|---|",
    ]
    for name in SIZED:
        copy = os.path.join(folder, f"save-{name}.json")
        shutil.copyfile(plans[name], copy)
        plan = Plan(copy, defer_events=True)  # as the dashboard and the command line open it
        plan.add("goal", title="warm-up")  # the day's backup and the caches, once
        with open(copy, "rb") as handle:
            data = handle.read()
        floor_path = os.path.join(folder, "floor.json")
        titles = (f"bench {n}" for n in range(10**9))
        floor, add = best_calls(
            partial(atomic_write_floor, floor_path, data),
            partial(add_one, plan, titles),
            runs=max(4 * runs, 20),  # milliseconds each: cheap to repeat, and noisy
        )
        lines.append(
            f"| {labels[name]} | {floor * 1000:.1f} ms | {add * 1000:.1f} ms "
            f"| {add / floor:.2f}x | {verdict(round(add / floor, 2) <= 1.5, '≤ 1.5x')} |"
        )
        print(f"  {lines[-1]}", flush=True)
    return lines


def add_one(plan, titles) -> None:
    plan.add("action", title=next(titles))

"""The plans every measure runs on: empty (with and without the first-run walk), the demo,
a big one of 2 x `actions` records, and a long-kept one: the big plan after 100,000 changes."""

from __future__ import annotations

import os
from datetime import date


def build_plans(folder: str, actions: int) -> dict[str, str]:
    from careerplan.store.demo import build_big, build_demo
    from careerplan.store.plan import Plan

    today = date.today()
    plans = {name: os.path.join(folder, f"{name}.json") for name in PLANS}
    Plan(plans["empty"]).add("settings", theme="textual-dark")  # a file, nothing in it yet
    Plan(plans["skipped"]).add("settings", onboarding="skipped")  # empty, walk skipped
    build_demo(Plan(plans["demo"]), today)
    big = Plan(plans["big"])
    build_big(big, today, actions=actions, records=2 * actions)
    big.add("settings", onboarding="done")
    build_long(plans["big"], plans["long"])
    return plans


PLANS = ("empty", "skipped", "demo", "big", "long")
LONG_EVENTS = 100_000


def build_long(big: str, path: str) -> None:
    """Years of daily use: the big plan's cards moved and edited until the log holds
    LONG_EVENTS events (each keeps the card before and after, as undo needs)."""
    import shutil

    from careerplan.store.plan import Plan

    shutil.copyfile(big, path)
    plan = Plan(path)
    cards = [card["id"] for card in plan.records("action")]
    logged = len(plan.records("event"))
    with plan.batch():
        for n in range(LONG_EVENTS - logged):
            card = cards[(n * 7919) % len(cards)]
            if n % 3 == 2:
                plan.update(card, measure=f"measured {n}")
            else:
                plan.move(card, ("backlog", "todo", "doing")[n % 3])


def labels(actions: int) -> dict[str, str]:
    return {
        "empty": "empty plan",
        "skipped": "empty plan, walk skipped",
        "demo": "demo plan",
        "big": f"big plan ({2 * actions:,} records, {actions:,} actions)",
        "long": f"long-kept plan (the big plan, {LONG_EVENTS:,} events)",
    }

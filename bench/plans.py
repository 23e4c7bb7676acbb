"""The plans every measure runs on: empty (with and without the first-run walk), the demo,
and a big one of 2 x `actions` records."""

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
    return plans


PLANS = ("empty", "skipped", "demo", "big")


def labels(actions: int) -> dict[str, str]:
    return {
        "empty": "empty plan",
        "skipped": "empty plan, walk skipped",
        "demo": "demo plan",
        "big": f"big plan ({2 * actions:,} records, {actions:,} actions)",
    }

"""`career --demo`: a fresh copy of the sample plan in a private temp folder."""

from __future__ import annotations

import os
import tempfile


def demo_plan():
    from store.demo import build_demo
    from store.plan import Plan

    folder = tempfile.mkdtemp(prefix="careerplan-demo-")
    plan = Plan(os.path.join(folder, "demo.json"))
    build_demo(plan, plan.today())
    return plan

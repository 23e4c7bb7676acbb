"""`career --demo`: a fresh copy of the sample plan in a private temp folder, removed when
the program ends (the dashboard, or `career serve --demo` and every session it served)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile


def demo_plan():
    from careerplan.store.demo import build_demo
    from careerplan.store.plan import Plan

    folder = tempfile.mkdtemp(prefix="careerplan-demo-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    plan = Plan(os.path.join(folder, "demo.json"))
    build_demo(plan, plan.today())
    return plan

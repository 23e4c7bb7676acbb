"""Regenerate screenshots/*.svg from the real app on the demo plan:

python screenshots/make.py

screenshots/browser.png comes from the browser test, `career serve` in headless Chromium:
CAREER_SCREENSHOTS=1 python -m pytest tests/test_e2e_browser.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import date

from careerplan.store.demo import build_demo
from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp

HERE = os.path.dirname(os.path.abspath(__file__))


async def shoot(name: str, keys: list[str], size: tuple[int, int], demo: bool = True) -> None:
    folder = tempfile.mkdtemp(prefix="careerplan-shots-")
    plan = Plan(os.path.join(folder, "plan.json"))
    if demo:
        build_demo(plan, date.today())
    app = CareerApp(plan)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.3)
        app.save_screenshot(os.path.join(HERE, f"{name}.svg"))
    print(f"screenshots/{name}.svg")


async def main() -> None:
    await shoot("dashboard-120x40", [], (120, 40))
    await shoot("dashboard-80x24", [], (80, 24))
    await shoot("goals-80x24", ["2"], (80, 24))
    await shoot("form", ["2", "n"], (100, 30))
    await shoot("help", ["question_mark"], (100, 30))
    await shoot("review", ["r"], (120, 40))
    await shoot("progress", ["r", "5"], (100, 34))
    await shoot("first-run", [], (100, 30), demo=False)
    await shoot("card", ["l", "enter"], (100, 30))
    await shoot("mentors", ["m"], (100, 30))


if __name__ == "__main__":
    asyncio.run(main())

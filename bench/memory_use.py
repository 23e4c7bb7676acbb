"""Memory after use, not only at first paint: the app on the big plan, headless (Textual's
test driver at 120x40), its RSS once painted, then after 200 mixed operations (card moves,
edits, the review opened and closed, the Mentors view, and 20 `career add` from another
process):

    python bench/memory_use.py [--actions 10000]

Target (issue 24): RSS after use within 1.15x of RSS once painted. Also shown: RSS after the
first 50 operations, once every screen has been opened, against which the rest is growth.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from measure import verdict  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


WARM = 50  # operations after which every screen has been opened at least once


async def measure(path: str) -> tuple[float, float, float, int]:
    from careerplan.store.plan import Plan
    from careerplan.tui.app import CareerApp
    from careerplan.tui.messages import PlanChanged

    app = CareerApp(Plan(path, defer_events=True))  # as `career` opens it
    done = 0
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(20):
            await pilot.pause()
        painted = rss_mb()
        for step in range(200):
            kind = step % 10
            if kind in (0, 1, 2, 3):  # a card to the next column and back
                await pilot.press(
                    "right_square_bracket" if kind % 2 == 0 else "left_square_bracket"
                )
            elif kind == 4:
                await pilot.press("down")
            elif kind == 5:  # open the review and close it
                await pilot.press("r")
                await pilot.pause()
                await pilot.press("escape")
            elif kind == 6:  # a form opened and closed
                await pilot.press("e")
                await pilot.pause()
                await pilot.press("escape")
            elif kind == 7:
                await pilot.press("m")
                await pilot.pause()
                await pilot.press("escape")
            elif kind == 8:  # another process writes the plan
                career = os.path.join(os.path.dirname(sys.executable), "career")
                add = [career, "add", "action", f"From elsewhere {step}", "--column", "todo"]
                subprocess.run([*add, "--db", path], check=True, stdout=subprocess.DEVNULL)
                app.plan.reload()  # what the file watch does when the file changed
                app.tell(PlanChanged())
            else:
                await pilot.press("l" if step % 20 == 9 else "h")
            await pilot.pause()
            done += 1
            if done == WARM:
                await pilot.pause(0.6)
                warm = rss_mb()
        await pilot.pause(0.6)  # the app's idle garbage pass
        gc.collect()
        used = rss_mb()
    return painted, warm, used, done


BUILD = """
import sys
from datetime import date
from careerplan.store.demo import build_big
from careerplan.store.plan import Plan
plan, actions = Plan(sys.argv[1]), int(sys.argv[2])
build_big(plan, date.today(), actions=actions, records=2 * actions)
plan.add("settings", onboarding="done")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=10_000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="careerplan-memory-")
    path = os.path.join(folder, "big.json")
    # built in another process, so that building leaves nothing in this one's memory
    subprocess.run([sys.executable, "-c", BUILD, path, str(args.actions)], check=True)
    painted, warm, used, done = asyncio.run(measure(path))
    ratio = used / painted
    print(
        "| plan | once painted | after the first "
        f"{WARM} operations | after {done} | after / painted | after / after {WARM} |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| big plan ({2 * args.actions:,} records) | {painted:.0f} MB | {warm:.0f} MB "
        f"| {used:.0f} MB | {ratio:.2f}x ({verdict(ratio <= 1.15, '≤ 1.15x')}) "
        f"| {used / warm:.2f}x |"
    )


if __name__ == "__main__":
    main()

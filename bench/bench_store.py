"""The store's speed on a plan of 20,000 records (10,000 actions), as ratios against floors
measured in the same run:

    python bench/bench_store.py [--runs 7] [--actions 10000]

- `career glance` (the whole process) against a bare `python -c` that only parses the same
  JSON file with the stdlib json module (target: at most 2x);
- one `Plan.add` on the warm plan against one atomic write (temp file, fsync, rename) of the
  same bytes (target: at most 1.5x); a cold `career add` process is shown for information.
Writes bench/RESULTS-store.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from store.atomic import atomic_write  # noqa: E402
from store.demo import build_big  # noqa: E402
from store.plan import Plan  # noqa: E402


def best_process(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode not in (0, 1):  # review exits 1 when something is overdue
            raise SystemExit(f"{argv[:2]} failed: {done.stderr.decode()}")
        times.append(time.perf_counter() - start)
    return min(times)


def best_call(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if "model name" in line)
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--actions", type=int, default=10_000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="careerplan-bench-")
    path = os.path.join(folder, "plan.json")
    plan = Plan(path)
    build_big(plan, date.today(), actions=args.actions, records=2 * args.actions)
    records = sum(len(v) for v in plan.snapshot().values())
    size = os.path.getsize(path)
    python = sys.executable
    career = os.path.join(os.path.dirname(python), "career")

    parse_floor = best_process(
        [python, "-c", f"import json; json.load(open({path!r}, 'rb'))"], args.runs
    )
    glance = best_process([career, "glance", "--db", path], args.runs)
    review = best_process([career, "review", "--db", path, "--json"], args.runs)

    with open(path, "rb") as handle:
        data = handle.read()
    floor_path = os.path.join(folder, "floor.json")
    write_floor = best_call(lambda: atomic_write(floor_path, data), args.runs)
    plan.add("goal", title="warm-up")
    counter = iter(range(10**9))
    add = best_call(lambda: plan.add("action", title=f"bench {next(counter)}"), args.runs)
    cold_add = best_process([career, "add", "action", "cold add", "--db", path], args.runs)

    rows = [
        ("bare python parsing the JSON (floor)", parse_floor, 1.0, ""),
        ("career glance", glance, glance / parse_floor, "≤ 2x"),
        ("career review --json", review, review / parse_floor, ""),
        ("one atomic write of the same bytes (floor)", write_floor, 1.0, ""),
        ("Plan.add on the warm plan", add, add / write_floor, "≤ 1.5x"),
        ("career add (cold process)", cold_add, cold_add / write_floor, "information"),
    ]
    lines = [
        "# Store benchmark",
        "",
        f"Run on {date.today().isoformat()}: {machine()}.",
        f"Plan: {records:,} records ({args.actions:,} actions, the event log included), "
        f"{size / 1e6:.1f} MB. Best of {args.runs} runs.",
        "Command: `python bench/bench_store.py`",
        "",
        "| measure | time | ratio | target |",
        "|---|---:|---:|---|",
    ]
    for label, seconds, ratio, target in rows:
        lines.append(f"| {label} | {seconds * 1000:.1f} ms | {ratio:.2f}x | {target} |")
    report = "\n".join(lines) + "\n"
    print(report)
    with open(os.path.join(HERE, "RESULTS-store.md"), "w") as handle:
        handle.write(report)


if __name__ == "__main__":
    main()

"""Keypress to repaint for moving a card on a plan of 10,000 actions, in tmux:

    python bench/move_repaint.py [--runs 10]

Sends `]` and polls the screen until the Doing column's count has gone up.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--actions", type=int, default=10_000)
    args = parser.parse_args()
    from store.demo import build_big
    from store.plan import Plan

    path = os.path.join(tempfile.mkdtemp(prefix="careerplan-bench-"), "big.json")
    build_big(Plan(path), date.today(), actions=args.actions, records=2 * args.actions)
    career = os.path.join(os.path.dirname(sys.executable), "career")
    socket = f"bench-{uuid.uuid4().hex[:8]}"

    def tmux(*argv: str) -> str:
        return subprocess.run(
            ["tmux", "-L", socket, "-f", "/dev/null", *argv], capture_output=True, text=True
        ).stdout

    def doing() -> int | None:
        found = re.search(r"Doing \((\d+)\)", tmux("capture-pane", "-p", "-t", "b"))
        return int(found.group(1)) if found else None

    tmux("new-session", "-d", "-s", "b", "-x", "200", "-y", "50", f"{career} --db {path}")
    try:
        deadline = time.monotonic() + 60
        while doing() is None:
            if time.monotonic() > deadline:
                raise SystemExit(
                    "the board never showed:\n" + tmux("capture-pane", "-p", "-t", "b")
                )
            time.sleep(0.05)
        times = []
        for _ in range(args.runs):
            before = doing()
            start = time.perf_counter()
            tmux("send-keys", "-t", "b", "]")
            while doing() == before:
                if time.perf_counter() - start > 10:
                    raise SystemExit(
                        f"no repaint after {len(times)} moves ({before}):\n"
                        + tmux("capture-pane", "-p", "-t", "b")[:600]
                    )
                time.sleep(0.002)
            times.append(time.perf_counter() - start)
            tmux("send-keys", "-t", "b", "[")
            time.sleep(0.8)
            tmux("send-keys", "-t", "b", "down")
            time.sleep(0.8)
        times.sort()
        line = (
            f"move a card on {args.actions:,} actions: best {times[0] * 1000:.0f} ms, "
            f"median {times[len(times) // 2] * 1000:.0f} ms (target < 50 ms; includes tmux "
            "send-keys and capture-pane, about 5 ms)"
        )
        print(line)
        with open(os.path.join(HERE, "RESULTS-move.md"), "w") as handle:
            handle.write(f"# Card move repaint\n\n{date.today()}: {line}\n")
    finally:
        tmux("kill-server")


if __name__ == "__main__":
    main()

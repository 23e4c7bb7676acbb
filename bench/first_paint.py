"""First full paint of `career` in tmux, against a bare Textual app measured in the same run.

    python bench/first_paint.py [--runs 5] [--size 80x24]

Each run starts a fresh tmux server, launches the program and polls the screen until a marker
that only a full paint shows is there. The floor is a bare Textual app that shows one line.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("READY")
Bare().run()
"""


def tmux(socket: str, *args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", socket, "-f", "/dev/null", *args], capture_output=True, text=True
    ).stdout


def time_to_marker(command: str, marker: str, size: str, timeout: float = 120.0) -> float:
    """Seconds from launch until `marker` is on the screen."""
    width, height = size.split("x")
    socket = f"bench-{uuid.uuid4().hex[:8]}"
    start = time.perf_counter()
    tmux(socket, "new-session", "-d", "-s", "b", "-x", width, "-y", height, command)
    try:
        while time.perf_counter() - start < timeout:
            if marker in tmux(socket, "capture-pane", "-p", "-t", "b"):
                return time.perf_counter() - start
            time.sleep(0.005)
        raise RuntimeError(f"{marker!r} never appeared for {command}")
    finally:
        tmux(socket, "kill-server")


def best(command: str, marker: str, size: str, runs: int) -> float:
    return min(time_to_marker(command, marker, size) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--big", type=int, default=10_000, help="actions in the big plan")
    args = parser.parse_args()
    if not shutil.which("tmux"):
        sys.exit("tmux is needed")
    # An install from a wheel ships compiled modules; an editable checkout may not (and
    # PYTHONDONTWRITEBYTECODE stops Python writing them), which would charge compiling to us.
    import compileall

    root = os.path.dirname(HERE)
    for package in ("store", "tui"):
        compileall.compile_dir(os.path.join(root, package), quiet=1)
    python = sys.executable
    career = os.path.join(os.path.dirname(python), "career")
    work = tempfile.mkdtemp(prefix="careerplan-bench-")
    bare = os.path.join(work, "bare.py")
    with open(bare, "w") as handle:
        handle.write(BARE)
    sys.path.insert(0, os.path.dirname(HERE))
    from datetime import date

    from store.demo import build_big, build_demo
    from store.plan import Plan

    demo = os.path.join(work, "demo.json")
    build_demo(Plan(demo), date.today())
    big = os.path.join(work, "big.json")
    build_big(Plan(big), date.today(), actions=args.big, records=2 * args.big)
    empty = os.path.join(work, "empty.json")
    marker = "To do ("
    cases = [
        ("bare Textual app (floor)", f"{python} {bare}", "READY"),
        ("career, empty plan", f"{career} --db {empty}", "Step 1 of 5"),
        ("career, demo plan", f"{career} --db {demo}", marker),
        (f"career, {args.big:,} actions", f"{career} --db {big}", marker),
    ]
    floor = None
    lines = [
        f"# First full paint in tmux at {args.size}",
        "",
        f"Run on {date.today().isoformat()}, {os.cpu_count()} cores, best of {args.runs}. "
        f"Command: `python bench/first_paint.py --size {args.size}`",
        "",
        "| program | first paint | ratio to the floor |",
        "|---|---:|---:|",
    ]
    for label, command, marker in cases:
        seconds = best(command, marker, args.size, args.runs)
        floor = floor or seconds
        print(f"{label:<32} {seconds * 1000:8.0f} ms  {seconds / floor:5.2f}x", flush=True)
        lines.append(f"| {label} | {seconds * 1000:.0f} ms | {seconds / floor:.2f}x |")
    with open(os.path.join(HERE, f"RESULTS-first-paint-{args.size}.md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

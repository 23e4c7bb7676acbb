"""The pieces every benchmark uses: timing a process or a call, a program in tmux polled for
what it shows, its peak memory, the plans measured and the machine they ran on."""

from __future__ import annotations

import os
import platform
import re
import shlex
import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import date

BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("READY")
Bare().run()
"""


def best_process(argv: list[str], runs: int) -> float:
    """Best wall time of a whole process (start, work, exit)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode not in (0, 1):  # review exits 1 when something is overdue
            raise SystemExit(f"{argv[:3]} failed: {done.stderr.decode()}")
        times.append(time.perf_counter() - start)
    return min(times)


def best_call(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


class Pane:
    """A program in a detached tmux session on a private server, polled for its screen."""

    def __init__(self, command: str, size: str) -> None:
        width, height = size.split("x")
        self.socket = f"careerplan-bench-{uuid.uuid4().hex[:8]}"
        self.started = time.perf_counter()
        # exec: the pane's process is the program itself, so its pid gives its memory
        self.tmux("new-session", "-d", "-s", "b", "-x", width, "-y", height, f"exec {command}")

    def tmux(self, *argv: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *argv], capture_output=True, text=True
        ).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "b")

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "b", *keys)

    def wait(self, shown: Callable[[str], bool], timeout: float = 60.0) -> float:
        """Seconds until shown(screen) holds, polling every 2 ms."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if shown(self.screen()):
                return time.perf_counter() - start
            time.sleep(0.002)
        raise SystemExit(f"gave up waiting after {timeout} s; the screen:\n{self.screen()}")

    def peak_rss_mb(self) -> float:
        pid = self.tmux("display", "-p", "-t", "b", "#{pane_pid}").strip()
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise SystemExit("no VmHWM for the pane's process")

    def close(self) -> None:
        self.tmux("kill-server")

    def __enter__(self) -> Pane:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def first_paint(command: str, marker: str, size: str, runs: int) -> tuple[float, float]:
    """(best seconds from launch until `marker` is on screen, peak RSS in MB after it)."""
    best, rss = float("inf"), 0.0
    for _ in range(runs):
        with Pane(command, size) as pane:
            pane.wait(lambda screen: marker in screen)
            best = min(best, time.perf_counter() - pane.started)
            time.sleep(0.3)  # settle: what it holds once idle on its first screen
            rss = max(rss, pane.peak_rss_mb())
    return best, rss


def count(screen: str, label: str) -> int | None:
    found = re.search(re.escape(label) + r" \((\d+)\)", screen)
    return int(found.group(1)) if found else None


def machine() -> str:
    from importlib.metadata import version

    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if "model name" in line)
    except (OSError, StopIteration):
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"Textual {version('textual')}, {platform.system()} {platform.release()}"
    )


def build_plans(folder: str, actions: int) -> dict[str, str]:
    """The plans every measure runs on: empty, the demo, and a big one."""
    from store.demo import build_big, build_demo
    from store.plan import Plan

    today = date.today()
    plans = {
        "empty": os.path.join(folder, "empty.json"),
        "demo": os.path.join(folder, "demo.json"),
        "big": os.path.join(folder, "big.json"),
        "skipped": os.path.join(folder, "skipped.json"),
    }
    Plan(plans["empty"]).add("settings", theme="textual-dark")  # a file, nothing in it yet
    Plan(plans["skipped"]).add("settings", onboarding="skipped")  # empty, walk skipped
    build_demo(Plan(plans["demo"]), today)
    big = Plan(plans["big"])
    build_big(big, today, actions=actions, records=2 * actions)
    big.add("settings", onboarding="done")
    return plans


def quote(*argv: str) -> str:
    return shlex.join(argv)

"""A program in a detached tmux pane, polled for what it shows: when it first painted, when
the screen stopped changing, and the peak memory of the program itself."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

GO = "BENCH-GO"  # shown while the pane waits for the start signal


class Pane:
    """A private tmux server with one pane of `size` ("80x24") that runs `argv` on start().

    The pane's shell waits on `read` until start(), so the clock leaves out tmux's own start;
    the shell then `exec`s the program, so the pane's pid is the program's.

    Every look at the screen and every key goes through one tmux client in control mode,
    not a `tmux` process each: polled every 2 ms, those processes took a core of this
    two-core machine, and the program under test ran against them (a program that works on
    the other core, as `career` does for a big plan, most of all)."""

    def __init__(self, argv: list[str], size: str) -> None:
        width, height = size.split("x")
        self.socket = f"careerplan-bench-{uuid.uuid4().hex[:8]}"
        script = f"printf {GO}; read _; exec {shlex.join(argv)}"
        base = ["tmux", "-L", self.socket, "-f", "/dev/null"]
        subprocess.run(
            [*base, "new-session", "-d", "-s", "b", "-x", width, "-y", height, script],
            check=True,
        )
        self._client = subprocess.Popen(
            [*base, "-C", "attach-session", "-t", "b"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self._unread = b""
        self._reply()  # to the attach itself
        self.tmux("refresh-client", "-C", f"{width}x{height}")  # the window keeps its size
        self.wait(lambda screen: GO in screen, timeout=10)
        self.started = 0.0

    def start(self) -> None:
        self.started = time.perf_counter()
        self.send("Enter")

    def tmux(self, *argv: str) -> str:
        """Run one tmux command through the control client; its output ("" once the server
        has gone with the program, as a `tmux` process would print)."""
        try:
            self._client.stdin.write(shlex.join(argv).encode() + b"\n")
            return self._reply()
        except (BrokenPipeError, EOFError):
            return ""

    def _reply(self) -> str:
        """The next command's output: the lines between %begin and %end (or %error); what
        the pane printed meanwhile (%output lines) is skipped."""
        lines: list[bytes] | None = None
        while True:
            line = self._line()
            if line.startswith(b"%begin "):
                lines = []
            elif lines is not None and line.startswith((b"%end ", b"%error ")):
                return b"\n".join(lines).decode("utf-8", "replace")
            elif lines is not None:
                lines.append(line)

    def _line(self) -> bytes:
        while b"\n" not in self._unread:
            chunk = os.read(self._client.stdout.fileno(), 1 << 16)
            if not chunk:
                raise EOFError("the tmux control client ended")
            self._unread += chunk
        line, self._unread = self._unread.split(b"\n", 1)
        return line

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

    def settle(self, quiet: float = 0.5, limit: float = 3.0) -> float:
        """Watch the screen until it has not changed for `quiet` s; return the clock (since
        start()) of its last change."""
        begun = time.perf_counter()
        last, changed = self.screen(), begun
        while time.perf_counter() - changed < quiet and time.perf_counter() - begun < limit:
            screen = self.screen()
            if screen != last:
                last, changed = screen, time.perf_counter()
            time.sleep(0.002)
        return changed - self.started

    def program_pid(self) -> int:
        """The pane's pid, checked to be Python itself (not a shell around it)."""
        pid = int(self.tmux("display", "-p", "-t", "b", "#{pane_pid}").strip())
        exe = os.path.basename(os.readlink(f"/proc/{pid}/exe"))
        if not exe.startswith("python"):
            raise SystemExit(f"the pane runs {exe}, not Python: its memory is not the app's")
        return pid

    def peak_rss_mb(self) -> float:
        with open(f"/proc/{self.program_pid()}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise SystemExit("no VmHWM for the pane's process")

    def close(self) -> None:
        self.tmux("kill-server")
        self._client.kill()
        self._client.wait()

    def __enter__(self) -> Pane:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Paint:
    shown: float  # s from start to every marker on screen
    settled: float  # s from start to the screen's last change (the full paint)
    rss_mb: float  # peak RSS of the program once settled

    def best(self, other: Paint | None) -> Paint:
        """The best times of the two, and the higher memory."""
        if other is None:
            return self
        return Paint(
            min(self.shown, other.shown),
            min(self.settled, other.settled),
            max(self.rss_mb, other.rss_mb),
        )


def first_paint(argv: list[str], markers: tuple[str, ...], size: str) -> Paint:
    """One launch: until every marker is on screen, until the screen settles, peak memory."""
    with Pane(argv, size) as pane:
        pane.start()
        pane.wait(lambda screen: all(m in screen for m in markers))
        shown = time.perf_counter() - pane.started
        return Paint(shown, pane.settle(), pane.peak_rss_mb())


def count(screen: str, label: str) -> int | None:
    """N in 'label (N)' on screen, as a kanban column heading shows it."""
    found = re.search(re.escape(label) + r" \((\d+)\)", screen)
    return int(found.group(1)) if found else None

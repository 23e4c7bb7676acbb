"""Driving a real terminal: the installed `career` inside tmux, as a person would use it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid

CAREER = os.path.join(os.path.dirname(sys.executable), "career")


def have_tmux() -> bool:
    return shutil.which("tmux") is not None


class Tmux:
    """One detached tmux session on a private server socket, killed on close."""

    def __init__(self, command: str, width: int = 80, height: int = 24, env: dict | None = None):
        self.socket = f"careerplan-test-{uuid.uuid4().hex[:8]}"
        self.name = "t"
        # A COLUMNS/LINES inherited from the test runner would override the pane's real size.
        env_prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        # The pane's size can settle just after its program starts; a program that measured
        # the terminal in that instant draws one frame at 80x24 into a smaller pane.
        full = f"sleep 0.2; exec env -u COLUMNS -u LINES {env_prefix} {command}"
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), full)
        self._tmux("set-option", "-t", self.name, "remain-on-exit", "on")

    def _tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def send(self, *keys: str, literal: bool = False) -> None:
        args = ["send-keys", "-t", self.name]
        if literal:
            args.append("-l")
        self._tmux(*args, *keys)

    def type(self, text: str) -> None:
        self.send(text, literal=True)

    def screen(self, history: bool = False) -> str:
        """What the pane shows; with history, the lines scrolled off above it too."""
        extra = ("-S", "-") if history else ()
        return self._tmux("capture-pane", "-p", *extra, "-t", self.name)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not on screen after {timeout} s:\n{screen}")

    def wait_gone(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} still on screen after {timeout} s:\n{screen}")

    def dead(self) -> bool:
        out = self._tmux("list-panes", "-t", self.name, "-F", "#{pane_dead}", check=False)
        return out.strip() == "1"

    def exit_status(self, timeout: float = 5.0) -> int:
        """The program's exit status, once it has exited; a death by signal is an error that
        names the signal. Under load tmux sometimes leaves its pane's process a zombie for
        good (seen: 22 s and on, tmux 3.3a): its status is then read from /proc."""
        pid = self.pid()
        deadline = time.monotonic() + timeout
        fields = "#{pane_dead_status}:#{pane_dead_signal}"
        while True:
            out = self._tmux("display-message", "-p", "-t", self.name, fields).strip()
            status, _, signal = out.partition(":")
            if not status.lstrip("-").isdigit() and not signal.isdigit():
                status, signal = _zombie_status(pid)
            if status.lstrip("-").isdigit():
                return int(status)
            if signal.isdigit() and int(signal):
                raise AssertionError(f"the program was killed by signal {signal}")
            if time.monotonic() > deadline:
                raise AssertionError(f"tmux gave no exit status ({out!r}):\n{self.screen()}")
            time.sleep(0.05)

    def wait_exit(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.dead():
                return
            time.sleep(0.05)
        raise AssertionError(f"the program did not exit:\n{self.screen()}")

    def resize(self, width: int, height: int) -> None:
        self._tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def pipe_to(self, path: str) -> None:
        """Copy every byte the program writes to the terminal into `path`."""
        self._tmux("pipe-pane", "-t", self.name, "-o", f"cat >> {shlex.quote(path)}")

    def pid(self) -> int:
        """The pane's process: the program itself, as it is started with exec."""
        return int(self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def title(self) -> str:
        return self._tmux("display-message", "-p", "-t", self.name, "#{pane_title}").strip()

    def close(self) -> None:
        self._tmux("kill-server", check=False)

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _zombie_status(pid: int) -> tuple[str, str]:
    """(exit status, signal) of a process that has exited and not been reaped yet, from the
    last field of /proc/PID/stat (its wait status); ("", "") while it still runs."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return "", ""
    if fields[0] != "Z":
        return "", ""
    code = int(fields[-1])
    return (str((code >> 8) & 0xFF), "") if code & 0x7F == 0 else ("", str(code & 0x7F))

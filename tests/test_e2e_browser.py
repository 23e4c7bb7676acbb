"""`career serve` for real: the server started as a person would, the page opened in headless
Chromium, the dashboard read off the page's own terminal, and a screenshot kept.

textual-serve draws the terminal with xterm.js on a canvas, so the text is not in the DOM. A
script that runs before the page's own catches the xterm Terminal as the page creates it, and
the test reads the lines of its screen buffer: what the person sees, not what was sent.
"""

from __future__ import annotations

import asyncio
import os
import select
import shutil
import socket
import subprocess
import sys
import time
from datetime import date

import pytest

from careerplan.store.demo import build_demo
from careerplan.store.plan import Plan
from tests.cdp import CHROMIUM, Chromium, kill_group

CAREER = os.path.join(os.path.dirname(sys.executable), "career")
SCREENSHOTS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "screenshots")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (.ci/run does)"
    ),
]

CATCH_TERMINAL = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer) window.__terminals.push(value);
  },
});
"""
SCREEN_TEXT = """(() => {
  const term = window.__terminals && window.__terminals[0];
  if (!term) return null;
  const buffer = term.buffer.active, lines = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, server: subprocess.Popen, log, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    log.seek(0)
    raise AssertionError(f"career serve never listened on {port}:\n{log.read()}")


@pytest.fixture
def served(tmp_path):
    """`career serve` on a copy of the demo plan; yields (the URL it printed, with its token;
    its log)."""
    path = tmp_path / "plan.json"
    build_demo(Plan(path), date.today())
    port = free_port()
    with open(tmp_path / "serve.log", "w+") as log:
        server = subprocess.Popen(
            [CAREER, "serve", "--db", str(path), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            start_new_session=True,
            env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
        )
        try:
            wait_for_port(port, server, log)
            ready, _, _ = select.select([server.stdout], [], [], 30)
            assert ready, "career serve printed no URL"
            url = server.stdout.readline().strip()
            assert url.startswith(f"http://127.0.0.1:{port}/?token="), url
            yield url, log
        finally:
            kill_group(server)


async def read_screen(browser: Chromium, wanted: list[str], timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = await browser.evaluate(SCREEN_TEXT) or ""
        if all(w in text for w in wanted):
            return text
        await asyncio.sleep(0.25)
    raise AssertionError(f"{wanted} never on the page; its terminal showed:\n{text}")


async def test_the_dashboard_in_a_browser(served, tmp_path):
    url, log = served
    browser = Chromium(1280, 800)
    try:
        await browser.open()
        await browser.send("Page.enable")
        await browser.send("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
        await browser.send("Page.navigate", url=url)
        try:
            screen = await read_screen(browser, ["To do (", "Book the AWS exam", "2 Goals"])
        except AssertionError:
            log.seek(0)
            raise AssertionError(f"server log:\n{log.read()}") from None
        assert "Staff" in screen  # a goal of the demo plan, in the goals pane beside the board
        await asyncio.sleep(0.5)  # let the canvas catch up with the buffer before the picture
        shot = tmp_path / "browser.png"
        await browser.screenshot(str(shot))
        assert shot.stat().st_size > 20_000  # a real picture of the dashboard, not a blank page
        if os.environ.get("CAREER_SCREENSHOTS"):
            shutil.copyfile(shot, os.path.join(SCREENSHOTS, "browser.png"))
        # keys typed on the page reach the app: r opens the review, escape goes back
        await browser.evaluate("window.__terminals[0].focus()")
        await browser.send("Input.dispatchKeyEvent", type="keyDown", text="r", key="r")
        await browser.send("Input.dispatchKeyEvent", type="keyUp", key="r")
        review = await read_screen(browser, ["Overdue ("])
        assert "Book the AWS exam" in review and "days overdue" in review
    finally:
        await browser.close()


def test_serving_beyond_loopback_warns(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [CAREER, "serve", "--db", str(tmp_path / "plan.json"), "--port", str(port)]
        + ["--host", "0.0.0.0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        ready, _, _ = select.select([server.stderr], [], [], 30)  # a hang fails, not blocks CI
        assert ready, "career serve said nothing within 30 s"
        first = server.stderr.readline()
        assert "warning" in first and "other machines" in first
    finally:
        kill_group(server)

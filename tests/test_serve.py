"""`career serve` tried as an attacker would: a real server on 127.0.0.1, real HTTP and
WebSocket clients (aiohttp's), a real app process per session writing the real plan."""

from __future__ import annotations

import asyncio
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from urllib.parse import urlsplit

import aiohttp
import pytest

from careerplan.store.demo import build_demo
from careerplan.store.plan import Plan
from tests.cdp import kill_group
from tests.tui_helpers import TODAY

CAREER = os.path.join(os.path.dirname(sys.executable), "career")
ENV = {**os.environ, "TEXTUAL_ANIMATIONS": "none"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(*args: str, cwd=None, env=None):
    """`career serve ARGS` on a free port; yields (the URL it printed, its process)."""
    port = free_port()
    server = subprocess.Popen(
        [CAREER, "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=env or ENV,
        start_new_session=True,
    )
    try:
        ready, _, _ = select.select([server.stdout], [], [], 30)
        assert ready, "career serve printed no URL within 30 s"
        url = server.stdout.readline().strip()
        assert url.startswith(f"http://127.0.0.1:{port}/?token="), server.stderr.read()
        yield url, server
    finally:
        kill_group(server)


@pytest.fixture
def plan_path(tmp_path):
    path = tmp_path / "plan.json"
    build_demo(Plan(path, today=lambda: TODAY), TODAY)
    return path


def parts(url: str) -> tuple[str, str, str]:
    """(origin, host:port, token) of the printed URL."""
    split = urlsplit(url)
    return f"http://{split.netloc}", split.netloc, split.query.removeprefix("token=")


async def get(url: str, **headers) -> tuple[int, str]:
    async with aiohttp.ClientSession() as client, client.get(url, headers=headers) as answer:
        return answer.status, await answer.text()


async def open_socket(client, url: str, origin: str | None, **headers):
    _, netloc, token = parts(url)
    if origin is not None:
        headers["Origin"] = origin
    return await client.ws_connect(
        f"ws://{netloc}/ws/{token}?width=80&height=24", headers=headers, autoping=True
    )


async def refused_socket(ws_url: str, **headers) -> int:
    async with aiohttp.ClientSession() as client:
        try:
            socket = await client.ws_connect(ws_url, headers=headers)
        except aiohttp.WSServerHandshakeError as error:
            return error.status
        await socket.close()
        return 101


async def read_until(socket, wanted: str, timeout: float = 30.0) -> str:
    """Read the app's terminal output until `wanted` shows in it."""
    seen = ""
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"{wanted!r} never came; the app sent:\n{seen[-2000:]}"
        try:
            message = await socket.receive(timeout=left)
        except TimeoutError:
            continue
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += message.data.decode("utf-8", "replace")
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            raise AssertionError(f"the socket closed before {wanted!r} came")
    return seen


def app_processes(server: subprocess.Popen) -> list[int]:
    """The app processes the server runs: its children."""
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server.pid)], capture_output=True, text=True
    )
    return [int(pid) for pid in found.stdout.split()]


def test_without_the_token_nothing_is_served(plan_path):
    with serving("--db", str(plan_path)) as (url, _server):
        origin, netloc, token = parts(url)
        for page in (f"{origin}/", f"{origin}/?token=", f"{origin}/?token={token[:-1]}x"):
            status, body = asyncio.run(get(page))
            assert status == 403 and "Book the AWS exam" not in body and token not in body
        for ws in (f"ws://{netloc}/ws/nope", f"ws://{netloc}/ws/{token}x"):
            assert asyncio.run(refused_socket(ws, Origin=origin)) == 403
        status, body = asyncio.run(get(url))
        assert status == 200 and f"ws://{netloc}/ws/{token}" in body


def test_a_foreign_origin_or_host_is_refused_even_with_the_token(plan_path):
    with serving("--db", str(plan_path)) as (url, _server):
        origin, netloc, token = parts(url)
        ws = f"ws://{netloc}/ws/{token}"
        assert asyncio.run(refused_socket(ws, Origin="http://evil.example")) == 403
        assert asyncio.run(refused_socket(ws)) == 403  # no Origin at all: not a page of ours
        evil = {"Host": "evil.example", "Origin": "http://evil.example"}
        assert asyncio.run(refused_socket(ws, **evil)) == 403
        assert asyncio.run(get(url, Host="evil.example"))[0] == 403
        assert asyncio.run(get(url, Host=f"evil.example:{netloc.split(':')[1]}"))[0] == 403
        assert asyncio.run(get(f"{origin}/static/js/textual.js", Host="evil.example"))[0] == 403
        status, _ = asyncio.run(get(url.replace("127.0.0.1", "localhost")))
        assert status == 200  # the loopback names of the same port are the same server


def test_one_session_drives_the_plan_and_a_second_is_refused(plan_path):
    async def drive(url: str, server) -> None:
        origin, netloc, token = parts(url)
        async with aiohttp.ClientSession() as client:
            first = await open_socket(client, url, origin)
            await read_until(first, "To do (")
            assert len(app_processes(server)) == 1
            status, body = await get(url)  # a second tab
            assert status == 409 and "open in another browser tab" in body
            ws = f"ws://{netloc}/ws/{token}"
            assert await refused_socket(ws, Origin=origin) == 409
            await first.send_json(["stdin", "n"])
            await read_until(first, "New action")
            await first.send_json(["stdin", "Typed in a browser"])
            await first.send_json(["stdin", "\x13"])  # ctrl+s
            await read_until(first, "Added action")
            await first.close()
        deadline = time.monotonic() + 20
        while app_processes(server) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert app_processes(server) == [], "the session's app outlived its socket"
        async with aiohttp.ClientSession() as client:  # the slot is free again
            again = await open_socket(client, url, origin)
            await read_until(again, "To do (")
            await again.close()

    with serving("--db", str(plan_path)) as (url, server):
        asyncio.run(drive(url, server))
    titles = [card["title"] for card in Plan(plan_path).records("action")]
    assert "Typed in a browser" in titles


def test_max_sessions_allows_more(plan_path):
    async def two(url: str, server) -> None:
        origin, _, _ = parts(url)
        async with aiohttp.ClientSession() as client:
            one = await open_socket(client, url, origin)
            other = await open_socket(client, url, origin)
            await read_until(one, "To do (")
            await read_until(other, "To do (")
            assert len(app_processes(server)) == 2
            status, _ = await get(url)
            assert status == 409  # two of two
            await one.close()
            await other.close()

    with serving("--db", str(plan_path), "--max-sessions", "2") as (url, server):
        asyncio.run(two(url, server))


def trap(folder, marker, packages) -> None:
    """Packages that leave a mark when imported."""
    for package in packages:
        (folder / package).mkdir(parents=True, exist_ok=True)
        code = f"open({str(marker)!r}, 'a').write({package!r} + '\\n')\n"
        (folder / package / "__init__.py").write_text(code)
        (folder / package / "cli.py").write_text(code)


def test_nothing_in_the_current_folder_or_pythonpath_is_run(plan_path, tmp_path):
    """Started in a folder holding packages named like ours (and PYTHONPATH naming another),
    a session's app imports none of them: it runs isolated (`python -I`)."""
    marker = tmp_path / "marker"
    here, path = tmp_path / "here", tmp_path / "path"
    trap(here, marker, ("tui", "store", "careerplan", "careerplan/tui"))
    trap(path, marker, ("tui", "store"))
    env = {**ENV, "PYTHONPATH": str(path)}

    async def session(url: str, server) -> list[str]:
        origin, _, _ = parts(url)
        async with aiohttp.ClientSession() as client:
            socket = await open_socket(client, url, origin)
            await read_until(socket, "To do (")
            (app,) = app_processes(server)
            command = subprocess.run(
                ["ps", "-o", "args=", "-p", str(app)], capture_output=True, text=True
            ).stdout.split()
            await socket.close()
        return command

    with serving("--db", str(plan_path), cwd=here, env=env) as (url, server):
        command = asyncio.run(session(url, server))
    assert command[1:4] == ["-I", "-m", "careerplan.tui.cli"], command
    assert not marker.exists(), f"ran from the folder: {marker.read_text()}"


def test_a_port_in_use_is_one_line_and_exit_2(plan_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [CAREER, "serve", "--db", str(plan_path), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr
        == f"career: port {port} on 127.0.0.1 is already in use; choose another with --port\n"
    )


def test_a_token_file_keeps_the_url_and_must_be_private(plan_path, tmp_path):
    token_file = tmp_path / "token"
    with serving("--db", str(plan_path), "--token-file", str(token_file)) as (url, _server):
        first = parts(url)[2]
    assert os.stat(token_file).st_mode & 0o777 == 0o600
    assert token_file.read_text().strip() == first and len(first) >= 43
    with serving("--db", str(plan_path), "--token-file", str(token_file)) as (url, _server):
        assert parts(url)[2] == first
    os.chmod(token_file, 0o644)
    done = subprocess.run(
        [CAREER, "serve", "--db", str(plan_path), "--token-file", str(token_file)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "can be read or changed by others" in done.stderr


def test_another_user_is_refused_without_the_token(plan_path):
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run a client as the user nobody")
    with serving("--db", str(plan_path)) as (url, _server):
        origin, _, _ = parts(url)
        client = (
            "import sys, urllib.request, urllib.error\n"
            "try:\n"
            f"    urllib.request.urlopen({origin + '/'!r}, timeout=10)\n"
            "except urllib.error.HTTPError as e:\n"
            "    print(e.code, 'Book the AWS exam' in e.read().decode())\n"
        )
        drop = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        done = subprocess.run(
            [*drop, "/usr/bin/python3", "-I", "-c", client],
            capture_output=True,
            text=True,
            cwd="/",
            timeout=60,
        )
    assert done.stdout.split() == ["403", "False"], done.stderr


def test_the_served_url_is_said_once_and_the_token_is_nowhere_else(plan_path, tmp_path):
    with serving("--db", str(plan_path)) as (url, server):
        token = parts(url)[2]
        asyncio.run(get(url))
        asyncio.run(get(url.split("?")[0]))
        kill_group(server)
        rest = server.stdout.read() + server.stderr.read()
    assert token not in rest  # no request log repeats the URL
    assert token not in plan_path.read_text()
    assert json.loads(plan_path.read_text())  # the plan is untouched and whole


def test_a_change_made_just_before_the_tab_closes_is_saved(plan_path):
    """Closing the tab ends the app without its quit key: a card seen moved must still reach
    the file before the process ends."""
    before = {c["id"]: c["column"] for c in Plan(plan_path).records("action")}
    doing = sum(1 for column in before.values() if column == "doing")

    async def move_and_close(url: str, server) -> None:
        origin, _, _ = parts(url)
        async with aiohttp.ClientSession() as client:
            socket = await open_socket(client, url, origin)
            await read_until(socket, "To do (")
            await socket.send_json(["stdin", "]"])
            await read_until(socket, f"Doing ({doing + 1})")  # seen moved: then the tab goes
            await socket.close()
        deadline = time.monotonic() + 20
        while app_processes(server) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)

    with serving("--db", str(plan_path)) as (url, server):
        asyncio.run(move_and_close(url, server))
    after = {c["id"]: c["column"] for c in Plan(plan_path).records("action")}
    moved = [i for i in before if before[i] != after[i]]
    assert len(moved) == 1 and (before[moved[0]], after[moved[0]]) == ("todo", "doing")

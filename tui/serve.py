"""`career serve`: the dashboard in a browser, opened to its owner alone.

textual-serve runs one app process per browser session and relays its terminal over a
WebSocket. Its aiohttp application is made here instead of by `Server._make_app`, so that every
request passes these checks first:

- the Host header must name the address and port served (a DNS-rebinding page cannot);
- the page and the WebSocket need the secret token of the one URL printed at start (403
  otherwise, with nothing of the plan in the body), compared in constant time;
- the WebSocket's Origin must be the page's own (no cross-site WebSocket hijacking);
- at most `max_sessions` sessions at once, each one app process that ends with its socket.

The static files (textual-serve's JavaScript, CSS and fonts) hold nothing of the plan and need
the right Host alone. The app runs as `python -I -m careerplan.tui.cli`: nothing from the
folder `career serve` was started in, PYTHONPATH or the user's site folder is imported.

textual-serve is pinned (pyproject.toml): this module uses its `Server` (templates, statics,
`_process_messages`), its `AppService` (and `_process`, to end a stuck app) and its page
template's `app_websocket_url`, to which its JavaScript adds `?width=..&height=..`.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import ipaddress
import os
import re
import secrets
import shlex
import signal
import socket
import stat
import sys
from collections.abc import Callable

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from careerplan.store.errors import PlanError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::", "")
TOKEN_BYTES = 32  # 256 bits, as secrets.token_urlsafe gives them
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{22,256}")  # 128 bits or more of URL-safe text
STOP_SECONDS = 10.0  # for an app to save and quit once its socket closed, then it is killed
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the page's URL holds the token
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}
NEEDS_TOKEN = (
    "careerplan: this address opens only with the URL that `career serve` printed "
    "(it holds a secret token).\n"
)
OPEN_ELSEWHERE = (
    "careerplan: the plan is open in another browser tab or window. Close it there first, "
    "or start career serve with --max-sessions 2.\n"
)


def app_command(path: str) -> str:
    """The shell command textual-serve runs for each session: this Python, isolated, on the
    installed package; `exec`, so that ending the session's process ends the app itself."""
    argv = [sys.executable, "-I", "-m", "careerplan.tui.cli", "--db", path]
    return "exec " + shlex.join(argv)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_from_file(path: str) -> str:
    """A stable token kept in a file of the person's own (0600), made when missing."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return _read_token(path)
    except OSError as error:
        raise PlanError(f"cannot make the token file {path}: {error.strerror}") from None
    token = new_token()
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return token


def _read_token(path: str) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise PlanError(f"cannot read the token file {path}: {error.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise PlanError(f"the token file {path} is not a regular file")
        if st.st_uid != os.getuid() or st.st_mode & 0o077:
            raise PlanError(
                f"the token file {path} can be read or changed by others; "
                f"make it yours alone (chmod 600) or choose another --token-file"
            )
        text = handle.read(1024).decode("ascii", "replace").strip()
    if not TOKEN_SHAPE.fullmatch(text):
        raise PlanError(
            f"the token file {path} does not hold a token (22 to 256 characters of "
            "A-Z a-z 0-9 - _); delete it and a new one is made"
        )
    return text


def _host_port(value: str) -> tuple[str, int | None]:
    """('127.0.0.1', 8000) from '127.0.0.1:8000', ('::1', 8000) from '[::1]:8000'."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif value.count(":") == 1:
        name, _, port = value.partition(":")
    else:
        name, port = value, ""
    return name, int(port) if port.isdigit() else None


class GuardedServer(Server):
    """textual-serve's server behind the checks in the module's docstring."""

    def __init__(self, command: str, *, host: str, port: int, token: str, max_sessions: int):
        super().__init__(command, host=host, port=port, title="careerplan")
        self.token = token
        self.max_sessions = max_sessions
        self.sessions: set[AppService] = set()
        names = set(LOOPBACK) if host in LOOPBACK else {host.lower()}
        self.names = names
        self.any_address = host in WILDCARD

    # -- the checks ------------------------------------------------------------------------

    def host_ok(self, value: str) -> bool:
        name, port = _host_port(value)
        if port is None and self.port == 80:
            port = 80
        if port != self.port:
            return False
        if name in self.names:
            return True
        if self.any_address:  # an address literal cannot be rebound by DNS; a name can
            try:
                ipaddress.ip_address(name)
            except ValueError:
                return False
            return True
        return False

    def token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    @web.middleware
    async def guard(self, request: web.Request, handler) -> web.StreamResponse:
        if not self.host_ok(request.host):
            return refuse(403, "careerplan: not served under that name.\n")
        response = await handler(request)
        response.headers.update(HEADERS)
        return response

    # -- the application -------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard], client_max_size=64 * 1024)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{token}", self.handle_session, name="websocket"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self._end_sessions)
        return app

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if not self.token_ok(request.query.get("token")):
            return refuse(403, NEEDS_TOKEN)
        if len(self.sessions) >= self.max_sessions:
            return refuse(409, OPEN_ELSEWHERE)
        here = request.host  # checked: one of the names served
        context = {
            "font_size": _number(request.query.get("fontsize"), 16, 6, 64),
            "app_websocket_url": f"ws://{here}/ws/{self.token}",
            "config": {"static": {"url": f"http://{here}/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_session(self, request: web.Request) -> web.StreamResponse:
        if not self.token_ok(request.match_info.get("token")):
            return refuse(403, NEEDS_TOKEN)
        if request.headers.get("Origin") != f"http://{request.host}":
            return refuse(403, "careerplan: a page of another site asked for the plan.\n")
        if len(self.sessions) >= self.max_sessions:
            return refuse(409, OPEN_ELSEWHERE)
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        session = AppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,  # type: ignore[arg-type]  # awaited; its result unused
            download_manager=self.download_manager,
        )
        self.sessions.add(session)  # before any await: two at once cannot both get in
        try:
            await websocket.prepare(request)
            width = _number(request.query.get("width"), 80, 10, 1000)
            height = _number(request.query.get("height"), 24, 5, 500)
            await session.start(width, height)
            await self._process_messages(websocket, session)
        except (asyncio.CancelledError, ValueError, AssertionError, KeyError, TypeError):
            pass  # the socket closed, or the page sent what it never sends
        finally:
            await self._end(session)
            self.sessions.discard(session)
            await websocket.close()
        return websocket

    async def _end(self, session: AppService) -> None:
        """Ask the app to quit and wait for it to end (it saves what the last keys changed
        first); kill it if it has not within STOP_SECONDS. `stop()` alone returns as soon as
        the relay ends, which a closed socket ends at once: the app was killed mid-save."""
        try:
            await asyncio.wait_for(session.stop(), STOP_SECONDS)
        except (TimeoutError, Exception):
            pass
        process = session._process
        if process is None:
            return
        try:  # what it still prints is read and dropped, so that it never blocks on a pipe
            ending = (process.wait(), _drain(process.stdout), _drain(process.stderr))
            await asyncio.wait_for(asyncio.gather(*ending), STOP_SECONDS)
        except (TimeoutError, Exception):
            if process.returncode is None:
                process.kill()
                await process.wait()

    async def _end_sessions(self, _app: web.Application) -> None:
        await asyncio.gather(*(self._end(s) for s in list(self.sessions)))

    # -- running ---------------------------------------------------------------------------

    def url(self) -> str:
        host = "127.0.0.1" if self.any_address else self.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}/?token={self.token}"

    def run(self, ready: Callable[[str], None]) -> None:
        """Listen, call `ready(url)` once listening, serve until SIGINT or SIGTERM."""
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._serve(ready))
        finally:
            loop.close()

    async def _serve(self, ready: Callable[[str], None]) -> None:
        runner = web.AppRunner(await self._make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as error:
            await runner.cleanup()
            raise PlanError(listen_error(self.host, self.port, error)) from None
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        ready(self.url())
        try:
            await stop.wait()
        finally:
            await runner.cleanup()


def listen_error(host: str, port: int, error: OSError) -> str:
    if isinstance(error, socket.gaierror):
        return f"cannot listen on {host}: no such address ({error.strerror})"
    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use; choose another with --port"
    if error.errno == errno.EACCES:
        return f"not allowed to listen on port {port} (below 1024 needs root); try --port 8000"
    if error.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
        return f"cannot listen on {host}: it is not an address of this machine"
    return f"cannot listen on {host}:{port}: {error.strerror or error}"


async def _drain(stream: asyncio.StreamReader | None) -> None:
    while stream is not None and await stream.read(1 << 16):
        pass


def refuse(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text, headers=HEADERS)


def _number(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        number = default
    return min(max(number, low), high)

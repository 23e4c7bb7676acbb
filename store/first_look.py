"""The dashboard's first frame of a big plan, worked out by a second process.

Reading and parsing a plan of 10,000 cards takes as long as a good part of Textual's import,
and the first frame shows a few dozen of them. `career` forks before it imports Textual; the
child reads the plan on the other core meanwhile and sends back only what the first frame
shows: the records that are not cards, each column's count and first cards in order, the due
counts, each goal's progress and each gap's number of cards. The app reads the plan itself
once that frame is out and redraws from it (the same frame); keys wait for that.

Whatever goes wrong in the child (no fork, a file that needs migrating or does not read, a
child that dies or is slow) leaves no first look: the plan is then opened as ever, and its
errors are said as ever. The child only reads; it never writes or takes the lock."""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from careerplan.store.shapes import Record, Snapshot

if TYPE_CHECKING:
    from careerplan.store.rules import CountedLinks

BIG_ENOUGH = 1 << 20  # bytes: below this the plan reads in a few ms, a fork would not pay
WAIT_SECONDS = 3.0  # and a second more for every 10 MB: the parent would read it no faster


class FirstLook(NamedTuple):
    tables: Snapshot  # every kind but the cards, as Plan.snapshot gives them
    columns: dict[str, tuple[int, list[Record]]]  # a column's count and its first cards in order
    due: tuple[int, int]  # open goals and cards overdue, due soon
    links: CountedLinks
    today: date

    @property
    def settings(self) -> Record:
        from careerplan.store.schema import settings_with_defaults

        return settings_with_defaults(self.tables.get("settings", []))


def look(path: str, today: date, cards: int, newest_schema: int) -> FirstLook | None:
    """What the first frame shows of the plan at `path`, with the first `cards` cards of
    each column; None when the plan must be opened the usual way (it needs migrating)."""
    from careerplan.store import rules
    from careerplan.store.schema import COLUMNS, KINDS, settings_with_defaults
    from careerplan.store.storage import PlanStorage

    storage = PlanStorage(path, newest_schema=newest_schema, defer_events=True)
    data = storage.read_tables()
    if not data or data.get("meta", {}).get("1", {}).get("schema") != newest_schema:
        return None
    tables = {kind: list(data.get(kind, {}).values()) for kind in KINDS if kind != "action"}
    actions = list(data.get("action", {}).values())
    in_order = rules.columns_of(actions, COLUMNS)
    columns = {name: (len(found), found[:cards]) for name, found in in_order.items()}
    window = rules.due_window(settings_with_defaults(tables.get("settings", [])))
    due = rules.due_counts({"goal": tables.get("goal", []), "action": actions}, today, window)
    links = rules.counted(rules.Links(actions), tables.get("goal", []), tables.get("gap", []))
    return FirstLook(tables, columns, due, links, today)


class Looking:
    """A child process working out the first look; `result()` waits for it."""

    def __init__(self, pid: int, pipe: int, size: int = 0) -> None:
        self.pid = pid
        self.pipe = pipe
        self.size = size

    def result(self, timeout: float | None = None) -> FirstLook | None:
        if timeout is None:
            timeout = WAIT_SECONDS + self.size / 10e6
        chunks = []
        delivered = False
        deadline = time.monotonic() + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.pipe], [], [], left)[0]:
                    return None  # too slow: the app reads the plan itself
                chunk = os.read(self.pipe, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            found = pickle.loads(b"".join(chunks)) if chunks else None
            delivered = isinstance(found, FirstLook)
            return found if delivered else None
        except Exception:  # a torn message: the plan is opened the usual way
            return None
        finally:
            self.close(wait=not delivered)

    def close(self, wait: bool = True) -> None:
        """Kill and reap the child. One that has delivered is exiting: it is reaped later
        (`reap_children`), as waiting here for it to be torn down held the first frame, and a
        thread to wait for it cost more to start."""
        if self.pipe < 0:
            return
        os.close(self.pipe)
        self.pipe = -1
        try:
            os.kill(self.pid, signal.SIGKILL)  # done or not, it has nothing more to give
        except OSError:
            return
        if wait:
            _reap(self.pid)
        else:
            _exiting.append(self.pid)


_exiting: list[int] = []  # children that delivered, killed and not yet reaped


def reap_children() -> None:
    """Reap the children that delivered (the app calls this once its first frame is up)."""
    while _exiting:
        _reap(_exiting.pop())


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass


def start(path: str, today: date, cards: int, newest_schema: int) -> Looking | None:
    """Fork a child that works out the first look of a big plan; None for a small or
    missing plan, or where there is no fork (Windows)."""
    try:
        size = os.stat(path).st_size
        if not hasattr(os, "fork") or size < BIG_ENOUGH:
            return None
        read, write = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid:
        os.close(write)
        return Looking(pid, read, size)
    status = 0  # the child: never returns into the caller's code
    try:
        os.close(read)
        found = look(path, today, cards, newest_schema)
        if found is not None:
            payload = memoryview(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
            while payload:
                payload = payload[os.write(write, payload) :]
            os.close(write)  # the end of the look now, not once this process is torn down
    except BaseException:
        status = 1
    finally:
        os._exit(status)

"""Dated copies of the plan kept beside it, a bounded number.

Which backup is newest, and whether today's exists, come from each file's own modification
time, never from the date in its name: a name can be planted and a clock once ran ahead. A
backup whose time lies in the future is the oldest of all (it is the suspect one). Rotation
happens only after a change has been saved, never deletes the newest good backup nor one
younger than a day, so neither a failed import nor a planted file can push a good one out."""

from __future__ import annotations

import os
import re
import stat
import time
from datetime import UTC, datetime
from typing import cast

from careerplan.store.atomic import atomic_write
from careerplan.store.shapes import Record

KEEP = 10
DAY = 24 * 3600
_STAMP = re.compile(r"\.(\d{8}T\d{6}(?:-\d+)?)\.bak$")


def _age(mtime: float, now: float) -> float:
    """Seconds since `mtime`; a time in the future counts as older than any other."""
    return now - mtime if mtime <= now + 60 else float("inf")


def _found(path: str, now: float) -> list[tuple[float, str]]:
    """(age in seconds, path) of each backup of the plan, youngest first."""
    folder, name = os.path.split(path)
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return []
    found = []
    for entry in names:
        if entry.startswith(name + ".") and _STAMP.search(entry[len(name) :]):
            full = os.path.join(folder, entry)
            try:
                st = os.lstat(full)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                found.append((_age(st.st_mtime, now), full))
    found.sort()
    return found


def backups(path: str) -> list[str]:
    """Backups of the plan at path, youngest first by their own time."""
    return [full for _age, full in _found(path, time.time())]


def newest_good_backup(path: str) -> str | None:
    """The youngest backup that is a sound plan (store.check), or None."""
    from careerplan.store.check import problems
    from careerplan.store.storage import check_shape, parse_json

    for candidate in backups(path):
        try:
            with open(candidate, "rb") as handle:
                raw = handle.read()
            document = parse_json(raw)
        except (OSError, ValueError, RecursionError):
            continue
        if check_shape(document) is None and not problems(cast(Record, document), raw):
            return candidate
    return None


def make_backup(path: str, now: datetime | None = None) -> str | None:
    """Copy the plan to a dated backup (0600); None when there is no plan. Old backups are
    pruned by `prune`, once the change this backup came before has been saved."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    target = f"{path}.{stamp}.bak"
    serial = 1
    while os.path.lexists(target):
        serial += 1
        target = f"{path}.{stamp}-{serial}.bak"
    atomic_write(target, data)
    return target


def prune(path: str, keep: int = KEEP) -> None:
    """Delete the oldest backups past `keep`, but never one younger than a day nor the
    newest good one."""
    now = time.time()
    found = _found(path, now)
    if len(found) <= keep:
        return
    spare = {newest_good_backup(path)}
    for age, full in found[keep:]:
        if age >= DAY and full not in spare:
            try:
                os.unlink(full)
            except OSError:
                pass


def last_backup_age_hours(path: str) -> float | None:
    """Hours since the youngest backup was made; None when there is none (or only ones
    dated in the future)."""
    found = _found(path, time.time())
    if not found or found[0][0] == float("inf"):
        return None
    return found[0][0] / 3600

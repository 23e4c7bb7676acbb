"""Dated copies of the plan kept beside it, a bounded number, newest first."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime

from careerplan.store.atomic import atomic_write

KEEP = 10
_STAMP = re.compile(r"\.(\d{8}T\d{6}(?:-\d+)?)\.bak$")


def backups(path: str) -> list[str]:
    """Backups of the plan at path, newest first."""
    folder, name = os.path.split(path)
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return []
    found = [n for n in names if n.startswith(name + ".") and _STAMP.search(n[len(name) :])]
    found.sort(key=lambda n: _STAMP.search(n).group(1), reverse=True)
    return [os.path.join(folder, n) for n in found]


def newest_good_backup(path: str) -> str | None:
    for candidate in backups(path):
        try:
            with open(candidate, "rb") as handle:
                if isinstance(json.loads(handle.read()), dict):
                    return candidate
        except (OSError, ValueError):
            continue
    return None


def make_backup(path: str, now: datetime | None = None, keep: int = KEEP) -> str | None:
    """Copy the plan to a dated backup (0600) and prune old ones; None when there is no plan."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    target = f"{path}.{stamp}.bak"
    serial = 1
    while os.path.exists(target):
        serial += 1
        target = f"{path}.{stamp}-{serial}.bak"
    atomic_write(target, data)
    for old in backups(path)[keep:]:
        try:
            os.unlink(old)
        except OSError:
            pass
    return target


def last_backup_age_hours(path: str, now: datetime | None = None) -> float | None:
    found = backups(path)
    if not found:
        return None
    try:
        mtime = os.stat(found[0]).st_mtime
    except OSError:
        return None
    return ((now or datetime.now(UTC)).timestamp() - mtime) / 3600

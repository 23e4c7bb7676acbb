"""One way to put bytes in a file so that a crash leaves either the old file or the new one."""

from __future__ import annotations

import contextlib
import os
import secrets

FILE_MODE = 0o600
TEMP_MARK = ".tmp-"


def temp_name(path: str) -> str:
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")


def atomic_write(path: str, data: bytes) -> os.stat_result:
    """Write data to path atomically and durably; return the new file's stat.

    The stat is taken from the temp file before the rename, so it names our bytes even if
    another process replaces the file right after.
    """
    temp = temp_name(path)
    fd = os.open(
        temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE
    )
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fchmod(fd, FILE_MODE)
            os.fsync(fd)
            stamp = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    sync_folder(path)
    return stamp


def sync_folder(path: str) -> None:
    """fsync the folder so the rename itself survives a power cut."""
    try:
        fd = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def stray_temps(path: str) -> list[str]:
    folder, name = os.path.split(path)
    prefix = f".{name}{TEMP_MARK}"
    try:
        return [os.path.join(folder, n) for n in os.listdir(folder or ".") if n.startswith(prefix)]
    except OSError:
        return []

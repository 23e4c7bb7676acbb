"""One way to put bytes in a file so that a crash leaves either the old file or the new one."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable, Iterator

from careerplan.store.deferred import Region
from careerplan.store.files import keep_owner

FILE_MODE = 0o600
TEMP_MARK = ".tmp-"


def temp_name(path: str) -> str:
    folder, name = os.path.split(path)
    token = os.urandom(4).hex()  # not the secrets module: every start would import it
    return os.path.join(folder, f".{name}{TEMP_MARK}{os.getpid()}-{token}")


def atomic_write(path: str, data: bytes | Iterable[bytes | Region]) -> os.stat_result:
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
            _write_all(fd, [data] if isinstance(data, bytes | bytearray) else data)
            os.fchmod(fd, FILE_MODE)
            keep_owner(fd, path)
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


def _write_all(fd: int, chunks: Iterable[bytes | Region]) -> None:
    """Write every chunk, in order, with as few system calls as the OS allows, a megabyte or
    so at a time (chunks may come from a generator); a Region of another file is copied by
    the kernel, never read into memory whole."""
    pending: list[memoryview] = []
    size = 0
    for chunk in chunks:
        if isinstance(chunk, Region):
            _write_views(fd, pending)
            pending, size = [], 0
            _copy_region(fd, chunk)
        elif chunk:
            pending.append(memoryview(chunk))
            size += len(chunk)
            if size >= _COPY_BLOCK:
                _write_views(fd, pending)
                pending, size = [], 0
    _write_views(fd, pending)


def _write_views(fd: int, pending: list[memoryview]) -> None:
    limit = min(getattr(os, "sysconf", lambda _n: 1024)("SC_IOV_MAX") or 1024, 1024)
    while pending:
        written = os.writev(fd, pending[:limit])
        while written and pending:
            if written >= len(pending[0]):
                written -= len(pending.pop(0))
            else:
                pending[0] = pending[0][written:]
                written = 0


_COPY_BLOCK = 1 << 22


def _copy_region(fd: int, region: Region) -> None:
    offset, left = region.offset, region.length
    copy = getattr(os, "copy_file_range", None)
    while left > 0 and copy is not None:
        try:
            done = copy(region.fd, fd, min(left, 1 << 30), offset)
        except OSError:  # another file system, an old kernel: copied by hand below
            break
        if not done:
            break
        offset, left = offset + done, left - done
    for block in region_blocks(Region(region.fd, offset, left)):
        _write_views(fd, [memoryview(block)])


def as_bytes(chunks: Iterable[bytes | Region]) -> Iterator[bytes]:
    """The chunks as bytes, each Region read a block at a time: for a stream the kernel
    cannot copy into (a pipe), or a caller that wants the text in memory."""
    for chunk in chunks:
        if isinstance(chunk, Region):
            yield from region_blocks(chunk)
        else:
            yield chunk


def region_blocks(region: Region) -> Iterator[bytes]:
    """A Region's bytes a block at a time."""
    offset, left = region.offset, region.length
    while left > 0:
        block = os.pread(region.fd, min(left, _COPY_BLOCK), offset)
        if not block:
            raise OSError(errno.EIO, "the plan's log ended before it was copied")
        yield block
        offset, left = offset + len(block), left - len(block)


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
    """Temp files of the plan and of its backups (`.plan.json.tmp-…`, `.plan.json.….bak.tmp-…`)."""
    folder, name = os.path.split(path)
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return []
    return [
        os.path.join(folder, n)
        for n in names
        if n.startswith(f".{name}.") and TEMP_MARK in n[len(name) + 1 :]
    ]

"""Opening a plan without reading its event log: the log is over half the bytes of a
long-kept plan, and a dashboard's first paint never shows it.

The log is not even kept in memory until it is needed: the first touch of each page of fresh
memory is costly, so the rest of the file is read into memory that is only touched where
written, the log passes through one block that is written over, and the log's text is read
again from the same open file when it is needed."""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterator, Sequence
from functools import cache
from typing import BinaryIO, NamedTuple

EVENTS_OPEN = b'},\n"event": {\n'  # the table before it closes, the event table opens


@cache
def _table_end() -> re.Pattern[bytes]:
    """A table closes and the next opens, or the last one closes: one pattern, so that the log
    is scanned once. Compiled at the first plan with a log, not at import."""
    return re.compile(rb'\n\}(?:,\n"|\n\})')


_OVERLAP = 4  # bytes of a table's end that may lie in the block before
_BLOCK = 1 << 18
_SCAN = 1 << 22  # a log's digest is worked out in blocks of this size


def _read_into(handle: BinaryIO, view: memoryview, offset: int) -> int:
    handle.seek(offset)
    return handle.readinto(view) or 0  # type: ignore[attr-defined]


def _line_at(handle: BinaryIO, offset: int) -> bytes:
    handle.seek(offset)
    text = b""
    while b"\n" not in text:
        more = handle.read(4096)
        if not more:
            break
        text += more
    return text.split(b"\n", 1)[0]


def read_without_events(handle: BinaryIO, size: int) -> tuple[memoryview, HeldLog] | None:
    """The file's text with an empty event table, and the log held back in `handle`; None
    when the file is not laid out as careerplan writes it (tables sorted, one record a line),
    and so must be read whole. `handle` is a binary file opened without buffering."""
    import mmap  # here: only a plan with a log needs it

    buffer = mmap.mmap(-1, size + _BLOCK)  # anonymous: pages never written are never touched
    view = memoryview(buffer)
    got, found = 0, -1
    while found < 0:  # up to the log's first line
        read = _read_into(handle, view[got : got + _BLOCK], got)
        if read <= 0:
            return None
        found = buffer.find(EVENTS_OPEN, max(0, got - len(EVENTS_OPEN)), got + read)
        got += read
    body = found + len(EVENTS_OPEN)
    line = _line_at(handle, body)
    if not line.startswith(b'"') or not line.endswith((b"},", b"}")):
        return None  # its records are not one a line (say, indented by hand)
    # The log, a block at a time, through the memory at `body`, until its table closes.
    offset, end = body, -1
    while end < 0:
        read = _read_into(handle, view[body : body + _BLOCK], offset)
        if read <= _OVERLAP:
            return None
        hit = _table_end().search(buffer, body, body + read)
        if hit is not None:
            end = offset + hit.start() - body
        else:
            offset += read - _OVERLAP
    # The rest of the file (the tables after the log) goes where the log's blocks went.
    rest = size - (end + 1)
    got = 0
    while got < rest:
        read = _read_into(handle, view[body + got : body + rest], end + 1 + got)
        if read <= 0:
            return None
        got += read
    return view[: body + rest], HeldLog(handle, body, end - body)


def file_stamp(fd: int) -> tuple[int, int, int]:
    """The version of an open file: its size, modification time and inode."""
    st = os.fstat(fd)
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def read_unchanged(fd: int, stamp: tuple[int, int, int], offset: int, length: int) -> bytes | None:
    """`length` bytes at `offset` of an open file; None when it is no longer the version
    `stamp` names (written in place since) or cannot be read."""
    try:
        if file_stamp(fd) != stamp:
            return None
        data = os.pread(fd, length, offset)
    except OSError:
        return None
    return data if len(data) == length else None


class Region(NamedTuple):
    """Bytes of an open file, written into another by the kernel where it can (store.atomic)."""

    fd: int
    offset: int
    length: int


class Digest(NamedTuple):
    """What careerplan wrote as the log: kept in the plan's meta record, so that a log found
    as it was written is carried into the next save without being parsed."""

    length: int
    crc32: int

    def as_record(self) -> dict[str, int]:
        return {"bytes": self.length, "crc32": self.crc32}


def digest_of(chunks: Sequence[bytes | memoryview], digest: Digest | None = None) -> Digest:
    """The digest of the log's text continued over more of it."""
    length, crc = digest if digest is not None else (0, 0)
    for chunk in chunks:
        length, crc = length + len(chunk), zlib.crc32(chunk, crc)
    return Digest(length, crc)


_LAST_ID = re.compile(rb'"(\d+)": \{')


@cache
def _event_time() -> re.Pattern[bytes]:
    return re.compile(rb'"\d+": \{"at": "([0-9T:+.-]{10,40})"')


def event_time(line: bytes) -> str | None:
    """When the event on a line of the log was made, read without parsing the line (its keys
    are sorted, so "at" comes first); None for a line not as careerplan writes it."""
    found = _event_time().match(line)
    return None if found is None else found.group(1).decode("ascii")


class HeldLog:
    """Where the log's text lies in an open file, read when asked. The file stays open, so a
    plan replaced by a later save (careerplan writes a new file and renames it over) still
    reads as it was; one rewritten in place reads as None: what it held is gone.

    Once `trusted` (its digest is the one careerplan recorded, or it was parsed and checked),
    it is written into the next save as it is, and `last_id` is the highest event id in it."""

    def __init__(self, handle: BinaryIO, start: int, length: int) -> None:
        self.handle = handle
        self.start = start
        self.length = length
        self._stat = file_stamp(handle.fileno())
        self.trusted = False
        self.last_id = 0
        self.digest: Digest | None = None

    def _read(self, offset: int, length: int) -> bytes | None:
        return read_unchanged(self.handle.fileno(), self._stat, offset, length)

    def text(self) -> bytes | None:
        """The log's records, as the text of one JSON object."""
        data = self._read(self.start, self.length)
        return None if data is None else b"".join((b"{", data, b"}"))

    def whole_file(self) -> bytes | None:
        return self._read(0, self._stat[0])

    def without_log(self) -> bytes | None:
        """The file's bytes but the log's, which are never read here."""
        after = self.start + self.length
        head, tail = self._read(0, self.start), self._read(after, self._stat[0] - after)
        return None if head is None or tail is None else head + tail

    def scan(self) -> bool:
        """Work out the digest and the last record's id, a block at a time (the log is not
        kept in memory); False when the file changed under it."""
        digest, last_line, done = Digest(0, 0), 0, 0
        previous = b"\n"  # the first line starts the log
        while done < self.length:
            block = self._read(self.start + done, min(_SCAN, self.length - done))
            if block is None:
                return False
            digest = digest_of([block], digest)
            found = (previous[-1:] + block).rfind(b'\n"')  # one byte before the block
            if found >= 0:
                last_line = done + found  # where that line starts in the log
            previous, done = block, done + len(block)
        line = self._read(self.start + last_line, min(self.length - last_line, 32))
        hit = _LAST_ID.match(line or b"")
        self.digest, self.last_id = digest, int(hit.group(1)) if hit else 0
        return hit is not None

    def lines_from_end(self) -> Iterator[bytes | None]:
        """The log's records, newest first, each line without its comma, read a block at a
        time from the end; None when the file changed under it."""
        end, carry = self.length, b""
        while end > 0:
            start = max(0, end - _SCAN)
            block = self._read(self.start + start, end - start)
            if block is None:
                yield None
                return
            lines = (block + carry).split(b"\n")
            carry = lines.pop(0) if start > 0 else b""  # may begin before this block
            for line in reversed(lines):
                yield line.removesuffix(b",")
            end = start

    def in_file(self, offset: int) -> int:
        """Where a byte of the text read without the log (read_without_events) lies in the
        file: past the log, later by the log and the newline left out with it."""
        return offset if offset < self.start else offset + self.length + 1

    def region(self) -> Region:
        return Region(self.handle.fileno(), self.start, self.length)

    def close(self) -> None:
        self.handle.close()

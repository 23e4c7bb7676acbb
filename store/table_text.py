"""A table's text as the file holds it, kept between saves so that a change renders only the
records it touched. It is kept as the bytes written (a record a line, joined by ",\\n", in id
order), not as a string per record: a record's line is found again in those bytes when it
changes (a line starts with its id, and no line holds a newline of its own). Once saved or read
again, the text is where it lies in that file (Placed), read only when a change needs it."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from typing import NamedTuple

from careerplan.store.deferred import Region
from careerplan.store.kept_file import KeptFile
from careerplan.store.shapes import Record

SEPARATOR = b",\n"
MOST_CHUNKS = 64  # appended chunks before they are joined into one
MOST_SPLICES = 64  # records changed in place at once before the table is rendered anew
_FIRST_LINE = re.compile(rb'"(\d+)": \{')
_NEXT_LINE = re.compile(rb'\n"(\d+)": \{')  # a literal first byte: searched for quickly


def record_line(doc_id: str, record: Record) -> str:
    return f'"{doc_id}": ' + json.dumps(record, sort_keys=True, ensure_ascii=False)


def id_order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), "") if doc_id.isdigit() else (1 << 62, doc_id)


class Placed(NamedTuple):
    """Text that lies in a kept file, at `offset`."""

    file: KeptFile
    offset: int
    length: int


class TableText(NamedTuple):
    """`records` records; `last` orders after every id in the text (an added record after it
    is appended); `chunks` joined are the text. (Not a dataclass: dataclasses brings
    inspect and ast into `career glance`, which reads a plan and needs neither.)"""

    records: int
    last: tuple[int, str]
    chunks: tuple[bytes | Placed, ...]

    @property
    def length(self) -> int:
        return sum(c.length if isinstance(c, Placed) else len(c) for c in self.chunks)

    def text(self) -> bytes | None:
        """The text, read from its file where it lies there; None when that file changed."""
        parts = []
        for chunk in self.chunks:
            read = (
                chunk.file.read(chunk.offset, chunk.length) if isinstance(chunk, Placed) else chunk
            )
            if read is None:
                return None
            parts.append(read)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def written(self) -> list[bytes | Region] | None:
        """The text as chunks to write, what lies in a file as a Region of it for the kernel
        to copy; None when that file changed."""
        out: list[bytes | Region] = []
        for chunk in self.chunks:
            part = (
                chunk.file.region(chunk.offset, chunk.length)
                if isinstance(chunk, Placed)
                else chunk
            )
            if part is None:
                return None
            out.append(part)
        return out

    def placed(self, file: KeptFile, offset: int) -> TableText:
        """This text as it lies in `file` from `offset` (where it was just written or read)."""
        return TableText(self.records, self.last, (Placed(file, offset, self.length),))

    @classmethod
    def rendered(cls, table: Record) -> TableText:
        ids = sorted(table, key=id_order)
        text = ",\n".join(record_line(d, table[d]) for d in ids).encode("utf-8")
        return cls(len(ids), id_order(ids[-1]) if ids else (-1, ""), (text,))

    @classmethod
    def taken(cls, body: bytes) -> TableText | None:
        """The text of a table as a file held it, if it is laid out as a save lays it out;
        else None."""
        ids = line_ids(body)
        return None if ids is None else cls(len(ids), id_order(ids[-1]), (body,))

    def changed(self, table: Record, touched: list[str]) -> TableText | None:
        """This text after the `touched` records changed (added, edited or deleted), or None
        when the table is to be rendered anew (a record added among the others, or many
        changed at once)."""

        def line(doc_id: str) -> bytes:
            return record_line(doc_id, table[doc_id]).encode("utf-8")

        added = [d for d in touched if d in table and id_order(d) > self.last]
        spliced = [d for d in touched if d not in added]
        if len(spliced) > MOST_SPLICES:
            return None
        count, chunks = self.records, self.chunks
        if spliced:
            body = self.text()
            if body is None:
                return None
            for doc_id in spliced:
                span = _line_span(body, doc_id)
                if doc_id in table:
                    if span is None:
                        return None
                    body = body[: span[0]] + line(doc_id) + body[span[1] :]
                elif span is not None:  # deleted: its line goes, with one separator
                    start, end = span
                    if end < len(body):
                        end += len(SEPARATOR)
                    elif start:
                        start -= len(SEPARATOR)
                    body = body[:start] + body[end:]
                    count -= 1
            chunks = (body,)
        last = self.last
        if added:
            text = b",\n".join(map(line, added))
            chunks = (*chunks, SEPARATOR + text if count else text)
            count, last = count + len(added), id_order(added[-1])
        if count != len(table):  # what was kept is not this table: never written as it
            return None
        if len(chunks) > MOST_CHUNKS:
            joined = TableText(count, last, chunks).text()
            return None if joined is None else TableText(count, last, (joined,))
        return TableText(count, last, chunks)


def line_ids(body: bytes) -> list[str] | None:
    """The ids of a table's lines, if it is laid out as a save lays it out: one record a
    line, each line `"id": {...}`, ids rising; else None."""
    first = _FIRST_LINE.match(body)
    if first is None:
        return None
    found = [first[1], *_NEXT_LINE.findall(body)]
    lines = body.count(b"\n") + 1
    if len(found) != lines or body.count(b"},\n") != lines - 1 or not body.endswith(b"}"):
        return None
    if any(a >= b for a, b in pairwise(map(int, found))):
        return None
    return [doc_id.decode("ascii") for doc_id in found]


def _line_span(body: bytes, doc_id: str) -> tuple[int, int] | None:
    """Where the record's line lies in the text: (start, end), without its separator."""
    key = f'"{doc_id}": '.encode()
    if body.startswith(key):
        start = 0
    else:
        start = body.find(b"\n" + key) + 1
        if start == 0:
            return None
    end = body.find(SEPARATOR, start)
    return start, len(body) if end < 0 else end

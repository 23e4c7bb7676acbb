"""The plan read again after another window's change, parsing only the lines that changed.

Another window's change rewrites a record or two of thousands. Parsing the whole file again
made a new copy of every record; freed at once, the copies still left Python's memory pages
pinned by the few objects made meanwhile (bench/NOTES.md). Here each table's new text is
compared with the text of the table held; where the bytes are the same the table held is
kept, else only the lines between the longest common start and end are parsed. Anything not
laid out as careerplan writes it is left to a whole parse (None)."""

from __future__ import annotations

import re
from collections.abc import Callable

from careerplan.store.shapes import Record
from careerplan.store.table_text import SEPARATOR, TableText, id_order, line_ids

_HEADER = re.compile(rb'"([a-z_]+)": \{(\n?\}|\n)')  # empty (the log held back: `{\n}`), or not
_DOCUMENT_END = b"\n}\n"


def table_spans(raw: bytes) -> dict[str, tuple[int, int]] | None:
    """Where each table's body lies in a document laid out as a save writes it: `{`, then
    `"name": {}` or `"name": {` + a line a record + `}`, separated by `,`, then `}`."""
    if not (raw.startswith(b"{\n") and raw.endswith(_DOCUMENT_END)):
        return None
    spans: dict[str, tuple[int, int]] = {}
    at, last = 2, len(raw) - len(_DOCUMENT_END)
    while True:
        header = _HEADER.match(raw, at)
        if header is None:
            return None
        name = header[1].decode("ascii")
        if name in spans:
            return None  # a table twice: JSON keeps the last, a whole parse says so
        if header[2] != b"\n":
            spans[name] = (header.end(), header.end())
            at = header.end()
        else:
            end = raw.find(b"\n}", header.end())
            if end < 0:
                return None
            spans[name] = (header.end(), end)
            at = end + 2
        if at == last:
            return spans
        if raw[at : at + 2] != b",\n":
            return None
        at += 2


def reread(
    text: bytes | memoryview,
    held: Record,
    texts: dict[str, TableText],
    parse: Callable[[bytes], object],
    skip: str,
) -> tuple[Record, dict[str, TableText], dict[str, int]] | None:
    """The document in `text` (`skip`'s table, the log held back, left empty) from the
    tables `held` and their texts, parsing only what changed; with the texts of the tables
    as now read and where each starts in `text`. None: read the whole document instead."""
    raw = bytes(text)
    spans = table_spans(raw)
    if spans is None:
        return None
    data: Record = {}
    kept: dict[str, TableText] = {}
    for name, (start, end) in spans.items():
        if start == end:
            data[name] = {}
            continue
        if name == skip:
            return None
        body = raw[start:end]
        before, table = texts.get(name), held.get(name)
        old = None
        if before is not None and table is not None and before.records == len(table):
            old = before.text()  # None when the file it lies in changed
        if old is None or before is None or table is None:  # parsed whole
            parsed = parse(b"{" + body + b"}")
            now = TableText.taken(body)
            if not isinstance(parsed, dict) or now is None:
                return None
            data[name], kept[name] = parsed, now
            continue
        if old == body:
            data[name], kept[name] = table, before
            continue
        found = _changed_lines(old, table, body, parse)
        if found is None:
            return None
        data[name], kept[name] = found
    return data, kept, {name: spans[name][0] for name in kept}


def _changed_lines(
    old: bytes, table: Record, new: bytes, parse: Callable[[bytes], object]
) -> tuple[Record, TableText] | None:
    """The table whose text was `old` after it became `new`: the lines between their common
    start and end parsed, every other record the one held, in the order of `new`."""
    ids = line_ids(new)
    if ids is None:
        return None
    shortest = min(len(old), len(new))
    head = _common_start(old, new, shortest)
    head = new.rfind(b"\n", 0, head) + 1  # back to the start of its line
    tail = _common_start(old[::-1], new[::-1], shortest - head)
    middle_end = len(new) - tail
    if middle_end and new[middle_end - 1 : middle_end] != b"\n":
        middle_end = new.find(b"\n", middle_end) + 1 or len(new)
    old_middle_end = len(old) - (len(new) - middle_end)
    if 0 < old_middle_end < len(old) and old[old_middle_end - 1 : old_middle_end] != b"\n":
        return None  # the common end starts inside a line of the old text
    # The lines before `head` and from `middle_end` on are the old text's own, so their
    # records are the ones held; the old text's lines between were changed or deleted.
    middle = new[head:middle_end]
    if middle.endswith(SEPARATOR):
        middle = middle[: -len(SEPARATOR)]
    parsed = parse(b"{" + middle + b"}") if middle else {}
    if not isinstance(parsed, dict):
        return None
    keys = {key: key for key in table}
    merged: Record = {}
    for doc_id in ids:
        if doc_id in parsed:
            merged[doc_id] = parsed[doc_id]
        elif doc_id not in table:
            return None  # a line neither parsed nor held: the layout is not what was seen
        else:
            merged[keys[doc_id]] = table[doc_id]
    if len(merged) != len(ids) or len(parsed) != len(set(parsed) & set(merged)):
        return None
    return merged, TableText(len(ids), id_order(ids[-1]), (new,))


def _common_start(a: bytes, b: bytes, most: int) -> int:
    """How many bytes `a` and `b` share from their start, up to `most`, found by halving."""
    low, high = 0, max(0, most)
    view_a, view_b = memoryview(a), memoryview(b)
    while low < high:
        mid = (low + high + 1) // 2
        if view_a[low:mid] == view_b[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low

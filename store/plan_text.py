"""The plan as the file holds it: tables sorted by name, one record a line, ids in order, so
a person can diff it. A save renders only what changed: each table's text is kept
(store/table_text.py), a table's text is first taken from the file it was read from, and the event
log held back in that file is written as a Region of it, with its digest in the meta record."""

from __future__ import annotations

import json
from typing import Any

from careerplan.store.atomic import as_bytes
from careerplan.store.deferred import Digest, HeldLog, Region, digest_of, file_stamp
from careerplan.store.kept_file import KeptFile
from careerplan.store.shapes import Record
from careerplan.store.table_text import TableText, id_order, record_line

EVENTS = "event"
META = "meta"
LOG_DIGEST = "log"  # the meta record's field holding the digest of the log as written


class PlanText:
    """Rendering for PlanStorage, which holds the state below."""

    path: str
    _data: Record | None
    _stamp: tuple[Any, ...] | None
    _dirty: set[tuple[str, str]] | None
    _text: dict[str, TableText]
    _held_events: HeldLog | None
    _log_place: tuple[int, int, Digest] | None
    _places: dict[str, int]  # where each table's kept text lies in the file last rendered

    def mark(self, table: str, doc_id: int | str) -> None:
        if self._dirty is not None:
            self._dirty.add((table, str(doc_id)))

    def mark_all(self) -> None:
        self._dirty = None

    def render(self) -> str:
        """The document as text: tables sorted by name, one record a line, ids in order."""
        return b"".join(as_bytes(self.render_chunks())).decode("utf-8")

    def render_chunks(self) -> list[bytes | Region]:
        """The document as byte chunks, written with one writev: an added record costs a
        line, not a copy of the whole file. A held log is a Region of its file."""
        data = self._data or {}
        dirty = self._dirty
        source = None
        held = self._held_events
        if dirty is not None and any(
            table and name not in self._text and not (name == EVENTS and held)
            for name, table in data.items()
        ):
            source = self._unchanged_file()
        log, digest = self._log_chunks(data, dirty, source)
        if digest is not None:
            self._record_digest(data, digest)
        chunks: list[bytes | Region] = [b"{\n"]
        body: list[bytes | Region]
        first = True
        size = 2
        self._log_place = None
        places: dict[str, int] = {}
        for name in sorted(data):
            table = data[name]
            head = b"" if first else b",\n"
            first = False
            key = json.dumps(name, ensure_ascii=False).encode("utf-8")
            kept = name != EVENTS or held is None  # the body is the table's kept text
            if name == EVENTS and log:
                body = log
            elif not table:
                chunks.append(head + key + b": {}")
                size += len(chunks[-1])
                continue
            else:
                if source is not None and name not in self._text:
                    self._seed(source, key, name)
                body = list(self._table_chunks(name, table, dirty))
            chunks.append(head + key + b": {\n")
            size += len(chunks[-1])
            if name == EVENTS and digest is not None:
                self._log_place = (size, digest.length, digest)
            if kept:
                places[name] = size
            chunks.extend(body)
            size += sum(c.length if isinstance(c, Region) else len(c) for c in body)
            chunks.append(b"\n}")
            size += 2
        chunks.append(b"\n}\n")
        self._text = {k: v for k, v in self._text.items() if k in data}
        self._places = places
        return chunks

    def _place_texts(self, stamp: tuple[Any, ...]) -> None:
        """After a save, the tables' texts are read from the file just written when a change
        needs them, not held; where that file cannot be kept open, they stay as they are."""
        kept = KeptFile.at_path(self.path, stamp)
        if kept is None:
            return
        places = self._places
        self._text = {k: v.placed(kept, places[k]) for k, v in self._text.items() if k in places}

    def _log_chunks(
        self, data: Record, dirty: set[Any] | None, source: bytes | None
    ) -> tuple[list[bytes | Region], Digest | None]:
        """The event table's text (the held log, then what was written since) and its digest."""
        events = data.get(EVENTS) or {}
        held = self._held_events
        if held is None:
            if not events:
                return [], None
            if source is not None and EVENTS not in self._text:
                self._seed(source, b'"event"', EVENTS)
            chunks = self._table_chunks(EVENTS, events, dirty)
            digest = None
            for block in as_bytes(chunks):  # a Region a block at a time
                digest = digest_of([block], digest)
            return chunks, digest
        assert held.trusted and held.digest is not None, "a held log written unchecked"
        log: list[bytes | Region] = [held.region()]
        if not events:
            return log, held.digest
        ids = sorted(events, key=id_order)
        added = (",\n" + ",\n".join(record_line(d, events[d]) for d in ids)).encode("utf-8")
        return [*log, added], digest_of([added], held.digest)

    def _record_digest(self, data: Record, digest: Digest) -> None:
        """The meta record says which log was written, as a new dict (records are shared)."""
        meta = (data.get(META) or {}).get("1")
        if meta is None or meta.get(LOG_DIGEST) == digest.as_record():
            return
        data[META] = {**data[META], "1": {**meta, LOG_DIGEST: digest.as_record()}}
        self.mark(META, "1")

    def _unchanged_file(self) -> bytes | None:
        """The bytes of the file the document was read from, without the held log: through
        the handle holding the log, which reads that file even after another window renamed
        its own over it; else from the path, while it is still that version."""
        if self._stamp is None:
            return None
        held = self._held_events
        try:
            if held is not None and file_stamp(held.handle.fileno()) == self._stamp:
                return held.without_log()
            with open(self.path, "rb") as handle:
                if file_stamp(handle.fileno()) != self._stamp:
                    return None
                return handle.read()
        except OSError:
            return None

    def _seed(self, source: bytes, key: bytes, name: str) -> None:
        """Take a table's text from the file it was read from, as a first write would have
        rendered it: the first change in a process otherwise renders every record again (the
        bulk of a `career add` on a big plan). Records changed since are marked dirty and
        rendered anew; a table not laid out one record a line, in order, is left to be
        rendered."""
        opening = b"\n" + key + b": {\n"
        start = source.find(opening)
        if start < 0:
            return
        start += len(opening)
        end = source.find(b"\n}", start)
        if end < 0:
            return
        taken = TableText.taken(source[start:end])
        if taken is not None:
            self._text[name] = taken

    def _table_chunks(
        self, name: str, table: Record, dirty: set[Any] | None
    ) -> list[bytes | Region]:
        cached = self._text.get(name)
        if dirty is None:
            cached = None
        elif cached is not None:
            touched = sorted({doc_id for (t, doc_id) in dirty if t == name}, key=id_order)
            if touched:
                cached = cached.changed(table, touched)
            elif cached.records != len(table):
                cached = None
        written = None if cached is None else cached.written()
        if cached is None or written is None:
            cached = TableText.rendered(table)
            written = list(cached.chunks)  # type: ignore[arg-type]  # bytes, just rendered
        self._text[name] = cached
        return written

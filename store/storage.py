"""A TinyDB storage that is safe with years of notes and fast at 20,000 records.

- The parsed document is cached and re-read only when the file's (size, mtime, inode) changed.
- Writes replace the file atomically (temp file, fsync, rename) and are 0600.
- The file holds one record per line, sorted, so a person can diff it; each table's text is
  kept and only the records the plan marks dirty are serialised again (store/table_text.py).
- A file that does not parse as a plan raises CorruptPlanError and is never written over.
- Opened with `defer_events`, the event log (over half the bytes of a long-kept plan) is parsed
  only when something reads it (undo, the review): a change appends its event to the log's
  text as it lies in the file, which the kernel copies into the new file; the digest of what
  was written is kept in the meta record, so a log found as it was written needs no parse to
  be trusted.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, cast

from careerplan.store import check
from careerplan.store.atomic import atomic_write
from careerplan.store.backup import newest_good_backup
from careerplan.store.deferred import (
    Digest,
    HeldLog,
    Region,
    digest_of,
    event_time,
    file_stamp,
    read_without_events,
)
from careerplan.store.errors import CorruptPlanError, NewerSchemaError, not_written
from careerplan.store.files import PlanPathError, check_stat
from careerplan.store.kept_file import KeptFile
from careerplan.store.plan_text import EVENTS, LOG_DIGEST, META, PlanText
from careerplan.store.reread import reread
from careerplan.store.shapes import Record
from careerplan.store.table_text import TableText, id_order, record_line

KEEP_PARSED_BYTES = 24 << 20  # a parsed log this long (~30,000 events) is kept parsed
_STREAM_RECORDS = 500  # records rendered at a time by stream()
FAST_PARSE_BYTES = 1 << 20  # from here orjson's parse saves more than its import costs


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(raw: bytes | memoryview) -> object:
    """orjson for a big document, which it parses faster than json. Whatever it refuses is
    read by json, which also says why in the words the messages have always used, and reads
    integers past 64 bits (which the checks then refuse as out of range). NaN and Infinity
    are refused by both: strict JSON readers of the plan would refuse the file. A small
    document stays with json: importing orjson costs `career glance` more than it saves."""
    if len(raw) >= FAST_PARSE_BYTES:
        import orjson

        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    text = raw if isinstance(raw, bytes) else bytes(raw)
    return json.loads(text, parse_constant=_refuse_constant)


def _parse(raw: bytes) -> object:
    """Parsed with the garbage collector paused: tens of thousands of new dicts would
    otherwise set off collections that scan them for cycles they cannot have. Where the
    collector runs (a command) the plan is then frozen out of its sight, or each later full
    collection scans it again. The app runs with the collector off and freezes only after
    collecting (tui.app.settle_garbage): frozen here, whatever garbage was waiting would be
    frozen with the plan at every reload, for good."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return parse_json(raw)
    finally:
        if enabled:
            gc.enable()
            gc.freeze()


def _parse_events(text: bytes, checked: bool = False) -> Record | None:
    """The event log alone, or None when it does not read or is not sound (the whole file
    is then read, and says why). A log `checked` already (its digest is the one careerplan
    wrote) is only parsed."""
    try:
        events = _parse(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(events, dict) or check_shape({EVENTS: events}) is not None:
        return None
    return None if not checked and check.event_problems(events) else events


def check_shape(data: object) -> str | None:
    """Why data is not a plan document, or None when it is one."""
    if not isinstance(data, dict):
        return f"top level is {type(data).__name__}, not an object of tables"
    for name, table in data.items():
        if not isinstance(table, dict):
            return f"table {name!r} is {type(table).__name__}, not an object"
        if all(table) and "".join(table).isdigit() and set(map(type, table.values())) <= {dict}:
            continue  # the usual case, checked in C loops rather than one record at a time
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or not isinstance(doc, dict):
                return f"record {doc_id!r} of table {name!r} is malformed"
    return None


def keep_unchanged(old: Record, new: Record) -> None:
    """Where a record read again equals the one held, the one held stays, under the key
    held, and the new copies are garbage. Another window's change touches a record or two of
    thousands; without this each reload left a new copy of every record and of its id in
    the process, among the pages the parse freed, which then could not be given back."""
    for name, table in new.items():
        held = old.get(name)
        if not held or held is table:
            continue
        if table == held:
            new[name] = held
            continue
        keys = {doc_id: doc_id for doc_id in held}
        merged = {}
        for doc_id, record in table.items():
            before = held.get(doc_id)
            if before is not None and before == record:
                merged[keys[doc_id]] = before
            else:
                merged[doc_id] = record
        new[name] = merged


class PlanStorage(PlanText):
    """TinyDB storage over one JSON file; see the module docstring for the rules it keeps.
    It implements TinyDB's Storage (read, write, close) and is registered as one when the plan
    first makes its TinyDB (`Plan.db`), so that only a query imports TinyDB."""

    def __init__(
        self, path: str, newest_schema: int | None = None, defer_events: bool = False
    ) -> None:
        self.path = path
        self.newest_schema = newest_schema
        self._defer_events = defer_events
        self._held_events: HeldLog | None = None  # the log's first records, still in a file
        self._parsed_from: HeldLog | None = None  # where the parsed log lies, to let it go
        self._log_place: tuple[int, int, Digest] | None = None  # of the log in the last save
        self._data: Record | None = None
        self._stamp: tuple[Any, ...] | None = None
        self._text: dict[str, TableText] = {}
        self._places: dict[str, int] = {}
        self._dirty: set[tuple[str, str]] | None = set()
        self._deferred = False
        self._pending = False
        self._ignored: tuple[Any, ...] | None = None  # a version of the file found unreadable
        self._orphan_copy: Record | None = None  # the document, while its file is gone
        self.scratch: Record = {}

    # -- reading -------------------------------------------------------------------------

    def stamp(self) -> tuple[Any, ...] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as error:  # a loop or a file on the way since it was opened
            raise CorruptPlanError(self.path, error.strerror or str(error), None) from None
        return (st.st_size, st.st_mtime_ns, st.st_ino)

    def changed_on_disk(self) -> bool:
        stamp = self.stamp()
        return stamp != self._stamp and (stamp is None or stamp != self._ignored)

    def holds_document(self) -> bool:
        return self._data is not None

    def reload(self) -> str | None:
        """Read the file again after another process changed it. Returns "gone" when the
        file was deleted or moved away: the document in memory is kept, to be written back
        by the next change. A corrupt file raises and the document in memory is kept too, so
        the screen keeps showing it; the file is never written over until it is mended."""
        stamp = self.stamp()
        if stamp is None and self._data is not None:
            self._stamp = None
            self._ignored = None
            return "gone"
        self._load(stamp)
        return None

    def read(self) -> Record | None:
        """The whole document, its event log parsed."""
        self.read_tables()
        if self._held_events is not None:
            self.complete()
            if self._data is None:  # the file was rewritten in place: read it anew
                self.read_tables()
                self.complete()
        return self._data

    def read_tables(self) -> Record | None:
        """The document, the event log's held records left out (the table holds only those
        written since): for readers that never look at the log."""
        if self._deferred:
            return self._data
        stamp = self.stamp()
        ignored = stamp is not None and stamp == self._ignored
        if self._data is not None and (stamp == self._stamp or ignored):
            return self._data
        self._load(stamp)
        return self._data

    def holds_log_back(self) -> bool:
        return self._held_events is not None

    def highest_held_event(self) -> int:
        """The highest event id of the log held back (checked by check_log), or 0."""
        held = self._held_events
        return held.last_id if held is not None and held.trusted else 0

    def check_log(self) -> None:
        """Make sure the held log can be carried into the next save as it is: its digest is
        the one careerplan recorded when it wrote it, or else it is parsed and checked (and
        let go again). A corrupt log raises as a corrupt file does; nothing is written."""
        held = self._held_events
        if held is None or held.trusted:
            return
        recorded = ((self._data or {}).get(META, {}).get("1") or {}).get(LOG_DIGEST)
        if held.scan() and held.digest is not None and recorded == held.digest.as_record():
            held.trusted = True
            return
        text = held.text()
        events = None if text is None else _parse_events(text)
        if text is None or events is None:
            self.complete()  # says what is wrong, or reads a file rewritten in place
            return
        held.digest = digest_of([memoryview(text)[1:-1]])
        held.last_id = max(map(int, events), default=0)
        held.trusted = True

    def events_from(self, day: str) -> list[Record]:
        """The log's events from `day` (an ISO date) on, and maybe a few before: a held log is
        read from its end until a record made before that day. Events are in the order they
        were made; each line starts with its time (keys are sorted), read without a parse."""

        def enough(line: bytes, _count: int) -> bool | None:
            at = event_time(line)
            return None if at is None else at < day

        found = self._held_tail(enough)
        return found[0] if found is not None else self._whole_log_from(day)

    def last_events(self, count: int) -> tuple[list[Record], bool]:
        """The log's newest `count` events at least, oldest first, and whether that is the
        whole log."""
        found = self._held_tail(lambda _line, read: read >= count)
        if found is not None:
            return found
        events = list((self.read() or {}).get(EVENTS, {}).values())
        return events[-count:], len(events) <= count

    def _held_tail(
        self, enough: Callable[[bytes, int], bool | None]
    ) -> tuple[list[Record], bool] | None:
        """The newest events of a held log, its lines read from the end until `enough(line,
        events read)` (None: a line not as careerplan writes it), only those parsed; and
        whether that is the whole log. None when the log must be read whole instead (not held,
        changed in place, or a line that does not parse: the whole read says what is wrong)."""
        held = self._held_events
        if held is None:
            return None
        newer = list((self._data or {}).get(EVENTS, {}).values())
        lines: list[bytes] = []
        whole = True
        for line in held.lines_from_end():
            done = None if line is None else enough(line, len(lines) + len(newer))
            if line is None or done is None:
                return None
            if done:
                whole = False
                break
            lines.append(line)
        found = _parse_events(b"".join((b"{", b",\n".join(reversed(lines)), b"}")), held.trusted)
        return None if found is None else ([*found.values(), *newer], whole)

    def _whole_log_from(self, day: str) -> list[Record]:
        events = (self.read() or {}).get(EVENTS, {}).values()
        return [e for e in events if str(e.get("at", "")) >= day]

    def complete(self) -> None:
        """Parse the event log held back. Should its text not parse on its own, the whole file
        is read as any file is: a corrupt one raises as it would have at open, what is held
        stays shown and the file is never written over."""
        held, self._held_events = self._held_events, None
        if held is None:
            return
        try:
            text = held.text()
            events = None if text is None else _parse_events(text, held.trusted)
            raw = held.whole_file() if text is not None and events is None else None
        except BaseException:
            held.close()
            raise
        if events is not None and held.trusted and not (self._data or {}).get(EVENTS):
            self._let_go(self._parsed_from)  # the parsed log is all the text held: it can
            self._parsed_from = held  # be let go again (release_log)
        else:
            held.close()
        if events is not None:
            assert self._data is not None  # the tables were read before their log
            events.update(self._data.get(EVENTS) or {})  # those written since it was held
            self._data[EVENTS] = events
            self._text.pop(EVENTS, None)
            return
        if raw is None:
            # The file was rewritten in place since it was opened: what is held is dropped,
            # so the next read takes the file anew and the app sees a change on disk.
            self.forget()
            return
        try:
            self._data = self._parse_whole(raw)
        except (CorruptPlanError, NewerSchemaError):
            self._ignored, self._stamp = self._stamp, None  # begin() reads it again: refused
            raise
        self.scratch = {}

    def _load(self, stamp: tuple[Any, ...] | None) -> None:
        """Replace what is held by the file's content. When the file cannot be read, what is
        held stays (the screen keeps showing it) and that version of the file is ignored."""
        try:
            data, stamp, held, texts = self._read_file(stamp)
        except (CorruptPlanError, NewerSchemaError):
            self._ignored = stamp
            raise
        if data is not None and self._data is not None:
            keep_unchanged(self._data, data)
        self.forget()
        self._data, self._stamp, self._ignored = data, stamp, None
        self._held_events = held
        self._text = texts

    def _read_file(
        self, stamp: tuple[Any, ...] | None
    ) -> tuple[Record | None, tuple[Any, ...] | None, HeldLog | None, dict[str, TableText]]:
        """(the document, the file's stamp, the event log held back in the open file, the
        text of the tables that a reread kept)."""
        if stamp is None:
            return None, None, None, {}
        held = None
        try:  # not blocking: a FIFO put in the plan's place must not hang the reader
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
            handle = open(fd, "rb", buffering=0)  # noqa: SIM115 - may be kept open
        except FileNotFoundError:
            return None, None, None, {}
        except OSError as error:
            raise CorruptPlanError(self.path, error.strerror or str(error), None) from None
        try:
            st = os.fstat(handle.fileno())
            try:
                check_stat(self.path, st)
            except PlanPathError as error:
                raise CorruptPlanError(self.path, str(error), None) from None
            stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
            # Not on Windows: there a file held open cannot be replaced, and another
            # instance's save (a new file renamed over this one) would fail meanwhile.
            if self._defer_events and os.name != "nt":
                found = self._parse_without_events(handle, stamp)
                if found is not None:
                    held = found[1]
                    return found[0], stamp, held, found[2]
            handle.seek(0)
            raw = handle.read()
        except OSError as error:
            raise CorruptPlanError(self.path, error.strerror or str(error), None) from None
        finally:
            if held is None:
                handle.close()
        return self._parse_whole(raw), stamp, None, {}

    def _parse_without_events(
        self, handle: BinaryIO, stamp: tuple[Any, ...]
    ) -> tuple[Record, HeldLog, dict[str, TableText]] | None:
        """The plan with an empty event log and the log held back, or None when that cannot
        be done safely (the file is then parsed whole)."""
        parts = read_without_events(handle, stamp[0])
        if parts is None:
            return None
        text, held = parts
        texts: dict[str, TableText] = {}
        try:
            parsed: object
            found = self._reread(text)
            if found is not None:
                parsed, texts, starts = found
                texts = self._placed_as_read(texts, starts, handle, stamp, held)
            else:
                parsed = _parse(text)  # type: ignore[arg-type]  # a memoryview, json reads it
            sound = check_shape(parsed) is None
            data = cast(Record, parsed)
            sound = sound and data.get(EVENTS) == {}
            sound = sound and not check.problems(data, text, events=False)
        except (ValueError, RecursionError):
            sound = False
        finally:
            text.release()
        if not sound:  # the whole file is read, and says what is wrong with it
            return None
        self._refuse_newer(data)
        return data, held, texts

    def _placed_as_read(
        self,
        texts: dict[str, TableText],
        starts: dict[str, int],
        handle: BinaryIO,
        stamp: tuple[Any, ...],
        log: HeldLog,
    ) -> dict[str, TableText]:
        """The texts a reread kept, as they lie in the file just read: their bytes are let go.
        Held as they are if that file is not the version read (`stamp`) or cannot be kept."""
        kept = KeptFile.of_handle(handle, stamp)
        if kept is None:
            return texts
        return {name: text.placed(kept, log.in_file(starts[name])) for name, text in texts.items()}

    def _reread(
        self, text: memoryview
    ) -> tuple[Record, dict[str, TableText], dict[str, int]] | None:
        """The document read again, parsing only the lines that changed since the document
        held (store/reread.py); None when there is none held or it cannot be done."""
        if self._data is None:
            return None
        source = self._unchanged_file() if set(self._data) - set(self._text) else None
        if source is not None:
            for name in self._data:
                if name not in self._text and name != EVENTS:
                    self._seed(source, json.dumps(name).encode("utf-8"), name)
        return reread(text, self._data, self._text, _parse, EVENTS)

    def _parse_whole(self, raw: bytes) -> Record:
        reason = None
        data = None
        if not raw.strip():
            reason = "the file is empty"
        else:
            try:
                data = _parse(raw)
            except UnicodeDecodeError as error:
                reason = f"not UTF-8 text at byte {error.start}"
            except ValueError as error:
                reason = f"invalid JSON: {error}"
            except RecursionError:
                reason = "invalid JSON: nested too deeply"
            if reason is None:
                reason = check_shape(data)
        if reason:
            raise CorruptPlanError(self.path, reason, newest_good_backup(self.path))
        document = cast(Record, data)  # check_shape has passed it
        self._refuse_newer(document)
        self._refuse_unsound(document, raw)
        return document

    def _refuse_unsound(self, data: Record, raw: bytes | None, events: bool = True) -> None:
        """A record that breaks the schema's rules (a hand edit, another program) is refused
        as a file that does not parse is: said, never written over (store.check)."""
        found = check.problems(data, raw, events=events)
        if found:
            count = f"{len(found)} problem{'s' if len(found) > 1 else ''}"
            reason = f"{count} careerplan cannot trust: {check.summary(found)}"
            raise CorruptPlanError(self.path, reason, newest_good_backup(self.path))

    def _refuse_newer(self, data: Record) -> None:
        """A file from a newer careerplan is never read, so never written over."""
        if self.newest_schema is None:
            return
        version = data.get("meta", {}).get("1", {}).get("schema", 0)
        if not isinstance(version, int) or version > self.newest_schema:
            raise NewerSchemaError(
                f"{self.path} was written by a newer careerplan (schema {version}; this one "
                f"knows {self.newest_schema}); upgrade careerplan to open it. The file was not "
                "changed."
            )

    def forget(self) -> None:
        """Drop every cache, so the next read comes from disk."""
        self._data = None
        self._stamp = None
        self._let_go(self._held_events)
        self._let_go(self._parsed_from)
        self._held_events = self._parsed_from = None
        self._text = {}
        self._dirty = set()
        self.scratch = {}  # facts derived from the document, valid until it is read again

    # -- writing -------------------------------------------------------------------------

    def begin(self) -> None:
        """Start a change: reload if another process wrote, then hold writes in memory."""
        stamp = self.stamp()
        self._orphan_copy = None
        if stamp is None and self._data is not None:
            # The file was deleted or moved away under us: write back the whole document we
            # hold rather than start a new plan with only this change in it.
            self.complete()  # the held log too, from the file still open
            self._stamp = None
            self.mark_all()
            self._orphan_copy = {name: dict(table) for name, table in self._data.items()}
        elif stamp != self._stamp or self._data is None:
            self._load(stamp)
        self.check_log()
        if self._data is None:  # no file, or one rewritten in place under its held log
            self._load(self.stamp())
            self.check_log()
        if self._data is None:
            self._data = {}
        self._deferred = True
        self._pending = False

    def put(self, table: str, doc_id: int, record: Record) -> None:
        """Set one record inside a change (begin() must have been called)."""
        assert self._deferred and self._data is not None, "put() outside a change"
        self._data.setdefault(table, {})[str(doc_id)] = record
        self.mark(table, doc_id)
        self._pending = True

    def drop(self, table: str, doc_id: int) -> None:
        assert self._deferred and self._data is not None, "drop() outside a change"
        if table == EVENTS:
            self.complete()
        if self._data.get(table, {}).pop(str(doc_id), None) is not None:
            self.mark(table, doc_id)
            self._pending = True

    def replace(self, document: Record) -> None:
        """Make the whole document this one, inside a change."""
        assert self._deferred, "replace() outside a change"
        self._let_go(self._held_events)  # the document brings its own log
        self._let_go(self._parsed_from)
        self._held_events = self._parsed_from = None
        self._data = document
        self.scratch = {}
        self.mark_all()
        self._pending = True

    def write(self, data: Record) -> None:
        self._data = data
        if self._deferred:
            self._pending = True
            return
        self.mark_all()
        self._flush()

    def commit(self) -> None:
        self._deferred = False
        if self._pending:
            self._pending = False
            self._flush()

    def rollback(self) -> None:
        self._deferred = False
        self._pending = False
        orphan, self._orphan_copy = self._orphan_copy, None
        self.forget()
        if orphan is not None:  # nothing on disk to read back: keep what we held
            self._data = orphan
            self.mark_all()

    def _flush(self) -> None:
        try:
            st = atomic_write(self.path, self.render_chunks())
        except OSError as error:
            self._forget_unless_orphan()
            raise not_written(self.path, error) from None
        except BaseException:
            self._forget_unless_orphan()
            raise
        self._orphan_copy = None
        self._stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
        self._dirty = set()
        self._place_texts(self._stamp)
        if self._defer_events and self._log_place is not None:
            self._hold_written_log()

    def _hold_written_log(self) -> None:
        """Hold the log just written in the new file, with what was added since, and let the
        old file go. A log a reader has parsed (undo, the review) stays parsed until the app
        lets it go (release_log), knowing where it now lies."""
        assert self._log_place is not None and self._data is not None
        start, length, digest = self._log_place
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return
        handle = open(fd, "rb", buffering=0)  # noqa: SIM115 - kept open by the HeldLog
        if file_stamp(fd) != self._stamp:
            handle.close()  # replaced already: keep what is held as it is
            return
        events = self._data.get(EVENTS) or {}
        held = HeldLog(handle, start, length)
        held.trusted, held.digest = True, digest
        held.last_id = max([self.highest_held_event(), *map(int, events)])
        if self._held_events is None:
            self._let_go(self._parsed_from)
            self._parsed_from = held
        else:
            self._hold(held)

    def _hold(self, held: HeldLog) -> None:
        """Hold the log in `held` instead of whatever held or parsed log there was."""
        assert self._data is not None
        self._let_go(self._held_events)
        if self._parsed_from is not held:
            self._let_go(self._parsed_from)
        self._held_events, self._parsed_from = held, None
        self._data[EVENTS] = {}
        self._text.pop(EVENTS, None)

    def release_log(self) -> None:
        """Let go of a parsed log whose text lies, trusted, in the file as it is now: memory
        goes back to what it was at open once the review or an undo is done with it. A log
        under KEEP_PARSED_BYTES stays parsed: parsing it again at each opening of the review
        cost the review more time than it saved memory (bench/NOTES.md)."""
        parsed_from = self._parsed_from
        if parsed_from is None or self._held_events is not None or self._deferred:
            return
        if parsed_from.length < KEEP_PARSED_BYTES:
            return
        if self._data is None or self.stamp() != self._stamp:
            return  # another process wrote: the next read takes the file anew
        self._hold(parsed_from)

    @staticmethod
    def _let_go(held: HeldLog | None) -> None:
        if held is not None:
            held.close()

    def _forget_unless_orphan(self) -> None:
        if self._orphan_copy is None:
            self.forget()

    def stream(self) -> Iterator[bytes | Region]:
        """The document as the file holds it, a few hundred records at a time, the held log as
        a Region of its file: an export of 100,000 cards never holds its text whole. Outside
        a change (the document must not move under it)."""
        self.check_log()  # a log not known sound is parsed here, and a corrupt one raises
        data = self.read_tables() or {}
        held = self._held_events
        yield b"{\n"
        for number, name in enumerate(sorted({*data, *((EVENTS,) if held else ())})):
            table = data.get(name) or {}
            head = (b",\n" if number else b"") + json.dumps(name, ensure_ascii=False).encode()
            if not table and not (name == EVENTS and held):
                yield head + b": {}"
                continue
            yield head + b": {\n"
            separator = b""
            if name == EVENTS and held is not None:
                yield held.region()
                separator = b",\n"
            ids = sorted(table, key=id_order)
            for at in range(0, len(ids), _STREAM_RECORDS):
                lines = ",\n".join(record_line(d, table[d]) for d in ids[at : at + _STREAM_RECORDS])
                yield separator + lines.encode("utf-8")
                separator = b",\n"
            yield b"\n}"
        yield b"\n}\n"

    def close(self) -> None:
        pass

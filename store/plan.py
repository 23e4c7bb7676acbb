"""The one object every user of the plan talks to: reads from the cache, changes under a lock.

A change is one transaction: take the inter-process lock, reload if another instance wrote,
validate, apply, append one event, write the file once. If anything fails, nothing is saved
and the cache is dropped, so memory and disk agree.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from careerplan.store import check, history
from careerplan.store.dates import to_date
from careerplan.store.deferred import Region
from careerplan.store.errors import (
    ConflictError,
    NotFoundError,
    PlanError,
    PlanGoneError,
    ValidationError,
    not_written,
)
from careerplan.store.files import check_place
from careerplan.store.plan_text import EVENTS
from careerplan.store.schema import COLUMNS, KINDS, Kind, settings_with_defaults
from careerplan.store.shapes import Record, Snapshot
from careerplan.store.storage import PlanStorage
from careerplan.store.text import with_article
from careerplan.store.validate import clean_fields, kind_of

SCHEMA_VERSION = 1
META = "meta"
LOCK_TIMEOUT = 15.0

if TYPE_CHECKING:
    from tinydb import TinyDB
    from tinydb.queries import QueryLike
    from tinydb.table import Table


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Plan:
    """A career plan stored in one TinyDB file at `path`."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Callable[[], datetime] = _now,
        today: Callable[[], date] | None = None,
        defer_events: bool = False,
        read_now: bool = True,
    ) -> None:
        """With `defer_events`, opening leaves the event log unparsed until something needs
        it (undo, a change, the review): the dashboard paints sooner on a long-kept plan.
        Without `read_now`, the file is first read by `open()` or the first question asked
        (the dashboard draws a big plan's first frame from a first look meanwhile)."""
        given = os.path.abspath(os.path.expanduser(os.fspath(path)))
        check_place(given)  # a FIFO, a device, a loop, a second hard link: said now
        self.path = os.path.realpath(given)
        self._clock = clock
        self._today = today or date.today
        self.storage = PlanStorage(
            self.path, newest_schema=SCHEMA_VERSION, defer_events=defer_events
        )
        self.origin = os.urandom(6).hex()  # who made an event: this window, this command
        self._depth = 0
        self._backed_up = False
        self._mutex = threading.RLock()
        self._owner: int | None = None
        self._cleaned = False
        self._opened = False
        if read_now:
            self.open()

    # -- opening -------------------------------------------------------------------------

    def open(self) -> None:
        """Read the file and migrate an older one; once. A corrupt file raises here."""
        with self._mutex:
            if not self._opened:
                self._opened = True
                self._check_schema()

    def _check_schema(self) -> None:
        data = self.storage.read_tables()
        if data is None:
            return
        version = data.get(META, {}).get("1", {}).get("schema", 0)  # not newer: storage checks
        if version < SCHEMA_VERSION and os.access(os.path.dirname(self.path) or ".", os.W_OK):
            from careerplan.store.migrate import migrate

            with self._transaction():
                migrate(self, self.storage.read() or {}, version)

    def today(self) -> date:
        return self._today()

    def now(self) -> str:
        return self._clock().isoformat()

    @functools.cached_property
    def db(self) -> TinyDB:
        """TinyDB over the plan's storage, made at the first query: the dashboard's first
        paint and `career glance` never need TinyDB's import, they read the cached document."""
        from tinydb import TinyDB
        from tinydb.storages import Storage

        Storage.register(PlanStorage)
        return TinyDB(storage=lambda: self.storage)

    # -- reading -------------------------------------------------------------------------

    def _table(self, name: str) -> Table:
        return self.db.table(name, cache_size=0)

    def _data(self, events: bool = False) -> Record:
        """The document; its event log only when `events` (it may not be parsed yet)."""
        with self._mutex:
            self.open()
            return (self.storage.read() if events else self.storage.read_tables()) or {}

    def finish_reading(self) -> None:
        """Parse what opening held back; a corrupt file raises here as it would have there."""
        with self._mutex:
            self.open()
            self.storage.complete()

    def events_since(self, since: str) -> list[Record]:
        """The events made after `since` (an ISO time, or "" for all), and perhaps some of the
        week before it: a long-kept log is read from its end, not parsed whole. The margin
        keeps events from another machine whose clock ran behind."""
        day = ""
        if since:
            start = to_date(since[:10])
            day = (start - timedelta(days=7)).isoformat() if start else ""
        with self._mutex:
            self._data()  # the file as it is now
            return self.storage.events_from(day)

    def release_log(self) -> None:
        """Let go of the parsed event log once its reader is done (storage.release_log); not
        waited for while a change is being saved: the next call does it."""
        if self._mutex.acquire(blocking=False):
            try:
                self.storage.release_log()
            finally:
                self._mutex.release()

    def check_log(self) -> None:
        """Make sure the event log held back can be carried into the next save unparsed (a
        digest when careerplan wrote it as it is); a corrupt one raises as a change would."""
        with self._mutex:
            self.open()
            self.storage.check_log()

    def stream(self) -> Iterator[bytes | Region]:
        """The plan file's text, streamed (storage.stream); for exports, outside a change."""
        self.open()
        return self.storage.stream()

    def records(self, kind: str) -> list[Record]:
        with self._mutex:
            data = self._data(events=kind == EVENTS)
            return [dict(doc) for doc in data.get(kind, {}).values()]

    def snapshot(self, events: bool = True) -> Snapshot:
        """Every kind's records, for rules and views that look at the whole plan; the event
        log too unless `events` is False (views that never show it).

        The record dicts are shared, not copied (20,000 copies cost a dashboard's start):
        a change always stores new dicts and never edits a stored one, so they stay as they
        were read. Callers must not modify them."""
        with self._mutex:
            data = self._data(events)
            names = (*KINDS, EVENTS) if events else KINDS
            return {name: list(data.get(name, {}).values()) for name in names}

    def find(self, record_id: int) -> tuple[str, Record]:
        """The kind and record with this id, from any table."""
        data = self._data()
        key = str(record_id)
        for name in KINDS:
            doc = data.get(name, {}).get(key)
            if doc is not None:
                return name, dict(doc)
        raise NotFoundError(f"no record has id {record_id}")

    def get(self, kind: str, record_id: int) -> Record:
        found_kind, record = self.find(record_id)
        if found_kind != kind:
            found, wanted = with_article(found_kind), with_article(kind)
            raise NotFoundError(f"{record_id} is {found}, not {wanted}")
        return record

    def kind_of(self, record_id: int) -> str | None:
        try:
            return self.find(record_id)[0]
        except NotFoundError:
            return None

    def meta(self) -> Record:
        data = self._data()
        return dict(data.get(META, {}).get("1", {}))

    def settings(self) -> Record:
        return settings_with_defaults(self.records("settings"))

    def changed_on_disk(self) -> bool:
        return self.storage.changed_on_disk()

    def reload(self) -> None:
        """Read the plan again after another process changed it. Raises PlanGoneError when
        the file vanished (what is held is kept and written back by the next change) and
        CorruptPlanError when it was replaced by something unreadable (kept too, never
        written over)."""
        with self._mutex:
            if self.storage.reload() == "gone":
                raise PlanGoneError(self.path)

    # -- the transaction -----------------------------------------------------------------

    def batch(self) -> contextlib.AbstractContextManager[None]:
        """Group many changes into one locked, atomic write (each still logs its event)."""
        return self._transaction()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._depth and self._owner == threading.get_ident():
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.open()
        # The other processes' lock is waited for before this process's mutex is taken: a
        # read on the screen's thread (which takes the mutex) never waits on another writer.
        with self._locked(), self._mutex:
            self._clean_stray_temps()
            self.storage.begin()  # may refuse (an unreadable file): then no change is open
            self._depth = 1
            self._owner = threading.get_ident()
            self._backed_up = False
            try:
                yield
                self._daily_backup()
                self.storage.commit()
            except BaseException:
                self.storage.rollback()
                raise
            finally:
                self._depth = 0
                self._owner = None
            if self._backed_up:  # only once the change is saved (store.backup)
                from careerplan.store.backup import prune

                prune(self.path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        from careerplan.store.lock import plan_lock

        with plan_lock(self.path, LOCK_TIMEOUT):
            yield

    def _clean_stray_temps(self) -> None:
        """Temp files left by a writer that died mid-write. Under the lock no writer is
        mid-write, so every one left is stray; the plan itself was never touched by them."""
        if self._cleaned:
            return
        from careerplan.store.atomic import stray_temps

        for temp in stray_temps(self.path):
            with contextlib.suppress(OSError):
                os.unlink(temp)
        self._cleaned = True

    def _daily_backup(self) -> None:
        from careerplan.store.backup import last_backup_age_hours

        if not self.storage._pending or not os.path.exists(self.path):
            return
        age = last_backup_age_hours(self.path)
        if age is None or age >= 24:
            self.backup()

    def backup(self) -> None:
        """A dated copy of the plan as it is on disk, inside a change (before a migration,
        an import, or the day's first change); old ones are pruned once the change is saved."""
        from careerplan.store.backup import make_backup

        try:
            make_backup(self.path)
        except OSError as error:  # no room for the backup: no room for the change either
            raise not_written(self.path, error) from None
        self._backed_up = True

    def _next_id(self, counter: str = "next_id") -> int:
        """Ids are unique across kinds (so `career done 12` needs no kind); events count apart.
        The counter in meta is never taken on trust (an import or a hand edit can lower it):
        the next id is past every id in use."""
        data = self.storage.read_tables() or {}
        meta = data.get(META, {}).get("1")
        if meta is None:
            meta = {"schema": SCHEMA_VERSION, "next_id": 1, "created_at": self.now()}
            meta["plan_id"] = os.urandom(8).hex()  # calendars tell this plan's items apart
        else:
            meta = dict(meta)
        number = max(int(meta.get(counter, 1)), 1, self._highest(data, counter) + 1)
        meta[counter] = number + 1
        self._put(META, 1, meta)
        return number

    def _highest(self, data: Record, counter: str) -> int:
        """The highest id in use (an event's, for events), once per reading of the file."""
        known = self.storage.scratch.setdefault("highest", {})
        if counter not in known:
            tables = (EVENTS,) if counter == "next_event" else KINDS
            held = self.storage.highest_held_event() if counter == "next_event" else 0
            ids = (int(key) for name in tables for key in data.get(name) or {})
            known[counter] = max(held, max(ids, default=0))
        return int(known[counter])

    # Inside a transaction the storage holds the document in memory; records are set in it
    # directly (TinyDB's Table rebuilds a whole table per insert: O(n) at 10,000 cards).

    def _put(self, table: str, record_id: int, record: Record) -> None:
        self.storage.put(table, record_id, record)

    def _drop(self, table: str, record_id: int) -> None:
        self.storage.drop(table, record_id)

    def search(self, kind: str, condition: QueryLike) -> list[Record]:
        """Records matching a TinyDB query, e.g. `where("column") == "doing"`."""
        with self._mutex:
            return [dict(doc) for doc in self._table(kind).search(condition)]

    def _log(self, op: str, summary: str, changes: list[Record], **extra: Any) -> Record:
        event_id = self._next_id("next_event")
        event = {"id": event_id, "at": self.now(), "op": op, "summary": summary}
        event["by"] = self.origin
        event["changes"] = changes
        event.update(extra)
        self._put(EVENTS, event_id, event)
        return event

    def _apply(self, kind: str, record_id: int, after: Record | None) -> Record:
        """Set one record to `after` (None deletes) and return the change for the log."""
        data = self.storage.read_tables() or {}
        before = data.get(kind, {}).get(str(record_id))
        before = dict(before) if before is not None else None
        if after is None:
            if before is not None:
                self._drop(kind, record_id)
        else:
            self._put(kind, record_id, after)
        return {"kind": kind, "id": record_id, "before": before, "after": after}

    # -- changing ------------------------------------------------------------------------

    def add(self, kind: str, /, **fields: Any) -> Record:
        spec = kind_of(kind)
        with self._transaction():
            values = clean_fields(spec, fields, self.today(), self.kind_of, partial=False)
            if kind == "action":
                if not fields.get("order"):
                    values["order"] = self._end_order(values.get("column", "backlog"))
                values.update(history.column_dates(None, values["column"], self.today()))
                values.update(_series_start(values, {}, self.today()))
            if kind == "settings" and self.records("settings"):
                raise ValidationError("settings", "the plan already has settings; update them")
            if kind == "gap" and values.get("skill") is not None:
                values.update(_gap_at_level(values, self.get("skill", values["skill"])["level"]))
            record_id = self._next_id()
            stamp = self.now()
            record = {"id": record_id, **values, "created_at": stamp, "updated_at": stamp}
            change = self._apply(kind, record_id, record)
            extra = []
            if kind == "skill":
                extra.append(self._rating(record_id, record["level"], "self"))
            self._log("add", f"added {spec.label} {_name(spec, record)}", [change, *extra])
        return record

    def update(self, record_id: int, /, *, expect: Record | None = None, **fields: Any) -> Record:
        """Change some fields of a record. Only the given fields are written, onto the record
        as it is on disk now, so another instance's edits to other fields survive. With
        `expect` (the values an editor started from), a field someone else changed meanwhile
        is a ConflictError instead of a silent overwrite."""
        source = fields.pop("source", None) if "source" in fields else None
        with self._transaction():
            kind, record = self.find(record_id)
            if kind not in KINDS:
                raise ValidationError("id", f"{record_id} is a {kind} and cannot be edited")
            clashes = [
                name
                for name in fields
                if expect is not None
                and name in expect
                and record.get(name) != expect[name]
                and record.get(name) != fields[name]
            ]
            if clashes:
                raise ConflictError(
                    f"{', '.join(clashes)} of this {kind} changed in another window or command "
                    "since you opened it; nothing was saved. Open it again to see the new "
                    "values, then make your change."
                )
            spec = KINDS[kind]
            values = clean_fields(spec, fields, self.today(), self.kind_of, partial=True)
            changed = {k: v for k, v in values.items() if record.get(k) != v}
            if not changed:
                return record
            if kind == "action" and "column" in changed:
                changed.update(history.column_dates(record, changed["column"], self.today()))
            if kind == "action" and changed.get("recur"):
                changed.update(_series_start({**record, **changed}, changed, self.today()))
            if kind == "gap" and changed.get("skill") is not None:
                level = self.get("skill", changed["skill"])["level"]
                changed.update(_gap_at_level({**record, **changed}, level))
            after = {**record, **changed, "updated_at": self.now()}
            changes = [self._apply(kind, record_id, after)]
            if kind == "skill" and "level" in changed:
                changes.append(self._rating(record_id, changed["level"], source))
                changes += self._move_gaps_of(record_id, changed["level"])
            self._log("update", _update_summary(kind, spec, after, changed), changes)
        return after

    def _move_gaps_of(self, skill_id: int, level: int) -> list[Record]:
        """A skill's rating is the current level of every gap that measures it: re-rating it
        moves them, closes one that reached its required level, reopens one that fell back."""
        changes = []
        for gap in self.records("gap"):
            if gap.get("skill") == skill_id:
                moved = _gap_at_level(gap, level)
                if any(gap.get(k) != v for k, v in moved.items()):
                    after = {**gap, **moved, "updated_at": self.now()}
                    changes.append(self._apply("gap", gap["id"], after))
        return changes

    def rate_skill(self, skill_id: int, level: int, source: str = "self") -> Record:
        """Re-rate a skill; the rating history keeps every earlier level."""
        return self.update(skill_id, level=level, source=source)

    def _rating(self, skill_id: int, level: int, source: object) -> Record:
        rating_id = self._next_id()
        stamp = self.now()
        values = clean_fields(
            KINDS["skill_rating"],
            {"skill": skill_id, "level": level, "source": source or "self", "date": self.today()},
            self.today(),
            lambda _id: "skill",
            partial=False,
        )
        record = {"id": rating_id, **values, "created_at": stamp, "updated_at": stamp}
        return self._apply("skill_rating", rating_id, record)

    def delete(self, record_id: int) -> Record:
        with self._transaction():
            kind, record = self.find(record_id)
            if kind not in KINDS or kind == "settings":
                raise ValidationError("id", f"{record_id} is a {kind} and cannot be deleted")
            changes = [self._apply(kind, record_id, None)]
            for other_kind, other_id, field in history.references(self.snapshot(), record_id):
                other = self.get(other_kind, other_id)
                if other_kind == "skill_rating":
                    changes.append(self._apply(other_kind, other_id, None))
                else:
                    changes.append(self._apply(other_kind, other_id, {**other, field: None}))
            self._log("delete", f"deleted {kind} {_name(KINDS[kind], record)}", changes)
        return record

    def move(self, record_id: int, column: str, order: float | None = None) -> Record:
        """Put an action card in a column, at the end unless an order is given."""
        if column not in COLUMNS:
            raise ValidationError("column", f"{column!r} is not one of {', '.join(COLUMNS)}")
        with self._transaction():
            self.get("action", record_id)
            fields: Record = {"column": column}
            fields["order"] = self._end_order(column) if order is None else order
            return self.update(record_id, **fields)

    def done(self, record_id: int) -> Record:
        """Finish an action, achieve a goal, close a gap, or celebrate a milestone."""
        with self._transaction():
            kind, record = self.find(record_id)
            if kind == "action":
                following = self._next_of_series(record)
                if following is not None:
                    return self._next_occurrence(record, following, done=True)
                return self.move(record_id, "done")
            field: tuple[str, object] | None = {
                "goal": ("status", "achieved"),
                "gap": ("status", "closed"),
            }.get(kind)
            if kind == "milestone":
                field = ("celebrated", True)
            if field is None:
                raise ValidationError(
                    "id",
                    f"{record_id} is a {kind}; only actions, goals, "
                    "gaps and milestones can be done",
                )
            return self.update(record_id, **{field[0]: field[1]})  # type: ignore[arg-type]

    def skip(self, record_id: int) -> Record:
        """A repeating card's next date, this one not done (no done occurrence is kept)."""
        with self._transaction():
            card = self.get("action", record_id)
            following = self._next_of_series(card)
            if following is None:
                what = "has no later date" if card.get("recur") else "does not repeat"
                raise ValidationError("recur", f"card {record_id} {what}: nothing to skip to")
            return self._next_occurrence(card, following, done=False)

    def _next_of_series(self, card: Record) -> date | None:
        """The date a repeating open card moves on to (done late, the next still to come),
        None when it does not repeat (any more): then done is done."""
        rule = card.get("recur")
        if not rule or card.get("column") == "done":
            return None
        from careerplan.store.recurrence import next_after

        today = self.today()
        current = to_date(card.get("deadline")) or today
        start = to_date(card.get("recur_from")) or current
        return next_after(rule, start, max(current, start, today))  # late: the next to come

    def _next_occurrence(self, card: Record, following: date, *, done: bool) -> Record:
        """Done (or skipped): the occurrence kept as a done card of its own when done, the
        card on to its next date in To do; one event, so undo takes both back."""
        today, stamp, spec = self.today(), self.now(), KINDS["action"]
        changes = []
        if done:
            kept = {k: v for k, v in card.items() if k not in _SERIES_ONLY}
            kept.update(column="done", occurrence_of=card["id"], order=self._end_order("done"))
            kept.update(history.column_dates(card, "done", today))
            occurrence_id = self._next_id()
            occurrence = {"id": occurrence_id, **kept, "created_at": stamp, "updated_at": stamp}
            changes.append(self._apply("action", occurrence_id, occurrence))
        after = {**card, "deadline": following.isoformat(), "updated_at": stamp}
        if card.get("column") != "todo":
            after.update(column="todo", order=self._end_order("todo"))
            after.update(history.column_dates(card, "todo", today))
        after["started_at"] = None
        changes.append(self._apply("action", card["id"], after))
        verb = "done" if done else "skipped"
        summary = f"{verb} {spec.label} {_name(spec, card)}; next on {following.isoformat()}"
        self._log("update", summary, changes)
        return after

    def undo(self, by: str | None = None, event_id: int | None = None) -> Record | None:
        """Revert the newest change not yet undone (made by `by` only, when given; or the
        event `event_id`); None when there is nothing to undo. A record changed since the
        event is a ConflictError: undo never overwrites a later change."""
        with self._transaction():
            if event_id is not None:
                events = self.records(EVENTS)
                event = next((e for e in events if e["id"] == event_id), None)
                if event is None or event not in history.undoable(events):
                    return None
            else:
                event = self._last_undoable(by)
            if event is None:
                return None
            changes = self._put_back(event, "before", "after", "undo")
            return self._log("undo", f"undid: {event['summary']}", changes, undoes=event["id"])

    def last_change(self) -> Record | None:
        """The newest change undo could revert, whoever made it."""
        return self._last_undoable()

    def _last_undoable(self, by: str | None = None) -> Record | None:
        for events, _whole in self._newest_events():
            event = history.last_undoable(events, by)
            if event is not None or any(history.is_barrier(e) for e in events):
                return event
        return None

    def _newest_events(self) -> Iterator[tuple[list[Record], bool]]:
        """Ever longer runs of the log's newest events, the last one the whole log (and said
        so): undo and redo decide from the newest events, and whether an event was undone
        depends only on the events after it, so a long-kept log is seldom parsed whole."""
        for count in (256, 8192):
            events, whole = self.storage.last_events(count)
            yield events, whole
            if whole:
                return
        yield self.records(EVENTS), True

    def redo(self, by: str | None = None) -> Record | None:
        """Make again the change the newest undo (by `by` only, when given) reverted, unless
        a change came after that undo; None when there is nothing to redo."""
        with self._transaction():
            undo, event = None, None
            for events, whole in self._newest_events():
                undo = history.last_redoable(events, by)
                mine = (e for e in events if e.get("op") in history.CHANGES)
                decided = any(by is None or e.get("by") == by for e in mine)
                if undo is not None:
                    event = next((e for e in events if e["id"] == undo["undoes"]), None)
                if event is not None or (undo is None and decided) or whole:
                    break
            if undo is None:
                return None
            if event is None:  # the change it undid is older than any run read: all of it
                event = next(e for e in self.records(EVENTS) if e["id"] == undo["undoes"])
            changes = self._put_back(event, "after", "before", "redo")
            return self._log("redo", f"redid: {event['summary']}", changes, redoes=undo["id"])

    def _put_back(self, event: Record, side: str, now: str, verb: str) -> list[Record]:
        """Set each record the event changed to its `side`, once it is checked that each is
        still as the event left it (`now`). What is put back is checked as a record read from
        outside is (store.check): a log can come from a hand edit, and undo must never write
        a plan that no longer opens."""
        data = self.storage.read_tables() or {}
        for change in event["changes"]:
            held = (data.get(change["kind"]) or {}).get(str(change["id"]))
            if held != change[now]:
                spec = KINDS[change["kind"]]
                name = _name(spec, held or change[now] or {})
                raise ConflictError(
                    f"cannot {verb} '{event['summary']}': {spec.label} {name} was changed "
                    "since, in another window or command; nothing was changed"
                )
        changes = []
        for change in reversed(event["changes"]) if side == "before" else event["changes"]:
            kind, record = change["kind"], change[side]
            found = [] if record is None else check.record_problems(kind, str(change["id"]), record)
            if found:
                raise PlanError(f"cannot {verb} event {event['id']}: {check.summary(found)}")
            changes.append(self._apply(kind, change["id"], record))
        found = check.problems(self.storage.read_tables() or {}, events=False)
        if found:
            raise PlanError(f"cannot {verb} event {event['id']}: {check.summary(found)}")
        return changes

    def replace_with(self, document: Record, summary: str) -> Record:
        """Make the plan's records those of `document` (checked by store.check first) in one
        event that undo reverts whole, after a backup of what was there. On a plan with no
        history of its own, the document's history is kept before that event, and undo stops
        there; otherwise this plan's history is kept and the document's is left out."""
        with self._transaction():
            current = self.storage.read() or {}
            own_events = current.get(EVENTS) or {}
            fresh = not own_events
            if any(current.get(kind) for kind in KINDS):
                self.backup()
            changes = []
            for kind in KINDS:
                old, new = current.get(kind) or {}, document.get(kind) or {}
                for key in sorted(set(old) | set(new), key=int):
                    if old.get(key) != new.get(key):
                        change = {"kind": kind, "id": int(key)}
                        changes.append(change | {"before": old.get(key), "after": new.get(key)})
            meta = dict(current.get(META, {}).get("1") or {})
            theirs = document.get(META, {}).get("1") or {}
            if fresh:
                meta = {**meta, **theirs}
            for counter in ("next_id", "next_event"):
                meta[counter] = max(int(theirs.get(counter, 1)), int(meta.get(counter, 1)))
            meta["schema"] = SCHEMA_VERSION
            meta.setdefault("created_at", self.now())
            tables = {kind: dict(document[kind]) for kind in KINDS if document.get(kind)}
            events = dict(document.get(EVENTS) or {}) if fresh else dict(own_events)
            self.storage.replace({**tables, META: {"1": meta}, EVENTS: events})
            return self._log("import", summary, changes, barrier=fresh)

    def _end_order(self, column: str) -> float:
        """One past the last card of a column; remembered within a transaction (batch builds)."""
        hints = self.storage.scratch.setdefault("end_order", {})
        if column not in hints:
            cards = (self._data().get("action") or {}).values()
            hints[column] = max(
                (a.get("order") or 0 for a in cards if a.get("column") == column), default=0
            )
        hints[column] += 1
        return float(hints[column])


_SERIES_ONLY = ("id", "created_at", "updated_at", "recur", "recur_from", "order")


def _series_start(card: Record, changed: Record, today: date) -> Record:
    """When a card starts to repeat, the day its series counts from (a rule's COUNT counts
    from there): its deadline, or today."""
    if not card.get("recur") or (card.get("recur_from") and "recur" not in changed):
        return {}
    return {"recur_from": card.get("deadline") or today.isoformat()}


def _gap_at_level(gap: Record, level: int) -> Record:
    """The fields of a gap whose current level is its skill's `level`."""
    moved: Record = {"current_level": min(max(int(level), 0), 5)}
    reached = moved["current_level"] >= int(gap.get("required_level") or 0)
    if reached and gap.get("status", "open") != "closed":
        moved["status"] = "closed"
    elif not reached and gap.get("status") == "closed":
        moved["status"] = "open"
    return moved


def _update_summary(kind: str, spec: Kind, after: Record, changed: Record) -> str:
    """What a change did, in words a person reads back in "Undid: ..." and the review."""
    name = _name(spec, after)
    if kind == "action" and "column" in changed:
        return f"moved {name} to {changed['column']}"
    if kind == "action" and set(changed) == {"order"}:
        return f"reordered {name}"
    if "deadline" in changed and len(changed) == 1:
        return f"rescheduled {name} to {changed['deadline'] or 'no deadline'}"
    if kind == "skill" and "level" in changed:
        return f"re-rated {name} to {changed['level']}/5"
    if "status" in changed and len(changed) == 1:
        return f"set {spec.label} {name} to {changed['status']}"
    return f"changed {', '.join(sorted(changed))} of {spec.label} {name}"


def _name(spec: Kind, record: Record) -> str:
    value = str(record.get(spec.title_field, ""))
    return repr(value if len(value) <= 60 else value[:57] + "...")


__all__ = ["Plan", "PlanError", "SCHEMA_VERSION"]

"""The shapes of the plan's data, named once for type checking: a record is a JSON object."""

from __future__ import annotations

from typing import Any

Record = dict[str, Any]  # one record of any kind, or settings, meta, an event
Snapshot = dict[str, list[Record]]  # every kind's records, by kind

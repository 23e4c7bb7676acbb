"""Errors the store raises: each carries a message fit to show a person as it is."""

from __future__ import annotations


class PlanError(Exception):
    """Base of every error a user can cause or meet; never a bug."""


class ValidationError(PlanError):
    """A field's value was refused; nothing was saved."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class DateParseError(ValidationError):
    """A date as typed could not be read without guessing."""

    def __init__(self, text: str, message: str | None = None, field: str = "deadline") -> None:
        shown = text if len(text) <= 40 else text[:37] + "..."
        super().__init__(field, message or f"cannot read {shown!r} as a date")
        self.text = text


class NotFoundError(PlanError):
    """No record has that id (or it is not of the kind asked for)."""


class CorruptPlanError(PlanError):
    """The plan file cannot be read; it is left exactly as it is."""

    def __init__(self, path: str, reason: str, backup: str | None) -> None:
        offer = (
            f" Newest good backup: {backup} (open it with --db, or copy it over the plan)."
            if backup
            else " No good backup was found beside it."
        )
        super().__init__(f"{path} is not a readable plan ({reason}); it was left untouched.{offer}")
        self.path = path
        self.reason = reason
        self.backup = backup


class NewerSchemaError(PlanError):
    """The file was written by a newer careerplan; opening it could lose data."""


class PlanWriteError(PlanError):
    """A change could not be saved; memory was reset to what is on disk."""


class LockTimeoutError(PlanWriteError):
    """Another instance held the plan's lock for too long."""


class ConflictError(PlanError):
    """A field was changed elsewhere after an editor read it; neither side is lost."""


class PlanGoneError(PlanError):
    """The plan file was deleted or moved away while open; what was held is kept."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} was deleted or moved away outside careerplan. Nothing is lost: what you "
            "see is kept here and your next change writes it all back."
        )
        self.path = path


def not_written(path: str, error: OSError) -> PlanWriteError:
    """The person-facing reason a write failed, reason first: a status line at 80 columns
    cuts the end of a long path."""
    import errno

    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EFBIG: "the file size limit was reached",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "its folder is read-only for you",
        errno.EPERM: "its folder is read-only for you",
        errno.EDQUOT: "disk quota exceeded",
    }
    reason = reasons.get(error.errno or 0) or error.strerror or str(error)
    if error.errno in (errno.EACCES, errno.EPERM):
        import os

        if os.access(os.path.dirname(path) or ".", os.W_OK):  # the folder is fine: the file
            reason = "the plan file cannot be replaced (is it immutable? see lsattr)"
    return PlanWriteError(f"could not save, {reason}; nothing was changed ({path})")

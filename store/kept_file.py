"""A file careerplan wrote or read, kept open so that a table's text is read again from it
when a change needs it, not held in memory between saves: held, the tables' text of a big plan
was megabytes that only the next change reads. The open descriptor still reads those bytes
after another window renamed its own file over the path; a file changed in place reads as
None, and what was kept is then rendered anew."""

from __future__ import annotations

import os
from typing import BinaryIO

from careerplan.store.deferred import Region, file_stamp, read_unchanged


class KeptFile:
    """An open file, closed when nothing placed in it is kept any more."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._stamp = file_stamp(fd)

    @classmethod
    def at_path(cls, path: str, stamp: tuple[object, ...]) -> KeptFile | None:
        """The file at `path`, if it is still the version `stamp` (size, mtime, inode) says.
        None on Windows, where a file held open cannot be replaced by another instance."""
        if os.name == "nt":
            return None
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None
        return cls._if_version(fd, stamp)

    @classmethod
    def of_handle(cls, handle: BinaryIO, stamp: tuple[object, ...]) -> KeptFile | None:
        """The file `handle` reads, kept on its own descriptor (the handle may be closed)."""
        if os.name == "nt":
            return None
        try:
            fd = os.dup(handle.fileno())
        except OSError:
            return None
        return cls._if_version(fd, stamp)

    @classmethod
    def _if_version(cls, fd: int, stamp: tuple[object, ...]) -> KeptFile | None:
        try:
            kept = cls(fd)
        except OSError:
            os.close(fd)
            return None
        if kept._stamp != tuple(stamp):
            kept.close()
            return None
        return kept

    def intact(self) -> bool:
        try:
            return self.fd >= 0 and file_stamp(self.fd) == self._stamp
        except OSError:
            return False

    def read(self, offset: int, length: int) -> bytes | None:
        """The bytes at `offset`, or None when the file changed since it was kept."""
        return read_unchanged(self.fd, self._stamp, offset, length) if self.fd >= 0 else None

    def region(self, offset: int, length: int) -> Region | None:
        """The bytes at `offset` for the kernel to copy, or None as read() would say."""
        return Region(self.fd, offset, length) if self.intact() else None

    def close(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            os.close(fd)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # at the interpreter's exit `os` may be gone already
            pass

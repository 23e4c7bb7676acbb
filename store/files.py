"""What may be a plan file, and keeping a file's owner when root writes it.

A plan is a regular file: a FIFO would hang the reader, a device would be read until memory
runs out, and `--db <(cat plan.json)` would show a pipe's one-time content as a plan that
cannot be saved. A plan with a second hard link is refused too: every save writes a new file
and renames it over the name, which would silently split the two names into two plans."""

from __future__ import annotations

import errno
import os
import stat

from careerplan.store.errors import PlanError

KINDS_OF_FILE = {
    stat.S_IFIFO: "a pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


class PlanPathError(PlanError):
    """The path cannot hold a plan; nothing was read or written there."""


def check_place(path: str) -> os.stat_result | None:
    """The plan file's stat, None when nothing is there yet; PlanPathError when what is
    there (or the way to it) cannot be a plan."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        _check_folder(path)
        return None
    except OSError as error:
        raise PlanPathError(_why(path, error)) from None
    check_stat(path, st)
    return st


def check_stat(path: str, st: os.stat_result) -> None:
    kind = stat.S_IFMT(st.st_mode)
    if kind != stat.S_IFREG:
        what = KINDS_OF_FILE.get(kind, "not a regular file")
        raise PlanPathError(f"{path} is {what}, not a plan file")
    if st.st_nlink > 1:
        others = other_links(path, st)
        also = f" (also {', '.join(others)})" if others else " (elsewhere)"
        raise PlanPathError(
            f"{path} has {st.st_nlink} hard links{also}; careerplan saves by writing a new "
            "file over the name, which would split them into two plans. Keep one name "
            "(remove the other links) or use a symbolic link."
        )


def other_links(path: str, st: os.stat_result) -> list[str]:
    """Other names of the same file in the plan's folder."""
    folder = os.path.dirname(path) or "."
    found: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return found
    for name in sorted(names):
        full = os.path.join(folder, name)
        try:
            other = os.lstat(full)
        except OSError:
            continue
        same = (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino)
        if same and os.path.abspath(full) != os.path.abspath(path):
            found.append(name)
    return found


def _check_folder(path: str) -> None:
    """No file yet: say now if its folder cannot be one (a file on the way, a loop)."""
    folder = os.path.dirname(path) or "."
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        return  # made when the first change is saved, or said then
    except OSError as error:
        raise PlanPathError(_why(path, error)) from None
    if not stat.S_ISDIR(st.st_mode):
        raise PlanPathError(f"{path}: {folder} is not a folder")


def _why(path: str, error: OSError) -> str:
    reasons = {
        errno.ELOOP: "a symbolic link on the way leads round in a loop",
        errno.ENAMETOOLONG: "the path is too long for this system",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EACCES: "a folder on the way cannot be entered (permission denied)",
    }
    return f"cannot open {path}: {reasons.get(error.errno or 0) or error.strerror or error}"


def keep_owner(fd: int, like: str) -> None:
    """Run as root (sudo) on someone else's plan, give what is written the owner of `like`
    (the plan), so that its owner can still open and change it afterwards."""
    if os.geteuid() != 0:
        return
    try:
        st = os.stat(like)
    except OSError:
        st = None
    if st is None:  # a new file: the owner of its folder
        try:
            st = os.stat(os.path.dirname(like) or ".")
        except OSError:
            return
    if (st.st_uid, st.st_gid) != (0, 0):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except OSError:
            pass

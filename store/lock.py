"""The inter-process lock around every read-modify-write of a plan."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator

from careerplan.store.errors import LockTimeoutError, PlanWriteError


def load_lock_library() -> None:
    """Import filelock ahead of the first save: it imports logging, inspect, secrets and more,
    which the dashboard's first change would otherwise wait for."""
    import filelock  # noqa: F401


@contextlib.contextmanager
def plan_lock(path: str, timeout: float) -> Iterator[None]:
    """Hold `path.lock` (created 0600) so two instances never interleave their writes."""
    from filelock import FileLock, Timeout

    lock_path = path + ".lock"
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise PlanWriteError(
            f"could not save, its folder {folder} does not exist (any more); nothing was changed"
        )
    if not os.path.exists(lock_path) and not os.access(folder, os.W_OK):
        raise PlanWriteError(
            f"could not save, its folder is read-only for you; nothing was changed ({path})"
        )
    lock = FileLock(lock_path, timeout=timeout, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise LockTimeoutError(
            f"could not save, another careerplan held the lock for {timeout:.0f} s; "
            f"nothing was changed ({path})"
        ) from None
    except OSError as error:
        if error.errno == errno.EROFS:
            raise PlanWriteError(
                f"could not save, the disk is read-only; nothing was changed ({path})"
            ) from None
        if error.errno in (errno.EACCES, errno.EPERM):
            raise PlanWriteError(
                f"could not save, cannot create its lock file ({error.strerror}); "
                f"nothing was changed ({lock_path})"
            ) from None
        raise PlanWriteError(f"could not save, {error}; nothing was changed ({path})") from None
    try:
        _keep_owner(lock_path, path)
        yield
    finally:
        lock.release()


def _keep_owner(lock_path: str, path: str) -> None:
    """A lock file root made for someone else's plan is given to the plan's owner, who
    could not open it otherwise."""
    if os.geteuid() == 0:
        from careerplan.store.files import keep_owner

        try:
            fd = os.open(lock_path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return
        try:
            keep_owner(fd, path)
        finally:
            os.close(fd)

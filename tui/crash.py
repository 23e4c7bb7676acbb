"""A bug's traceback, kept in a file beside the plan and named in the one line that says so:
exit status 0, 1 and 2 mean what the command line promises; a crash is never one of them."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import datetime

CRASH_EXIT = 70  # EX_SOFTWARE: careerplan itself went wrong
LOG_NAME = "careerplan-crash.log"


def record(plan_path: str | None, error: BaseException) -> str | None:
    """Append the traceback to the crash log beside the plan (or in the temp folder when
    that folder cannot take it); its path, or None when nowhere could."""
    text = "".join(traceback.format_exception(error))
    head = f"--- {datetime.now().isoformat(timespec='seconds')} careerplan {sys.argv[1:]!r}\n"
    folders = [os.path.dirname(plan_path)] if plan_path else []
    for folder in [*folders, tempfile.gettempdir()]:
        log = os.path.join(folder, LOG_NAME)
        try:
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError:
            continue
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as handle:
            handle.write(head + text)
        return log
    return None


def said(error: BaseException, log: str | None) -> str:
    where = f"its traceback is in {log}" if log else "its traceback could not be saved"
    return (
        f"career: a bug stopped careerplan ({type(error).__name__}); {where}. Saves are "
        "all-or-nothing, so the plan file is whole. Please report it."
    )

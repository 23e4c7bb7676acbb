"""Where the plan lives: --db, then CAREER_DB, then the platform's user data folder."""

from __future__ import annotations

import os

APP_NAME = "careerplan"
FILE_NAME = "plan.json"


def default_plan_path() -> str:
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir(APP_NAME, appauthor=False), FILE_NAME)


def plan_path(explicit: str | None) -> str:
    chosen = explicit or os.environ.get("CAREER_DB") or default_plan_path()
    return os.path.abspath(os.path.expanduser(chosen))


def ensure_folder(path: str) -> None:
    """Create the plan's folder, private to the person (0700), if it is missing."""
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        except OSError as error:
            from careerplan.store.errors import PlanError

            raise PlanError(
                f"cannot open {path}: its folder {folder} cannot be reached or made "
                f"({error.strerror or error})"
            ) from None

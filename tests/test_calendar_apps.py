"""The .ics export in real calendar programs (Debian's khal and calcurse): two exports of the
plan, a change between them, imported one after the other, leave one copy of each event, and
nothing is refused. Skipped, with the reason, where the program is not installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from careerplan.store.demo import build_demo
from careerplan.store.export_ics import export_ics
from careerplan.store.plan import Plan

KHAL_CONFIG = """[calendars]
[[plan]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
[default]
default_calendar = plan
"""


@pytest.fixture
def two_exports(tmp_path):
    today = date.today()
    plan = Plan(tmp_path / "plan.json")
    build_demo(plan, today)
    first = tmp_path / "one.ics"
    first.write_bytes(export_ics(plan, today))
    card = next(a for a in plan.records("action") if a.get("recur"))
    plan.done(card["id"])  # a 1:1 done between the exports: the card moves on
    plan.update(plan.records("person")[0]["id"], rhythm="every 2nd tuesday")
    second = tmp_path / "two.ics"
    second.write_bytes(export_ics(plan, today))
    return first, second


@pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed (apt: khal)")
def test_khal_holds_one_copy_of_each_event_after_two_imports(tmp_path, two_exports):
    vdir = tmp_path / "calendar"
    vdir.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(KHAL_CONFIG.format(path=vdir))
    events = two_exports[0].read_text().count("BEGIN:VEVENT")
    for export in two_exports:
        done = subprocess.run(
            ["khal", "-c", str(config), "import", "--batch", "-a", "plan", str(export)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert len(list(vdir.iterdir())) == events  # one file per UID: replaced, not added
    listed = subprocess.run(
        ["khal", "-c", str(config), "list", "--format", "{title}", "today", "120d"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    days: dict[str, list[str]] = {}
    for line in filter(None, listed.splitlines()):
        if re.fullmatch(r"\w+, \d{4}-\d{2}-\d{2}", line):  # "Tuesday, 2026-12-15": a day
            day = days.setdefault(line, [])
        else:
            day.append(line)
    assert days
    for heading, titles in days.items():
        assert len(titles) == len(set(titles)), (heading, titles)  # no event twice on a day
    assert "1:1 with Priya Raman" in listed and "Career plan review" in listed
    assert listed.count("1:1 with Priya Raman") <= 9  # every 2nd Tuesday now, not weekly


@pytest.mark.skipif(
    shutil.which("calcurse") is None, reason="calcurse is not installed (apt: calcurse)"
)
def test_calcurse_imports_every_item_and_refuses_none(tmp_path, two_exports):
    text = two_exports[1].read_text()
    wanted = text.count("BEGIN:VEVENT"), text.count("BEGIN:VTODO")
    folder = tmp_path / "calcurse"
    folder.mkdir()
    done = subprocess.run(
        ["calcurse", "-D", str(folder), "-i", str(two_exports[1])],
        capture_output=True,
        text=True,
    )
    report = done.stdout + done.stderr
    assert f"{wanted[0]} events / {wanted[1]} todos / 0 skipped" in report, report

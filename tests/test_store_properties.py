"""Property tests: any text is data, any date string is read or refused, never a crash."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerplan.store.dates import duration, parse_when
from careerplan.store.errors import DateParseError, PlanError
from careerplan.store.export_json import export_json
from careerplan.store.importing import import_json
from careerplan.store.plan import Plan
from careerplan.store.schema import KINDS

TODAY = date(2026, 11, 24)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TITLES = st.text(min_size=1, max_size=300).filter(lambda t: t.strip())
HOSTILE = st.sampled_from(
    [
        "[bold]x[/]",
        "x [/] y",
        "[@click=app.quit]go[/]",
        "\x1b]0;t\x07",
        "\x1b[2J",
        "\u202e",
        "\x00",
        "\x9b31m",
    ]
)


@SETTINGS
@given(text=st.text(max_size=80))
def test_any_date_text_is_read_or_refused(text):
    try:
        found = parse_when(text, TODAY)
    except DateParseError as error:
        assert error.message
    else:
        assert isinstance(found, date)


@SETTINGS
@given(title=st.one_of(TITLES, st.builds(lambda a, b: a + b, TITLES, HOSTILE)))
def test_titles_round_trip_through_the_file_and_an_export(tmp_path_factory, title):
    folder = tmp_path_factory.mktemp("plan")
    plan = Plan(folder / "plan.json")
    action = plan.add("action", title=title, deadline="+1w")
    again = Plan(folder / "plan.json")
    assert again.get("action", action["id"])["title"] == title
    exported = export_json(again)
    copy = Plan(folder / "copy.json")
    import_json(copy, exported, "export.json")
    assert copy.get("action", action["id"])["title"] == title
    again, first = json.loads(export_json(copy)), json.loads(exported)
    assert {k: again.get(k) for k in KINDS} == {k: first.get(k) for k in KINDS}
    json.loads((folder / "plan.json").read_text(encoding="utf-8"))


@SETTINGS
@given(
    title=st.text(max_size=50),
    deadline=st.text(max_size=30),
    level=st.one_of(st.integers(), st.text(max_size=5), st.floats()),
)
def test_nothing_escapes_but_plan_errors(tmp_path_factory, title, deadline, level):
    plan = Plan(tmp_path_factory.mktemp("plan") / "plan.json")
    for call in (
        lambda: plan.add("goal", title=title, deadline=deadline),
        lambda: plan.add("skill", name=title, level=level),
        lambda: plan.add("gap", name=title, required_level=level),
    ):
        try:
            call()
        except PlanError:
            pass


DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@SETTINGS
@given(start=DAYS, today=DAYS)
def test_duration_counts_months_as_relativedelta_does(start, today):
    """'in role for 2 years 3 months': the years and months relativedelta counts, month ends
    and leap days included, both ways round; under a month, the days."""
    from dateutil.relativedelta import relativedelta

    span = relativedelta(today, start)
    expected = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((span.years, "year"), (span.months, "month"))
        if n
    ]
    days = (today - start).days
    assert duration(start, today) == (" ".join(expected) or f"{days} day{'s' if days != 1 else ''}")


@pytest.mark.parametrize(
    ("start", "today", "said"),
    [
        (date(2026, 1, 31), date(2026, 2, 28), "1 month"),  # no 31 Feb: its last day counts
        (date(2026, 1, 30), date(2026, 2, 27), "28 days"),
        (date(2024, 2, 29), date(2025, 2, 28), "1 year"),
        (date(2024, 11, 24), date(2026, 11, 24), "2 years"),
        (date(9999, 12, 31), date(9999, 1, 1), "-11 months"),  # a 'since' in the future
    ],
)
def test_duration_at_month_ends(start, today, said):
    assert duration(start, today) == said

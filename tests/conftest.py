"""Fixtures shared by the store's tests."""

from __future__ import annotations

from datetime import date

import pytest

from careerplan.store.demo import build_demo
from careerplan.store.plan import Plan

DEMO_TODAY = date(2026, 11, 24)


@pytest.fixture
def demo_path(tmp_path):
    """A file holding the demo plan, built as of DEMO_TODAY."""
    path = tmp_path / "plan.json"
    build_demo(Plan(path, today=lambda: DEMO_TODAY), DEMO_TODAY)
    return path

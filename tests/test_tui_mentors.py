"""The Mentors screen: who I meet and by what rhythm, our 1:1s, and steps agreed in them made
into cards with one key."""

from __future__ import annotations

from datetime import date, datetime

from careerplan.store import review
from careerplan.store.demo import build_demo
from careerplan.store.plan import Plan
from careerplan.tui.app import CareerApp
from careerplan.tui.forms import RecordForm
from careerplan.tui.mentors import MentorsScreen
from tests.tui_helpers import TODAY, screen_text, settle


def demo(tmp_path) -> Plan:
    plan = Plan(
        tmp_path / "demo.json", today=lambda: TODAY, clock=lambda: datetime(2026, 11, 24, 9, 0)
    )
    build_demo(plan, TODAY)
    return plan


def select(app, needle: str) -> None:
    table = app.screen.query_one("DataTable")
    for index in range(table.row_count):
        if needle in str(table.get_row_at(index)[0]):
            table.move_cursor(row=index)
            return
    raise AssertionError(f"{needle!r} not listed")


async def test_the_mentors_screen_lists_rhythm_sessions_and_open_agreed_steps(tmp_path):
    plan = demo(tmp_path)
    app = CareerApp(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        header = str(app.screen.query_one("#summary").render())
        assert "1:1 Priya Raman Tue 24 Nov" in header  # the next 1:1, beside the next review
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MentorsScreen)
        shown = screen_text(app)
        assert "Priya Raman" in shown and "weekly" in shown
        assert "last 1:1 17 Nov 2026" in shown and "→ Mock design review with Priya" in shown
        assert "agreed: Share the RFC draft" in shown
        select(app, "1:1 on 2026-11-17")
        await pilot.press("a")  # its first agreed step not yet a card: the PyCon talk
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm) and form.kind == "action"
        assert form.query_one("#f-title").value == "Submit a talk to PyCon"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, MentorsScreen)
        assert "→ Submit a talk to PyCon" in screen_text(app)
    made = [a for a in Plan(plan.path).records("action") if a.get("session")]
    assert sorted(a["title"] for a in made) == [
        "Mock design review with Priya",
        "Submit a talk to PyCon",
    ]


async def test_a_new_session_saved_with_ctrl_t_goes_on_to_a_card(tmp_path):
    plan = demo(tmp_path)
    app = CareerApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        select(app, "Priya Raman")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm) and form.kind == "session"
        form.query_one("#f-notes").load_text("Talked about the staff promotion case")
        form.query_one("#f-agreed").load_text("Write the promotion doc\nAsk Tom for sponsors")
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        card_form = app.screen
        assert isinstance(card_form, RecordForm) and card_form.kind == "action"
        assert card_form.query_one("#f-title").value == "Write the promotion doc"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    saved = Plan(plan.path)
    session = max(saved.records("session"), key=lambda s: s["id"])
    assert session["date"] == TODAY.isoformat() and "staff promotion" in session["notes"]
    (card,) = [a for a in saved.records("action") if a.get("session") == session["id"]]
    assert card["title"] == "Write the promotion doc" and card["column"] == "todo"


def test_a_1_1_overdue_by_its_rhythm_is_a_review_flag(tmp_path):
    plan = Plan(tmp_path / "plan.json", today=lambda: date(2026, 12, 4))
    priya = plan.add("person", name="Priya", role="mentor", rhythm="every 2nd tuesday")
    plan.add("session", date="2026-11-10", person=priya["id"])
    found = review.flags(plan.snapshot(), date(2026, 12, 4))
    (late,) = found.sessions_overdue
    assert late.next == date(2026, 11, 24) and late.overdue_days == 10
    assert "1 1:1s overdue" in found.summary()
    plan.add("session", date="2026-12-01", person=priya["id"])
    assert not review.flags(plan.snapshot(), date(2026, 12, 4)).sessions_overdue

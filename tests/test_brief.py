"""`career brief`: the page a person sends their mentor, compared with a page read and kept
(tests/golden/brief-demo.md), parsed as Markdown with no HTML in it, and from the palette."""

from __future__ import annotations

import os
from datetime import datetime

from markdown_it import MarkdownIt

from careerplan.store.brief import brief
from careerplan.store.demo import build_demo
from careerplan.store.plan import Plan
from careerplan.tui.cli import main
from tests.tui_helpers import TODAY

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "brief-demo.md")


def demo(path) -> Plan:
    plan = Plan(path, today=lambda: TODAY, clock=lambda: datetime(2026, 11, 24, 9, 0))
    build_demo(plan, TODAY)
    return plan


def test_the_brief_of_the_demo_plan_reads_as_kept(tmp_path):
    page = brief(demo(tmp_path / "plan.json"), TODAY)
    if os.environ.get("CAREER_GOLDEN"):  # to make it again after a deliberate change
        with open(GOLDEN, "w", encoding="utf-8") as handle:
            handle.write(page)
    with open(GOLDEN, encoding="utf-8") as handle:
        assert page == handle.read()


def test_the_brief_is_markdown_without_html_and_in_words(tmp_path):
    plan = demo(tmp_path / "plan.json")
    plan.add("goal", title="<img src=x onerror=alert(1)> 1. [x](http://e)", horizon="1y")
    page = brief(plan, TODAY)
    tokens = MarkdownIt().parse(page)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    inline = [c for t in tokens if t.type == "inline" for c in t.children or []]
    assert not [c for c in inline if c.type in ("link_open", "html_inline", "image")]
    assert "SMAR" not in page.replace("SMART", "")  # letters spelled out as words
    headings = [t.content for t in tokens if t.type == "inline" and t.map and t.level == 1]
    assert any("Where I would like help" in h for h in headings)


def test_career_brief_since_a_date_and_to_a_file(tmp_path, capsys):
    path = tmp_path / "plan.json"
    demo(path)
    out = tmp_path / "brief.md"
    code = main(["brief", "--since", "2026-11-01", "-o", str(out), "--db", str(path)])
    assert code == 0 and "## Since our last review (01 November)" in out.read_text()
    assert main(["brief", "-o", str(out), "--db", str(path)]) == 2  # there already
    assert "--force" in capsys.readouterr().err


async def test_the_palette_shows_the_brief_and_copies_it(tmp_path):
    from careerplan.tui.app import CareerApp
    from careerplan.tui.review_modals import TextModal

    app = CareerApp(demo(tmp_path / "plan.json"), today=TODAY)
    copied = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        app.action_brief()
        await pilot.pause()
        assert isinstance(app.screen, TextModal)
    assert copied and copied[0].startswith("# Before our 1:1")


def test_what_i_want_to_ask_my_mentor_comes_first(tmp_path, capsys):
    path = tmp_path / "plan.json"
    demo(path)
    assert (
        main(["add", "action", "Staff or manager track?", "--ask-mentor", "yes", "--db", str(path)])
        == 0
    )
    page = brief(Plan(path, today=lambda: TODAY), TODAY)
    help_part = page.split("## Where I would like help")[1]
    assert help_part.strip().startswith(
        "- I would like to decide this with you: Staff or manager track?"
    )

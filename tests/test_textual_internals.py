"""The parts of Textual that are not its documented API and that our widgets rely on (listed
in tui/widgets/__init__.py). Textual is pinned exactly; when a new Textual changes one of
these, this file says which, so moving to it is the pin, this test run and the named fix."""

from __future__ import annotations

import inspect
from importlib.metadata import version

from textual import events
from textual._compositor import Compositor
from textual.app import App
from textual.binding import ActiveBinding
from textual.dom import DOMNode
from textual.drivers.linux_driver import LinuxDriver
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets._toast import ToastRack

TEXTUAL = version("textual")


def changed(what: str, who: str) -> str:
    return f"Textual {TEXTUAL} changed {what}, which {who} relies on"


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_restyling_goes_through_update_node_styles():
    assert parameters(DOMNode.update_node_styles) == ["self", "animate"], changed(
        "DOMNode.update_node_styles(animate)", "tui/widgets/controls.py"
    )
    source = inspect.getsource(DOMNode.add_class) + inspect.getsource(DOMNode.set_class)
    assert "update_node_styles" in source, changed(
        "how a class change restyles a node", "tui/widgets/controls.py"
    )


def test_screen_resume_can_skip_its_restyle():
    assert events.ScreenResume(refresh_styles=False).refresh_styles is False, changed(
        "ScreenResume.refresh_styles", "tui/composed.py"
    )
    assert "event.refresh_styles" in inspect.getsource(Screen._on_screen_resume), changed(
        "Screen._on_screen_resume", "tui/composed.py"
    )


def test_the_line_api_hooks():
    assert parameters(Widget.render_lines) == ["self", "crop"], changed(
        "Widget.render_lines(crop)", "tui/widgets/rowlist.py and kanban.py"
    )
    assert parameters(Widget.notify_style_update) == ["self"], changed(
        "Widget.notify_style_update()", "tui/widgets/rowlist.py and kanban.py"
    )


def test_active_bindings_and_their_signal():
    assert ActiveBinding._fields[:4] == ("node", "binding", "enabled", "tooltip"), changed(
        "ActiveBinding", "tui/widgets/keybar.py"
    )
    assert "bindings_updated_signal" in inspect.getsource(Screen.__init__), changed(
        "Screen.bindings_updated_signal", "tui/widgets/keybar.py"
    )


def test_input_selects_on_focus_through_an_attribute():
    assert "select_on_focus" in inspect.getsource(Input._on_focus), changed(
        "Input's focus handler (select_on_focus)", "tui/widgets/controls.py"
    )


def test_a_fields_own_keys_can_run_as_they_arrive():
    from textual.binding import BindingsMap
    from textual.widgets import TextArea

    who = "tui/widgets/controls.py (OwnKeysInOrder)"
    assert inspect.iscoroutinefunction(Input._on_key), changed("Input._on_key", who)
    assert inspect.iscoroutinefunction(TextArea._on_key), changed("TextArea._on_key", who)
    assert "key_to_bindings" in inspect.getsource(BindingsMap.__init__), changed(
        "BindingsMap.key_to_bindings", who
    )
    assert parameters(App.run_action)[:3] == ["self", "action", "default_namespace"], changed(
        "App.run_action(action, namespace)", who
    )
    assert any(b.key == "backspace" for b in Input.BINDINGS), changed("Input's bindings", who)


async def test_every_screen_has_a_toast_rack_with_a_margin():
    class Bare(App):
        pass

    app = Bare()
    async with app.run_test(size=(40, 10), notifications=True) as pilot:
        app.notify("x")
        await pilot.pause()
        racks = list(app.screen.query(ToastRack))
        assert [rack.id for rack in racks] == ["textual-toastrack"], changed(
            "the ToastRack a screen mounts", "tui/dashboard.py"
        )
        assert hasattr(racks[0].styles.base.margin, "bottom"), changed(
            "ToastRack's styles.base.margin", "tui/dashboard.py"
        )


def test_what_the_tests_and_the_bench_reach_into():
    assert hasattr(Pilot, "_post_mouse_events"), changed("Pilot._post_mouse_events", "tests")
    assert hasattr(Compositor, "render_update"), changed(
        "Compositor.render_update", "tests/test_tui_hostile_everywhere.py"
    )
    assert "_bindings" in inspect.getsource(DOMNode.__init__), changed(
        "DOMNode._bindings", "tests/test_tui_dashboard.py"
    )
    assert parameters(LinuxDriver.write) == ["self", "data"], changed(
        "LinuxDriver.write(data)", "bench/instructions.py"
    )


def test_the_styles_cache_the_app_empties_when_a_screen_closes():
    from textual._styles_cache import StylesCache

    assert hasattr(StylesCache.get_inner_outer, "cache_clear"), changed(
        "StylesCache.get_inner_outer's lru_cache (if it is gone, so is the leak)",
        "tui/garbage.py",
    )


def test_a_strip_divided_at_its_own_length_is_kept_in_its_own_cache():
    """Why a closed screen's lines wait for a full garbage pass (tui/app.py pop_screen): if
    this changes, they are freed as they die and that pass may go."""
    import gc

    from rich.segment import Segment
    from textual.strip import Strip

    strip = Strip([Segment("line")], 4)
    assert strip.divide([4]) == [strip]
    caches = [getattr(c, "_cache", {}) for c in gc.get_referents(strip)]
    assert any([strip] in cache.values() for cache in caches), changed(
        "how a Strip divided at its own length is cached", "the full pass when a screen closes"
    )

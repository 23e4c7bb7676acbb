"""careerplan's own widgets, drawn line by line (Textual's Line API) to keep the first frame
and every key press cheap.

Textual is pinned exactly (pyproject.toml) because these widgets rely on parts of Textual that
are not its documented API. Each is listed here and guarded by tests/test_textual_internals.py,
which fails naming what changed, so moving to a newer Textual is the pin and that test run:

- `DOMNode.update_node_styles(animate)`: Textual restyles a node through it whenever a class
  changes; controls.Input and controls.Button skip it until they are attached.
- `events.ScreenResume.refresh_styles`, read by `Screen._on_screen_resume` after the screen's
  own handler: ComposedScreen (tui/composed.py) turns the first resume's restyle off.
- `Widget.render_lines(crop)`, called once a frame before `render_line` for each line: RowList
  and Kanban read their styles once a frame there.
- `Widget.notify_style_update()`, called when a widget's styles change (a theme switch):
  the lists drop the rows they drew.
- `Screen.active_bindings` holding `ActiveBinding(node, binding, enabled, tooltip)` and
  `Screen.bindings_updated_signal`: KeyBar draws the keys from them.
- The `ToastRack` every screen mounts (`#textual-toastrack`) and its margin from
  `styles.base`: the dashboard lifts toasts above the filter box (tui/dashboard.py).
- `Input.select_on_focus`, read by Input's focus handler: controls.Input keeps text typed
  before the focus came instead of selecting it.
- `Widget._on_key`, `BindingsMap.key_to_bindings` and `App.run_action(action, namespace)`:
  controls.OwnKeysInOrder runs a field's own bindings as their key arrives.
- `textual._styles_cache.StylesCache.get_inner_outer`, an lru_cache keyed by each widget's
  StylesCache: tui/garbage.py empties it when a screen closes, or closed screens' lines live on.
- `Strip.divide` at a Strip's own length keeps `[strip]` in the Strip's own cache (the
  compositor divides every line it draws): a drawn line frozen alive dies only by a full
  collection, which tui/app.py runs when a screen closes.

Tests and the bench also use `Pilot._post_mouse_events` (the mouse wheel),
`Compositor.render_update` (what reaches the terminal), `DOMNode._bindings` (the help table)
and `LinuxDriver.write` (bench/instructions.py stops at the first frame).
"""

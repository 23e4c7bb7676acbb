"""Every measure of careerplan in one run, each against a floor measured in that same run:

    python bench/run.py [--runs 15] [--quick] [--actions 10000]

On the same plans (empty, the demo, a big one of 20,000 records with 10,000 actions, and that
big plan after 100,000 changes):
- first full paint of `career` in tmux at 80x24 and 120x40, against a bare Textual app, in
  paired shuffled rounds (min and median of each round's ratio, the host's load beside them);
- key press to repaint in tmux at 80x24: move a card, open a form, open the review;
- `career glance` and `career review`, against a bare Python parsing the same file;
- one saved change (Plan.add), against one atomic write of the same bytes;
- each export of a plan of 100,000 cards: time and peak memory against the plan held in memory;
- peak memory (VmHWM) once the first screen is up, against the bare Textual app.
Prints the tables and writes them to bench/RESULTS.md with the machine and the date, followed
by the hand-written bench/NOTES.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from commands import command_section, save_section  # noqa: E402
from exports import export_section  # noqa: E402
from measure import compile_ours, machine, warn_if_editable  # noqa: E402
from plans import build_plans, labels  # noqa: E402
from screens import (  # noqa: E402
    key_section,
    load,
    memory_section,
    paint_cases,
    paint_section,
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs", type=int, default=15, help="paired rounds of first paint; runs of the rest"
    )
    parser.add_argument("--quick", action="store_true", help="7 rounds and a 2,000-action plan")
    parser.add_argument("--actions", type=int, default=10_000, help="actions in the big plan")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.actions = 7, 2_000
    if not shutil.which("tmux"):
        sys.exit("tmux is needed (apt-get install tmux)")
    warn_if_editable()
    compile_ours()
    names = labels(args.actions)
    started = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="careerplan-bench-")
    try:
        plans = build_plans(folder, args.actions)
        print("first paint", flush=True)
        cases = paint_cases(plans, names, folder)
        load_before = load()
        paint, paints = paint_section(cases, args.runs)
        load_after = load()
        print("key press to repaint", flush=True)
        keys = key_section(plans, names, max(args.runs, 15))
        print("commands", flush=True)
        commands = command_section(plans, names, args.runs)
        print("saving", flush=True)
        saves = save_section(plans, names, args.runs, folder)
        print("exports", flush=True)
        exports = export_section(folder, 3)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    command = "python bench/run.py" + (" --quick" if args.quick else f" --runs {args.runs}")
    report = [
        "# careerplan benchmarks",
        "",
        f"Run {datetime.now().strftime('%Y-%m-%d %H:%M')} on {machine()}, in "
        f"{time.perf_counter() - started:.0f} s: `{command}` (first paint: {args.runs} paired "
        f"rounds, the host's load {load_before} before them and {load_after} after; key "
        f"presses best / median of {max(args.runs, 15)}).",
        "The `store` and `tui` packages are compiled first (compileall), as an installed wheel "
        "would be: PYTHONDONTWRITEBYTECODE may be set here, and compiling is not what we "
        "measure. Every ratio is against a floor measured in this same run; the machine is "
        "shared, so compare ratios, not times.",
        "",
        "## First full paint in tmux, against a bare Textual app showing one line",
        "",
        "The clock starts when the pane's shell is told to `exec` the program (tmux's own start "
        "left out). A full paint is the screen's last change before it stays still for 0.5 s; "
        "in brackets, when the screen first held every marker (the kanban's `To do (N)` or the "
        "walk's `Step 1 of 5`, and the key bar on the last line). Each round measures every "
        "program once, in a shuffled order, and divides by the floor of that round; the ratios' "
        "min and median over the rounds are shown, the target is judged on the median.",
        "",
        *paint,
        "",
        "## Key press to repaint in tmux at 80x24 (best / median)",
        "",
        "From the key sent to the screen showing its effect: a card in the next column, the "
        "form's title, the review's title.",
        "",
        *keys,
        "",
        "## Commands, against a bare Python that only parses the same file (whole process)",
        "",
        *commands,
        "",
        "## One saved change, against one atomic write (temp file, fsync, rename) of the same "
        "bytes",
        "",
        *saves,
        "",
        "## Exports of a plan of 100,000 cards (whole process, best of 3)",
        "",
        *exports,
        "",
        "## Peak memory (VmHWM of the app's own process) once painted, against the bare app",
        "",
        *memory_section(cases, paints),
        "",
    ]
    notes = os.path.join(HERE, "NOTES.md")
    if os.path.exists(notes):
        with open(notes) as handle:
            report += [handle.read().rstrip(), ""]
    text = "\n".join(report)
    print("\n" + text)
    with open(os.path.join(HERE, "RESULTS.md"), "w") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()

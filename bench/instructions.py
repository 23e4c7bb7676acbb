"""Instructions each program runs up to its first full frame, against a bare Textual app:

    python bench/instructions.py [--sizes 80x24,120x40] [--cases skipped,demo] [--actions N]

The tmux times of bench/run.py move by 5-10% from launch to launch on a shared machine, more
than most changes to start-up are worth; counted instructions (valgrind's callgrind) repeat
within ~1 M of ~1,000 M, so a change can be told from noise in one run and compared with the
code before it (check it out in a second worktree, `pip install -e .` it into a venv of its
own and run this with that venv's Python: `career` is the venv's). Each program runs in
a pseudo-terminal of the given size and stops when the frame that holds its marker is handed
to the terminal (`os._exit`, so that nothing after it is counted). Needs valgrind
(apt-get install valgrind); about 15 s a program.

Counts are not times: waiting is free, and under valgrind's slowdown a timer that fires after
the first frame in a real start may fire before it (the app's garbage settling at 0.5 s), so
compare programs with each other, not with a millisecond budget. The big plan is left out
unless asked for: its first look's child (store/first_look.py), slowed alike, misses its
deadline, and the app reads the plan itself, which a real start does not.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import struct
import sys
import tempfile
import termios

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from measure import CAREER, PYTHON, compile_ours, warn_if_editable  # noqa: E402
from plans import build_plans, labels  # noqa: E402
from screens import BARE_APP  # noqa: E402

# Run by the counted Python: stop at the first frame that holds the marker, then run the
# program as its own script would be run.
STOP_AT_FRAME = """
import os, runpy, sys
marker, program = sys.argv[1], sys.argv[2]
import textual.drivers.linux_driver as driver
write = driver.LinuxDriver.write
def write_until(self, data):
    if marker in data:
        os._exit(0)
    write(self, data)
driver.LinuxDriver.write = write_until
sys.argv = sys.argv[2:]
runpy.run_path(program, run_name="__main__")
"""
MARKERS = {"bare": "READY", "empty": "Step 1 of 5"}  # the others: the kanban's heading
BOARD = "To do ("


def count(argv: list[str], marker: str, size: str, folder: str) -> int:
    """Instructions the program runs until the frame holding `marker` is written."""
    columns, lines = (int(n) for n in size.split("x"))
    log = os.path.join(folder, "valgrind.log")
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of that size, then valgrind in its place
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        os.environ.update(TERM="xterm-256color", PYTHONHASHSEED="0")
        os.execvp(
            "valgrind",
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={os.path.join(folder, 'callgrind.out.%p')}",
                f"--log-file={log}.%p",
                PYTHON,
                "-c",
                STOP_AT_FRAME,
                marker,
                *argv,
            ],
        )
    while True:  # read what it draws, or it blocks on a full terminal
        ready, _, _ = select.select([fd], [], [], 120)
        try:
            if not ready or not os.read(fd, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    with open(f"{log}.{pid}") as handle:  # the program's own, not a child it forked
        found = re.search(r"Collected : (\d+)", handle.read())
    if not found:
        raise SystemExit(f"{argv}: valgrind counted nothing (see {log}.{pid})")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="80x24,120x40")
    parser.add_argument("--cases", default="empty,skipped,demo", help="plans to open (or big)")
    parser.add_argument("--actions", type=int, default=10_000, help="actions in the big plan")
    args = parser.parse_args()
    warn_if_editable()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is needed (apt-get install valgrind)")
    compile_ours()
    names = labels(args.actions)
    with tempfile.TemporaryDirectory() as folder:
        plans = build_plans(folder, args.actions)
        bare = os.path.join(folder, "bare.py")
        with open(bare, "w") as handle:
            handle.write(BARE_APP)
        programs = [("bare Textual app (floor)", [bare], MARKERS["bare"])]
        for case in args.cases.split(","):
            label = names[case] + (": the first-run walk" if case == "empty" else "")
            marker = MARKERS.get(case, BOARD)
            programs.append((label, [CAREER, "--db", plans[case]], marker))
        sizes = args.sizes.split(",")
        print(f"| program | {' | '.join(f'{s} | ratio' for s in sizes)} |")
        print(f"|---|{'---:|---:|' * len(sizes)}")
        floors: dict[str, int] = {}
        for label, argv, marker in programs:
            cells = []
            for size in sizes:
                counted = count(argv, marker, size, folder)
                floors.setdefault(size, counted)
                cells += [f"{counted / 1e6:,.0f} M", f"{counted / floors[size]:.3f}x"]
            print(f"| {label} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()

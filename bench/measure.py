"""Timing a process or a call, a floor to compare with, and the machine the run is on."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

PYTHON = sys.executable
CAREER = os.path.join(os.path.dirname(PYTHON), "career")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def warn_if_editable() -> None:
    """An editable install loads an import hook at every Python start and routes each of our
    imports through it: tens of millions of instructions a start that users, who install a
    wheel, never pay. Measure a wheel: `pip install .` into a venv of its own."""
    import glob
    import site

    hooks = [p for d in site.getsitepackages() for p in glob.glob(f"{d}/__editable__*careerplan*")]
    if hooks:
        print(
            "bench: careerplan is installed in editable mode here; its import hook costs every "
            "start. Measure a wheel instead: python -m venv /tmp/b && /tmp/b/bin/pip install . "
            "&& /tmp/b/bin/python bench/run.py",
            file=sys.stderr,
        )


def compile_ours() -> None:
    """Compile `store` and `tui` as a wheel install ships them: an editable checkout may not
    have them compiled (and PYTHONDONTWRITEBYTECODE stops Python writing them), which would
    charge compiling to us."""
    import compileall

    for package in ("store", "tui"):
        compileall.compile_dir(os.path.join(ROOT, package), quiet=1)


def best_process(argv: list[str], runs: int) -> float:
    """Best wall time of a whole process (start, work, exit)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode not in (0, 1):  # review exits 1 when something is overdue
            raise SystemExit(f"{argv[:3]} failed: {done.stderr.decode()}")
        times.append(time.perf_counter() - start)
    return min(times)


def best_calls(*fns: Callable[[], object], runs: int) -> list[float]:
    """Best time of each call, the calls taking turns so that noise hits them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(runs):
        for n, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[n] = min(best[n], time.perf_counter() - start)
    return best


def atomic_write_floor(path: str, data: bytes) -> None:
    """The least a durable save can do: write a temp file, fsync it, rename it over."""
    temp = f"{path}.tmp"
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def ms(seconds: float) -> str:
    """Milliseconds, with a decimal below 10."""
    return f"{seconds * 1000:.1f} ms" if abs(seconds) < 0.01 else f"{seconds * 1000:.0f} ms"


def best_median(values: list[float]) -> str:
    return f"{min(values) * 1000:.0f} / {statistics.median(values) * 1000:.0f} ms"


def verdict(met: bool, target: str) -> str:
    return f"{target}: {'met' if met else '**missed**'}"


def machine() -> str:
    from importlib.metadata import version

    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if "model name" in line)
    except (OSError, StopIteration):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Textual {version('textual')}, {platform.system()} {platform.release()}"
    )

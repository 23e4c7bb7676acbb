"""careerplan as its users get it: the wheel built from this checkout, installed (not
editable) into a fresh virtual environment and run from a folder that is not the checkout, so
nothing of the source tree can stand in for a module the wheel forgot.

An editable install hid a dashboard that could not start at all (`tui.widgets` was not
shipped); these tests are what would have caught it."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.tmux import Tmux, have_tmux

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("store", "tui")  # the repository's folders, installed beneath careerplan

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def run(*argv, cwd, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in argv], cwd=cwd, capture_output=True, text=True, timeout=300, **kwargs
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, ROOT, cwd=out)
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("careerplan-*.whl")
    return found


def venv_with(tmp_path_factory, name: str, requirement: str) -> Path:
    """A fresh venv holding `requirement` (the wheel, maybe with an extra); its bin folder."""
    folder = tmp_path_factory.mktemp(name)
    made = run(sys.executable, "-m", "venv", folder / "venv", cwd=folder)
    assert made.returncode == 0, made.stderr
    pip = folder / "venv" / "bin" / "pip"
    done = run(pip, "install", "-q", "--disable-pip-version-check", requirement, cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "venv" / "bin"


@pytest.fixture(scope="module")
def plain(wheel, tmp_path_factory) -> Path:
    """The wheel alone, as `pipx install .` installs it."""
    return venv_with(tmp_path_factory, "plain", str(wheel))


@pytest.fixture(scope="module")
def web(wheel, tmp_path_factory) -> Path:
    """The wheel with its web extra, for `career serve`."""
    return venv_with(tmp_path_factory, "web", f"{wheel}[web]")


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A working folder that is not the checkout, and a plan in it."""
    (tmp_path / "work").mkdir()
    return tmp_path / "work"


def test_the_wheel_holds_every_module_under_careerplan_and_nothing_else(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    dist_info = f"careerplan-{version('careerplan')}.dist-info"
    assert {name.split("/")[0] for name in names} == {"careerplan", dist_info}
    expected = set()
    for package in PACKAGES:
        for folder, subfolders, files in os.walk(ROOT / package):
            subfolders[:] = [s for s in subfolders if s != "__pycache__"]
            for file in files:
                if file.endswith((".py", ".tcss")):
                    relative = Path(folder, file).relative_to(ROOT).as_posix()
                    expected.add(f"careerplan/{relative}")
    missing = sorted(expected - set(names))
    assert not missing, f"the wheel lacks {missing}"
    assert f"{dist_info}/licenses/LICENSE" in names


def test_installed_nothing_generic_is_importable_and_serve_says_what_it_needs(plain, elsewhere):
    python = plain / "python"
    for generic in PACKAGES:
        done = run(python, "-c", f"import {generic}", cwd=elsewhere)
        assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr
    where = run(python, "-c", "import careerplan.tui.cli as m; print(m.__file__)", cwd=elsewhere)
    assert "site-packages" in where.stdout and str(ROOT) not in where.stdout
    serve = run(plain / "career", "serve", "--db", elsewhere / "plan.json", cwd=elsewhere)
    assert serve.returncode == 2 and serve.stdout == ""
    assert serve.stderr.count("\n") == 1 and "careerplan[web]" in serve.stderr


def test_installed_commands_work_from_another_folder(plain, elsewhere):
    career = plain / "career"
    db = elsewhere / "plan.json"
    goal = run(career, "add", "goal", "Staff engineer", "--db", db, cwd=elsewhere)
    assert goal.returncode == 0, goal.stderr
    made = run(career, "add", "action", "Book the exam", "--due=-2d", "--db", db, cwd=elsewhere)
    assert made.returncode == 0, made.stderr
    glance = run(career, "glance", "--db", db, cwd=elsewhere)
    assert glance.returncode == 0 and "Book the exam" in glance.stdout, glance.stderr
    review = run(career, "review", "--json", "--db", db, cwd=elsewhere)
    assert review.returncode == 1, review.stderr  # something is overdue
    assert [item["title"] for item in json.loads(review.stdout)["overdue"]] == ["Book the exam"]
    ics = run(career, "export", "--format", "ics", "--db", db, cwd=elsewhere)
    assert ics.returncode == 0 and "BEGIN:VCALENDAR" in ics.stdout and "Book the exam" in ics.stdout


@pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")
def test_installed_dashboard_draws_the_demo_at_80x24_and_quits_with_0(plain, elsewhere):
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "TMPDIR": str(elsewhere)}
    command = f"sh -c 'cd {elsewhere} && exec {plain / 'career'} --demo'"
    with Tmux(command, 80, 24, env) as term:
        screen = term.wait_for("To do (", timeout=30)
        assert "4 Actions" in screen and "Traceback" not in screen
        term.send("q")
        term.wait_exit()
        assert term.exit_status() == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_installed_serve_answers_with_its_token_alone(web, elsewhere):
    port = free_port()
    server = subprocess.Popen(
        [web / "career", "serve", "--demo", "--port", str(port)],
        cwd=elsewhere,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(elsewhere)},
    )
    try:
        ready, _, _ = select.select([server.stdout], [], [], 60)
        assert ready, "career serve printed no URL within 60 s"
        url = server.stdout.readline().strip()
        assert url.startswith(f"http://127.0.0.1:{port}/?token="), server.stderr.read()
        with urllib.request.urlopen(url, timeout=10) as answer:
            assert answer.status == 200 and "careerplan" in answer.read().decode()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url.split("?")[0], timeout=10)
        assert refused.value.code == 403
    finally:
        server.terminate()
        server.wait(timeout=30)

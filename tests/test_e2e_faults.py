"""The running `career` on a disk that fills up or turns read-only, and opened on bad files:
a clear message on screen, nothing written over, what was typed kept, and the app goes on.

The disk is a real tmpfs of a few megabytes (mounting needs root, as in CI; elsewhere these
tests are skipped), filled with a real file until the kernel says ENOSPC, or remounted
read-only so the kernel says EROFS.
"""

from __future__ import annotations

import errno
import json
import os
import shlex
import shutil
import subprocess
from datetime import date

import pytest

from careerplan.store.atomic import stray_temps
from careerplan.store.demo import build_demo
from careerplan.store.plan import Plan
from tests.tmux import CAREER, Tmux, have_tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not have_tmux(), reason="tmux is not installed"),
]

ENV = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "TEXTUAL_ANIMATIONS": "none"}


def mount(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


@pytest.fixture
def small_disk(tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    done = mount("-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(folder))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def demo_plan(path) -> Plan:
    plan = Plan(path)
    build_demo(plan, date.today())
    return plan


def fill(folder) -> str:
    """Write a file until the disk is full; return its path."""
    filler = os.path.join(folder, "filler")
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    # the last partial block: fill byte by byte
    with open(filler, "ab", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 512)
        except OSError:
            pass
    return filler


def add_by_keys(term: Tmux, title: str) -> None:
    """n on the board, the title, ctrl+s: a new card as a person adds it."""
    term.send("n")
    term.wait_for("New action")
    term.type(title)
    term.send("C-s")


def full_disk_plan(folder) -> tuple[str, bytes, str]:
    """The demo plan on a disk then filled up: (its path, its bytes, the filler file)."""
    path = folder / "plan.json"
    demo_plan(path)
    return path, path.read_bytes(), fill(folder)


def titles(path) -> list[str]:
    return [card["title"] for card in Plan(path).records("action")]


def test_disk_full_says_so_keeps_the_typed_text_and_saves_once_there_is_room(small_disk):
    path, before, filler = full_disk_plan(small_disk)
    with Tmux(f"{CAREER} --db {path}", 80, 24, ENV) as term:
        term.wait_for("To do (")
        add_by_keys(term, "Written on a full disk")
        screen = term.wait_for("Not saved: could not save, the disk is full")
        assert "New action" in screen and "Written on a full disk" in screen  # typed text back
        assert path.read_bytes() == before
        os.unlink(filler)  # the person makes room, then saves again
        term.send("C-s")
        term.wait_for("Added action: Written on a full disk")
        term.send("q")
        term.wait_exit()
    assert "Written on a full disk" in titles(path)
    assert stray_temps(str(path)) == []


def test_a_card_move_on_a_full_disk_is_put_back_and_the_app_goes_on(small_disk):
    path, before, filler = full_disk_plan(small_disk)
    with Tmux(f"{CAREER} --db {path}", 80, 24, ENV) as term:
        first = term.wait_for("To do (")
        todo = first[first.index("To do (") :].split(")")[0]
        term.send("]")
        term.wait_for("could not save, the disk is full")
        term.wait_for(todo + ")")  # the card is back where it was
        assert path.read_bytes() == before
        os.unlink(filler)
        term.send("]")
        term.wait_for("Moved ")
        term.send("q")
        term.wait_exit()
    assert path.read_bytes() != before
    Plan(path)  # opens


def test_a_disk_turned_read_only_says_so_and_recovers(small_disk):
    path = small_disk / "plan.json"
    demo_plan(path)
    before = path.read_bytes()
    with Tmux(f"{CAREER} --db {path}", 80, 24, ENV) as term:
        term.wait_for("To do (")
        assert mount("-o", "remount,ro", str(small_disk)).returncode == 0
        try:
            add_by_keys(term, "Written on a read-only disk")
            screen = term.wait_for("Not saved: could not save, the disk is read-only")
            assert "Written on a read-only disk" in screen
        finally:
            mount("-o", "remount,rw", str(small_disk))
        assert path.read_bytes() == before
        term.send("C-s")
        term.wait_for("Added action: Written on a read-only disk")
        term.send("q")
        term.wait_exit()
    assert "Written on a read-only disk" in titles(path)


BAD_FILES = {
    "truncated": b'{"action": {"1": {"title": "half a wri',
    "empty": b"",
    "binary": b"\x00\xff\xfe\x00 not a plan",
    "not-a-plan": json.dumps([1, 2, 3]).encode(),
    "newer-schema": json.dumps({"meta": {"1": {"schema": 99}}}).encode(),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_file_on_open_is_named_with_its_backup_and_left_untouched(tmp_path, kind):
    path = tmp_path / "plan.json"
    plan = demo_plan(path)
    plan.add("action", title="Made today, so there is a backup")
    path.write_bytes(BAD_FILES[kind])
    shell = shlex.quote(f"{CAREER} --db {path}; echo EXIT=$?")
    with Tmux(f"sh -c {shell}", 400, 24, ENV) as term:  # wide: the message on one line
        term.wait_for("EXIT=2")
        screen = term.screen(history=True)
    flat = screen
    if kind == "newer-schema":
        assert "written by a newer careerplan" in flat and "upgrade careerplan" in flat
    else:
        assert "is not a readable plan" in flat and "Newest good backup" in flat
    assert "Traceback" not in screen
    assert path.read_bytes() == BAD_FILES[kind]


def test_a_symlinked_plan_opens_and_stays_a_symlink(tmp_path):
    real = tmp_path / "sync" / "plan.json"
    real.parent.mkdir()
    demo_plan(real)
    link = tmp_path / "plan.json"
    link.symlink_to(real)
    with Tmux(f"{CAREER} --db {link}", 80, 24, ENV) as term:
        term.wait_for("To do (")
        term.send("]")
        term.wait_for("Moved ")
        term.send("q")
        term.wait_exit()
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert any(e["summary"].startswith("moved ") for e in Plan(real).records("event"))


def as_nobody(command: str) -> str | None:
    """The command run as the user nobody (root ignores folder permissions), or None when
    that cannot work here (not root, no setpriv, or nobody cannot read the installed app)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return None
    drop = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    probe = subprocess.run(
        [*drop, CAREER, "--version"], capture_output=True, text=True, cwd="/", timeout=30
    )
    if probe.returncode != 0:
        return None
    return f"{shlex.join(drop)} {command}"


def test_a_read_only_folder_says_so_and_keeps_the_typed_text():
    import pathlib
    import tempfile

    top = pathlib.Path(tempfile.mkdtemp(prefix="careerplan-ro-"))  # pytest's is 0700: no way in
    folder = top / "shared"
    folder.mkdir()
    path = folder / "plan.json"
    demo_plan(path)
    command = as_nobody(f"{CAREER} --db {path}")
    if command is None:
        pytest.skip("needs root, setpriv and an install the user nobody can read")
    import pwd

    nobody = pwd.getpwnam("nobody")
    for node in (top, folder):
        os.chmod(node, 0o755)  # nobody may pass through and read, but not write the folder
    for name in os.listdir(folder):  # the plan, its lock and its backup are nobody's own
        os.chown(folder / name, nobody.pw_uid, nobody.pw_gid)
    before = path.read_bytes()
    with Tmux(f"sh -c 'cd / && exec {command}'", 80, 24, ENV) as term:
        term.wait_for("To do (")
        add_by_keys(term, "Written in a read-only folder")
        screen = term.wait_for("Not saved: could not save, its folder is read-only for you")
        assert "Written in a read-only folder" in screen
        term.send("Escape")
        term.wait_gone("New action")
        term.send("]")
        term.wait_for("its folder is read-only for you")
        term.send("q")
        term.wait_exit()
    assert path.read_bytes() == before
    shutil.rmtree(top, ignore_errors=True)

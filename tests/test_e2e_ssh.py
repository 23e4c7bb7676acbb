"""`career` over a real `ssh -t`, as a person on a remote machine uses it: an sshd of its own
on 127.0.0.1 with a throwaway host key and user key, a client in tmux at 80x24 that resizes
to 60x20 midway. Keys travel through ssh; the plan on the "remote" side shows them."""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import time

import pytest

from careerplan.store.plan import Plan
from tests.tmux import CAREER, Tmux, have_tmux

SSHD = "/usr/sbin/sshd"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not have_tmux(), reason="tmux is not installed"),
    pytest.mark.skipif(
        not os.path.exists(SSHD) or shutil.which("ssh") is None,
        reason="openssh-server and openssh-client are not installed (.ci/run installs them)",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def keygen(path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def sshd(tmp_path):
    """An sshd on 127.0.0.1 that lets this user in with a throwaway key, and nothing else."""
    folder = tmp_path / "ssh"
    folder.mkdir(mode=0o700)
    keygen(folder / "host_key")
    keygen(folder / "id")
    (folder / "authorized_keys").write_text((folder / "id.pub").read_text())
    os.chmod(folder / "authorized_keys", 0o600)
    port = free_port()
    (folder / "sshd_config").write_text(
        f"""Port {port}
ListenAddress 127.0.0.1
HostKey {folder}/host_key
PidFile {folder}/sshd.pid
AuthorizedKeysFile {folder}/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
AcceptEnv LANG LC_*
"""
    )
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", exist_ok=True)  # privilege separation folder Debian expects
    server = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", str(folder / "sshd_config")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"sshd did not start: {server.stdout.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("sshd never listened")
    client = shlex.join(
        [
            "ssh",
            "-t",
            "-p",
            str(port),
            "-i",
            str(folder / "id"),
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "SendEnv=LANG",
            f"{getpass.getuser()}@127.0.0.1",
        ]
    )
    try:
        yield client
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()


def widest_line(screen: str) -> int:
    return max((len(line.rstrip()) for line in screen.splitlines()), default=0)


@pytest.mark.parametrize(
    "term, lang", [("xterm-256color", "C.UTF-8"), ("xterm", "C.UTF-8"), ("screen", "C")]
)
def test_a_session_over_ssh_adds_moves_survives_a_resize_and_exits_cleanly(
    sshd, tmp_path, term, lang
):
    path = tmp_path / "plan.json"
    Plan(path).add("settings", onboarding="done")
    remote = shlex.quote(f"TEXTUAL_ANIMATIONS=none {CAREER} --db {path}; echo REMOTE-EXIT=$?")
    env = {"TERM": term, "LANG": lang}
    with Tmux(f"{sshd} {remote}", 80, 24, env) as screen:
        first = screen.wait_for("To do (0)", timeout=40)
        if lang == "C":  # the locale travelled with SendEnv/AcceptEnv: the app warns
            assert "locale is C," in first or screen.wait_for("locale is C,")
        screen.send("n")
        screen.wait_for("New action")
        screen.type("Prepare the staff promotion packet")
        screen.send("C-s")
        screen.wait_for("Added action: Prepare the staff promotion packet")
        screen.send("]")
        screen.wait_for("Doing (1)")
        screen.resize(60, 20)  # SIGWINCH travels through ssh to the remote app
        deadline = time.monotonic() + 10
        shown = screen.screen()
        while time.monotonic() < deadline:
            shown = screen.screen()
            lines = shown.splitlines()
            if len(lines) <= 20 and widest_line(shown) <= 60 and "? Help" in shown:
                break
            time.sleep(0.1)
        assert widest_line(shown) <= 60 and "Doing (1)" in shown and "? Help" in shown, shown
        if lang != "C":
            assert "locale is" not in shown
        screen.send("q")
        screen.wait_exit()
        after = screen.screen(history=True)
        assert "REMOTE-EXIT=0" in after and "Traceback" not in after, after
    cards = Plan(path).records("action")
    assert [(c["title"], c["column"]) for c in cards] == [
        ("Prepare the staff promotion packet", "doing")
    ]

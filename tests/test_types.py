"""The types hold: `mypy --strict` over store/ and mypy over tui/ (issue 20). mypy cannot
follow setuptools' mapping of store/ and tui/ to careerplan.store and careerplan.tui in an
editable install, so it reads them through a `careerplan` folder of links made here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    if shutil.which("mypy", path=os.path.dirname(sys.executable)) is None:
        pytest.skip("mypy is not installed (the test extra has it)")
    root = tmp_path_factory.mktemp("typed")
    (root / "careerplan").mkdir()
    for name in ("store", "tui"):
        (root / "careerplan" / name).symlink_to(os.path.join(HERE, name))
    return root


def mypy(tree, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--explicit-package-bases", "--no-incremental", *argv],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_store_is_strictly_typed(tree):
    done = mypy(tree, "--strict", "-p", "careerplan.store")
    assert done.returncode == 0, done.stdout[-4000:]


def test_the_tui_is_typed(tree):
    done = mypy(tree, "-p", "careerplan.tui")
    assert done.returncode == 0, done.stdout[-4000:]

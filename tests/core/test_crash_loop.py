"""Crash loop: a child changes the library and is killed with SIGKILL at random moments.

After every kill the library must open without any repair, pass the full check, and hold
every change the child reported as committed.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_helpers import make_library

from app.core import safety
from app.core.library import Library

CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 50


def _run_and_kill(library: Path, imports: Path, round_no: int, delay: float) -> list[str]:
    """Start the child, SIGKILL it after `delay` seconds; return its complete output lines."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(library), str(imports), str(round_no)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate()
    # A child that died on its own (not by our signal) is a failure in itself.
    assert child.returncode == -signal.SIGKILL, err.decode(errors="replace")
    text = out.decode()
    complete = text if text.endswith("\n") else text.rsplit("\n", 1)[0]
    return [line for line in complete.splitlines() if line and line != "ready"]


def _assert_committed(lib: Library, lines: list[str]) -> None:
    for line in lines:
        kind, release_id, rest = line.split(" ", 2)
        release = lib.releases.get(int(release_id))
        if kind == "tag":
            assert rest in {t.name for t in release.tags}, line
        elif kind == "note":
            assert rest in {n.text for n in lib.annotations.notes(release.id)}, line
        else:
            assert f"Imported release {rest}." in release.body, line


@pytest.mark.slow
def test_every_committed_change_survives_sigkill(tmp_path):
    library = make_library(tmp_path / "lib.db")
    imports = tmp_path / "imports"
    imports.mkdir()
    rng = random.Random(6)
    committed: list[str] = []
    for round_no in range(KILLS):
        # Some kills land while the child is still opening (checks, backup), most mid-work.
        fresh = _run_and_kill(library, imports, round_no, rng.uniform(0.05, 0.5))
        committed += fresh
        with Library.open(library, seed=False) as lib:
            assert lib.guard.notices == [], lib.guard.notices
            # Everything so far every tenth round (a crash must not undo older work either).
            _assert_committed(lib, committed if round_no % 10 == 9 else fresh)
        report = safety.check(library)
        assert report.ok, report.lines
    assert len(committed) > KILLS  # the kills did land between real work
    assert not list(tmp_path.glob(".briefbook-tmp-*"))

"""A full disk during an export: the previous export stays byte-identical, no temp file left.

Two ways to fill the disk: every write to a temporary export file raises ENOSPC (runs
everywhere), and a real, tiny tmpfs (only where this test may mount one, e.g. as root).
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import random
import subprocess
import uuid

import pytest
from safety_helpers import book_of, make_library

from app.core import safety
from app.core.errors import LibraryError
from app.core.library import Library
from exporters.atomic import TEMP_PREFIX
from exporters.book import ExportError
from exporters.docx import write_docx
from exporters.pdf import write_pdf

WRITERS = {"pdf": write_pdf, "docx": write_docx}
TMPFS_SIZE = "1m"


class _FullDisk:
    """A file whose writes fail with ENOSPC once `budget` bytes are written."""

    def __init__(self, handle, budget: int) -> None:
        self._handle = handle
        self._budget = budget

    def write(self, data):
        self._budget -= len(data)
        if self._budget < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()


@pytest.fixture
def full_disk(monkeypatch):
    """Make writes to export temporaries fail with ENOSPC after a few kilobytes."""
    real_open = builtins.open

    def fake_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        name = str(getattr(file, "name", file))
        if ("w" in mode or "a" in mode or "+" in mode) and TEMP_PREFIX in name:
            return _FullDisk(handle, budget=4096)
        return handle

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)


@pytest.fixture
def books(tmp_path):
    """Return (small book, large book) assembled from a library."""
    lib = Library.open(tmp_path / "lib.db", seed=False)
    small = lib.releases.add("Small", "One short paragraph.").created_id
    # Random words: the large book must stay large after compression (about 100-160 KB).
    rng = random.Random(28)
    large = [
        lib.releases.add(f"Large {n}", "\n\n".join(_words(rng, 120) for _ in range(20))).created_id
        for n in range(6)
    ]
    yield book_of(lib, [small], "Small"), book_of(lib, large, "Large")
    lib.close()


def _words(rng: random.Random, count: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join("".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(count))


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("kind", WRITERS)
def test_enospc_during_export_keeps_the_previous_file(kind, books, tmp_path, request):
    small, large = books
    target = tmp_path / "out" / f"book.{kind}"
    target.parent.mkdir()
    WRITERS[kind](small, target)
    before = target.read_bytes()
    request.getfixturevalue("full_disk")
    with pytest.raises(ExportError):
        WRITERS[kind](large, target)
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == [target.name]


@pytest.fixture
def tiny_disk(tmp_path):
    """Return a folder on a tmpfs of TMPFS_SIZE, or skip where mounting is not allowed."""
    mount = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(mount)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("kind", WRITERS)
def test_real_full_disk_keeps_the_previous_file(kind, books, tiny_disk):
    small, large = books
    target = tiny_disk / f"book.{kind}"
    WRITERS[kind](small, target)
    before = target.read_bytes()
    stats = os.statvfs(tiny_disk)
    # Leave 40 KB free: less than the large export needs, more than nothing.
    (tiny_disk / "filler").write_bytes(b"\1" * (stats.f_bavail * stats.f_frsize - 40 * 1024))
    with pytest.raises(ExportError, match="(?i)space|full"):
        WRITERS[kind](large, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == sorted([target.name, "filler"])


def _fill(disk, leave: int) -> None:
    stats = os.statvfs(disk)
    (disk / "filler").write_bytes(b"\1" * (stats.f_bavail * stats.f_frsize - leave))


def test_disk_filling_up_refuses_the_change_and_loses_nothing(tiny_disk, tmp_path):
    library = make_library(tiny_disk / "lib.db")
    big = tmp_path / "big.md"
    big.write_text("# Big\n\n" + _words(random.Random(1), 60_000), encoding="utf-8")
    with Library.open(library, seed=False) as lib:
        _fill(tiny_disk, 8 * 1024)
        try:  # refused as a whole or reported per file: either way in plain words
            report = lib.import_paths([big])
            assert report.count("imported") == 0
        except LibraryError as error:
            assert "disk is full" in str(error)
        with pytest.raises(LibraryError, match="disk is full"):
            for n in range(200):  # small changes until the last free pages are gone
                lib.annotations.add_note(1, f"note {n} " + "x" * 2000)
        (tiny_disk / "filler").unlink()
    assert safety.check(library).ok
    with Library.open(library, seed=False) as lib:
        assert lib.releases.count_all()["all"] == 3


def test_opening_on_a_full_disk_says_so_and_moves_nothing(tiny_disk):
    library = make_library(tiny_disk / "lib.db")
    before = library.read_bytes()
    _fill(tiny_disk, 4 * 1024)
    with pytest.raises(LibraryError, match="Nothing was changed"):
        Library.open(library, seed=False)
    assert library.read_bytes() == before
    assert not list(tiny_disk.glob("*damaged*"))


def test_library_on_a_read_only_disk_says_so_and_opens_read_only(tiny_disk):
    library = make_library(tiny_disk / "lib.db")
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    with pytest.raises(LibraryError, match="read-only"):
        Library.open(library, seed=False)
    with Library.open(library, read_only=True) as lib:
        assert lib.releases.count_all()["all"] == 3

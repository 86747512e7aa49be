"""Helpers for the safety tests: small library files, ways to damage them, child processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from app.core.library import Library

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096


def make_library(path: Path, releases: int = 3) -> Path:
    """Create a closed library at `path` holding a few releases, a tag and a note."""
    with Library.open(path, seed=False) as lib:
        for n in range(releases):
            change = lib.releases.add(f"Release {n}", f"Body of release number {n}.\n\nMore {n}.")
            lib.tags.apply([change.created_id], ["kept"])
            lib.annotations.add_note(change.created_id, f"note {n}")
    return path


def count(path: Path, table: str = "releases") -> int:
    """Return the rows in `table` of the database file at `path` (read-only)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def garble_header(path: Path) -> None:
    """Overwrite the first 100 bytes (the SQLite header) with garbage."""
    with open(path, "r+b") as handle:
        handle.write(b"\xde\xad\xbe\xef" * 25)


def garble_index_page(path: Path, index: str = "releases_title") -> None:
    """Overwrite the root page of `index` with garbage (tables untouched)."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * PAGE)
        handle.write(b"\x0d\xff" * (PAGE // 2))


def redefine_index(path: Path, index: str = "releases_title") -> None:
    """Make an index disagree with its table by rewriting its definition (writable_schema)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = ? WHERE name = ?",
        (f"CREATE INDEX {index} ON releases(url)", index),
    )
    conn.commit()
    conn.close()


def file_bytes(path: Path) -> bytes:
    """Return the bytes of `path`."""
    return Path(path).read_bytes()


HOLD_OPEN = """
import sys, time
sys.path.insert(0, {root!r})
from app.core.library import Library
lib = Library.open({path!r}, seed=False)
lib.releases.add("Held", "Opened by the first window.")
print("ready", flush=True)
time.sleep(120)
"""


def hold_open(path: Path) -> subprocess.Popen:
    """Start a child process that opens the library, writes once and waits; return it ready."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN.format(root=str(ROOT), path=str(path))],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = child.stdout.readline()
    assert line.strip() == "ready", line
    return child


def kill(child: subprocess.Popen) -> None:
    """SIGKILL the child and reap it."""
    child.kill()
    child.wait()
    child.stdout and child.stdout.close()


def wait_gone(pid: int, timeout: float = 5.0) -> None:
    """Wait until process `pid` no longer exists."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)


def book_of(lib: Library, release_ids, name: str = "Briefing"):
    """Return an exporters Book holding `release_ids` in its first section (made through lib)."""
    from app.core.assemble import assemble

    book_id = lib.books.create(name, template=True, title=name).created_id
    section_id = lib.books.get(book_id).sections[0].id
    lib.books.add_entries(section_id, list(release_ids))
    return assemble(lib, book_id)

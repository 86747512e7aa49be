"""Checks on open, full checks after a crash, and what happens to a damaged library."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from safety_helpers import (
    count,
    garble_header,
    garble_index_page,
    make_library,
    redefine_index,
)

from app.core import safety
from app.core.errors import LibraryError
from app.core.library import Library
from app.core.models import ListQuery
from app.core.safety import LibraryDamagedError
from app.core.storage import backup as backups
from app.core.storage import health
from app.core.storage import lock as locks


@pytest.fixture(autouse=True)
def _no_backup_interval(monkeypatch):
    """Back up on every open after a change, as a first open after a long while would."""
    monkeypatch.setattr(safety, "MIN_BACKUP_INTERVAL", timedelta(0))


@pytest.fixture
def library(tmp_path):
    """Return a closed library with 3 releases and one verified backup of that state."""
    path = make_library(tmp_path / "lib.db")
    backups.make_backup(path)
    return path


def _crashed(path):
    """Leave the lock file as a crashed session would."""
    locks.acquire(path).release(clean=False)


def _stale_search_index(path):
    conn = sqlite3.connect(path)
    conn.execute("UPDATE releases_fts SET title = 'stale' WHERE rowid = 1")
    conn.commit()
    conn.close()


def test_sound_library_passes_the_full_check(library):
    report = safety.check(library)
    assert report.ok
    assert "passed the full check" in report.lines[0]


def test_check_names_the_newest_backup(library):
    assert "Newest backup" in safety.check(library).lines[-1]


def test_check_of_a_missing_library_says_so(tmp_path):
    report = safety.check(tmp_path / "none.db")
    assert not report.ok
    assert "no library" in report.lines[0]


def test_check_reports_a_garbage_header_in_plain_words(library):
    garble_header(library)
    report = safety.check(library)
    assert not report.ok
    assert any("not an SQLite database" in line for line in report.lines)


def test_check_reports_a_stale_search_index(library):
    _stale_search_index(library)
    report = safety.check(library)
    assert not report.ok and report.index_only
    assert any("search index" in line for line in report.lines)


def test_check_reports_an_index_out_of_step(library):
    redefine_index(library)
    report = safety.check(library)
    assert not report.ok and report.index_only


def test_check_changes_nothing(library):
    redefine_index(library)
    before = library.read_bytes()
    safety.check(library)
    assert library.read_bytes() == before


def test_garbage_header_is_moved_aside_and_the_backup_offered(library):
    damaged_bytes = library.read_bytes()
    damaged_bytes = damaged_bytes[:0] + b"\xde\xad\xbe\xef" * 25 + damaged_bytes[100:]
    garble_header(library)
    with pytest.raises(LibraryDamagedError) as caught:
        Library.open(library, seed=False)
    error = caught.value
    assert not library.exists()
    assert error.damaged_path.read_bytes() == damaged_bytes
    assert error.backup == backups.list_backups(library)[0]
    assert error.backup.describe() in str(error)


def test_damaged_library_recovers_from_the_offered_backup(library):
    garble_header(library)
    with pytest.raises(LibraryDamagedError):
        Library.open(library, seed=False)
    message = safety.recover(library)
    assert "Restored" in message
    with Library.open(library, seed=False) as lib:
        assert lib.releases.count_all()["all"] == 3


def test_corrupt_newest_backup_is_skipped_for_a_good_older_one(library):
    good = backups.list_backups(library)[0]
    newer = backups.make_backup(library)
    garble_header(newer.path)
    garble_header(library)
    with pytest.raises(LibraryDamagedError) as caught:
        Library.open(library, seed=False)
    assert caught.value.backup.path == good.path
    assert newer.path.exists()  # a bad backup is skipped, never deleted


def test_recover_uses_the_good_older_backup(library):
    newer = backups.make_backup(library)
    garble_header(newer.path)
    garble_header(library)
    with pytest.raises(LibraryDamagedError):
        Library.open(library, seed=False)
    safety.recover(library)
    assert count(library) == 3


def test_damaged_library_without_backup_says_so(tmp_path):
    path = make_library(tmp_path / "lib.db")
    garble_header(path)
    with pytest.raises(LibraryDamagedError, match="no good backup") as caught:
        Library.open(path, seed=False)
    assert caught.value.damaged_path.exists()


def test_damaged_index_page_is_rebuilt_from_the_tables(library):
    with Library.open(library, seed=False) as lib:
        lib.tags.create("since the backup")
    garble_index_page(library)
    with Library.open(library, seed=False) as lib:
        assert lib.tags.get("since the backup") is not None
        assert lib.releases.count_all()["all"] == 3
        assert "rebuilt" in lib.guard.notices[0]
    assert safety.check(library).ok


def test_damaged_index_file_is_kept_byte_for_byte(library):
    garble_index_page(library)
    before = library.read_bytes()
    with Library.open(library, seed=False) as lib:
        kept = lib.guard.notices[0].rsplit(" kept as ", 1)[1].rstrip(".")
    assert Path(kept).read_bytes() == before


def test_index_out_of_step_is_found_after_an_unclean_shutdown(library):
    redefine_index(library)
    _crashed(library)
    with Library.open(library, seed=False) as lib:
        assert "rebuilt" in lib.guard.notices[0]
    assert safety.check(library).ok
    assert list(library.parent.glob("lib.damaged-*.db"))


def test_index_out_of_step_is_found_by_the_backup_made_on_open(library):
    redefine_index(library)
    with Library.open(library, seed=False) as lib:
        assert "rebuilt" in lib.guard.notices[0]
    assert safety.check(library).ok
    assert len(backups.list_backups(library)) == 2


def test_stale_search_index_is_rebuilt_after_an_unclean_shutdown(library):
    _stale_search_index(library)
    _crashed(library)
    with Library.open(library, seed=False) as lib:
        assert lib.search.count(ListQuery(text="stale")) == 0
        assert lib.search.count(ListQuery(text="release")) == 3


def test_move_aside_takes_the_wal_along(tmp_path):
    path = tmp_path / "lib.db"
    path.write_bytes(b"main")
    (tmp_path / "lib.db-wal").write_bytes(b"wal")
    moved = health.move_aside(path)
    assert not path.exists() and not (tmp_path / "lib.db-wal").exists()
    assert (tmp_path / (moved.name + "-wal")).read_bytes() == b"wal"


def test_library_in_a_missing_folder_gets_a_clear_message(tmp_path):
    with pytest.raises(LibraryError, match="does not exist"):
        Library.open(tmp_path / "missing" / "lib.db", seed=False)


def test_library_path_that_is_a_folder_gets_a_clear_message(tmp_path):
    with pytest.raises(LibraryError, match="is a folder"):
        Library.open(tmp_path, seed=False)


def test_read_only_open_of_a_missing_library_gets_a_clear_message(tmp_path):
    with pytest.raises(LibraryError, match="no library"):
        Library.open(tmp_path / "lib.db", read_only=True)


def test_leftover_temporary_files_are_removed_on_open(library):
    leftover = library.parent / ".briefbook-tmp-crashed.pdf"
    leftover.write_bytes(b"half an export")
    Library.open(library, seed=False).close()
    assert not leftover.exists()


def test_an_unopenable_library_keeps_the_crash_mark(library, monkeypatch):
    _crashed(library)
    garble_header(library)
    with pytest.raises(LibraryDamagedError):
        Library.open(library, seed=False)
    assert "state=open" in locks.lock_path(library).read_text()


def test_repair_leaves_no_temporary_file(library):
    garble_index_page(library)
    Library.open(library, seed=False).close()
    assert not list(library.parent.glob(".briefbook-tmp-*"))


def test_row_count_differences_name_the_table(tmp_path):
    first = make_library(tmp_path / "a.db", releases=3)
    second = make_library(tmp_path / "b.db", releases=2)
    differences = health.row_count_differences(first, second)
    assert any(d.startswith("releases: 3 rows before, 2 after") for d in differences)
    assert health.row_count_differences(first, first) == []


def _walks_forbidden(monkeypatch):
    def walk(path):
        raise AssertionError("quick_check ran")

    monkeypatch.setattr(health, "quick_problems", walk)
    monkeypatch.setattr(health, "full_problems", walk)


def test_clean_unchanged_library_opens_without_walking_every_page(library, monkeypatch):
    Library.open(library, seed=False).close()
    _walks_forbidden(monkeypatch)
    with Library.open(library, seed=False) as lib:
        assert lib.releases.count_all()["all"] == 3


def test_file_changed_outside_briefbook_gets_the_quick_check(library, monkeypatch):
    Library.open(library, seed=False).close()
    _stale_search_index(library)
    _walks_forbidden(monkeypatch)
    with pytest.raises(AssertionError, match="quick_check ran"):
        Library.open(library, seed=False)


def test_an_old_full_walk_is_repeated(library, monkeypatch):
    Library.open(library, seed=False).close()
    monkeypatch.setattr(safety, "FULL_CHECK_EVERY", timedelta(0))
    _walks_forbidden(monkeypatch)
    with pytest.raises(AssertionError, match="quick_check ran"):
        Library.open(library, seed=False)


def test_the_periodic_walk_alone_makes_no_backup(library, monkeypatch):
    Library.open(library, seed=False).close()
    monkeypatch.setattr(safety, "FULL_CHECK_EVERY", timedelta(0))
    Library.open(library, seed=False).close()
    assert len(backups.list_backups(library)) == 2  # the fixture's and the first open's


def test_garbage_header_is_caught_by_the_cheap_check(library):
    Library.open(library, seed=False).close()
    fingerprint = health.fingerprint(library)
    garble_header(library)
    _restore_mtime(library, fingerprint)
    with pytest.raises(LibraryDamagedError):
        Library.open(library, seed=False)


def test_garbage_index_root_is_caught_by_the_cheap_check(library):
    Library.open(library, seed=False).close()
    assert health.sanity_problems(library) == []
    garble_index_page(library)
    assert health.sanity_problems(library)


def test_cheap_check_reports_a_truncated_file(library):
    with open(library, "r+b") as handle:
        handle.truncate(library.stat().st_size - 100)
    assert "whole number" in health.sanity_problems(library)[0]


def _restore_mtime(path, fingerprint):
    """Give `path` back the mtime its fingerprint recorded (a change the clock missed)."""
    mtime_ns = int(fingerprint.split(":")[1])
    os.utime(path, ns=(mtime_ns, mtime_ns))

"""Verified, rotated backups; backups on open and before migrations; restore."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from safety_helpers import count, garble_header, make_library

from app.core import safety
from app.core.library import Library
from app.core.models import ListQuery
from app.core.storage import backup as backups
from app.core.storage import health, schema
from app.core.storage.backup import BackupError
from app.core.storage.lock import LibraryLockedError


@pytest.fixture(autouse=True)
def _no_backup_interval(monkeypatch):
    """Back up on every open after a change (the interval has its own tests)."""
    monkeypatch.setattr(safety, "MIN_BACKUP_INTERVAL", timedelta(0))


def _names(library):
    return [b.path.name for b in backups.list_backups(library)]


def test_backup_is_a_sound_copy_in_the_backups_folder(tmp_path):
    library = make_library(tmp_path / "lib.db")
    info = backups.make_backup(library)
    assert info.path.parent == tmp_path / "backups"
    assert health.full_problems(info.path) == ([], [])
    assert count(info.path) == 3


def test_backup_is_a_single_file_without_wal(tmp_path):
    library = make_library(tmp_path / "lib.db")
    info = backups.make_backup(library)
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_backup_of_an_open_library_holds_its_committed_changes(tmp_path):
    library = make_library(tmp_path / "lib.db")
    with Library.open(library, seed=False) as lib:
        lib.releases.add("Fresh", "Committed but not yet checkpointed.")
        copy = safety.backup(library, to=tmp_path / "usb.db")
    assert count(copy) == 4


def test_backup_to_a_folder_names_the_file(tmp_path):
    library = make_library(tmp_path / "lib.db")
    (tmp_path / "usb").mkdir()
    copy = safety.backup(library, to=tmp_path / "usb")
    assert copy.parent == tmp_path / "usb"
    assert copy.name.startswith("lib-")


def test_rotation_keeps_the_newest(tmp_path):
    library = make_library(tmp_path / "lib.db")
    for _ in range(4):
        backups.make_backup(library, keep=2)
    kept = backups.list_backups(library)
    assert len(kept) == 2
    assert len(list((tmp_path / "backups").iterdir())) == 2


def test_newest_backup_listed_first(tmp_path):
    library = make_library(tmp_path / "lib.db")
    first = backups.make_backup(library)
    second = backups.make_backup(library)
    assert [b.path for b in backups.list_backups(library)] == [second.path, first.path]


def test_unchanged_library_needs_no_new_backup(tmp_path):
    library = make_library(tmp_path / "lib.db")
    Library.open(library, seed=False).close()
    assert not safety.changed_since_backup(library)


def test_changed_library_needs_a_backup(tmp_path):
    library = make_library(tmp_path / "lib.db")
    with Library.open(library, seed=False) as lib:
        lib.tags.create("new")
    assert safety.changed_since_backup(library)


def test_session_that_only_reads_needs_no_backup(tmp_path):
    library = make_library(tmp_path / "lib.db")
    Library.open(library, seed=False).close()
    with Library.open(library, seed=False) as lib:
        lib.search.count(ListQuery(text="release"))
    assert not safety.changed_since_backup(library)


def test_reopening_an_unchanged_library_makes_no_backup(tmp_path):
    library = make_library(tmp_path / "lib.db")
    for _ in range(3):
        Library.open(library, seed=False).close()
    assert len(_names(library)) == 1


def test_file_changed_outside_briefbook_needs_a_backup(tmp_path):
    library = make_library(tmp_path / "lib.db")
    Library.open(library, seed=False).close()
    conn = sqlite3.connect(library)
    conn.execute("UPDATE tags SET name = 'renamed elsewhere'")
    conn.commit()
    conn.close()
    assert safety.changed_since_backup(library)


def test_crashed_session_needs_a_backup(tmp_path):
    library = make_library(tmp_path / "lib.db")
    Library.open(library, seed=False).close()
    Library.open(library, seed=False).guard.close(clean=False, wrote=False)
    assert safety.changed_since_backup(library)


def test_a_change_within_the_interval_waits_for_a_later_open(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MIN_BACKUP_INTERVAL", timedelta(minutes=10))
    library = make_library(tmp_path / "lib.db")
    Library.open(library, seed=False).close()
    with Library.open(library, seed=False) as lib:
        lib.tags.create("soon after")
    Library.open(library, seed=False).close()
    assert len(_names(library)) == 1
    assert safety.changed_since_backup(library)  # still pending, not forgotten


def test_a_pending_change_is_backed_up_once_the_interval_passed(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MIN_BACKUP_INTERVAL", timedelta(minutes=10))
    library = make_library(tmp_path / "lib.db")
    Library.open(library, seed=False).close()
    with Library.open(library, seed=False) as lib:
        lib.tags.create("soon after")
    Library.open(library, seed=False).close()
    monkeypatch.setattr(safety, "MIN_BACKUP_INTERVAL", timedelta(0))
    Library.open(library, seed=False).close()
    assert len(_names(library)) == 2
    assert count(backups.list_backups(library)[0].path, "tags") == 2


def test_backups_of_a_library_with_a_longer_name_are_not_its_own(tmp_path):
    library = make_library(tmp_path / "corpus.db")
    other = make_library(tmp_path / "corpus-x7.db")
    backups.make_backup(other)
    (tmp_path / "backups" / "corpus-notes.db").write_bytes(b"not a backup")
    assert backups.list_backups(library) == []


def test_rotation_never_deletes_another_librarys_backups(tmp_path):
    library = make_library(tmp_path / "corpus.db")
    other = make_library(tmp_path / "corpus-x7.db")
    theirs = backups.make_backup(other)
    for _ in range(3):
        backups.make_backup(library, keep=1)
    assert theirs.path.exists()
    assert len(backups.list_backups(library)) == 1


def test_open_backs_up_a_changed_library_once(tmp_path):
    library = make_library(tmp_path / "lib.db")
    Library.open(library, seed=False).close()
    Library.open(library, seed=False).close()
    assert len(_names(library)) == 1


def test_open_after_a_change_makes_a_new_backup_holding_it(tmp_path):
    library = make_library(tmp_path / "lib.db")
    with Library.open(library, seed=False) as lib:
        lib.tags.create("between backups")
    Library.open(library, seed=False).close()
    newest = backups.list_backups(library)[0]
    assert len(_names(library)) == 2
    assert count(newest.path, "tags") == 2


def test_a_migration_is_preceded_by_a_backup(tmp_path, monkeypatch):
    library = make_library(tmp_path / "lib.db")
    backups.make_backup(library)
    seen = []

    def migration(db):
        seen.append(len(backups.list_backups(library)))

    monkeypatch.setattr(schema.migrations, "_migrations", list(schema.migrations._migrations))
    schema.migrations(name="9999_test")(migration)
    Library.open(library, seed=False).close()
    assert seen == [2]


def test_failed_backup_blocks_the_migration(tmp_path, monkeypatch):
    library = make_library(tmp_path / "lib.db")
    backups.make_backup(library)
    monkeypatch.setattr(schema.migrations, "_migrations", list(schema.migrations._migrations))
    schema.migrations(name="9999_test")(lambda db: None)

    def full_disk(library, keep=backups.KEEP):
        raise BackupError("Cannot copy: the disk is full. Nothing was replaced.")

    monkeypatch.setattr(backups, "make_backup", full_disk)
    with pytest.raises(BackupError, match="disk is full"):
        Library.open(library, seed=False)
    assert "9999_test" not in [n for (n,) in _applied(library)]


def _applied(library):
    conn = sqlite3.connect(library)
    try:
        return conn.execute("SELECT name FROM _sqlite_migrations").fetchall()
    finally:
        conn.close()


def test_disk_full_during_backup_says_so_and_leaves_no_temporary(tmp_path, monkeypatch):
    library = make_library(tmp_path / "lib.db")
    first = backups.make_backup(library)

    def full(source, tmp):
        tmp.write_bytes(b"partial")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "_copy_verified", full)
    with pytest.raises(BackupError, match="disk is full"):
        backups.make_backup(library)
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [first.path.name]


def test_damaged_library_never_replaces_a_backup(tmp_path):
    library = make_library(tmp_path / "lib.db")
    first = backups.make_backup(library)
    garble_header(library)
    with pytest.raises(BackupError, match="damaged"):
        backups.make_backup(library)
    assert [b.path for b in backups.list_backups(library)] == [first.path]


def test_backup_to_a_missing_folder_is_refused_clearly(tmp_path):
    library = make_library(tmp_path / "lib.db")
    with pytest.raises(BackupError, match="does not exist"):
        safety.backup(library, to=tmp_path / "no" / "copy.db")


def test_backup_of_a_missing_library_is_refused_clearly(tmp_path):
    with pytest.raises(BackupError, match="no library"):
        safety.backup(tmp_path / "lib.db")


def test_restore_brings_the_backup_back_and_keeps_the_current_file(tmp_path):
    library = make_library(tmp_path / "lib.db")
    saved = safety.backup(library)
    with Library.open(library, seed=False) as lib:
        lib.tags.create("after the backup")
    message = safety.restore(library, saved)
    kept = sorted(tmp_path.glob("lib.before-restore-*.db"))
    assert count(library, "tags") == 1
    assert len(kept) == 1 and count(kept[0], "tags") == 2
    assert str(kept[0]) in message


def test_restored_library_opens(tmp_path):
    library = make_library(tmp_path / "lib.db")
    saved = safety.backup(library, to=tmp_path / "copy.db")
    safety.restore(library, saved)
    with Library.open(library, seed=False) as lib:
        assert lib.releases.count_all()["all"] == 3


def test_restore_is_refused_while_the_library_is_open(tmp_path):
    library = make_library(tmp_path / "lib.db")
    saved = safety.backup(library)
    with Library.open(library, seed=False), pytest.raises(LibraryLockedError):
        safety.restore(library, saved)


def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path):
    library = make_library(tmp_path / "lib.db")
    saved = safety.backup(library, to=tmp_path / "copy.db")
    garble_header(saved)
    before = library.read_bytes()
    with pytest.raises(BackupError, match="damaged"):
        safety.restore(library, saved)
    assert library.read_bytes() == before


def test_restore_into_an_empty_place_creates_the_library(tmp_path):
    library = make_library(tmp_path / "lib.db")
    saved = safety.backup(library, to=tmp_path / "copy.db")
    target = tmp_path / "other" / "lib.db"
    target.parent.mkdir()
    safety.restore(target, saved)
    assert count(target) == 3


def test_failed_automatic_backup_still_opens_and_says_why(tmp_path, monkeypatch):
    library = make_library(tmp_path / "lib.db")

    def full(source, tmp):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "_copy_verified", full)
    with Library.open(library, seed=False) as lib:
        assert "disk is full" in lib.guard.notices[0]
        assert lib.releases.count_all()["all"] == 3


def test_restore_refuses_a_file_that_is_not_a_library(tmp_path):
    library = make_library(tmp_path / "lib.db")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="not a Briefbook library"):
        safety.restore(library, other)
    assert count(library) == 3


def _info(stamp: str) -> backups.BackupInfo:
    return backups.BackupInfo(Path(f"lib-{stamp}.db"), datetime.strptime(stamp, "%Y%m%d-%H%M%S"))


def test_rotation_keeps_the_newest_few_then_one_per_earlier_day():
    infos = [
        _info(s)
        for s in (
            "20261127-120500",
            "20261127-120400",
            "20261127-120300",
            "20261127-120200",  # same day as the newest three: dropped
            "20261126-180000",
            "20261126-090000",  # an older one of a day already kept: dropped
            "20261120-100000",
        )
    ]
    kept = [i.path.name for i in backups.kept(infos, keep=7)]
    assert kept == [
        "lib-20261127-120500.db",
        "lib-20261127-120400.db",
        "lib-20261127-120300.db",
        "lib-20261126-180000.db",
        "lib-20261120-100000.db",
    ]


def test_a_burst_of_sessions_keeps_older_days_backups(tmp_path):
    library = make_library(tmp_path / "lib.db")
    first = backups.make_backup(library)
    older = first.path.with_name("lib-20261001-080000.db")
    first.path.rename(older)
    for _ in range(8):
        backups.make_backup(library)
    assert older.exists()

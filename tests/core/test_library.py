"""The Library facade: opening, files, settings, managers, seeding, errors in plain words."""

from __future__ import annotations

import sqlite3

import pytest

from app.core.errors import LibraryError
from app.core.library import Library


def test_open_creates_a_new_library_file(tmp_path):
    path = tmp_path / "lib.db"
    with Library.open(path, seed=False) as lib:
        assert lib.path == path and lib.releases.count_all()["all"] == 0
    assert path.exists()


def test_library_uses_wal_and_foreign_keys(tmp_path):
    with Library.open(tmp_path / "lib.db", seed=False) as lib:
        assert lib.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert lib.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert lib.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_memory_library_has_foreign_keys_on(empty_lib):
    assert empty_lib.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert empty_lib.path is None


def test_reopen_keeps_data(tmp_path):
    path = tmp_path / "lib.db"
    with Library.open(path, seed=False) as lib:
        rid = lib.releases.add("Kept", "This text stays in the library after closing.").created_id
        lib.tags.apply([rid], ["kept"])
    with Library.open(path, seed=False) as lib:
        assert [t.name for t in lib.releases.get(rid).tags] == ["kept"]


def test_reopen_starts_with_empty_history(tmp_path):
    path = tmp_path / "lib.db"
    with Library.open(path, seed=False) as lib:
        lib.tags.create("A")
    with Library.open(path, seed=False) as lib:
        assert lib.undo_label() is None


def test_new_library_is_seeded(tmp_path):
    with Library.open(tmp_path / "lib.db") as lib:
        report = lib.seed_report
        assert report is not None and report.count("imported") > 0
        assert lib.releases.count_all()["all"] == report.count("imported")
        assert lib.undo_label() is None


def test_existing_library_is_not_seeded_again(tmp_path):
    path = tmp_path / "lib.db"
    Library.open(path, seed=False).close()
    with Library.open(path) as lib:
        assert lib.seed_report is None and lib.releases.count_all()["all"] == 0


def test_folder_is_refused(tmp_path):
    with pytest.raises(LibraryError, match="is a folder"):
        Library.open(tmp_path)


def test_missing_folder_is_refused_in_plain_words(tmp_path):
    with pytest.raises(LibraryError, match="does not exist"):
        Library.open(tmp_path / "nowhere" / "lib.db")


def test_garbage_file_is_refused_and_never_deleted(tmp_path):
    garbage = b"this is not a database at all" * 100
    (tmp_path / "lib.db").write_bytes(garbage)
    with pytest.raises(LibraryError, match="damaged"):
        Library.open(tmp_path / "lib.db")
    assert garbage in [p.read_bytes() for p in tmp_path.iterdir() if p.is_file()]


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError, match="not a Briefbook library"):
        Library.open(path)


def test_sqlite_errors_never_escape_the_facade(lib, sample_ids):
    with pytest.raises(LibraryError):
        lib.tags.rename(lib.tags.create("A").created_id, "\x00bad")


def test_managers_are_wired(lib):
    assert lib.releases and lib.tags and lib.annotations


def test_search_saved_and_books_are_wired_by_name(lib):
    from app.core import books, search

    assert isinstance(lib.search, search.Search)
    assert isinstance(lib.saved, search.SavedSearches)
    assert isinstance(lib.books, books.Books)

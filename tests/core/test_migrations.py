"""Schema migrations: a new library gets them all; an older one is migrated after the
before-migrate hook (the backup); a library written by a newer version is refused."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils.migrations import Migrations

from app.core.errors import LibraryError
from app.core.library import Library
from app.core.storage import schema
from app.core.storage.database import open_database


def _applied(path):
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.close()


def test_new_library_has_every_known_migration(tmp_path):
    Library.open(tmp_path / "lib.db", seed=False).close()
    assert set(_applied(tmp_path / "lib.db")) == schema.known_migration_names()


def test_initial_schema_has_the_tables_others_read(empty_lib):
    tables = {
        r[0] for r in empty_lib.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    expected = {"releases", "tags", "release_tags", "notes", "highlights", "books", "sections"}
    assert expected | {"entries", "saved_searches", "releases_fts"} <= tables


def _record_a_newer_migration(path):
    """Write into the library at `path` a migration only a newer version knows."""
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('briefbook', '0099_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()


def test_library_from_a_newer_version_is_refused_and_unchanged(tmp_path):
    path = tmp_path / "lib.db"
    Library.open(path, seed=False).close()
    _record_a_newer_migration(path)
    before = path.read_bytes()
    with pytest.raises(LibraryError, match="newer version of Briefbook"):
        Library.open(path, seed=False)
    assert path.read_bytes() == before


def test_refusal_names_the_unknown_change(tmp_path):
    path = tmp_path / "lib.db"
    Library.open(path, seed=False).close()
    _record_a_newer_migration(path)
    with pytest.raises(LibraryError, match="0099_from_the_future"):
        open_database(path)


def _this_version_plus(monkeypatch, name, fn):
    """Pretend this version of the app has one more migration, `name`."""
    extended = Migrations("briefbook")
    for migration in schema.migrations._migrations:
        extended(name=migration.name)(migration.fn)
    extended(name=name)(fn)
    monkeypatch.setitem(schema._LOADED, schema.MIGRATION_SET, extended)


def test_older_library_is_migrated_after_the_hook(tmp_path, monkeypatch):
    path = tmp_path / "lib.db"
    with Library.open(path, seed=False) as lib:
        lib.tags.create("kept")
    calls = []
    _this_version_plus(
        monkeypatch,
        "0099_test_column",
        lambda db: db.execute("ALTER TABLE tags ADD COLUMN description TEXT NOT NULL DEFAULT ''"),
    )
    db, is_new = open_database(path, before_migrate=lambda p: calls.append(_applied(p)))
    db.close()
    assert not is_new
    shipped = [name for name, _ in schema.MIGRATIONS]
    assert calls == [shipped]  # the hook saw the library before the migration
    assert _applied(path) == [*shipped, "0099_test_column"]


def test_up_to_date_library_does_not_call_the_hook(tmp_path):
    path = tmp_path / "lib.db"
    Library.open(path, seed=False).close()
    calls = []
    db, is_new = open_database(path, before_migrate=calls.append)
    db.close()
    assert calls == [] and not is_new


def test_failed_migration_leaves_library_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "lib.db"
    Library.open(path, seed=False).close()

    def _fails(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    _this_version_plus(monkeypatch, "0099_broken", _fails)
    with pytest.raises(LibraryError, match="left as it was"):
        open_database(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    shipped = [name for name, _ in schema.MIGRATIONS]
    assert "half_done" not in tables and _applied(path) == shipped


def test_opening_an_up_to_date_library_does_not_load_sqlite_utils(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "lib.db"
    Library.open(path, seed=False).close()
    code = (
        "import sys; from pathlib import Path; from app.core.library import Library; "
        f"Library.open(Path({str(path)!r}), seed=False).close(); "
        "print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # ~0.1 s of imports the window does not pay

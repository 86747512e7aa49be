"""Open a library file: pragmas, migrations, version checks, and sqlite errors in plain words.

This is the one place that creates SQLite connections for the app.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from app.core.errors import ConflictError, LibraryError
from app.core.storage import schema
from app.core.storage.connection import Database
from app.core.storage.health import uri
from app.core.storage.schema import known_migration_names

BUSY_TIMEOUT_MS = 5000
MIGRATIONS_TABLE = "_sqlite_migrations"
MMAP_BYTES = 256 * 1024 * 1024


def open_database(
    path: Path | None,
    *,
    before_migrate: Callable[[Path], None] | None = None,
    read_only: bool = False,
) -> tuple[Database, bool]:
    """Return (database, is_new): an open, migrated library; in memory when `path` is None.

    `before_migrate(path)` runs before pending migrations are applied to an existing file
    (the place to back it up). Raises LibraryError for anything that is not a library this
    version can open. `read_only` opens an existing file without ever writing to it.
    """
    db = _connect(path, read_only)
    try:
        with translate_errors(_describe(path)):
            _configure(db, path, read_only)
            applied = applied_migrations(db)
            _check_is_library(db, applied, path)
            _refuse_newer(applied, path)
            is_new = not applied
            pending = [name for name in schema.migration_names() if name not in applied]
            if read_only:
                if pending:
                    raise LibraryError(
                        f"The library {path} needs updating, which cannot be done read-only."
                    )
                return db, False
            if pending and not is_new and path is not None and before_migrate is not None:
                before_migrate(path)
            if pending:
                _apply_migrations(db, path)
    except BaseException:
        db.close()
        raise
    return db, is_new


def _apply_migrations(db: Database, path: Path | None) -> None:
    """Apply pending migrations, each in its own transaction; LibraryError if one fails."""
    try:
        from sqlite_utils import Database as MigrationDatabase

        schema.migration_set().apply(MigrationDatabase(db.conn, execute_plugins=False))
    except LibraryError:
        raise
    except Exception as error:
        # Each migration runs in one transaction with its record, so a failed one leaves
        # the library exactly as the previous one did.
        raise LibraryError(
            f"Could not update {_describe(path)} to this version of Briefbook ({error}); "
            "it was left as it was."
        ) from error


def _describe(path: Path | None) -> str:
    return "the in-memory library" if path is None else f"the library {path}"


def _connect(path: Path | None, read_only: bool = False) -> Database:
    """Return a Database (storage.connection) on `path` (or memory), with sqlite errors translated."""
    if path is None:
        return Database.memory()
    if path.exists() and path.is_dir():
        raise LibraryError(f"{path} is a folder, not a library file.")
    if not path.parent.exists():
        raise LibraryError(
            f"Cannot open the library {path}: the folder {path.parent} does not exist."
        )
    try:
        if read_only:
            conn = sqlite3.connect(uri(path, "ro"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise LibraryError(f"Cannot open the library {path}: {error}.") from None
    return Database(conn)


def _configure(db: Database, path: Path | None, read_only: bool = False) -> None:
    """Set the per-connection pragmas every library connection needs."""
    conn = db.conn
    # Reading the schema first makes a non-SQLite file fail here, with a clear message.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA recursive_triggers = ON")
    if path is not None:
        # Reading pages through a memory map skips a copy per page: searches on a big
        # library are about a third faster. It changes nothing on disk (read-only is fine).
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    if path is not None and not read_only:
        # WAL cannot be switched on inside a transaction, so it happens here, at open time.
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise LibraryError(
                f"Cannot open the library {path}: it cannot use write-ahead logging."
            )
        conn.execute("PRAGMA synchronous = NORMAL")


def applied_migrations(db: Database) -> list[str]:
    """Return the names of migrations recorded in the library, in the order applied."""
    exists = db.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    if not exists:
        return []
    rows = db.conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        (schema.MIGRATION_SET,),
    )
    return [name for (name,) in rows]


def _check_is_library(db: Database, applied: list[str], path: Path | None) -> None:
    """Refuse a database that has tables but was never a Briefbook library."""
    if applied:
        return
    tables = [
        name
        for (name,) in db.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        if name != MIGRATIONS_TABLE
    ]
    if tables:
        raise LibraryError(f"{path} is an SQLite database but not a Briefbook library.")


def _refuse_newer(applied: list[str], path: Path | None) -> None:
    """Refuse a library that went through migrations this version does not know."""
    unknown = [name for name in applied if name not in known_migration_names()]
    if unknown:
        raise LibraryError(
            f"The library {path} was written by a newer version of Briefbook "
            f"(unknown changes: {', '.join(unknown)}). Update Briefbook to open it; "
            "the file has not been changed."
        )


def close_database(db: Database) -> None:
    """Close `db`, first letting SQLite refresh its query planner statistics if needed."""
    # Cheap (it only analyses tables whose statistics are stale) and it keeps the planner
    # choosing the right index as the library grows. Read-only, busy or damaged: closing
    # matters more than statistics.
    with suppress(sqlite3.Error):
        db.conn.execute("PRAGMA optimize")
    db.close()


def session_wrote(db: Database) -> bool:
    """Return True when this session wrote to the library file (call it before closing).

    A clean close deletes the write-ahead log, so the log holding any bytes means a
    transaction of this session committed (or a crash left it: the guard backs up then
    anyway). Unlike total_changes it ignores the undo history's temp tables, and a session
    that only read says False and needs no backup.
    """
    rows = db.conn.execute("PRAGMA database_list").fetchall()
    main = next((row[2] for row in rows if row[1] == "main"), "")
    if not main:
        return False  # in memory
    try:
        return Path(f"{main}-wal").stat().st_size > 0
    except OSError:
        return False  # no log at all: nothing was written


@contextmanager
def translate_errors(what: str = "the library") -> Iterator[None]:
    """Turn sqlite3 errors raised inside the block into LibraryError with a plain message."""
    try:
        yield
    except sqlite3.IntegrityError as error:
        raise ConflictError(_integrity_message(str(error))) from error
    except sqlite3.DatabaseError as error:
        raise LibraryError(_database_message(what, str(error))) from error
    except sqlite3.Error as error:  # pragma: no cover - InterfaceError and the like
        raise LibraryError(f"Cannot use {what}: {error}.") from error


def _integrity_message(message: str) -> str:
    if "UNIQUE" in message:
        return "That name or item already exists in the library."
    if "FOREIGN KEY" in message:
        return "That refers to something that is no longer in the library."
    return f"The library refused the change ({message})."


def _database_message(what: str, message: str) -> str:
    lowered = message.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return f"Cannot open {what}: the file is damaged or is not a Briefbook library."
    if "locked" in lowered or "busy" in lowered:
        return f"{what[0].upper()}{what[1:]} is busy: another program is writing to it. Try again."
    if "readonly" in lowered or "read-only" in lowered:
        return f"Cannot change {what}: the file or its folder is read-only."
    if "disk is full" in lowered or "full" in lowered:
        return f"Cannot change {what}: the disk is full. Nothing was lost."
    if "unable to open" in lowered:
        return f"Cannot open {what}: the file cannot be opened here."
    return f"Cannot use {what}: {message}."

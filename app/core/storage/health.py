"""Is a library file sound? Cheap, quick and full checks, moving a damaged file aside, repair.

Three levels, cheapest first: `sanity_problems` reads the header and the first page of
every table and index (milliseconds, whatever the size); `quick_problems` runs SQLite's
quick_check, which walks every page (O(file): about 0.3 s for 14k releases); `full_problems`
adds integrity_check, foreign keys and the search index. app.core.safety picks the level.

Checks never change user data: they read through their own connection. A damaged file is
never overwritten or deleted; `move_aside` renames it (with its -wal and -shm companions,
which hold committed changes after a crash) to `<name>.damaged-<timestamp>.db`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.core.errors import LibraryError
from app.core.storage.schema import NOTES_OF

FTS_TABLE = "releases_fts"
COMPANIONS = ("-wal", "-shm")
MAX_PROBLEMS = 20
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26
NOT_A_DATABASE = "the file is not an SQLite database, or its first page is damaged"
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class CheckReport:
    """The outcome of a check: `ok`, and `lines` in plain words for the user."""

    ok: bool
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # SQLite's own words, for the log
    index_only: bool = False  # every problem is in derived data (indexes, search index)


def uri(path: Path, mode: str) -> str:
    """Return an SQLite URI for `path` opened with `mode` ("ro" or "rw"; never creates)."""
    path = Path(path).resolve()
    text = f"{path.as_uri()}?mode={mode}"
    if mode == "ro" and not _can_write(path.parent) and not Path(f"{path}-wal").exists():
        # A WAL library in a folder nobody can write to (read-only disk, CD, share) cannot
        # get its -shm file; with no -wal there is nothing beyond the main file to read.
        text += "&immutable=1"
    return text


def _can_write(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


@contextlib.contextmanager
def connect(path: Path, mode: str = "ro") -> Iterator[sqlite3.Connection]:
    """Yield a connection on an existing file that is closed afterwards."""
    conn = sqlite3.connect(uri(path, mode), uri=True, timeout=5)
    try:
        yield conn
    finally:
        conn.close()


def is_library(path: Path) -> bool:
    """Return True when `path` is an SQLite file holding a Briefbook library."""
    try:
        with connect(path, "ro") as conn:
            found = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name IN ('_sqlite_migrations', 'releases')"
            ).fetchone()[0]
    except sqlite3.DatabaseError:
        return True  # damaged: the checks that follow say how
    return found == 2


def fingerprint(path: Path) -> str:
    """Return a cheap identity of the file's current state (size, mtime, inode, WAL size).

    Any write, a file copied or restored over it, or a WAL left beside it changes it.
    """
    try:
        main = Path(path).stat()
    except OSError:
        return "missing"
    try:
        wal = Path(f"{path}-wal").stat().st_size
    except OSError:
        wal = 0
    return f"{main.st_size}:{main.st_mtime_ns}:{main.st_ino}:{wal}"


def sanity_problems(path: Path) -> list[str]:
    """Return what a cheap look finds wrong (empty when none): the header, the page size,
    the schema, and the first page of every table and index.

    It costs the same on any size of library; it does not prove every page is sound.
    """
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
        size = Path(path).stat().st_size
    except OSError as error:
        raise LibraryError(
            f"Cannot read the library {path}: {error.strerror or error}. Nothing was changed."
        ) from None
    page = int.from_bytes(header[16:18], "big") if len(header) == 100 else 0
    page = 65536 if page == 1 else page
    if not header.startswith(SQLITE_MAGIC) or page < 512 or page & (page - 1):
        return [NOT_A_DATABASE]
    if size % page:
        return [f"the file is {size} bytes, not a whole number of {page}-byte pages"]
    try:
        with connect(path, "ro") as conn:
            conn.execute("PRAGMA schema_version").fetchone()
            for kind, name, table in conn.execute(
                "SELECT type, name, tbl_name FROM sqlite_master "
                "WHERE rootpage > 0 AND type IN ('table', 'index') AND sql IS NOT NULL"
            ).fetchall():
                _first_page(conn, kind, name, table)
    except sqlite3.DatabaseError as error:
        return [_damage(error, path)]
    return []


def _first_page(conn: sqlite3.Connection, kind: str, name: str, table: str) -> None:
    """Read the root and first leaf page of one table or index (raises on damage)."""
    if kind == "table":
        conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchall()
        return
    try:
        conn.execute(f'SELECT 1 FROM "{table}" INDEXED BY "{name}" LIMIT 1').fetchall()
    except sqlite3.OperationalError as error:
        if "no query solution" not in str(error):
            raise  # a partial index cannot be read this way; anything else is real


def quick_problems(path: Path) -> list[str]:
    """Return SQLite's quick_check findings for `path` (empty when the file is sound)."""
    try:
        with connect(path, "ro") as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return _pragma_problems(conn, "quick_check")
    except sqlite3.DatabaseError as error:
        return [_damage(error, path)]


def full_problems(path: Path) -> tuple[list[str], list[str]]:
    """Return (structural problems, derived-data problems) found by every check we have.

    Structural problems mean data may be lost; derived-data problems (an index or the
    search index out of step with the tables) can be rebuilt from the tables.
    """
    try:
        with connect(path, "ro") as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            integrity = _pragma_problems(conn, "integrity_check")
            structural = [p for p in integrity if not _is_index_problem(p)]
            derived = [p for p in integrity if _is_index_problem(p)]
            if structural:
                return structural, derived
            structural += _foreign_key_problems(conn)
            derived += _notes_text_problems(conn)
        derived += _fts_integrity_problems(path)
    except sqlite3.DatabaseError as error:
        return [_damage(error, path)], []
    return structural, derived


def check(path: Path, *, full: bool = True) -> CheckReport:
    """Return a plain-words report on the library file at `path`."""
    path = Path(path)
    if not path.exists():
        return CheckReport(False, [f"There is no library at {path}."], ["missing"])
    if full:
        structural, derived = full_problems(path)
    else:
        structural, derived = quick_problems(path), []
    problems = structural + derived
    if not problems:
        kind = "full check (structure, links, search index)" if full else "quick check"
        return CheckReport(True, [f"The library {path} passed the {kind}."])
    lines = [f"The library {path} has problems:"]
    if structural:
        lines.append("  - its data is damaged; restore a backup (see `briefbook restore`).")
    if derived:
        lines.append("  - an index or the search index is out of step; it can be rebuilt.")
    lines += [f"    {p}" for p in problems[:MAX_PROBLEMS]]
    return CheckReport(False, lines, problems, index_only=not structural)


def move_aside(path: Path, label: str = "damaged") -> Path:
    """Rename `path` (and its -wal/-shm) to `<stem>.<label>-<timestamp><suffix>`; return it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.stem}.{label}-{stamp}-{counter}{path.suffix}")
    try:
        # Companions first: a WAL beside the wrong main file must never be replayed into it.
        for suffix in COMPANIONS:
            companion = Path(str(path) + suffix)
            if companion.exists():
                os.replace(companion, str(target) + suffix)
        os.replace(path, target)
    except OSError as error:
        raise LibraryError(
            f"Cannot move the library {path} aside ({error.strerror or error}); "
            "nothing was changed or deleted."
        ) from None
    return target


def rebuild_derived(path: Path) -> None:
    """Rebuild every index and the search index of `path` from its tables; returns nothing.

    Index and search-index pages are dropped from the schema first, so VACUUM writes a
    fresh file from the table rows alone and never reads the damaged pages (its copy of an
    index would otherwise carry the damage over). Run it only on a copy of a damaged file.
    """
    with connect(path, "rw") as conn:
        derived = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
            "(type = 'index' OR name = ?)",
            (FTS_TABLE,),
        ).fetchall()
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "DELETE FROM sqlite_master WHERE (type = 'index' AND sql IS NOT NULL) "
            "OR tbl_name = ? OR tbl_name LIKE ? ESCAPE '\\'",
            (FTS_TABLE, FTS_TABLE + "\\_%"),
        )
        conn.commit()
    with connect(path, "rw") as conn:  # a new connection reads the reduced schema
        conn.execute("VACUUM")
        for _type, _name, sql in derived:
            conn.execute(sql)
        conn.execute("REINDEX")
        conn.commit()
        _fill_fts(conn)


def row_count_differences(original: Path, copy: Path) -> list[str]:
    """Return the tables whose row counts differ between two files (FTS tables excepted)."""
    differences = []
    with connect(original, "ro") as first, connect(copy, "ro") as second:
        for (table,) in second.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
            "AND name NOT LIKE ? ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            (FTS_TABLE + "\\_%",),
        ):
            # NOT INDEXED: count the table's own rows, never a (possibly damaged) index.
            query = f'SELECT count(*) FROM "{table}" NOT INDEXED'
            before = first.execute(query).fetchone()[0]
            after = second.execute(query).fetchone()[0]
            if before != after:
                differences.append(f"{table}: {before} rows before, {after} after")
    return differences


# The notes of each release as migration 0002 keeps them in `releases.notes`.
_NOTES_TEXT = NOTES_OF.format(id="releases.id")


def _fill_fts(conn: sqlite3.Connection) -> None:
    if not _has_fts(conn):
        return
    with conn:
        if not _notes_column(conn):  # a library from before migration 0002 (an old backup)
            conn.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, notes) "
                f"SELECT id, title, body, {_NOTES_TEXT} FROM releases"
            )
            return
        conn.execute(f"UPDATE releases SET notes = {_NOTES_TEXT} WHERE notes IS NOT {_NOTES_TEXT}")
        conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _notes_column(conn: sqlite3.Connection) -> bool:
    return any(row[1] == "notes" for row in conn.execute("PRAGMA table_info(releases)"))


def _pragma_problems(conn: sqlite3.Connection, pragma: str) -> list[str]:
    rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}")]
    return [] if rows == ["ok"] else rows


def _is_index_problem(problem: str) -> bool:
    lowered = problem.lower()
    return "index" in lowered and (
        "missing from index" in lowered
        or "wrong # of entries" in lowered
        or "non-unique entry" in lowered
    )


def _foreign_key_problems(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    return [
        f"row {rowid} of {table} refers to a missing row in {parent}"
        for table, rowid, parent, _ in rows
    ]


def _has_fts(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name IN (?, 'releases')", (FTS_TABLE,)
    ).fetchall()
    return len(found) == 2


def _notes_text_problems(conn: sqlite3.Connection) -> list[str]:
    if not _has_fts(conn) or not _notes_column(conn):
        return []
    sql = f"SELECT count(*) FROM releases WHERE notes IS NOT {_NOTES_TEXT}"
    stale = conn.execute(sql).fetchone()[0]
    return [f"search index: the notes of {stale} releases are out of date"] if stale else []


def _fts_integrity_problems(path: Path) -> list[str]:
    # FTS5 runs its check as an INSERT command, which a read-only connection refuses;
    # it writes nothing.
    try:
        with connect(path, "rw") as conn:
            if not _has_fts(conn):
                return []
            # rank 1: compare the index with the releases it is built from, not only itself.
            conn.execute(
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
            )
            conn.rollback()
    except sqlite3.DatabaseError as error:
        if "readonly" in str(error) or "read-only" in str(error):
            return []  # cannot run here (read-only disk); the other checks still ran
        return [f"search index: {_damage(error, path)}"]
    return []


def _damage(error: sqlite3.DatabaseError, path: Path) -> str:
    """Return the damage `error` reports; raise LibraryError when it is not damage at all.

    A full disk, an I/O error or a busy file says nothing about the library's health, and
    must never lead to a sound library being moved aside.
    """
    code = getattr(error, "sqlite_errorcode", None)
    text = str(error)
    if code is not None and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return NOT_A_DATABASE if code & 0xFF == SQLITE_NOTADB else text
    if code is None and ("malformed" in text or "not a database" in text):
        return text
    if "full" in text:
        reason = "the disk is full; free some space and try again"
    elif "locked" in text or "busy" in text:
        reason = "another program is using it; try again"
    else:
        reason = f"{text} (is the disk full, removed or read-only?)"
    raise LibraryError(f"Cannot read the library {path}: {reason}. Nothing was changed.")

"""SQL for releases: insert (import), read, edit, trash, restore, empty the trash, counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.core.storage.connection import Database

# The ids in the trash, from the deleted_at index: reading `deleted_at` from a release row
# walks past its long texts (it sits after the body, behind its overflow pages).
TRASHED = "SELECT id FROM releases WHERE deleted_at IS NOT NULL"
# Live releases: SQLite counts a table's rows from its b-tree pages without visiting them.
LIVE_COUNT = f"(SELECT count(*) FROM releases) - (SELECT count(*) FROM ({TRASHED}))"

COLUMNS = (
    "title",
    "title_proposed",
    "date",
    "source",
    "url",
    "language",
    "filename",
    "imported_at",
    "original",
    "original_sha256",
    "encoding",
    "body",
    "removed",
    "summary",
    "norm_hash",
)
EDITABLE = ("title", "title_proposed", "date", "source", "summary")
# Long texts may arrive as UTF-8 bytes (app.core.parse_wire): CAST stores them as the
# same TEXT a str would give, without decoding them in Python.
_AS_TEXT = ("original", "body", "summary")
_INSERT = (
    f"INSERT INTO releases ({', '.join(COLUMNS)}) VALUES "
    f"({', '.join('CAST(? AS TEXT)' if c in _AS_TEXT else '?' for c in COLUMNS)})"
)
_CHUNK = 500  # stays under SQLite's limit on bound parameters


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    items = sorted(set(ids))
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _marks(items: list[Any]) -> str:
    return ", ".join("?" for _ in items)


def insert(db: Database, row: Mapping[str, Any]) -> int:
    """Insert one release (keys: COLUMNS) and return its id."""
    return db.conn.execute(_INSERT, [row[c] for c in COLUMNS]).lastrowid


def id_by_norm_hash(db: Database, norm_hash: str) -> int | None:
    """Return the id of the release with this normalised-text hash, or None."""
    row = db.conn.execute("SELECT id FROM releases WHERE norm_hash = ?", (norm_hash,)).fetchone()
    return row[0] if row else None


def ids_by_original_sha256(db: Database, hashes: Iterable[str]) -> dict[str, int]:
    """Return {hash: release id} for those `hashes` that a stored original has."""
    items = sorted(set(hashes))
    found: dict[str, int] = {}
    for i in range(0, len(items), _CHUNK):
        chunk = items[i : i + _CHUNK]
        sql = f"SELECT original_sha256, id FROM releases WHERE original_sha256 IN ({_marks(chunk)})"
        found.update(db.conn.execute(sql, chunk).fetchall())
    return found


def get(db: Database, release_id: int) -> dict[str, Any] | None:
    """Return the release row as a dict (without `original`), or None."""
    cursor = db.conn.execute(
        "SELECT id, title, title_proposed, date, source, url, language, filename, imported_at, "
        "body, summary, original_sha256, encoding, removed, deleted_at "
        "FROM releases WHERE id = ?",
        (release_id,),
    )
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def original(db: Database, release_id: int) -> str | None:
    """Return the text exactly as imported, or None."""
    row = db.conn.execute("SELECT original FROM releases WHERE id = ?", (release_id,)).fetchone()
    return row[0] if row else None


def body(db: Database, release_id: int) -> str | None:
    """Return the clean body of a release, or None if it does not exist."""
    row = db.conn.execute("SELECT body FROM releases WHERE id = ?", (release_id,)).fetchone()
    return row[0] if row else None


def existing_ids(db: Database, ids: Iterable[int]) -> set[int]:
    """Return those of `ids` that exist (live or in the trash)."""
    found: set[int] = set()
    for chunk in _chunks(ids):
        sql = f"SELECT id FROM releases WHERE id IN ({_marks(chunk)})"
        found.update(r[0] for r in db.conn.execute(sql, chunk))
    return found


def update(db: Database, release_id: int, fields: Mapping[str, Any]) -> None:
    """Set editable `fields` of one release."""
    bad = set(fields) - set(EDITABLE)
    if bad:
        raise ValueError(f"not editable: {sorted(bad)}")
    sets = ", ".join(f"{c} = ?" for c in fields)
    db.conn.execute(f"UPDATE releases SET {sets} WHERE id = ?", [*fields.values(), release_id])


def trash(db: Database, ids: Iterable[int], when: str) -> set[int]:
    """Move live releases among `ids` to the trash; return the ids that moved."""
    moved: set[int] = set()
    for chunk in _chunks(ids):
        sql = (
            f"UPDATE releases SET deleted_at = ? WHERE id IN ({_marks(chunk)}) "
            "AND deleted_at IS NULL RETURNING id"
        )
        moved.update(r[0] for r in db.conn.execute(sql, [when, *chunk]).fetchall())
    return moved


def restore(db: Database, ids: Iterable[int]) -> set[int]:
    """Bring releases among `ids` back from the trash; return the ids that moved."""
    moved: set[int] = set()
    for chunk in _chunks(ids):
        sql = (
            f"UPDATE releases SET deleted_at = NULL WHERE id IN ({_marks(chunk)}) "
            "AND deleted_at IS NOT NULL RETURNING id"
        )
        moved.update(r[0] for r in db.conn.execute(sql, chunk).fetchall())
    return moved


def empty_trash(db: Database) -> set[int]:
    """Delete every release in the trash (with its tags, notes, highlights, entries)."""
    sql = "DELETE FROM releases WHERE deleted_at IS NOT NULL RETURNING id"
    return {r[0] for r in db.conn.execute(sql).fetchall()}


def counts(db: Database) -> dict[str, int]:
    """Return the status-bar counts: all, trash, tags, notes, highlights."""
    # Shown at every launch and after every change: no release row is read.
    row = db.conn.execute(
        f"SELECT {LIVE_COUNT}, (SELECT count(*) FROM ({TRASHED})), "
        "(SELECT count(*) FROM tags), "
        f"(SELECT count(*) FROM notes WHERE release_id NOT IN ({TRASHED})), "
        f"(SELECT count(*) FROM highlights WHERE release_id NOT IN ({TRASHED}))"
    ).fetchone()
    return dict(zip(("all", "trash", "tags", "notes", "highlights"), row, strict=True))


# -- bulk import ---------------------------------------------------------------------------
# FTS5 writes its pending terms out at every savepoint, and an import takes a savepoint per
# file; so during an import the insert trigger is set aside (inside the import's own
# transaction) and new rows are indexed a couple of thousand at a time, between files.
_FTS_INSERT_TRIGGER = "releases_fts_insert"


def in_transaction(db: Database) -> bool:
    """Return True while a transaction is open (False after SQLite rolled one back itself)."""
    return db.conn.in_transaction


def max_id(db: Database) -> int:
    """Return the highest release id so far (0 for an empty library)."""
    return db.conn.execute("SELECT coalesce(max(id), 0) FROM releases").fetchone()[0]


def suspend_fts_trigger(db: Database) -> str | None:
    """Drop the FTS insert trigger (call inside a transaction); return its SQL to restore."""
    row = db.conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_FTS_INSERT_TRIGGER,)
    ).fetchone()
    if row is None:
        return None
    db.conn.execute(f"DROP TRIGGER {_FTS_INSERT_TRIGGER}")
    return row[0]


def index_new(db: Database, after_id: int) -> int:
    """Add releases with id > after_id to the search index; return the highest id indexed."""
    db.conn.execute(
        "INSERT INTO releases_fts (rowid, title, body, notes) "
        "SELECT id, title, body, notes FROM releases WHERE id > ? ORDER BY id",
        (after_id,),
    )
    return max_id(db)


def restore_fts_trigger(db: Database, sql: str | None) -> None:
    """Put back the FTS insert trigger removed by suspend_fts_trigger."""
    if sql is not None:
        db.conn.execute(sql)

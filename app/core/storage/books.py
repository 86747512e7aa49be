"""SQL for book definitions: books, their ordered sections, and the entries in each section.

Positions are dense (0, 1, 2, ...) within a book's sections and within a section's entries;
the logic in `app.core.books` decides the order and hands it here as a list of ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from app.core.storage.connection import Database

COVER_FIELDS = (
    "title",
    "subtitle",
    "event",
    "date",
    "location",
    "prepared_for",
    "prepared_by",
    "marking",
)
_BOOK_COLUMNS = ("id", "name", *COVER_FIELDS, "created_at", "modified_at")
SECTION_FIELDS = ("heading", "text")
ENTRY_FLAGS = ("summary_only", "include_notes", "include_highlights")
_CHUNK = 500  # stays under SQLite's limit on bound parameters


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _one(cursor: Any) -> dict[str, Any] | None:
    rows = _dicts(cursor)
    return rows[0] if rows else None


def _set_clause(fields: Mapping[str, Any], allowed: Sequence[str]) -> str:
    bad = set(fields) - set(allowed)
    if bad:
        raise ValueError(f"not editable: {sorted(bad)}")
    return ", ".join(f'"{c}" = ?' for c in fields)


# Books ------------------------------------------------------------------------------------


def list_books(db: Database) -> list[dict[str, Any]]:
    """Return every book row, ordered by name."""
    sql = f"SELECT {', '.join(_BOOK_COLUMNS)} FROM books ORDER BY name COLLATE NOCASE, id"
    return _dicts(db.conn.execute(sql))


def get_book(db: Database, book_id: int) -> dict[str, Any] | None:
    """Return one book row, or None."""
    sql = f"SELECT {', '.join(_BOOK_COLUMNS)} FROM books WHERE id = ?"
    return _one(db.conn.execute(sql, (book_id,)))


def book_id_by_name(db: Database, name: str) -> int | None:
    """Return the id of the book called `name` (case-insensitive), or None."""
    row = db.conn.execute("SELECT id FROM books WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def insert_book(db: Database, name: str, cover: Mapping[str, Any], now: str) -> int:
    """Insert a book with its cover fields and return its id."""
    _set_clause(cover, COVER_FIELDS)  # validates the keys
    columns = ["name", *cover, "created_at", "modified_at"]
    marks = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO books ({', '.join(columns)}) VALUES ({marks})"
    return db.conn.execute(sql, [name, *cover.values(), now, now]).lastrowid


def update_book(db: Database, book_id: int, fields: Mapping[str, Any], now: str) -> None:
    """Set cover fields (and the marking) of a book and stamp it modified."""
    sets = _set_clause(fields, COVER_FIELDS)
    sql = f"UPDATE books SET {sets}, modified_at = ? WHERE id = ?"
    db.conn.execute(sql, [*fields.values(), now, book_id])


def rename_book(db: Database, book_id: int, name: str, now: str) -> None:
    """Give a book a new name."""
    sql = "UPDATE books SET name = ?, modified_at = ? WHERE id = ?"
    db.conn.execute(sql, (name, now, book_id))


def touch_book(db: Database, book_id: int, now: str) -> None:
    """Stamp a book modified (its sections or entries changed)."""
    db.conn.execute("UPDATE books SET modified_at = ? WHERE id = ?", (now, book_id))


def delete_book(db: Database, book_id: int) -> None:
    """Delete a book; its sections and entries go with it (foreign keys cascade)."""
    db.conn.execute("DELETE FROM books WHERE id = ?", (book_id,))


# Sections ---------------------------------------------------------------------------------


def sections(db: Database, book_id: int) -> list[dict[str, Any]]:
    """Return the section rows of a book in order."""
    sql = (
        "SELECT id, book_id, position, heading, text FROM sections "
        "WHERE book_id = ? ORDER BY position, id"
    )
    return _dicts(db.conn.execute(sql, (book_id,)))


def get_section(db: Database, section_id: int) -> dict[str, Any] | None:
    """Return one section row, or None."""
    sql = "SELECT id, book_id, position, heading, text FROM sections WHERE id = ?"
    return _one(db.conn.execute(sql, (section_id,)))


def insert_section(db: Database, book_id: int, position: int, heading: str, text: str) -> int:
    """Insert a section row and return its id (the caller renumbers positions)."""
    sql = "INSERT INTO sections (book_id, position, heading, text) VALUES (?, ?, ?, ?)"
    return db.conn.execute(sql, (book_id, position, heading, text)).lastrowid


def update_section(db: Database, section_id: int, fields: Mapping[str, Any]) -> None:
    """Set the heading and/or free text of a section."""
    sets = _set_clause(fields, SECTION_FIELDS)
    db.conn.execute(f"UPDATE sections SET {sets} WHERE id = ?", [*fields.values(), section_id])


def delete_section(db: Database, section_id: int) -> None:
    """Delete a section; its entries go with it."""
    db.conn.execute("DELETE FROM sections WHERE id = ?", (section_id,))


def set_section_order(db: Database, section_ids: Sequence[int]) -> None:
    """Number sections 0, 1, 2, ... in the order given, writing only positions that differ."""
    _renumber(db, "sections", section_ids)


# Entries ----------------------------------------------------------------------------------

_ENTRY_SELECT = (
    "SELECT e.id, e.section_id, e.release_id, e.position, r.title, "
    "e.summary_only, e.include_notes, e.include_highlights "
    "FROM entries e JOIN releases r ON r.id = e.release_id"
)


def book_entries(db: Database, book_id: int) -> list[dict[str, Any]]:
    """Return every entry row of a book (with the release title), by section then position."""
    sql = (
        f"{_ENTRY_SELECT} JOIN sections s ON s.id = e.section_id "
        "WHERE s.book_id = ? ORDER BY s.position, s.id, e.position, e.id"
    )
    return _dicts(db.conn.execute(sql, (book_id,)))


def get_entry(db: Database, entry_id: int) -> dict[str, Any] | None:
    """Return one entry row (with its release title and book id), or None."""
    sql = (
        "SELECT e.id, e.section_id, e.release_id, e.position, r.title, e.summary_only, "
        "e.include_notes, e.include_highlights, s.book_id "
        "FROM entries e JOIN releases r ON r.id = e.release_id "
        "JOIN sections s ON s.id = e.section_id WHERE e.id = ?"
    )
    return _one(db.conn.execute(sql, (entry_id,)))


def entry_ids(db: Database, section_id: int) -> list[int]:
    """Return the entry ids of a section in order."""
    sql = "SELECT id FROM entries WHERE section_id = ? ORDER BY position, id"
    return [r[0] for r in db.conn.execute(sql, (section_id,))]


def insert_entry(
    db: Database,
    section_id: int,
    release_id: int,
    position: int,
    flags: Mapping[str, bool] | None = None,
) -> int:
    """Insert an entry row and return its id (the caller renumbers positions)."""
    flags = dict(flags or {})
    _set_clause(flags, ENTRY_FLAGS)
    columns = ["section_id", "release_id", "position", *flags]
    marks = ", ".join("?" for _ in columns)
    values = [section_id, release_id, position, *(int(v) for v in flags.values())]
    sql = f"INSERT INTO entries ({', '.join(columns)}) VALUES ({marks})"
    return db.conn.execute(sql, values).lastrowid


def update_entry(db: Database, entry_id: int, flags: Mapping[str, bool]) -> None:
    """Set per-entry choices (summary only, include notes, include highlights)."""
    sets = _set_clause(flags, ENTRY_FLAGS)
    values = [int(v) for v in flags.values()]
    db.conn.execute(f"UPDATE entries SET {sets} WHERE id = ?", [*values, entry_id])


def move_entry_to(db: Database, entry_id: int, section_id: int) -> None:
    """Put an entry in another section (the caller renumbers both sections)."""
    db.conn.execute("UPDATE entries SET section_id = ? WHERE id = ?", (section_id, entry_id))


def delete_entry(db: Database, entry_id: int) -> None:
    """Delete one entry."""
    db.conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))


def set_entry_order(db: Database, ids: Sequence[int]) -> None:
    """Number entries 0, 1, 2, ... in the order given, writing only positions that differ."""
    _renumber(db, "entries", ids)


def _renumber(db: Database, table: str, ids: Sequence[int]) -> None:
    # Only changed rows are written, so an undo step records no more than the move.
    sql = f"UPDATE {table} SET position = ? WHERE id = ? AND position IS NOT ?"
    db.conn.executemany(sql, [(position, row_id, position) for position, row_id in enumerate(ids)])


def release_ids(db: Database, book_id: int) -> set[int]:
    """Return the ids of every release placed in a book."""
    sql = (
        "SELECT DISTINCT e.release_id FROM entries e JOIN sections s ON s.id = e.section_id "
        "WHERE s.book_id = ?"
    )
    return {r[0] for r in db.conn.execute(sql, (book_id,))}


def release_states(db: Database, ids: Iterable[int]) -> dict[int, bool]:
    """Return {release id: is live} for those of `ids` that exist (False = in the trash)."""
    found: dict[int, bool] = {}
    items = sorted(set(ids))
    for i in range(0, len(items), _CHUNK):
        chunk = items[i : i + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT id, deleted_at IS NULL FROM releases WHERE id IN ({marks})"
        found.update((r[0], bool(r[1])) for r in db.conn.execute(sql, chunk))
    return found


def sample_candidates(db: Database) -> list[dict[str, Any]]:
    """Return id, title, date and body of every live release (a new library's seeds)."""
    sql = (
        "SELECT id, title, date, body FROM releases WHERE deleted_at IS NULL "
        "ORDER BY date DESC, id LIMIT 2000"
    )
    return _dicts(db.conn.execute(sql))

"""SQL for saved searches: a name, the search-box text, and the other filters as JSON."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from app.core.errors import LibraryError, NotFoundError

if TYPE_CHECKING:
    from app.core.storage.connection import Database


def all_saved(db: Database) -> list[tuple[int, str, str, dict]]:
    """Return (id, name, text, filters) for every saved search, ordered by name."""
    rows = db.execute(
        "SELECT id, name, query, filters FROM saved_searches ORDER BY name COLLATE NOCASE"
    ).fetchall()
    return [(i, name, text, _load(filters)) for i, name, text, filters in rows]


def save(db: Database, name: str, text: str, filters: dict) -> int:
    """Store (or replace, by case-insensitive name) a saved search; return its id."""
    try:
        with db.atomic():
            db.execute(
                "INSERT INTO saved_searches(name, query, filters) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET name = excluded.name,"
                " query = excluded.query, filters = excluded.filters",
                [name, text, json.dumps(filters, sort_keys=True)],
            )
            return db.execute("SELECT id FROM saved_searches WHERE name = ?", [name]).fetchone()[0]
    except sqlite3.Error as error:
        raise LibraryError(f"The search “{name}” could not be saved: {error}.") from error


def delete(db: Database, saved_id: int) -> str:
    """Delete a saved search; return its name (NotFoundError if there is none)."""
    try:
        with db.atomic():
            row = db.execute("SELECT name FROM saved_searches WHERE id = ?", [saved_id]).fetchone()
            if row is None:
                raise NotFoundError(f"There is no saved search number {saved_id}.")
            db.execute("DELETE FROM saved_searches WHERE id = ?", [saved_id])
            return row[0]
    except sqlite3.Error as error:
        raise LibraryError(f"The saved search could not be deleted: {error}.") from error


def _load(filters: str) -> dict:
    """Return the filters JSON as a dict ({} when it is not valid JSON)."""
    try:
        value = json.loads(filters or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}

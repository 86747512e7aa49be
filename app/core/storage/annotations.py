"""SQL for notes and highlights."""

from __future__ import annotations

from typing import Any

from app.core.storage.connection import Database


def _dicts(cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def notes(db: Database, release_id: int) -> list[dict[str, Any]]:
    """Return the notes of a release, oldest first."""
    return _dicts(
        db.conn.execute(
            "SELECT id, release_id, text, created_at, modified_at FROM notes "
            "WHERE release_id = ? ORDER BY created_at, id",
            (release_id,),
        )
    )


def note(db: Database, note_id: int) -> dict[str, Any] | None:
    """Return one note, or None."""
    found = _dicts(
        db.conn.execute(
            "SELECT id, release_id, text, created_at, modified_at FROM notes WHERE id = ?",
            (note_id,),
        )
    )
    return found[0] if found else None


def insert_note(db: Database, release_id: int, text: str, when: str) -> int:
    """Add a note and return its id."""
    return db.conn.execute(
        "INSERT INTO notes (release_id, text, created_at, modified_at) VALUES (?, ?, ?, ?)",
        (release_id, text, when, when),
    ).lastrowid


def update_note(db: Database, note_id: int, text: str, when: str) -> None:
    """Change a note's text."""
    db.conn.execute(
        "UPDATE notes SET text = ?, modified_at = ? WHERE id = ?", (text, when, note_id)
    )


def delete_note(db: Database, note_id: int) -> None:
    """Delete a note."""
    db.conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))


_HIGHLIGHT = (
    'SELECT id, release_id, quote, prefix, suffix, start, "end", comment, colour, created_at '
    "FROM highlights"
)


def highlights(db: Database, release_id: int) -> list[dict[str, Any]]:
    """Return the stored highlights of a release, in text order."""
    return _dicts(
        db.conn.execute(_HIGHLIGHT + " WHERE release_id = ? ORDER BY start, id", (release_id,))
    )


def highlight(db: Database, highlight_id: int) -> dict[str, Any] | None:
    """Return one stored highlight, or None."""
    found = _dicts(db.conn.execute(_HIGHLIGHT + " WHERE id = ?", (highlight_id,)))
    return found[0] if found else None


def insert_highlight(db: Database, row: dict[str, Any]) -> int:
    """Add a highlight (keys: release_id, quote, prefix, suffix, start, end, comment, colour,
    created_at) and return its id."""
    return db.conn.execute(
        'INSERT INTO highlights (release_id, quote, prefix, suffix, start, "end", comment, '
        "colour, created_at) VALUES (:release_id, :quote, :prefix, :suffix, :start, :end, "
        ":comment, :colour, :created_at)",
        row,
    ).lastrowid


def update_highlight(db: Database, highlight_id: int, fields: dict[str, Any]) -> None:
    """Set the comment and/or colour of a highlight."""
    bad = set(fields) - {"comment", "colour"}
    if bad:
        raise ValueError(f"not editable: {sorted(bad)}")
    sets = ", ".join(f"{c} = ?" for c in fields)
    db.conn.execute(f"UPDATE highlights SET {sets} WHERE id = ?", [*fields.values(), highlight_id])


def delete_highlight(db: Database, highlight_id: int) -> None:
    """Delete a highlight."""
    db.conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))

"""SQL for tags and which releases carry them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.core.storage.connection import Database
from app.core.storage.releases import TRASHED

# Counts are of live releases only: a release in the trash does not count towards its tags.
# The trash is read from the deleted_at index: reading deleted_at from each release row
# walks past its long texts (35 ms for the corpus at every launch; this takes 2 ms).
_WITH_COUNTS = f"""
SELECT t.id, t.name, t.colour,
       (SELECT count(*) FROM release_tags rt WHERE rt.tag_id = t.id AND rt.release_id
        NOT IN ({TRASHED})) AS count
FROM tags t
"""


def _dicts(cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def all_tags(db: Database) -> list[dict[str, Any]]:
    """Return every tag (id, name, colour, count), ordered by name, case-insensitively."""
    return _dicts(db.conn.execute(_WITH_COUNTS + " ORDER BY t.name COLLATE NOCASE, t.id"))


def by_id(db: Database, tag_id: int) -> dict[str, Any] | None:
    """Return one tag with its count, or None."""
    found = _dicts(db.conn.execute(_WITH_COUNTS + " WHERE t.id = ?", (tag_id,)))
    return found[0] if found else None


def names(db: Database) -> list[tuple[int, str]]:
    """Return (id, name) of every tag."""
    return db.conn.execute("SELECT id, name FROM tags").fetchall()


def colours_in_use(db: Database) -> list[str]:
    """Return the colour of every tag."""
    return [r[0] for r in db.conn.execute("SELECT colour FROM tags")]


def insert(db: Database, name: str, colour: str) -> int:
    """Create a tag and return its id."""
    return db.conn.execute(
        "INSERT INTO tags (name, colour) VALUES (?, ?)", (name, colour)
    ).lastrowid


def rename(db: Database, tag_id: int, name: str) -> None:
    """Rename a tag."""
    db.conn.execute("UPDATE tags SET name = ? WHERE id = ?", (name, tag_id))


def recolour(db: Database, tag_id: int, colour: str) -> None:
    """Set a tag's colour."""
    db.conn.execute("UPDATE tags SET colour = ? WHERE id = ?", (colour, tag_id))


def delete(db: Database, tag_id: int) -> None:
    """Delete a tag; it comes off every release."""
    db.conn.execute("DELETE FROM tags WHERE id = ?", (tag_id,))


def release_ids(db: Database, tag_id: int) -> set[int]:
    """Return the ids of every release (live or trashed) carrying the tag."""
    rows = db.conn.execute("SELECT release_id FROM release_tags WHERE tag_id = ?", (tag_id,))
    return {r[0] for r in rows}


def merge(db: Database, source_id: int, target_id: int) -> None:
    """Put `target_id` on every release carrying `source_id`, then delete `source_id`."""
    db.conn.execute(
        "INSERT OR IGNORE INTO release_tags (release_id, tag_id) "
        "SELECT release_id, ? FROM release_tags WHERE tag_id = ?",
        (target_id, source_id),
    )
    delete(db, source_id)


def attach(db: Database, release_ids: Iterable[int], tag_id: int) -> set[int]:
    """Tag releases; return the ids that did not carry the tag before."""
    added = set()
    for rid in release_ids:
        cursor = db.conn.execute(
            "INSERT OR IGNORE INTO release_tags (release_id, tag_id) VALUES (?, ?)", (rid, tag_id)
        )
        if cursor.rowcount:
            added.add(rid)
    return added


def attach_pairs(db: Database, pairs: Iterable[tuple[int, int]]) -> None:
    """Tag releases given as (release id, tag id) pairs, in one statement (imports)."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO release_tags (release_id, tag_id) VALUES (?, ?)", pairs
    )


def detach(db: Database, release_ids: Iterable[int], tag_id: int) -> set[int]:
    """Untag releases; return the ids that carried the tag."""
    removed = set()
    for rid in release_ids:
        cursor = db.conn.execute(
            "DELETE FROM release_tags WHERE release_id = ? AND tag_id = ?", (rid, tag_id)
        )
        if cursor.rowcount:
            removed.add(rid)
    return removed


def carrying(db: Database, release_ids: Iterable[int], tag_id: int) -> set[int]:
    """Return those of `release_ids` that carry the tag."""
    ids = list(release_ids)
    found: set[int] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT release_id FROM release_tags WHERE tag_id = ? AND release_id IN ({marks})"
        found.update(r[0] for r in db.conn.execute(sql, [tag_id, *chunk]))
    return found


def tags_of(db: Database, release_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Return {release id: [tag dicts]} ordered by tag name; counts are 0 (not computed).

    Counting every tag costs tens of milliseconds on a big library, and a release's own
    tags (the reader, the tag editor) never show counts: `all_tags` has them.
    """
    ids = list(release_ids)
    result: dict[int, list[dict[str, Any]]] = {rid: [] for rid in ids}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        sql = (
            "SELECT rt.release_id, t.id, t.name, t.colour FROM release_tags rt"
            f" JOIN tags t ON t.id = rt.tag_id WHERE rt.release_id IN ({marks})"
        )
        for rid, tid, name, colour in db.conn.execute(sql, chunk):
            result[rid].append({"id": tid, "name": name, "colour": colour, "count": 0})
    for tags in result.values():
        tags.sort(key=lambda t: (t["name"].casefold(), t["id"]))
    return result
    tag_rows = {t["id"]: t for t in all_tags(db)}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT release_id, tag_id FROM release_tags WHERE release_id IN ({marks})"
        for rid, tid in db.conn.execute(sql, chunk):
            result[rid].append(tag_rows[tid])
    for tags in result.values():
        tags.sort(key=lambda t: (t["name"].casefold(), t["id"]))
    return result

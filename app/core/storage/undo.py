"""The undo log: TEMP triggers record how to invert every change to the user's tables.

This is SQLite's own undo/redo technique (sqlite.org/undoredo.html), with the inverse kept
as JSON rather than SQL text so replays are parameterised. Each trigger appends one row per
changed row to `temp.undo_log` under the open step (`temp.undo_state.step`); a step is one
user action. Undoing a step replays its rows backwards while the triggers record the
opposite into a new step on the other stack. Everything lives in the TEMP schema: history
belongs to this connection and ends when the library is closed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from app.core.storage.connection import Database

# The user-editable tables. Releases record only the columns a user can change on UPDATE
# (the original text and body never change after import, and copying them on every trash
# would bloat the log); a DELETE records the whole row so emptying the trash can be undone.
TRACKED = (
    "releases",
    "tags",
    "release_tags",
    "notes",
    "highlights",
    "books",
    "sections",
    "entries",
)
RELEASE_EDITABLE = ("title", "title_proposed", "date", "source", "summary", "deleted_at")

# How a logged row names the release and book it concerns, so undo can say what changed.
_RELEASE_OF = {
    "releases": "{r}.id",
    "release_tags": "{r}.release_id",
    "notes": "{r}.release_id",
    "highlights": "{r}.release_id",
    "entries": "{r}.release_id",
}
_BOOK_OF = {
    "books": "{r}.id",
    "sections": "{r}.book_id",
    "entries": "(SELECT book_id FROM main.sections WHERE id = {r}.section_id)",
}

_SETUP = """
CREATE TEMP TABLE IF NOT EXISTS undo_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    step INTEGER                 -- the step changes are recorded into; NULL = none open
);
INSERT OR IGNORE INTO temp.undo_state (id, step) VALUES (1, NULL);
CREATE TEMP TABLE IF NOT EXISTS undo_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL,
    stack TEXT NOT NULL CHECK (stack IN ('undo', 'redo'))
);
CREATE TEMP TABLE IF NOT EXISTS undo_log (
    seq INTEGER PRIMARY KEY,
    step INTEGER,                -- NULL: written outside any step (adopted later)
    tbl TEXT NOT NULL,
    op TEXT NOT NULL,            -- the change made: insert, update or delete
    key TEXT NOT NULL,           -- JSON: primary-key columns of the row
    data TEXT,                   -- JSON: the old values (update, delete)
    release_id INTEGER,
    book_id INTEGER
);
CREATE INDEX IF NOT EXISTS temp.undo_log_step ON undo_log(step, seq);
"""


@dataclass(frozen=True)
class LoggedRow:
    """One recorded change, enough to invert it."""

    tbl: str
    op: str
    key: dict
    data: dict | None
    release_id: int | None
    book_id: int | None


def install(db: Database) -> None:
    """Create the TEMP log tables and triggers on this connection (idempotent)."""
    db.conn.executescript(_SETUP)  # commits first: call it outside any transaction
    install_triggers(db)


_OPS = ("insert", "update", "delete")


def install_triggers(db: Database) -> None:
    """Create (or re-create) the TEMP triggers that record changes; safe in a transaction."""
    uninstall_triggers(db)
    for table in TRACKED:
        columns, keys = _columns(db, table)
        if not columns:
            continue
        for op in _OPS:
            db.conn.execute(_trigger_sql(table, op, columns, keys))


def uninstall_triggers(db: Database) -> None:
    """Drop the TEMP triggers: nothing is recorded until `install_triggers` (imports).

    Dropped rather than switched off: a trigger that could fire, even one that records
    nothing, makes SQLite keep a statement journal for every insert (a copy of each index
    page touched): about 400,000 writes to a temporary file per corpus import.
    """
    for table in TRACKED:
        for op in _OPS:
            db.conn.execute(f"DROP TRIGGER IF EXISTS temp.undo_{table}_{op}")


def recording(db: Database) -> bool:
    """Return True while the TEMP triggers are installed (changes are being recorded)."""
    sql = "SELECT 1 FROM temp.sqlite_master WHERE type = 'trigger' AND name = ?"
    return db.conn.execute(sql, (f"undo_{TRACKED[0]}_insert",)).fetchone() is not None


def _columns(db: Database, table: str) -> tuple[list[str], list[str]]:
    rows = db.conn.execute(f"PRAGMA main.table_info({table})").fetchall()
    columns = [r[1] for r in rows]
    keys = [r[1] for r in sorted(rows, key=lambda r: r[5]) if r[5] > 0]
    return columns, keys


def _json_of(ref: str, columns: list[str] | tuple[str, ...]) -> str:
    pairs = ", ".join(f"'{c}', {ref}.\"{c}\"" for c in columns)
    return f"json_object({pairs})"


def _trigger_sql(table: str, op: str, columns: list[str], keys: list[str]) -> str:
    ref = "new" if op == "insert" else "old"
    if op == "insert":
        data = "NULL"
    elif op == "update":
        data = _json_of("old", RELEASE_EDITABLE if table == "releases" else columns)
    else:
        data = _json_of("old", columns)
    release = _RELEASE_OF.get(table, "NULL").format(r=ref)
    book = _BOOK_OF.get(table, "NULL").format(r=ref)
    # Only the columns a user edits: the notes text a trigger keeps in step is not a change.
    columns_of = (
        f" OF {', '.join(RELEASE_EDITABLE)}" if (table, op) == ("releases", "update") else ""
    )
    return f"""
    CREATE TEMP TRIGGER undo_{table}_{op} AFTER {op.upper()}{columns_of} ON main.{table}
    BEGIN
        INSERT INTO undo_log (step, tbl, op, key, data, release_id, book_id)
        SELECT step, '{table}', '{op}', {_json_of(ref, keys)}, {data}, {release}, {book}
        FROM temp.undo_state;
    END
    """


def open_step(db: Database, label: str, stack: str = "undo") -> int:
    """Return the id of a new step that later changes are recorded into."""
    cursor = db.conn.execute(
        "INSERT INTO temp.undo_steps (label, stack) VALUES (?, ?)", (label, stack)
    )
    step = cursor.lastrowid
    db.conn.execute("UPDATE temp.undo_state SET step = ?", (step,))
    return step


def current_step(db: Database) -> int | None:
    """Return the open step, or None."""
    return db.conn.execute("SELECT step FROM temp.undo_state").fetchone()[0]


def close_step(db: Database, step: int) -> bool:
    """Stop recording into `step`; forget it if it recorded nothing. Return True if kept."""
    conn = db.conn
    conn.execute("UPDATE temp.undo_state SET step = NULL")
    if conn.execute("SELECT 1 FROM temp.undo_log WHERE step = ? LIMIT 1", (step,)).fetchone():
        return True
    conn.execute("DELETE FROM temp.undo_steps WHERE id = ?", (step,))
    return False


def has_orphans(db: Database) -> bool:
    """Return True if changes were recorded outside any step."""
    sql = "SELECT 1 FROM temp.undo_log WHERE step IS NULL LIMIT 1"
    return db.conn.execute(sql).fetchone() is not None


def relabel(db: Database, step: int, label: str) -> None:
    """Give `step` the final label of the action."""
    db.conn.execute("UPDATE temp.undo_steps SET label = ? WHERE id = ?", (label, step))


def adopt_orphans(db: Database, label: str = "Edit") -> bool:
    """Group changes made outside any step into one step of their own; return True if any."""
    conn = db.conn
    if not has_orphans(db):
        return False
    step = conn.execute(
        "INSERT INTO temp.undo_steps (label, stack) VALUES (?, 'undo')", (label,)
    ).lastrowid
    conn.execute("UPDATE temp.undo_log SET step = ? WHERE step IS NULL", (step,))
    clear_stack(db, "redo")
    return True


def clear_stack(db: Database, stack: str) -> None:
    """Forget every step on `stack` ('undo' or 'redo')."""
    conn = db.conn
    conn.execute(
        "DELETE FROM temp.undo_log WHERE step IN (SELECT id FROM temp.undo_steps WHERE stack = ?)",
        (stack,),
    )
    conn.execute("DELETE FROM temp.undo_steps WHERE stack = ?", (stack,))


def prune(db: Database, keep: int) -> None:
    """Forget the oldest undo steps beyond the newest `keep`."""
    conn = db.conn
    old = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM temp.undo_steps WHERE stack = 'undo' ORDER BY id DESC LIMIT -1 OFFSET ?",
            (keep,),
        )
    ]
    for step in old:
        forget_step(db, step)


def forget_step(db: Database, step: int) -> None:
    """Delete one step and its log."""
    db.conn.execute("DELETE FROM temp.undo_log WHERE step = ?", (step,))
    db.conn.execute("DELETE FROM temp.undo_steps WHERE id = ?", (step,))


def top(db: Database, stack: str) -> tuple[int, str] | None:
    """Return (step, label) of the newest step on `stack`, or None."""
    row = db.conn.execute(
        "SELECT id, label FROM temp.undo_steps WHERE stack = ? ORDER BY id DESC LIMIT 1", (stack,)
    ).fetchone()
    return (row[0], row[1]) if row else None


def rows(db: Database, step: int) -> list[LoggedRow]:
    """Return the rows of `step`, newest first (the order to replay them in)."""
    return [
        LoggedRow(tbl, op, json.loads(key), json.loads(data) if data else None, rid, bid)
        for tbl, op, key, data, rid, bid in db.conn.execute(
            "SELECT tbl, op, key, data, release_id, book_id FROM temp.undo_log "
            "WHERE step = ? ORDER BY seq DESC",
            (step,),
        )
    ]


def replay_inverse(db: Database, row: LoggedRow) -> None:
    """Undo one recorded change (its own inverse is recorded by the triggers)."""
    if row.tbl not in TRACKED:
        raise ValueError(f"untracked table {row.tbl}")
    where = " AND ".join(f'"{k}" = ?' for k in row.key)
    key_values = list(row.key.values())
    if row.op == "insert":
        db.conn.execute(f"DELETE FROM main.{row.tbl} WHERE {where}", key_values)
    elif row.op == "update":
        assert row.data is not None
        sets = ", ".join(f'"{c}" = ?' for c in row.data)
        db.conn.execute(
            f"UPDATE main.{row.tbl} SET {sets} WHERE {where}", [*row.data.values(), *key_values]
        )
    else:
        assert row.data is not None
        names = ", ".join(f'"{c}"' for c in row.data)
        marks = ", ".join("?" for _ in row.data)
        db.conn.execute(
            f"INSERT INTO main.{row.tbl} ({names}) VALUES ({marks})", list(row.data.values())
        )


def defer_foreign_keys(db: Database) -> None:
    """Check foreign keys at commit, so a replay may restore children before parents."""
    db.conn.execute("PRAGMA defer_foreign_keys = ON")

"""The library's connection object: a sqlite3 connection with savepoint-nesting `atomic`.

The storage layer needs only this much of sqlite-utils' Database (conn, execute,
executescript, atomic, close); importing sqlite-utils costs about 0.1 s (click, dateutil,
pluggy), which opening the window should not pay. sqlite-utils is still what applies the
schema migrations (see database.py), loaded only when a migration is pending.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_SAVEPOINTS = itertools.count(1)  # unique savepoint names within the process


class Database:
    """An open library connection (only app/core/storage may run SQL on it)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @classmethod
    def memory(cls) -> Database:
        """Return a Database on a new in-memory SQLite database."""
        return cls(sqlite3.connect(":memory:"))

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        """Return the cursor of one statement."""
        return self.conn.execute(sql, parameters)

    def executescript(self, script: str) -> sqlite3.Cursor:
        """Return the cursor of a script (sqlite3 commits any open transaction first)."""
        return self.conn.executescript(script)

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """Run the block in a transaction, or in a savepoint when one is open already."""
        if self.conn.in_transaction:
            with self._savepoint():
                yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            self.conn.rollback()  # a no-op when an error already ended the transaction
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.rollback()
            raise

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        name = f"briefbook_{next(_SAVEPOINTS)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            # An error such as disk full may have ended the whole transaction, savepoints
            # included; rolling back to a savepoint that is gone would hide the real error.
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.conn.execute(f"RELEASE SAVEPOINT {name}")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

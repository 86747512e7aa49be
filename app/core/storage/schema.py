"""The library schema, as append-only numbered migrations.

Never edit a migration once it has shipped: add a new one at the end. A library whose
applied migrations include a name this list does not know was written by a newer version.

Units: every text offset stored here counts Unicode code points of `releases.body`.
Dates are ISO `YYYY-MM-DD` text (NULL when unknown); timestamps are ISO 8601 UTC text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.core.storage.connection import Database

if TYPE_CHECKING:
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "briefbook"
# (name, function) in the order they apply. sqlite-utils' Migrations object is built from
# this list only when a migration is pending: importing sqlite-utils costs ~0.1 s at launch.
MIGRATIONS: list[tuple[str, Callable[[Any], None]]] = []
_LOADED: dict[str, Migrations] = {}


def _migration(name: str) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Return a decorator that appends a migration function to MIGRATIONS under `name`."""

    def register(function: Callable[[Any], None]) -> Callable[[Any], None]:
        MIGRATIONS.append((name, function))
        return function

    return register


@_migration("0001_initial")
def _initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE releases (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            title_proposed INTEGER NOT NULL DEFAULT 0,  -- 1 until the user confirms it
            date TEXT,                                  -- YYYY-MM-DD or NULL if unknown
            source TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            language TEXT,
            filename TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            original TEXT NOT NULL,                     -- the text exactly as imported
            original_sha256 TEXT NOT NULL,              -- hash of the original bytes
            encoding TEXT NOT NULL DEFAULT 'utf-8',
            body TEXT NOT NULL,                         -- clean paragraphs joined by \\n\\n
            removed TEXT NOT NULL DEFAULT '[]',         -- JSON: characters removed from body
            summary TEXT NOT NULL DEFAULT '',
            norm_hash TEXT NOT NULL UNIQUE,             -- duplicate detection
            deleted_at TEXT                             -- set while in the trash
        );
        CREATE INDEX releases_date ON releases(date);
        CREATE INDEX releases_title ON releases(title COLLATE NOCASE);
        CREATE INDEX releases_source ON releases(source COLLATE NOCASE);
        CREATE INDEX releases_imported ON releases(imported_at);
        CREATE INDEX releases_deleted ON releases(deleted_at);
        -- Re-importing a file whose exact bytes are stored already skips parsing it.
        CREATE INDEX releases_original_sha256 ON releases(original_sha256);

        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            colour TEXT NOT NULL DEFAULT '#607d8b'
        );
        CREATE TABLE release_tags (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (release_id, tag_id)
        ) WITHOUT ROWID;
        CREATE INDEX release_tags_tag ON release_tags(tag_id, release_id);

        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            modified_at TEXT NOT NULL
        );
        CREATE INDEX notes_release ON notes(release_id);

        CREATE TABLE highlights (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            quote TEXT NOT NULL,                        -- exact highlighted text
            prefix TEXT NOT NULL DEFAULT '',            -- context before (up to 32 chars)
            suffix TEXT NOT NULL DEFAULT '',            -- context after (up to 32 chars)
            start INTEGER NOT NULL,                     -- code points into body
            "end" INTEGER NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            colour TEXT NOT NULL DEFAULT '#fff176',
            created_at TEXT NOT NULL
        );
        CREATE INDEX highlights_release ON highlights(release_id);

        CREATE TABLE books (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            title TEXT NOT NULL DEFAULT '',
            subtitle TEXT NOT NULL DEFAULT '',
            event TEXT NOT NULL DEFAULT '',
            date TEXT,
            location TEXT NOT NULL DEFAULT '',
            prepared_for TEXT NOT NULL DEFAULT '',
            prepared_by TEXT NOT NULL DEFAULT '',
            marking TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            modified_at TEXT NOT NULL
        );
        CREATE TABLE sections (
            id INTEGER PRIMARY KEY,
            book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            heading TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX sections_book ON sections(book_id, position);
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            summary_only INTEGER NOT NULL DEFAULT 0,
            include_notes INTEGER NOT NULL DEFAULT 1,
            include_highlights INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX entries_section ON entries(section_id, position);
        CREATE INDEX entries_release ON entries(release_id);

        CREATE TABLE saved_searches (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            query TEXT NOT NULL DEFAULT '',
            filters TEXT NOT NULL DEFAULT '{}'         -- JSON: since, until, tag, source, view
        );

        -- Full-text index over title, body and the release's notes; rowid = releases.id.
        -- remove_diacritics 2 lets `mexico` find `México`.
        CREATE VIRTUAL TABLE releases_fts USING fts5(
            title, body, notes,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER releases_fts_insert AFTER INSERT ON releases BEGIN
            INSERT INTO releases_fts(rowid, title, body, notes)
            VALUES (new.id, new.title, new.body, '');
        END;
        CREATE TRIGGER releases_fts_update AFTER UPDATE OF title, body ON releases BEGIN
            UPDATE releases_fts SET title = new.title, body = new.body WHERE rowid = new.id;
        END;
        CREATE TRIGGER releases_fts_delete AFTER DELETE ON releases BEGIN
            DELETE FROM releases_fts WHERE rowid = old.id;
        END;
        CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
            UPDATE releases_fts SET notes = (
                SELECT coalesce(group_concat(text, char(10)), '') FROM notes
                WHERE release_id = new.release_id) WHERE rowid = new.release_id;
        END;
        CREATE TRIGGER notes_fts_update AFTER UPDATE ON notes BEGIN
            UPDATE releases_fts SET notes = (
                SELECT coalesce(group_concat(text, char(10)), '') FROM notes
                WHERE release_id = new.release_id) WHERE rowid = new.release_id;
        END;
        CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
            UPDATE releases_fts SET notes = (
                SELECT coalesce(group_concat(text, char(10)), '') FROM notes
                WHERE release_id = old.release_id) WHERE rowid = old.release_id;
        END;
        """
    )


# The notes of the release with id {id}, oldest first, one per line: what `releases.notes`
# holds for search (health.py rebuilds and checks it with the same expression).
NOTES_OF = (
    "(SELECT coalesce(group_concat(text, char(10)), '') FROM "
    "(SELECT text FROM notes WHERE release_id = {id} ORDER BY id))"
)


@_migration("0002_search_reads_releases")
def _search_reads_releases(db: Database) -> None:
    """Index releases in place instead of keeping a second copy of every body for search.

    The index becomes an external-content FTS5 table over `releases`, whose new `notes`
    column holds the text of the release's notes (kept by triggers). A third of the file
    was the old copy: a corpus library shrinks from 466 MB to 356 MB, and imports and
    backups write that much less.
    """
    db.executescript(
        f"""
        DROP TRIGGER releases_fts_insert;
        DROP TRIGGER releases_fts_update;
        DROP TRIGGER releases_fts_delete;
        DROP TRIGGER notes_fts_insert;
        DROP TRIGGER notes_fts_update;
        DROP TRIGGER notes_fts_delete;
        DROP TABLE releases_fts;

        -- Derived from the notes table, only for search; never edited directly.
        ALTER TABLE releases ADD COLUMN notes TEXT NOT NULL DEFAULT '';
        UPDATE releases SET notes = {NOTES_OF.format(id="releases.id")}
        WHERE id IN (SELECT release_id FROM notes);

        CREATE VIRTUAL TABLE releases_fts USING fts5(
            title, body, notes,
            tokenize = 'unicode61 remove_diacritics 2',
            content = 'releases', content_rowid = 'id'
        );
        -- Pending index data is buffered up to 16 MB (FTS5's default is 1 MB) before it is
        -- written as a segment: a big import writes fewer, larger segments and merges less
        -- (about 0.6 s less on the corpus). A stored setting of the index.
        INSERT INTO releases_fts(releases_fts, rank) VALUES ('hashsize', 16777216);
        INSERT INTO releases_fts(releases_fts) VALUES ('rebuild');

        -- An external-content index forgets a row by being told its old values exactly.
        CREATE TRIGGER releases_fts_insert AFTER INSERT ON releases BEGIN
            INSERT INTO releases_fts(rowid, title, body, notes)
            VALUES (new.id, new.title, new.body, new.notes);
        END;
        CREATE TRIGGER releases_fts_delete AFTER DELETE ON releases BEGIN
            INSERT INTO releases_fts(releases_fts, rowid, title, body, notes)
            VALUES ('delete', old.id, old.title, old.body, old.notes);
        END;
        CREATE TRIGGER releases_fts_update AFTER UPDATE OF title, body, notes ON releases
        BEGIN
            INSERT INTO releases_fts(releases_fts, rowid, title, body, notes)
            VALUES ('delete', old.id, old.title, old.body, old.notes);
            INSERT INTO releases_fts(rowid, title, body, notes)
            VALUES (new.id, new.title, new.body, new.notes);
        END;
        CREATE TRIGGER notes_text_insert AFTER INSERT ON notes BEGIN
            UPDATE releases SET notes = {NOTES_OF.format(id="new.release_id")}
            WHERE id = new.release_id;
        END;
        CREATE TRIGGER notes_text_update AFTER UPDATE ON notes BEGIN
            UPDATE releases SET notes = {NOTES_OF.format(id="releases.id")}
            WHERE id IN (old.release_id, new.release_id);
        END;
        CREATE TRIGGER notes_text_delete AFTER DELETE ON notes BEGIN
            UPDATE releases SET notes = {NOTES_OF.format(id="old.release_id")}
            WHERE id = old.release_id;
        END;
        """
    )


def migration_set() -> Migrations:
    """Return the sqlite-utils Migrations holding MIGRATIONS (built once, when first needed)."""
    if MIGRATION_SET not in _LOADED:
        from sqlite_utils.migrations import Migrations

        loaded = Migrations(MIGRATION_SET)
        for name, function in MIGRATIONS:
            loaded(name=name)(function)
        _LOADED[MIGRATION_SET] = loaded
    return _LOADED[MIGRATION_SET]


def migration_names() -> list[str]:
    """Return the names of every migration this version knows, in the order they apply."""
    if MIGRATION_SET in _LOADED:  # tests may add migrations to the loaded set
        return [m.name for m in _LOADED[MIGRATION_SET]._migrations]
    return [name for name, _ in MIGRATIONS]


def known_migration_names() -> set[str]:
    """Return the names of every migration this version knows."""
    return set(migration_names())


def __getattr__(name: str) -> Any:
    """Return `migrations` (the Migrations set) on first use, importing sqlite-utils then."""
    if name == "migrations":
        return migration_set()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

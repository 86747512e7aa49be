"""Plain records the core hands to its callers (GUI, CLI, assemble). No SQL, no Qt.

Offsets count Unicode code points of `Release.body` (Python `str` indexes); the GUI
converts to and from Qt's UTF-16 positions at its boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

View = Literal["all", "recent", "annotated", "untagged", "trash"]
SortKey = Literal["date", "title", "source", "imported", "relevance"]


@dataclass(frozen=True)
class Tag:
    """A tag with its colour and how many live releases carry it."""

    id: int
    name: str
    colour: str  # "#rrggbb"
    count: int = 0


@dataclass(frozen=True)
class ReleaseRow:
    """One line of a listing: what the release list shows, nothing more."""

    id: int
    title: str
    date: str | None  # YYYY-MM-DD
    source: str
    tags: tuple[Tag, ...] = ()
    note_count: int = 0
    highlight_count: int = 0
    title_proposed: bool = False
    snippet: str = ""  # search snippet, plain text; matches wrapped in \x02 ... \x03


@dataclass(frozen=True)
class Release:
    """A whole release as stored."""

    id: int
    title: str
    title_proposed: bool
    date: str | None
    source: str
    url: str
    language: str | None
    filename: str
    imported_at: str
    body: str  # clean paragraphs joined by "\n\n"
    summary: str
    original_sha256: str
    encoding: str
    removed: tuple[str, ...] = ()  # descriptions of characters removed from the body
    deleted_at: str | None = None
    tags: tuple[Tag, ...] = ()

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Return the body's paragraphs."""
        return tuple(p for p in self.body.split("\n\n") if p)


@dataclass(frozen=True)
class Note:
    """A free note on a release."""

    id: int
    release_id: int
    text: str
    created_at: str
    modified_at: str


@dataclass(frozen=True)
class Highlight:
    """A highlighted passage; `start`/`end` are where it is found now (code points)."""

    id: int
    release_id: int
    quote: str
    start: int
    end: int
    comment: str = ""
    colour: str = "#fff176"
    found: bool = True  # False when the quote can no longer be found in the body


@dataclass(frozen=True)
class EntryRecord:
    """A release placed in a book section, with the per-entry choices."""

    id: int
    section_id: int
    release_id: int
    position: int
    title: str  # the release's current title, for display
    summary_only: bool = False
    include_notes: bool = True
    include_highlights: bool = True


@dataclass(frozen=True)
class SectionRecord:
    """A section of a book: heading, free text, entries in order."""

    id: int
    book_id: int
    position: int
    heading: str
    text: str = ""
    entries: tuple[EntryRecord, ...] = ()


@dataclass(frozen=True)
class BookRecord:
    """A stored book definition."""

    id: int
    name: str
    title: str = ""
    subtitle: str = ""
    event: str = ""
    date: str | None = None
    location: str = ""
    prepared_for: str = ""
    prepared_by: str = ""
    marking: str = ""
    created_at: str = ""
    modified_at: str = ""
    sections: tuple[SectionRecord, ...] = ()


@dataclass(frozen=True)
class SavedSearch:
    """A named query with its filters."""

    id: int
    name: str
    query: ListQuery


@dataclass(frozen=True)
class ListQuery:
    """What to list: a view, optional search text and filters, order and a page window."""

    text: str = ""  # the search box, in the query language of app.core.search
    view: View = "all"
    tag: str | None = None
    source: str | None = None
    since: str | None = None  # YYYY-MM-DD inclusive
    until: str | None = None
    sort: SortKey = "date"
    descending: bool = True
    limit: int = 200
    offset: int = 0
    # Snippets cost more than the page itself: list() makes them only when asked (a
    # window showing tooltips asks lib.search.snippets for the rows it shows instead).
    snippets: bool = False


@dataclass(frozen=True)
class Change:
    """What a mutation changed, so a view refreshes only what it must."""

    label: str  # user-facing, for undo menu text: "Tag 3 releases"
    releases: frozenset[int] = frozenset()  # rows, tags or annotations of these changed
    library: bool = False  # releases were added, removed, trashed or restored
    tags: bool = False  # the tag list (names, colours, counts) changed
    books: frozenset[int] = frozenset()
    saved_searches: bool = False
    created_id: int | None = None  # the id of a new note/highlight/tag/book/section/entry


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one imported file (or one record of a bulk file)."""

    path: str
    status: Literal["imported", "duplicate", "failed", "skipped"]
    reason: str = ""  # plain words, for the report
    release_id: int | None = None
    warnings: tuple[str, ...] = ()  # e.g. "not valid UTF-8; read as Windows-1252"


@dataclass(frozen=True)
class ImportReport:
    """The result of one import batch."""

    outcomes: tuple[FileOutcome, ...] = field(default_factory=tuple)

    def count(self, status: str) -> int:
        """Return how many outcomes have `status`."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def imported_ids(self) -> tuple[int, ...]:
        """Return the ids of newly stored releases."""
        return tuple(o.release_id for o in self.outcomes if o.status == "imported" and o.release_id)

    def summary(self) -> str:
        """Return a one-line summary in plain words."""
        return (
            f"{self.count('imported')} imported, {self.count('duplicate')} skipped as duplicates, "
            f"{self.count('failed')} failed"
        )

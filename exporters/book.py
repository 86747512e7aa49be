"""The book model: everything a writer needs, in plain frozen dataclasses.

This is the contract between the application (`app.core.assemble` builds it) and every
writer (`exporters.pdf`, `exporters.docx`). Text is plain Unicode, never markup; writers
must escape it for their format. Offsets count Unicode code points (Python `str` indexes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

PageSize = Literal["A4", "Letter"]

DEFAULT_HIGHLIGHT_COLOUR = "#fff176"


@dataclass(frozen=True)
class Highlight:
    """A highlighted span of one body paragraph: `paragraph[start:end]` in code points."""

    paragraph: int
    start: int
    end: int
    comment: str = ""
    colour: str = DEFAULT_HIGHLIGHT_COLOUR  # "#rrggbb"


@dataclass(frozen=True)
class Entry:
    """One release in the book, starting on a page of its own."""

    key: str  # stable and unique within the book (used for bookmarks and anchors)
    title: str
    date: date | None = None
    source: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()  # the body, or only the summary when summary_only
    summary_only: bool = False
    notes: tuple[str, ...] = ()
    highlights: tuple[Highlight, ...] = ()  # sorted by (paragraph, start), not overlapping


@dataclass(frozen=True)
class Section:
    """A titled part of the book: its own free text, then its entries in order."""

    key: str
    heading: str
    text: str = ""  # free text (talking points, schedule); keeps line breaks and bullets
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Cover:
    """The cover page fields; empty strings are left off the page."""

    title: str
    subtitle: str = ""
    event: str = ""
    date: date | None = None
    location: str = ""
    prepared_for: str = ""
    prepared_by: str = ""
    generated_at: datetime = field(default_factory=lambda: datetime.now().astimezone())


@dataclass(frozen=True)
class Options:
    """Choices made at export time."""

    page_size: PageSize = "A4"
    include_notes: bool = True
    include_highlights: bool = True
    clean_copy: bool = False  # drops every note, highlight and tag

    @property
    def show_notes(self) -> bool:
        """Return whether notes are printed."""
        return self.include_notes and not self.clean_copy

    @property
    def show_highlights(self) -> bool:
        """Return whether highlights and their comments are printed."""
        return self.include_highlights and not self.clean_copy

    @property
    def show_tags(self) -> bool:
        """Return whether tags are printed."""
        return not self.clean_copy


@dataclass(frozen=True)
class Book:
    """A whole briefing book, ready to be written."""

    cover: Cover
    marking: str = ""  # handling marking (UNCLASSIFIED, CUI...) shown on every page
    sections: tuple[Section, ...] = ()
    options: Options = Options()

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Return every entry of every section, in book order."""
        return tuple(e for s in self.sections for e in s.entries)

    @property
    def keywords(self) -> tuple[str, ...]:
        """Return the distinct tags of all entries, in first-seen order."""
        seen: dict[str, None] = {}
        for entry in self.entries:
            for tag in entry.tags:
                seen.setdefault(tag, None)
        return tuple(seen)


@dataclass(frozen=True)
class ExportReport:
    """What a writer did: the file written, its page count if known, and problems met."""

    path: str
    pages: int | None = None
    warnings: tuple[str, ...] = ()


class ExportCancelled(Exception):
    """Raised by a writer when the caller asked it to stop; nothing was written."""


class ExportError(Exception):
    """Raised by a writer when the book could not be written; the target is untouched."""


# progress(done_entries, total_entries); cancel() -> True to stop between entries
ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

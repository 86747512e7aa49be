"""Build the exporters' `Book` from a stored book: the one place that reads the library for
an export. Writers then receive plain frozen data and never see the library.

Highlights are stored as code-point offsets into the whole body; the book model wants them
per paragraph, so each is mapped onto the paragraphs it covers (split where it crosses a
paragraph break). Highlights that can no longer be found in the text are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.core.models import BookRecord, EntryRecord, Highlight, Release, SectionRecord
from exporters.book import Book, Cover, Entry, Options, Section
from exporters.book import Highlight as BookHighlight

if TYPE_CHECKING:
    from app.core.library import Library

PARAGRAPH_BREAK = "\n\n"


def assemble(lib: Library, book_id: int | str, options: Options | None = None) -> Book:
    """Return the `Book` for the stored book `book_id` (id or name), ready for a writer."""
    options = options or Options()
    record = lib.books.get(book_id)
    sections = tuple(_section(lib, s, options) for s in record.sections)
    return Book(cover=_cover(record), marking=record.marking, sections=sections, options=options)


def _cover(record: BookRecord) -> Cover:
    return Cover(
        title=record.title or record.name,
        subtitle=record.subtitle,
        event=record.event,
        date=parse_date(record.date),
        location=record.location,
        prepared_for=record.prepared_for,
        prepared_by=record.prepared_by,
        generated_at=datetime.now().astimezone(),
    )


def _section(lib: Library, record: SectionRecord, options: Options) -> Section:
    entries = []
    for entry in record.entries:
        release = lib.releases.get(entry.release_id)
        if release.deleted_at is None:  # a trashed release stays out of the book
            entries.append(_entry(lib, entry, release, options))
    return Section(
        key=f"s{record.id}", heading=record.heading, text=record.text, entries=tuple(entries)
    )


def _entry(lib: Library, entry: EntryRecord, release: Release, options: Options) -> Entry:
    show_notes = entry.include_notes and options.show_notes
    show_highlights = entry.include_highlights and options.show_highlights
    notes = tuple(n.text for n in lib.annotations.notes(release.id)) if show_notes else ()
    if entry.summary_only:
        paragraphs = _summary_paragraphs(release)
        highlights: tuple[BookHighlight, ...] = ()  # offsets point into the body, not the summary
    else:
        starts = paragraph_starts(release.body)
        paragraphs = tuple(text for _, text in starts)
        found = lib.annotations.highlights(release.id) if show_highlights else []
        highlights = map_highlights(starts, found)
    return Entry(
        key=f"e{entry.id}",
        title=release.title,
        date=parse_date(release.date),
        source=release.source,
        url=release.url,
        tags=tuple(t.name for t in release.tags) if options.show_tags else (),
        paragraphs=paragraphs,
        summary_only=entry.summary_only,
        notes=notes,
        highlights=highlights,
    )


def _summary_paragraphs(release: Release) -> tuple[str, ...]:
    """Return the summary as paragraphs; the first body paragraph when there is none."""
    summary = release.summary.strip()
    if summary:
        return tuple(p for p in summary.split(PARAGRAPH_BREAK) if p.strip())
    return release.paragraphs[:1]


def parse_date(value: str | None) -> date | None:
    """Return the ISO date `value` as a date, or None when unknown or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def paragraph_starts(body: str) -> list[tuple[int, str]]:
    """Return (start offset in body, text) for each non-empty paragraph of `body`."""
    result = []
    offset = 0
    for text in body.split(PARAGRAPH_BREAK):
        if text:
            result.append((offset, text))
        offset += len(text) + len(PARAGRAPH_BREAK)
    return result


def map_highlights(
    starts: list[tuple[int, str]], highlights: Iterable[Highlight]
) -> tuple[BookHighlight, ...]:
    """Return body highlights as per-paragraph spans, sorted and not overlapping.

    A highlight crossing paragraphs becomes one span per paragraph (the comment stays on the
    first); lost highlights are skipped; an overlap is trimmed off the later span, and a span
    trimmed away entirely hands its comment to the span that covered it.
    """
    spans: list[BookHighlight] = []
    for mark in highlights:
        if mark.found and mark.end > mark.start:
            spans.extend(_split(starts, mark))
    spans.sort(key=lambda s: (s.paragraph, s.start, -s.end))
    return tuple(_without_overlaps(spans))


def _split(starts: list[tuple[int, str]], mark: Highlight) -> list[BookHighlight]:
    pieces = []
    for index, (offset, text) in enumerate(starts):
        start = max(mark.start, offset) - offset
        end = min(mark.end, offset + len(text)) - offset
        if start < end:
            comment = "" if pieces else mark.comment
            pieces.append(BookHighlight(index, start, end, comment=comment, colour=mark.colour))
    return pieces


def _without_overlaps(spans: list[BookHighlight]) -> list[BookHighlight]:
    kept: list[BookHighlight] = []
    for span in spans:
        previous = kept[-1] if kept else None
        if previous is None or previous.paragraph != span.paragraph or span.start >= previous.end:
            kept.append(span)
            continue
        if span.end > previous.end:
            kept.append(replace(span, start=previous.end))
        elif span.comment:
            comment = "\n".join(c for c in (previous.comment, span.comment) if c)
            kept[-1] = replace(previous, comment=comment)
    return kept

"""Notes and highlights on releases.

A highlight is anchored by its exact quote, up to CONTEXT code points of text before and
after it, and its code-point offsets into `Release.body` (Python string indexes; the GUI
converts Qt's UTF-16 positions at its boundary). When the body no longer has the quote at
the stored offsets, the quote is found again (the occurrence whose context matches best,
nearest the old place; then with any run of whitespace matching any other); when it cannot
be found the highlight is reported with `found=False`.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from app.core.errors import LibraryError, NotFoundError
from app.core.models import Change, Highlight, Note
from app.core.releases import now_iso
from app.core.storage import annotations as store
from app.core.storage import releases as release_store
from app.core.storage.database import translate_errors
from app.core.tags import normalise_colour

if TYPE_CHECKING:
    from app.core.library import Library

CONTEXT = 32
DEFAULT_COLOUR = "#fff176"
MAX_CANDIDATES = 2000


def make_anchor(body: str, start: int, end: int) -> tuple[str, str, str]:
    """Return (quote, prefix, suffix) for the span [start, end) of `body`."""
    return body[start:end], body[max(0, start - CONTEXT) : start], body[end : end + CONTEXT]


def locate(body: str, quote: str, prefix: str, suffix: str, start: int) -> tuple[int, int] | None:
    """Return where the anchored quote is in `body` now, as (start, end), or None if lost."""
    if quote and body[start : start + len(quote)] == quote:
        return start, start + len(quote)
    spans = _exact_spans(body, quote) or _loose_spans(body, quote)
    if not spans:
        return None
    return max(spans, key=lambda s: (_context_score(body, s, prefix, suffix), -abs(s[0] - start)))


def _exact_spans(body: str, quote: str) -> list[tuple[int, int]]:
    spans = []
    at = body.find(quote)
    while at != -1 and len(spans) < MAX_CANDIDATES:
        spans.append((at, at + len(quote)))
        at = body.find(quote, at + 1)
    return spans


def _loose_spans(body: str, quote: str) -> list[tuple[int, int]]:
    words = quote.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    return [m.span() for m in itertools.islice(pattern.finditer(body), MAX_CANDIDATES)]


def _context_score(body: str, span: tuple[int, int], prefix: str, suffix: str) -> int:
    before = body[max(0, span[0] - len(prefix)) : span[0]]
    after = body[span[1] : span[1] + len(suffix)]
    return _common_suffix(before, prefix) + _common_prefix(after, suffix)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _note(row: dict) -> Note:
    return Note(row["id"], row["release_id"], row["text"], row["created_at"], row["modified_at"])


def _clean_note(text: str) -> str:
    cleaned = str(text).strip()
    if not cleaned:
        raise LibraryError("A note cannot be empty.")
    return cleaned


class Annotations:
    """Notes and highlights of one library (`lib.annotations`)."""

    def __init__(self, lib: Library) -> None:
        self._lib = lib

    @property
    def _db(self):
        return self._lib.db

    def _body(self, release_id: int) -> str:
        body = release_store.body(self._db, int(release_id))
        if body is None:
            raise NotFoundError(f"There is no release with id {release_id}.")
        return body

    # -- notes ---------------------------------------------------------------------------

    def notes(self, release_id: int) -> list[Note]:
        """Return the notes of a release, oldest first."""
        with translate_errors():
            return [_note(r) for r in store.notes(self._db, int(release_id))]

    def add_note(self, release_id: int, text: str) -> Change:
        """Add a note to a release; return a Change whose created_id is the note's id."""
        text = _clean_note(text)
        with self._lib.mutation("Add note"):
            self._body(release_id)
            note_id = store.insert_note(self._db, int(release_id), text, now_iso())
        return Change("Add note", releases=frozenset({int(release_id)}), created_id=note_id)

    def _existing_note(self, note_id: int) -> dict:
        with translate_errors():
            row = store.note(self._db, int(note_id))
        if row is None:
            raise NotFoundError(f"There is no note with id {note_id}.")
        return row

    def edit_note(self, note_id: int, text: str) -> Change:
        """Replace the text of a note; return what changed."""
        text = _clean_note(text)
        row = self._existing_note(note_id)
        with self._lib.mutation("Edit note"):
            store.update_note(self._db, row["id"], text, now_iso())
        return Change("Edit note", releases=frozenset({row["release_id"]}))

    def delete_note(self, note_id: int) -> Change:
        """Delete a note; return what changed."""
        row = self._existing_note(note_id)
        with self._lib.mutation("Delete note"):
            store.delete_note(self._db, row["id"])
        return Change("Delete note", releases=frozenset({row["release_id"]}))

    # -- highlights ----------------------------------------------------------------------

    def highlights(self, release_id: int) -> list[Highlight]:
        """Return the highlights of a release where they are found now (found=False if lost)."""
        with translate_errors():
            body = self._body(release_id)
            rows = store.highlights(self._db, int(release_id))
        found = [(_anchored(body, r), r) for r in rows]
        return sorted((h for h, _ in found), key=lambda h: (not h.found, h.start, h.id))

    def add_highlight(
        self, release_id: int, start: int, end: int, *, comment: str = "", colour: str | None = None
    ) -> Change:
        """Highlight body[start:end] (code points); return a Change whose created_id is its id."""
        with self._lib.mutation("Highlight passage"):
            body = self._body(release_id)
            if not (
                isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(body)
            ):
                raise LibraryError(
                    f"The passage {start}–{end} is not inside the text (0–{len(body)})."
                )
            return self._insert(int(release_id), body, start, end, comment, colour)

    def add_highlight_quote(
        self, release_id: int, quote: str, *, comment: str = "", colour: str | None = None
    ) -> Change:
        """Highlight the first occurrence of `quote`; LibraryError if the text does not have it."""
        if not quote or not quote.strip():
            raise LibraryError("Choose some text to highlight.")
        with self._lib.mutation("Highlight passage"):
            body = self._body(release_id)
            spans = _exact_spans(body, quote)[:1] or _loose_spans(body, quote)[:1]
            if not spans:
                raise LibraryError("That passage is not in the text of the release.")
            return self._insert(int(release_id), body, *spans[0], comment, colour)

    def _insert(
        self, release_id: int, body: str, start: int, end: int, comment: str, colour: str | None
    ) -> Change:
        quote, prefix, suffix = make_anchor(body, start, end)
        if not quote.strip():
            raise LibraryError("Choose some text to highlight, not only spaces.")
        row = {
            "release_id": release_id,
            "quote": quote,
            "prefix": prefix,
            "suffix": suffix,
            "start": start,
            "end": end,
            "comment": str(comment or "").strip(),
            "colour": normalise_colour(colour) if colour else DEFAULT_COLOUR,
            "created_at": now_iso(),
        }
        highlight_id = store.insert_highlight(self._db, row)
        return Change(
            "Highlight passage", releases=frozenset({release_id}), created_id=highlight_id
        )

    def _existing_highlight(self, highlight_id: int) -> dict:
        with translate_errors():
            row = store.highlight(self._db, int(highlight_id))
        if row is None:
            raise NotFoundError(f"There is no highlight with id {highlight_id}.")
        return row

    def edit_highlight(
        self, highlight_id: int, *, comment: str | None = None, colour: str | None = None
    ) -> Change:
        """Change a highlight's comment and/or colour; return what changed."""
        row = self._existing_highlight(highlight_id)
        fields: dict = {}
        if comment is not None:
            fields["comment"] = comment.strip()
        if colour is not None:
            fields["colour"] = normalise_colour(colour)
        label = "Edit highlight"
        if not fields:
            return Change(label)
        with self._lib.mutation(label):
            store.update_highlight(self._db, row["id"], fields)
        return Change(label, releases=frozenset({row["release_id"]}))

    def delete_highlight(self, highlight_id: int) -> Change:
        """Delete a highlight; return what changed."""
        row = self._existing_highlight(highlight_id)
        with self._lib.mutation("Delete highlight"):
            store.delete_highlight(self._db, row["id"])
        return Change("Delete highlight", releases=frozenset({row["release_id"]}))


def _anchored(body: str, row: dict) -> Highlight:
    """Return the Highlight record for a stored row, re-anchored against `body`."""
    span = locate(body, row["quote"], row["prefix"], row["suffix"], row["start"])
    # A lost highlight keeps its old offsets, clamped so they never point past the text.
    start, end = span if span else (min(row["start"], len(body)), min(row["end"], len(body)))
    return Highlight(
        id=row["id"],
        release_id=row["release_id"],
        quote=row["quote"],
        start=start,
        end=end,
        comment=row["comment"],
        colour=row["colour"],
        found=span is not None,
    )

"""Releases: read one, edit its details, trash, restore, empty the trash, count."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from app.core.errors import ConflictError, LibraryError, NotFoundError
from app.core.models import Change, Release, Tag
from app.core.storage import releases as store
from app.core.storage import tags as tag_store
from app.core.storage.database import translate_errors

if TYPE_CHECKING:
    from app.core.library import Library

MAX_TITLE = 500


def now_iso() -> str:
    """Return the current UTC time as ISO 8601 text, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def check_date(value: str) -> str | None:
    """Return `value` as YYYY-MM-DD (None for an empty string); LibraryError if impossible."""
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> str:
    raise LibraryError(f"“{text}” is not a date; use the form YYYY-MM-DD, for example 2022-05-06.")


def _plural(count: int, word: str = "release") -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def release_from_row(row: dict, tags: list[dict]) -> Release:
    """Return a Release record built from a storage row and its tags."""
    return Release(
        id=row["id"],
        title=row["title"],
        title_proposed=bool(row["title_proposed"]),
        date=row["date"],
        source=row["source"],
        url=row["url"],
        language=row["language"],
        filename=row["filename"],
        imported_at=row["imported_at"],
        body=row["body"],
        summary=row["summary"],
        original_sha256=row["original_sha256"],
        encoding=row["encoding"],
        removed=tuple(json.loads(row["removed"] or "[]")),
        deleted_at=row["deleted_at"],
        tags=tuple(Tag(t["id"], t["name"], t["colour"], t["count"]) for t in tags),
    )


class Releases:
    """The releases of one library (`lib.releases`)."""

    def __init__(self, lib: Library) -> None:
        self._lib = lib

    @property
    def _db(self):
        return self._lib.db

    def get(self, release_id: int) -> Release:
        """Return the release with this id (live or in the trash); NotFoundError if missing."""
        with translate_errors():
            row = store.get(self._db, int(release_id))
            if row is None:
                raise NotFoundError(f"There is no release with id {release_id}.")
            tags = tag_store.tags_of(self._db, [row["id"]])[row["id"]]
        return release_from_row(row, tags)

    def original(self, release_id: int) -> str:
        """Return the text of the release exactly as it was imported."""
        with translate_errors():
            text = store.original(self._db, int(release_id))
        if text is None:
            raise NotFoundError(f"There is no release with id {release_id}.")
        return text

    def add(
        self,
        title: str,
        body: str,
        *,
        date: str | None = None,
        source: str = "",
        url: str = "",
        summary: str | None = None,
        language: str | None = None,
    ) -> Change:
        """Store a release typed or pasted by the user; return a Change with created_id.

        The text is cleaned like an imported plain-text file; an empty title gets a proposed
        one; ConflictError if the same text is already in the library.
        """
        row = _typed_release(title, body, date, source, url, summary, language)
        label = f"Add “{_short(row['title'])}”"
        with self._lib.mutation(label):
            existing = store.id_by_norm_hash(self._db, row["norm_hash"])
            if existing is not None:
                raise ConflictError(
                    f"The same text is already in the library (release {existing})."
                )
            release_id = store.insert(self._db, row)
        return Change(label, releases=frozenset({release_id}), library=True, created_id=release_id)

    def update(
        self,
        release_id: int,
        *,
        title: str | None = None,
        date: str | None = None,
        source: str | None = None,
        summary: str | None = None,
        confirm_title: bool = False,
    ) -> Change:
        """Edit a release's details (date "" makes it unknown); return what changed."""
        current = self.get(release_id)
        fields = _edited_fields(current, title, date, source, summary, confirm_title)
        label = f"Edit “{_short(current.title)}”"
        if not fields:
            return Change(label=label)
        with self._lib.mutation(label):
            store.update(self._db, current.id, fields)
        return Change(label=label, releases=frozenset({current.id}), library=True)

    def trash(self, ids: Iterable[int]) -> Change:
        """Move releases to the trash (undoable); return what changed."""
        ids = list(dict.fromkeys(int(i) for i in ids))
        label = f"Move {_plural(len(ids))} to the trash"
        with self._lib.mutation(label):
            moved = store.trash(self._db, ids, now_iso())
        return Change(label=label, releases=frozenset(moved), library=bool(moved), tags=bool(moved))

    def restore(self, ids: Iterable[int]) -> Change:
        """Bring releases back from the trash; return what changed."""
        ids = list(dict.fromkeys(int(i) for i in ids))
        label = f"Restore {_plural(len(ids))} from the trash"
        with self._lib.mutation(label):
            moved = store.restore(self._db, ids)
        return Change(label=label, releases=frozenset(moved), library=bool(moved), tags=bool(moved))

    def empty_trash(self) -> Change:
        """Delete every release in the trash for good (still undoable while the library is open)."""
        with self._lib.mutation("Empty the trash") as step:
            gone = store.empty_trash(self._db)
            step.label = f"Empty the trash ({_plural(len(gone))})"
        return Change(
            label=step.label, releases=frozenset(gone), library=bool(gone), tags=bool(gone)
        )

    def count_all(self) -> dict[str, int]:
        """Return counts for the status bar: all, trash, tags, notes, highlights."""
        with translate_errors():
            return store.counts(self._db)


def _typed_release(
    title: str,
    body: str,
    date_text: str | None,
    source: str,
    url: str,
    summary: str | None,
    language: str | None,
) -> dict:
    """Return the storage row for a release typed by the user."""
    # Imported here: the text helpers compile many patterns, and opening a library (the
    # window's launch) never needs them.
    from app.core import text as textlib

    clean, removed = textlib.clean_text(textlib.normalise_newlines(str(body)), markdown=False)
    if not clean.strip():
        raise LibraryError("A release needs some text.")
    title_text = " ".join(str(title or "").split())[:MAX_TITLE]
    # Same key as the importers use, so a typed release and an imported one are duplicates.
    norm = textlib.normalise_for_hash(clean).encode("utf-8")
    return {
        "title": title_text or textlib.propose_title(clean),
        "title_proposed": 0 if title_text else 1,
        "date": check_date(date_text) if date_text else None,
        "source": source.strip(),
        "url": url.strip(),
        "language": language,
        "filename": "",
        "imported_at": now_iso(),
        "original": str(body),
        "original_sha256": hashlib.sha256(str(body).encode("utf-8", "surrogatepass")).hexdigest(),
        "encoding": "utf-8",
        "body": clean,
        "removed": json.dumps(list(removed), ensure_ascii=False),
        "summary": summary.strip() if summary is not None else textlib.lede(clean),
        "norm_hash": hashlib.sha256(norm).hexdigest(),
    }


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _edited_fields(
    current: Release,
    title: str | None,
    date_text: str | None,
    source: str | None,
    summary: str | None,
    confirm_title: bool,
) -> dict:
    """Return the columns to change, validated; empty when nothing would change."""
    fields: dict = {}
    if title is not None:
        cleaned = " ".join(title.split())
        if not cleaned:
            raise LibraryError("A release needs a title.")
        if len(cleaned) > MAX_TITLE:
            raise LibraryError(f"A title can be at most {MAX_TITLE} characters long.")
        if cleaned != current.title:
            fields["title"] = cleaned
    if (title is not None or confirm_title) and current.title_proposed:
        fields["title_proposed"] = 0
    if date_text is not None and check_date(date_text) != current.date:
        fields["date"] = check_date(date_text)
    if source is not None and source.strip() != current.source:
        fields["source"] = source.strip()
    if summary is not None and summary.strip() != current.summary:
        fields["summary"] = summary.strip()
    return fields

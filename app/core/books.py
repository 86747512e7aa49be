"""Book definitions: cover, marking, ordered sections and ordered entries pointing at releases.

Every mutation is one transaction and one undo step (through the library's history) and
returns a `Change` naming the book it touched. Positions stay dense: 0, 1, 2, ... within a
book's sections and within a section's entries. A position given by a caller is the index
the item ends up at, clamped to the list; None means the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from app.core.errors import ConflictError, LibraryError, NotFoundError
from app.core.models import BookRecord, Change, EntryRecord, SectionRecord
from app.core.releases import now_iso
from app.core.sample_book import create_sample_book
from app.core.storage import books as store
from app.core.storage.database import translate_errors

if TYPE_CHECKING:
    from app.core.library import Library

__all__ = ["Books", "TEMPLATE_SECTIONS", "create_sample_book"]

TEMPLATE_SECTIONS = ("Schedule", "Participants", "Talking points", "Background", "Press releases")
COVER_FIELDS = store.COVER_FIELDS
NAME_LIMIT = 200


def _clean_name(name: str) -> str:
    """Return the stripped book name, or raise if it is empty or too long."""
    name = " ".join(str(name).split())
    if not name:
        raise LibraryError("A book needs a name.")
    if len(name) > NAME_LIMIT:
        raise LibraryError(f"A book name can have at most {NAME_LIMIT} characters.")
    return name


def _clean_date(value: Any) -> str | None:
    """Return an ISO date string or None; raise for anything that is not a real date."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise LibraryError(f"“{text}” is not a date: use YYYY-MM-DD, e.g. 2022-05-06.") from None


def _clean_cover(fields: dict[str, Any]) -> dict[str, Any]:
    """Return validated cover fields; raise for unknown names or a bad date."""
    unknown = set(fields) - set(COVER_FIELDS)
    if unknown:
        raise TypeError(f"unknown cover fields: {', '.join(sorted(unknown))}")
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "date":
            clean[key] = _clean_date(value)
        else:
            clean[key] = "" if value is None else str(value).strip()
    return clean


def _clean_heading(heading: str) -> str:
    heading = " ".join(str(heading).split())
    if not heading:
        raise LibraryError("A section needs a heading.")
    return heading


def _insert_at(ids: list[int], item: int, position: int | None) -> list[int]:
    """Return `ids` with `item` placed at `position` (clamped; None = the end)."""
    index = len(ids) if position is None else max(0, min(int(position), len(ids)))
    return [*ids[:index], item, *ids[index:]]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class Books:
    """The book manager of one library: `lib.books`."""

    def __init__(self, lib: Library) -> None:
        self._lib = lib

    @property
    def _db(self) -> Any:
        return self._lib.db

    def _step(self, label: str) -> AbstractContextManager[Any]:
        """Return the context of one transaction and one undo step."""
        return self._lib.mutation(label)

    # Reading ------------------------------------------------------------------------------

    def list(self) -> list[BookRecord]:
        """Return every book, without sections, ordered by name."""
        with self._reading():
            return [BookRecord(**row) for row in store.list_books(self._db)]

    def get(self, name_or_id: int | str) -> BookRecord:
        """Return a book with its sections and entries; raise NotFoundError if there is none."""
        with self._reading():
            book_id = self._resolve(name_or_id)
            row = store.get_book(self._db, book_id)
            sections = store.sections(self._db, book_id)
            entries = store.book_entries(self._db, book_id)
        by_section: dict[int, list[EntryRecord]] = {s["id"]: [] for s in sections}
        for entry in entries:
            by_section[entry["section_id"]].append(_entry_record(entry))
        return BookRecord(
            **row,
            sections=tuple(
                SectionRecord(**s, entries=tuple(by_section[s["id"]])) for s in sections
            ),
        )

    def release_ids(self, book_id: int) -> set[int]:
        """Return the ids of the releases placed anywhere in a book."""
        with self._reading():
            self._book_row(book_id)
            return store.release_ids(self._db, book_id)

    def _reading(self) -> AbstractContextManager[Any]:
        return translate_errors()

    def _resolve(self, name_or_id: int | str) -> int:
        """Return the id of the book named or numbered `name_or_id`."""
        if isinstance(name_or_id, int) and not isinstance(name_or_id, bool):
            self._book_row(name_or_id)
            return name_or_id
        name = str(name_or_id).strip()
        book_id = store.book_id_by_name(self._db, name)
        if book_id is None and name.isdigit() and store.get_book(self._db, int(name)):
            book_id = int(name)
        if book_id is None:
            raise NotFoundError(f"There is no book called “{name}”.")
        return book_id

    def _book_row(self, book_id: int) -> dict[str, Any]:
        row = store.get_book(self._db, book_id)
        if row is None:
            raise NotFoundError(f"There is no book with id {book_id}.")
        return row

    def _section_row(self, section_id: int) -> dict[str, Any]:
        row = store.get_section(self._db, section_id)
        if row is None:
            raise NotFoundError(f"There is no book section with id {section_id}.")
        return row

    def _entry_row(self, entry_id: int) -> dict[str, Any]:
        row = store.get_entry(self._db, entry_id)
        if row is None:
            raise NotFoundError(f"There is no book entry with id {entry_id}.")
        return row

    def _check_name_free(self, name: str, book_id: int | None = None) -> None:
        other = store.book_id_by_name(self._db, name)
        if other is not None and other != book_id:
            raise ConflictError(f"A book called “{name}” already exists.")

    # Books --------------------------------------------------------------------------------

    def create(self, name: str, *, template: bool = True, **cover: Any) -> Change:
        """Create a book (with the briefing template's sections); return a Change with its id."""
        name = _clean_name(name)
        fields = _clean_cover(cover)
        with self._step(f"New book “{name}”"):
            self._check_name_free(name)
            now = now_iso()
            book_id = store.insert_book(self._db, name, fields, now)
            if template:
                for position, heading in enumerate(TEMPLATE_SECTIONS):
                    store.insert_section(self._db, book_id, position, heading, "")
        return Change(label=f"New book “{name}”", books=frozenset({book_id}), created_id=book_id)

    def update(self, book_id: int, **fields: Any) -> Change:
        """Set cover fields and/or the handling marking of a book; return the Change."""
        fields = _clean_cover(fields)
        label = "Edit marking" if set(fields) == {"marking"} else "Edit book cover"
        with self._step(label):
            self._book_row(book_id)
            if fields:
                store.update_book(self._db, book_id, fields, now_iso())
        return Change(label=label, books=frozenset({book_id}))

    def rename(self, book_id: int, name: str) -> Change:
        """Give a book a new, unused name; return the Change."""
        name = _clean_name(name)
        label = f"Rename book to “{name}”"
        with self._step(label):
            self._book_row(book_id)
            self._check_name_free(name, book_id)
            store.rename_book(self._db, book_id, name, now_iso())
        return Change(label=label, books=frozenset({book_id}))

    def copy(self, book_id: int, new_name: str) -> Change:
        """Copy a book with every section and entry under `new_name`; the Change names the copy."""
        new_name = _clean_name(new_name)
        label = f"Copy book as “{new_name}”"
        with self._step(label):
            source = self._book_row(book_id)
            self._check_name_free(new_name)
            cover = {key: source[key] for key in COVER_FIELDS}
            new_id = store.insert_book(self._db, new_name, cover, now_iso())
            self._copy_sections(book_id, new_id)
        return Change(label=label, books=frozenset({new_id}), created_id=new_id)

    def _copy_sections(self, book_id: int, new_id: int) -> None:
        entries = store.book_entries(self._db, book_id)
        for position, section in enumerate(store.sections(self._db, book_id)):
            section_id = store.insert_section(
                self._db, new_id, position, section["heading"], section["text"]
            )
            mine = [e for e in entries if e["section_id"] == section["id"]]
            for index, entry in enumerate(mine):
                flags = {flag: bool(entry[flag]) for flag in store.ENTRY_FLAGS}
                store.insert_entry(self._db, section_id, entry["release_id"], index, flags)

    def delete(self, book_id: int) -> Change:
        """Delete a book with its sections and entries (the releases stay); return the Change."""
        with self._step("Delete book") as step:
            row = self._book_row(book_id)
            step.label = f"Delete book “{row['name']}”"
            store.delete_book(self._db, book_id)
        return Change(label=step.label, books=frozenset({book_id}))

    # Sections -----------------------------------------------------------------------------

    def add_section(
        self, book_id: int, heading: str, text: str = "", position: int | None = None
    ) -> Change:
        """Add a section at `position` (None = the end); the Change carries its id."""
        heading = _clean_heading(heading)
        label = f"Add section “{heading}”"
        with self._step(label):
            self._book_row(book_id)
            order = [s["id"] for s in store.sections(self._db, book_id)]
            section_id = store.insert_section(self._db, book_id, len(order), heading, text or "")
            store.set_section_order(self._db, _insert_at(order, section_id, position))
            store.touch_book(self._db, book_id, now_iso())
        return Change(label=label, books=frozenset({book_id}), created_id=section_id)

    def update_section(
        self, section_id: int, heading: str | None = None, text: str | None = None
    ) -> Change:
        """Change a section's heading and/or free text; return the Change."""
        fields: dict[str, str] = {}
        if heading is not None:
            fields["heading"] = _clean_heading(heading)
        if text is not None:
            fields["text"] = str(text)
        label = "Rename section" if set(fields) == {"heading"} else "Edit section"
        with self._step(label):
            book_id = self._section_row(section_id)["book_id"]
            if fields:
                store.update_section(self._db, section_id, fields)
                store.touch_book(self._db, book_id, now_iso())
        return Change(label=label, books=frozenset({book_id}))

    def move_section(self, section_id: int, position: int) -> Change:
        """Move a section to `position` within its book; return the Change."""
        with self._step("Move section"):
            book_id = self._section_row(section_id)["book_id"]
            order = [s["id"] for s in store.sections(self._db, book_id) if s["id"] != section_id]
            store.set_section_order(self._db, _insert_at(order, section_id, position))
            store.touch_book(self._db, book_id, now_iso())
        return Change(label="Move section", books=frozenset({book_id}))

    def remove_section(self, section_id: int) -> Change:
        """Remove a section and its entries (the releases stay); return the Change."""
        with self._step("Remove section") as step:
            row = self._section_row(section_id)
            book_id = row["book_id"]
            step.label = f"Remove section “{row['heading']}”"
            store.delete_section(self._db, section_id)
            order = [s["id"] for s in store.sections(self._db, book_id)]
            store.set_section_order(self._db, order)
            store.touch_book(self._db, book_id, now_iso())
        return Change(label=step.label, books=frozenset({book_id}))

    # Entries ------------------------------------------------------------------------------

    def add_entries(
        self,
        section_id: int,
        release_ids: Iterable[int],
        position: int | None = None,
        *,
        summary_only: bool = False,
    ) -> Change:
        """Place releases in a section at `position` (None = the end), skipping any already in
        the book; the Change carries the first new entry's id. Raises if none could be added."""
        wanted = list(dict.fromkeys(int(i) for i in release_ids))
        if not wanted:
            raise LibraryError("Choose at least one release to add to the book.")
        with self._step("Add to book") as step:
            book_id = self._section_row(section_id)["book_id"]
            new = self._addable(book_id, wanted)
            order = store.entry_ids(self._db, section_id)
            created = [
                store.insert_entry(
                    self._db, section_id, release_id, len(order), {"summary_only": summary_only}
                )
                for release_id in new
            ]
            index = len(order) if position is None else max(0, min(int(position), len(order)))
            store.set_entry_order(self._db, [*order[:index], *created, *order[index:]])
            store.touch_book(self._db, book_id, now_iso())
            step.label = f"Add {_plural(len(created), 'release')} to book"
        return Change(label=step.label, books=frozenset({book_id}), created_id=created[0])

    def _addable(self, book_id: int, wanted: list[int]) -> list[int]:
        """Return those of `wanted` that can go in the book; raise if a release is unusable."""
        states = store.release_states(self._db, wanted)
        for release_id in wanted:
            if release_id not in states:
                raise NotFoundError(f"There is no release with id {release_id}.")
            if not states[release_id]:
                raise LibraryError(
                    f"Release {release_id} is in the trash; restore it before adding it to a book."
                )
        present = store.release_ids(self._db, book_id)
        new = [r for r in wanted if r not in present]
        if not new:
            which = "That release is" if len(wanted) == 1 else "Those releases are"
            raise ConflictError(f"{which} already in the book.")
        return new

    def move_entry(self, entry_id: int, section_id: int, position: int | None) -> Change:
        """Move an entry to `position` in `section_id` (same book); return the Change."""
        with self._step("Move entry"):
            entry = self._entry_row(entry_id)
            target = self._section_row(section_id)
            book_id = entry["book_id"]
            if target["book_id"] != book_id:
                raise LibraryError("An entry can only move between sections of its own book.")
            old_section = entry["section_id"]
            if old_section != section_id:
                store.move_entry_to(self._db, entry_id, section_id)
                store.set_entry_order(self._db, store.entry_ids(self._db, old_section))
            order = [i for i in store.entry_ids(self._db, section_id) if i != entry_id]
            store.set_entry_order(self._db, _insert_at(order, entry_id, position))
            store.touch_book(self._db, book_id, now_iso())
        return Change(label="Move entry", books=frozenset({book_id}))

    def update_entry(
        self,
        entry_id: int,
        summary_only: bool | None = None,
        include_notes: bool | None = None,
        include_highlights: bool | None = None,
    ) -> Change:
        """Set an entry's choices (None leaves a choice as it is); return the Change."""
        chosen = {
            "summary_only": summary_only,
            "include_notes": include_notes,
            "include_highlights": include_highlights,
        }
        flags = {k: bool(v) for k, v in chosen.items() if v is not None}
        with self._step("Edit entry"):
            book_id = self._entry_row(entry_id)["book_id"]
            if flags:
                store.update_entry(self._db, entry_id, flags)
                store.touch_book(self._db, book_id, now_iso())
        return Change(label="Edit entry", books=frozenset({book_id}))

    def remove_entry(self, entry_id: int) -> Change:
        """Take an entry out of its section (the release stays); return the Change."""
        with self._step("Remove from book"):
            entry = self._entry_row(entry_id)
            store.delete_entry(self._db, entry_id)
            store.set_entry_order(self._db, store.entry_ids(self._db, entry["section_id"]))
            store.touch_book(self._db, entry["book_id"], now_iso())
        return Change(label="Remove from book", books=frozenset({entry["book_id"]}))


def _entry_record(row: dict[str, Any]) -> EntryRecord:
    return EntryRecord(
        id=row["id"],
        section_id=row["section_id"],
        release_id=row["release_id"],
        position=row["position"],
        title=row["title"],
        summary_only=bool(row["summary_only"]),
        include_notes=bool(row["include_notes"]),
        include_highlights=bool(row["include_highlights"]),
    )

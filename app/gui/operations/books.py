"""User actions on books: create, rename, copy, delete; sections, entries, cover and marking."""

from __future__ import annotations

from typing import Any

from app.core.models import Change
from app.gui.operations import Window, perform


def create(win: Window, *, name: str) -> Change | None:
    """Create a book from the briefing template; return the Change (created_id = the book)."""
    return perform(win, lambda: win.lib.books.create(name, template=True))


def rename(win: Window, *, book_id: int, name: str) -> Change | None:
    """Rename a book; return the Change."""
    return perform(win, lambda: win.lib.books.rename(book_id, name))


def duplicate(win: Window, *, book_id: int, name: str) -> Change | None:
    """Copy a book with its sections and entries; return the Change (created_id = the copy)."""
    return perform(win, lambda: win.lib.books.copy(book_id, name))


def delete(win: Window, *, book_id: int) -> Change | None:
    """Delete a book (the releases stay); return the Change."""
    return perform(win, lambda: win.lib.books.delete(book_id))


def update_cover(win: Window, *, book_id: int, **fields: Any) -> Change | None:
    """Set cover fields and/or the marking; return the Change."""
    return perform(win, lambda: win.lib.books.update(book_id, **fields))


def add_section(
    win: Window, *, book_id: int, heading: str, position: int | None = None
) -> Change | None:
    """Add a section; return the Change (created_id = the section)."""
    return perform(win, lambda: win.lib.books.add_section(book_id, heading, "", position))


def rename_section(win: Window, *, section_id: int, heading: str) -> Change | None:
    """Give a section a new heading; return the Change."""
    return perform(win, lambda: win.lib.books.update_section(section_id, heading=heading))


def set_section_text(win: Window, *, section_id: int, text: str) -> Change | None:
    """Store a section's free text exactly as typed; return the Change."""
    return perform(win, lambda: win.lib.books.update_section(section_id, text=text))


def move_section(win: Window, *, section_id: int, position: int) -> Change | None:
    """Move a section to `position`; return the Change."""
    return perform(win, lambda: win.lib.books.move_section(section_id, position))


def remove_section(win: Window, *, section_id: int) -> Change | None:
    """Remove a section and its entries; return the Change."""
    return perform(win, lambda: win.lib.books.remove_section(section_id))


def add_entries(
    win: Window, *, section_id: int, release_ids: list[int], position: int | None = None
) -> Change | None:
    """Put releases into a section; return the Change (None if there was nothing to add)."""
    if not release_ids:
        return None
    return perform(win, lambda: win.lib.books.add_entries(section_id, release_ids, position))


def move_entry(
    win: Window, *, entry_id: int, section_id: int, position: int | None
) -> Change | None:
    """Move an entry within or between sections; return the Change."""
    return perform(win, lambda: win.lib.books.move_entry(entry_id, section_id, position))


def update_entry(win: Window, *, entry_id: int, **flags: bool) -> Change | None:
    """Set summary_only / include_notes / include_highlights of an entry; return the Change."""
    return perform(win, lambda: win.lib.books.update_entry(entry_id, **flags))


def remove_entry(win: Window, *, entry_id: int) -> Change | None:
    """Take an entry out of the book; return the Change."""
    return perform(win, lambda: win.lib.books.remove_entry(entry_id))

"""User actions on the library as a whole: undo, redo, saved searches."""

from __future__ import annotations

from app.core.models import Change, ListQuery
from app.gui.operations import Window, perform


def undo(win: Window) -> Change | None:
    """Undo the last change; return what it changed."""
    return perform(win, lambda: win.lib.undo())


def redo(win: Window) -> Change | None:
    """Redo the last undone change; return what it changed."""
    return perform(win, lambda: win.lib.redo())


def save_search(win: Window, *, name: str, query: ListQuery) -> Change | None:
    """Store `query` under `name`; return the Change."""
    if not name.strip():
        return None
    return perform(win, lambda: win.lib.saved.save(name.strip(), query))


def delete_saved_search(win: Window, *, saved_id: int) -> Change | None:
    """Forget a saved search; return the Change."""
    return perform(win, lambda: win.lib.saved.delete(saved_id))

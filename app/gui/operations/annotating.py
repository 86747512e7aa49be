"""User actions on notes and highlights."""

from __future__ import annotations

from app.core.models import Change
from app.gui.operations import Window, perform


def add_note(win: Window, *, release_id: int, text: str) -> Change | None:
    """Add a free note; return the Change (created_id is the note)."""
    if not text.strip():
        return None
    return perform(win, lambda: win.lib.annotations.add_note(release_id, text))


def edit_note(win: Window, *, note_id: int, text: str) -> Change | None:
    """Replace a note's text; return the Change."""
    return perform(win, lambda: win.lib.annotations.edit_note(note_id, text))


def delete_note(win: Window, *, note_id: int) -> Change | None:
    """Delete a note; return the Change."""
    return perform(win, lambda: win.lib.annotations.delete_note(note_id))


def add_highlight(
    win: Window,
    *,
    release_id: int,
    start: int,
    end: int,
    colour: str | None = None,
    comment: str = "",
) -> Change | None:
    """Highlight code points start..end of a release's body; return the Change."""
    return perform(
        win,
        lambda: win.lib.annotations.add_highlight(
            release_id, start, end, comment=comment, colour=colour
        ),
    )


def edit_highlight(
    win: Window, *, highlight_id: int, comment: str | None = None, colour: str | None = None
) -> Change | None:
    """Change a highlight's comment or colour; return the Change."""
    return perform(
        win,
        lambda: win.lib.annotations.edit_highlight(highlight_id, comment=comment, colour=colour),
    )


def delete_highlight(win: Window, *, highlight_id: int) -> Change | None:
    """Remove a highlight; return the Change."""
    return perform(win, lambda: win.lib.annotations.delete_highlight(highlight_id))

"""User actions on releases: edit details, trash, restore, empty the trash."""

from __future__ import annotations

from app.core.models import Change
from app.gui.operations import Window, perform


def edit_details(
    win: Window,
    *,
    release_id: int,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    confirm_title: bool = False,
) -> Change | None:
    """Change a release's title, date or source; return the Change or None on error."""
    return perform(
        win,
        lambda: win.lib.releases.update(
            release_id, title=title, date=date, source=source, confirm_title=confirm_title
        ),
    )


def trash(win: Window, *, release_ids: list[int]) -> Change | None:
    """Move releases to the trash; return the Change."""
    if not release_ids:
        return None
    return perform(win, lambda: win.lib.releases.trash(release_ids))


def restore(win: Window, *, release_ids: list[int]) -> Change | None:
    """Bring releases back from the trash; return the Change."""
    if not release_ids:
        return None
    return perform(win, lambda: win.lib.releases.restore(release_ids))


def empty_trash(win: Window) -> Change | None:
    """Delete everything in the trash for good; return the Change."""
    return perform(win, lambda: win.lib.releases.empty_trash())

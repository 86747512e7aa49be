"""User actions on tags: set, toggle, create, rename, recolour, merge, delete."""

from __future__ import annotations

from app.core.models import Change
from app.gui.operations import Window, perform


def set_tags(
    win: Window, *, release_ids: list[int], before: list[str], after: list[str]
) -> list[Change]:
    """Add the names in `after` missing from `before` and remove the rest; return the Changes."""
    added = [n for n in after if n not in before]
    removed = [n for n in before if n not in after]
    changes = []
    if added:
        changes.append(perform(win, lambda: win.lib.tags.apply(release_ids, added)))
    if removed:
        changes.append(perform(win, lambda: win.lib.tags.remove(release_ids, removed)))
    return [c for c in changes if c is not None]


def toggle(win: Window, *, release_ids: list[int], name: str) -> Change | None:
    """Put tag `name` on the releases, or take it off if all have it; return the Change."""
    if not release_ids:
        return None
    return perform(win, lambda: win.lib.tags.toggle(release_ids, name))


def create(win: Window, *, name: str, colour: str | None = None) -> Change | None:
    """Create a tag; return the Change."""
    return perform(win, lambda: win.lib.tags.create(name, colour))


def rename(win: Window, *, tag_id: int, name: str) -> Change | None:
    """Rename a tag; return the Change."""
    return perform(win, lambda: win.lib.tags.rename(tag_id, name))


def recolour(win: Window, *, tag_id: int, colour: str) -> Change | None:
    """Give a tag a new colour; return the Change."""
    return perform(win, lambda: win.lib.tags.recolour(tag_id, colour))


def merge(win: Window, *, source_id: int, target_id: int) -> Change | None:
    """Merge one tag into another; return the Change."""
    return perform(win, lambda: win.lib.tags.merge(source_id, target_id))


def delete(win: Window, *, tag_id: int) -> Change | None:
    """Delete a tag (releases keep everything else); return the Change."""
    return perform(win, lambda: win.lib.tags.delete(tag_id))

"""Context menus of the sidebar: tag management, saved searches, the trash."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.gui import prompts
from app.gui.operations import library as library_ops
from app.gui.operations import tags as tag_ops
from app.gui.qt import QMenu, QModelIndex
from app.gui.sidebar import ENTRY_ROLE

if TYPE_CHECKING:
    from app.core.models import Tag
    from app.gui.actions import Actions


def sidebar_menu(actions: Actions, index: QModelIndex) -> QMenu | None:
    """Return the context menu for the sidebar row at `index`, or None."""
    entry = index.siblingAtColumn(0).data(ENTRY_ROLE)
    if entry is None:
        return None
    win = actions.win
    menu = QMenu(win)
    if entry.kind == "tag":
        tag: Tag = entry.value
        menu.addAction("Rename…", lambda: rename_tag(win, tag))
        menu.addAction("Change colour…", lambda: recolour_tag(win, tag))
        menu.addAction("Merge into…", lambda: merge_tag(win, tag))
        menu.addAction("Delete tag", lambda: delete_tag(win, tag))
        menu.addSeparator()
    if entry.kind in ("tag", "section") and (entry.kind == "tag" or entry.value == "tags"):
        menu.addAction(actions.new_tag)
    elif entry.kind == "saved":
        menu.addAction(
            "Delete saved search",
            lambda: library_ops.delete_saved_search(win, saved_id=entry.value.id),
        )
    elif entry == entry.__class__("view", "trash"):
        menu.addAction(actions.empty_trash)
    if entry.kind == "book" or entry == entry.__class__("section", "books"):
        from app.gui.book_menu import add_book_items

        add_book_items(menu, win, entry)
    return menu if menu.actions() else None


def rename_tag(win, tag: Tag) -> None:
    """Ask for a new name and rename `tag`."""
    name = prompts.ask_line(win, "Rename tag", f"New name for {tag.name}:", tag.name)
    if name and name != tag.name:
        tag_ops.rename(win, tag_id=tag.id, name=name)


def recolour_tag(win, tag: Tag) -> None:
    """Ask for a colour and recolour `tag`."""
    colour = prompts.ask_colour(win, tag.colour)
    if colour:
        tag_ops.recolour(win, tag_id=tag.id, colour=colour)


def merge_tag(win, tag: Tag) -> None:
    """Ask which tag to merge `tag` into, then merge."""
    others = [t for t in win.tags if t.id != tag.id]
    if not others:
        return
    name = prompts.ask_choice(win, "Merge tag", f"Merge {tag.name} into:", [t.name for t in others])
    target = next((t for t in others if t.name == name), None)
    if target is not None:
        tag_ops.merge(win, source_id=tag.id, target_id=target.id)


def delete_tag(win, tag: Tag) -> None:
    """Confirm, then delete `tag` (undo brings it back)."""
    if prompts.confirm(win, "Delete tag", f"Delete the tag {tag.name} from {tag.count} releases?"):
        tag_ops.delete(win, tag_id=tag.id)

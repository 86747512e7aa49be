"""The window's menus, shortcuts and action handlers; each handler asks, then calls one operation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.gui import prompts
from app.gui.operations import annotating as annotation_ops
from app.gui.operations import importing
from app.gui.operations import library as library_ops
from app.gui.operations import releases as release_ops
from app.gui.operations import tags as tag_ops
from app.gui.qt import QAction, QKeySequence, QMenu, QShortcut, Qt
from app.gui.reader import HIGHLIGHT_COLOURS

if TYPE_CHECKING:
    from app.core.models import Highlight, Note
    from app.gui.window import MainWindow


COMMON_TAGS_LIMIT = 1000


def recovery():
    """Return app.gui.recovery, imported when a backup command is first used."""
    from app.gui import recovery as module

    return module


class Actions:
    """Creates the window's QActions and menus and carries out what they ask for."""

    def __init__(self, win: MainWindow) -> None:
        self.win = win
        self._make_actions()
        self._make_menus()
        self._make_tag_keys()
        self._connect_panes()
        self.update_undo()

    def _action(
        self, text: str, handler: Callable[[], object], shortcut=None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self.win)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setToolTip(tip or text.replace("…", ""))
        action.setStatusTip(tip or text.replace("…", ""))
        action.triggered.connect(lambda _checked=False: handler())
        self.win.addAction(action)  # shortcuts work wherever the focus is
        return action

    def _make_actions(self) -> None:
        keys = QKeySequence.StandardKey
        a = self._action
        self.import_files = a(
            "&Import files…", self.on_import_files, "Ctrl+I", "Import release files"
        )
        self.import_folder = a(
            "Import &folder…",
            self.on_import_folder,
            "Ctrl+Shift+I",
            "Import every release in a folder",
        )
        self.back_up = a(
            "&Back up library now…",
            lambda: recovery().back_up_now(self.win),
            tip="Copy the library, checked, into a folder you choose (e.g. a USB stick)",
        )
        self.restore_backup = a(
            "Restore from bac&kup…",
            lambda: recovery().restore_from_backup(self.win),
            tip="Replace the library with a backup; the current file is kept beside it",
        )
        self.quit = a("&Quit", self.win.close, keys.Quit)
        self.undo = a("&Undo", lambda: library_ops.undo(self.win), keys.Undo)
        self.redo = a("&Redo", lambda: library_ops.redo(self.win), [keys.Redo, "Ctrl+Shift+Z"])
        self.find = a("&Find", self.on_find, keys.Find, "Search the library (Ctrl+F)")
        self.select_all = a("Select &all", self.win.table.selectAll, keys.SelectAll)
        self.tag = a("&Tags…", self.on_tags, "Ctrl+T", "Edit the tags of the selected releases")
        self.edit = a("&Edit details…", self.on_edit_details, "F2", "Edit title, date and source")
        self.highlight = a(
            "&Highlight selection", lambda: self.on_highlight(HIGHLIGHT_COLOURS[0][1]), "Ctrl+H"
        )
        self.add_note = a(
            "Add &note…", self.on_add_note, "Ctrl+Shift+N", "Add a note to the release being read"
        )
        self.trash = a(
            "&Move to trash",
            self.on_trash,
            keys.Delete,
            "Move the selected releases to the trash (Delete)",
        )
        self.trash.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.win.removeAction(self.trash)  # Delete acts on the list only, never in the reader
        self.win.table.addAction(self.trash)
        self.restore = a("&Restore from trash", self.on_restore, "Ctrl+Shift+R")
        self.empty_trash = a("&Empty trash…", self.on_empty_trash)
        self.save_search = a(
            "&Save search…",
            self.on_save_search,
            "Ctrl+Shift+S",
            "Keep the current search and filters in the sidebar",
        )
        self.new_tag = a("New &tag…", self.on_new_tag)

    def _make_menus(self) -> None:
        bar = self.win.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.import_files, self.import_folder])
        file_menu.addSeparator()
        file_menu.addActions([self.back_up, self.restore_backup])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.select_all, self.find])
        release_menu = bar.addMenu("&Release")
        release_menu.addActions([self.tag, self.edit, self.highlight, self.add_note])
        release_menu.addSeparator()
        release_menu.addActions([self.trash, self.restore, self.empty_trash])
        library_menu = bar.addMenu("&Library")
        library_menu.addActions([self.save_search, self.new_tag])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction("&Keyboard shortcuts", self.on_shortcuts)
        help_menu.addAction("&About Briefbook", self.on_about)
        self.win.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (self.tag, self.edit, self.add_note, self.trash, self.restore):
            self.win.table.addAction(action)

    def _make_tag_keys(self) -> None:
        for number in range(1, 10):
            shortcut = QShortcut(QKeySequence(str(number)), self.win.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda n=number: self.toggle_tag_number(n))

    def _connect_panes(self) -> None:
        reader = self.win.reader
        reader.highlight_requested.connect(self.on_highlight)
        reader.comment_requested.connect(self.on_comment)
        reader.edit_requested.connect(self.on_edit_details)
        reader.note_add_requested.connect(self.on_add_note)
        reader.note_edit_requested.connect(self.on_edit_note)
        reader.note_delete_requested.connect(self.on_delete_note)
        reader.text.highlight_clicked.connect(self.on_highlight_clicked)
        self.win.sidebar.customContextMenuRequested.connect(self.on_sidebar_menu)

    # --- state of the actions --------------------------------------------------------

    def update_undo(self) -> None:
        """Put what undo and redo would do into their menu text."""
        lib = self.win.lib
        undo, redo = lib.undo_label(), lib.redo_label()
        self.undo.setText(f"&Undo {undo}" if undo else "&Undo")
        self.undo.setEnabled(bool(undo))
        self.redo.setText(f"&Redo {redo}" if redo else "&Redo")
        self.redo.setEnabled(bool(redo))

    def update_enabled(self) -> None:
        """Enable the actions that make sense for the selection and the view."""
        has_selection = bool(self.win.selection_spans())
        reading = self.win.reader.release is not None
        trash_view = self.win.in_trash_view()
        self.tag.setEnabled(has_selection and not trash_view)
        self.edit.setEnabled(reading)
        self.add_note.setEnabled(reading)
        self.highlight.setEnabled(reading)
        self.trash.setEnabled(has_selection and not trash_view)
        self.restore.setEnabled(has_selection and trash_view)

    # --- handlers --------------------------------------------------------------------

    def import_now(self, paths: list[Path]) -> None:
        """Import `paths` and show the report."""
        importing.import_paths(self.win, paths=paths)

    def on_import_files(self) -> None:
        self.import_now(prompts.ask_import_files(self.win))

    def on_import_folder(self) -> None:
        self.import_now(prompts.ask_import_folder(self.win))

    def on_find(self) -> None:
        self.win.central_stack.setCurrentIndex(0)
        self.win.search_bar.line.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.win.search_bar.line.selectAll()

    def on_tags(self) -> None:
        ids = self.win.selected_ids()
        if not ids:
            return
        names = prompts.ask_tags(
            self.win, self._common_tags(), [t.name for t in self.win.tags], len(ids)
        )
        if names is not None:
            tag_ops.set_tags(self.win, release_ids=ids, before=self._common_tags(), after=names)

    def _common_tags(self) -> list[str]:
        """Return the tags every selected release carries (none for a huge selection)."""
        if self.win.selected_count() > COMMON_TAGS_LIMIT:  # reading every row would stall
            return []
        spans = self.win.selection_spans()
        rows = [self.win.release_model.row_at(r) for a, b in spans for r in range(a, b + 1)]
        tag_sets = [[t.name for t in r.tags] for r in rows if r is not None]
        return [n for n in tag_sets[0] if all(n in s for s in tag_sets)] if tag_sets else []

    def toggle_tag_number(self, number: int) -> None:
        """Toggle the number-th tag of the sidebar on the selected releases."""
        if number <= len(self.win.tags) and not self.win.in_trash_view():
            tag_ops.toggle(
                self.win, release_ids=self.win.selected_ids(), name=self.win.tags[number - 1].name
            )

    def on_edit_details(self) -> None:
        release = self.win.reader.release
        if release is None:
            return
        values = prompts.ask_release_details(self.win, release)
        if values is not None:
            release_ops.edit_details(self.win, release_id=release.id, **values)

    def on_highlight(self, colour: str) -> None:
        span = self.win.reader.text.selected_span()
        release = self.win.reader.release
        if release is None or span is None:
            self.win.statusBar().showMessage("Select a passage in the text first.", 4000)
            return
        annotation_ops.add_highlight(
            self.win, release_id=release.id, start=span[0], end=span[1], colour=colour
        )

    def on_comment(self) -> None:
        span = self.win.reader.text.selected_span()
        release = self.win.reader.release
        if release is None or span is None:
            self.win.statusBar().showMessage("Select a passage in the text first.", 4000)
            return
        comment = prompts.ask_text(self.win, "Comment on the passage")
        if comment is not None:
            annotation_ops.add_highlight(
                self.win, release_id=release.id, start=span[0], end=span[1], comment=comment
            )

    def on_highlight_clicked(self, highlight: Highlight) -> None:
        menu = QMenu(self.win)
        menu.addAction("Edit comment…", lambda: self.on_edit_comment(highlight))
        colours = menu.addMenu("Colour")
        for name, colour in HIGHLIGHT_COLOURS:
            colours.addAction(
                name,
                lambda c=colour: annotation_ops.edit_highlight(
                    self.win, highlight_id=highlight.id, colour=c
                ),
            )
        menu.addAction(
            "Remove highlight",
            lambda: annotation_ops.delete_highlight(self.win, highlight_id=highlight.id),
        )
        menu.popup(self.win.cursor().pos())

    def on_edit_comment(self, highlight: Highlight) -> None:
        comment = prompts.ask_text(self.win, "Comment on the passage", highlight.comment)
        if comment is not None:
            annotation_ops.edit_highlight(self.win, highlight_id=highlight.id, comment=comment)

    def on_add_note(self) -> None:
        release = self.win.reader.release
        if release is None:
            return
        text = prompts.ask_text(self.win, "New note")
        if text is not None:
            annotation_ops.add_note(self.win, release_id=release.id, text=text)

    def on_edit_note(self, note: Note) -> None:
        text = prompts.ask_text(self.win, "Edit note", note.text)
        if text is not None and text != note.text:
            annotation_ops.edit_note(self.win, note_id=note.id, text=text)

    def on_delete_note(self, note: Note) -> None:
        annotation_ops.delete_note(self.win, note_id=note.id)  # undo brings it back

    def on_trash(self) -> None:
        if not self.win.in_trash_view():
            release_ops.trash(self.win, release_ids=self.win.selected_ids())

    def on_restore(self) -> None:
        release_ops.restore(self.win, release_ids=self.win.selected_ids())

    def on_empty_trash(self) -> None:
        if prompts.confirm(self.win, "Empty trash", "Delete every release in the trash for good?"):
            release_ops.empty_trash(self.win)

    def on_save_search(self) -> None:
        name = prompts.ask_line(
            self.win, "Save search", "Name of the saved search:", self.win.search_bar.text()
        )
        if name:
            library_ops.save_search(self.win, name=name, query=self.win.current_query())

    def on_new_tag(self) -> None:
        name = prompts.ask_line(self.win, "New tag", "Name of the new tag:")
        if name:
            tag_ops.create(self.win, name=name)

    def shortcut_lines(self) -> list[str]:
        """Return one line per action that has a shortcut: keys, then what it does."""
        lines = []
        for action in self.win.findChildren(QAction):
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
            )
            if keys:
                lines.append(f"{keys:<24} {action.text().replace('&', '')}")
        lines.append(f"{'1 … 9':<24} Toggle the first nine tags on the selected releases")
        return sorted(set(lines))

    def on_shortcuts(self) -> None:
        prompts.show_text(self.win, "Keyboard shortcuts", "\n".join(self.shortcut_lines()))

    def on_about(self) -> None:
        from app import paths

        lib = self.win.lib
        prompts.show_text(
            self.win,
            "About Briefbook",
            "Briefbook keeps a library of press releases and turns them into briefing books.\n\n"
            f"Library: {lib.path or 'in memory'}\nLog file: {paths.log_file()}",
        )

    def on_sidebar_menu(self, point) -> None:
        from app.gui.sidebar_menu import sidebar_menu  # keeps this module short

        menu = sidebar_menu(self, self.win.sidebar.indexAt(point))
        if menu is not None:
            menu.popup(self.win.sidebar.viewport().mapToGlobal(point))

"""The Book menu, its shortcuts and the sidebar's book commands; each asks, then calls one operation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.gui import prompts
from app.gui.export_dialog import ExportDialog
from app.gui.operations import books as ops
from app.gui.qt import QAction, QKeySequence, QMenu, QShortcut, Qt

if TYPE_CHECKING:
    from app.gui.book_editor import BookEditor
    from app.gui.window import MainWindow

DEFAULT_SECTION = "Press releases"


class BookActions:
    """Creates the book actions on the main window and carries them out."""

    def __init__(self, win: MainWindow, editor: BookEditor) -> None:
        self.win = win
        self.editor = editor
        self.export_dialog: ExportDialog | None = None
        self.new_book = self._action("&New book…", self.on_new_book, "Ctrl+Shift+B")
        self.add_to_book = self._action(
            "&Add to book", self.on_add_to_book, "Ctrl+B", "Add the selected releases to the book"
        )
        self.export = self._action(
            "&Export book…", self.on_export, "Ctrl+E", "Export to PDF or Word"
        )
        menu = win.menuBar().addMenu("&Book")
        menu.addActions([self.new_book, self.add_to_book])
        menu.addSeparator()
        menu.addAction(self.export)
        win.menuBar().insertMenu(win.menuBar().actions()[-2], menu)  # before Help
        win.table.addAction(self.add_to_book)
        editor.export_button.clicked.connect(self.on_export)
        self._outline_keys()

    def _action(self, text: str, handler, shortcut: str, tip: str = "") -> QAction:
        action = QAction(text, self.win)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip or text.replace("&", "").replace("…", ""))
        action.setStatusTip(tip or text.replace("&", "").replace("…", ""))
        action.triggered.connect(lambda _checked=False: handler())
        self.win.addAction(action)
        return action

    def _outline_keys(self) -> None:
        tree, editor = self.editor.tree, self.editor
        keys = (
            ("Ctrl+Up", lambda: editor.move_selected(-1)),
            ("Ctrl+Down", lambda: editor.move_selected(1)),
            ("Ctrl+Shift+Up", lambda: editor.move_selected(-1, across=True)),
            ("Ctrl+Shift+Down", lambda: editor.move_selected(1, across=True)),
            ("Delete", editor.remove_selected),
            ("F2", editor.ask_rename_section),
        )
        self._shortcuts = []
        for key, handler in keys:
            shortcut = QShortcut(QKeySequence(key), tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(handler)
            self._shortcuts.append(shortcut)

    # --- handlers --------------------------------------------------------------------

    def on_new_book(self) -> int | None:
        """Ask for a name, create the book from the template and open it; return its id."""
        name = prompts.ask_line(self.win, "New book", "Name of the new briefing book:")
        if not name:
            return None
        change = ops.create(self.win, name=name)
        if change is None or change.created_id is None:
            return None
        self.editor.open_book(change.created_id)
        return change.created_id

    def on_add_to_book(self) -> None:
        """Add the selected releases to the chosen section of the open (or a chosen) book."""
        ids = self.win.selected_ids()
        if not ids:
            self.win.statusBar().showMessage("Select releases in the list first.", 4000)
            return
        if self.editor.book_id is None and not self._choose_book():
            return
        section = self.editor.target_section() or self._ask_section()
        if section is not None:
            self.editor.add_releases(ids, section.id)
            name = self.editor.book.name if self.editor.book else ""
            self.win.statusBar().showMessage(f"Added to “{section.heading}” of {name}", 4000)

    def _choose_book(self) -> bool:
        books = self.win.lib.books.list()
        if not books:
            book_id = self.on_new_book()
            if book_id is not None:
                self.win.show_library()  # stay with the selected releases
            return book_id is not None
        names = [b.name for b in books]
        name = prompts.ask_choice(self.win, "Add to book", "Add the releases to:", names)
        book = next((b for b in books if b.name == name), None)
        if book is None:
            return False
        self.editor.open_book(book.id, show=False)
        return True

    def _ask_section(self):
        sections = list(self.editor.outline.sections)
        if not sections:
            return None
        sections.sort(key=lambda s: s.heading != DEFAULT_SECTION)  # the usual choice first
        heading = prompts.ask_choice(
            self.win, "Add to book", "Add to the section:", [s.heading for s in sections]
        )
        return next((s for s in sections if s.heading == heading), None)

    def on_export(self) -> ExportDialog | None:
        """Open the export dialog for the open book; return it."""
        editor = self.editor
        if editor.book is None:
            self.win.statusBar().showMessage("Open a book in the sidebar first.", 4000)
            return None
        if self.export_dialog is not None and self.export_dialog.worker is not None:
            self.export_dialog.raise_()  # one export at a time per window
            return self.export_dialog
        self.export_dialog = ExportDialog(editor.book.name, editor.assembled, self.win)
        self.export_dialog.show()
        return self.export_dialog


def add_book_items(menu: QMenu, win: MainWindow, entry) -> None:
    """Add the book commands for a sidebar book row (or the Books heading) to `menu`."""
    actions: BookActions = win.book_editor.actions
    if entry.kind == "book":
        book = entry.value
        menu.addAction("Open", lambda: win.book_editor.open_book(book.id))
        menu.addAction("Rename…", lambda: rename_book(win, book))
        menu.addAction("Duplicate…", lambda: duplicate_book(win, book))
        menu.addAction("Delete…", lambda: delete_book(win, book))
        menu.addSeparator()
    menu.addAction(actions.new_book)


def rename_book(win: MainWindow, book) -> None:
    """Ask for a new name and rename `book`."""
    name = prompts.ask_line(win, "Rename book", f"New name for {book.name}:", book.name)
    if name and name != book.name:
        ops.rename(win, book_id=book.id, name=name)


def duplicate_book(win: MainWindow, book) -> int | None:
    """Ask for a name and copy `book` with its sections and entries; return the copy's id."""
    name = prompts.ask_line(win, "Duplicate book", "Name of the copy:", f"{book.name} (copy)")
    if not name:
        return None
    change = ops.duplicate(win, book_id=book.id, name=name)
    return change.created_id if change is not None else None


def delete_book(win: MainWindow, book) -> None:
    """Confirm, then delete `book` (its releases stay; undo brings it back)."""
    if prompts.confirm(
        win, "Delete book", f"Delete the book {book.name}? Its releases stay in the library."
    ):
        ops.delete(win, book_id=book.id)

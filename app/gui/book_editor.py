"""The book editor page: cover and marking, the outline, section text, entry choices, preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.assemble import assemble
from app.core.errors import LibraryError
from app.core.models import BookRecord, Change, EntryRecord, SectionRecord
from app.gui import errors, prompts
from app.gui.book_cover import CoverForm
from app.gui.book_details import EntryPanel, SectionPanel
from app.gui.book_outline import KEY_ROLE, OutlineModel
from app.gui.operations import books as ops
from app.gui.preview import PreviewPane
from app.gui.qt import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QModelIndex,
    QPalette,
    QPushButton,
    QSplitter,
    Qt,
    QTabWidget,
    QTimer,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from app.gui.sidebar import Entry
from exporters.book import Book, Options

if TYPE_CHECKING:
    from app.gui.window import MainWindow

TEXT_SAVE_DELAY_MS = 1200  # typing pauses this long before the text is saved


class BookEditor(QWidget):
    """One open book at a time; every edit goes straight to the core."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__()
        self.win = win
        self.book_id: int | None = None
        self.book: BookRecord | None = None
        self._key: tuple[str, int] | None = None  # the outline row kept selected across reloads
        self._filling = False
        self.outline = OutlineModel(self)
        self.cover = CoverForm()
        self.section_panel = SectionPanel()
        self.section_text = self.section_panel.text  # the field typed into
        self.entry_panel = EntryPanel()
        self.summary_only = self.entry_panel.boxes["summary_only"]
        self.include_notes = self.entry_panel.boxes["include_notes"]
        self.include_highlights = self.entry_panel.boxes["include_highlights"]
        self.preview = PreviewPane(self.preview_book)
        self._build()
        self._connect()

    # --- layout ----------------------------------------------------------------------

    def _build(self) -> None:
        self.back = QPushButton("◀ Library")
        self.back.setToolTip("Back to the release list (the book stays open for Ctrl+B)")
        self.title = QLabel("")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Export the book to PDF or Word (Ctrl+E)")
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)
        self.tree = QTreeView()
        self.tree.setModel(self.outline)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Book outline")
        self.tree.setFrameShape(QFrame.Shape.NoFrame)
        self.tree.viewport().setBackgroundRole(QPalette.ColorRole.Window)  # as the sidebar
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setItemsExpandable(False)
        self.tree.setRootIsDecorated(False)
        self.add_section_button = QPushButton("Add section…")
        self.rename_button = QPushButton("Rename section…")
        self.remove_button = QPushButton("Remove")
        buttons = QHBoxLayout()
        for button in (self.add_section_button, self.rename_button, self.remove_button):
            buttons.addWidget(button)
        hint = QLabel("Drag releases here from the list, or select them and press Ctrl+B.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(hint)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.cover, "Cover and marking")
        self.tabs.addTab(self.section_panel, "Section")
        self.tabs.addTab(self.entry_panel, "Entry")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.preview)
        self.splitter.setSizes([360, 400, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.back.clicked.connect(self.go_back)
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self.outline.entries_dropped.connect(self.move_entries, Qt.ConnectionType.QueuedConnection)
        self.outline.releases_dropped.connect(self.add_releases, Qt.ConnectionType.QueuedConnection)
        self.cover.edited.connect(self._cover_edited)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_SAVE_DELAY_MS)
        self._text_timer.timeout.connect(self.save_text)
        self.section_panel.typed.connect(self._text_timer.start)
        self.section_text.focus_lost.connect(self.save_text)
        self.add_section_button.clicked.connect(self.ask_add_section)
        self.rename_button.clicked.connect(self.ask_rename_section)
        self.remove_button.clicked.connect(self.remove_selected)
        self.entry_panel.remove_button.clicked.connect(self.remove_selected)
        self.entry_panel.flag_toggled.connect(self._entry_flag)

    # --- opening and refreshing -----------------------------------------------------

    def open_book(self, book_id: int, *, show: bool = True) -> None:
        """Load a book into the editor (and show the editor page if `show`)."""
        self.save_text()
        if book_id != self.book_id:
            self._key = None
        self.book_id = book_id
        self.reload()
        if self.book is None:
            return
        if show:
            self.win.central_stack.setCurrentWidget(self)
            self.tree.setFocus()
            self._mark_in_sidebar()
        self.preview.schedule()

    def go_back(self) -> None:
        """Show the release list again (the book stays open for Ctrl+B and the marks)."""
        self.save_text()
        self.win.show_library()
        self.win.sidebar.select_entry(self.win.filter_entry)

    def _mark_in_sidebar(self) -> None:
        if self.book is not None and self.win.central_stack.currentWidget() is self:
            self.win.sidebar.select_entry(Entry("book", self.book))

    def close_book(self) -> None:
        """Forget the open book (deleted, or the library changed under it)."""
        self.book_id, self.book, self._key = None, None, None
        self.outline.set_book(None)
        self.cover.show_book(None)
        self.win.release_model.set_book_marks(set())
        if self.win.central_stack.currentWidget() is self:
            self.win.show_library()

    def reload(self) -> None:
        """Read the open book from the core again and show it, keeping the selection."""
        if self.book_id is None:
            return
        try:
            self.book = self.win.lib.books.get(self.book_id)
        except LibraryError:
            self.close_book()
            return
        self._filling = True
        try:
            self.title.setText(self.book.name)
            self.outline.set_book(self.book)
            self.tree.expandAll()
            index = self.outline.index_of(self._key)
            if not index.isValid() and self.outline.rowCount():
                index = self.outline.index(0, 0)
            if index.isValid():
                self.tree.setCurrentIndex(index)
            self.cover.show_book(self.book)
            self._show_details(index)
        finally:
            self._filling = False
        self.win.release_model.set_book_marks(self.win.lib.books.release_ids(self.book_id))

    def on_change(self, change: Change) -> None:
        """Refresh after any Change naming the open book (edits, undo, redo)."""
        if self.book_id is None:
            return
        if self.book_id in change.books or change.library or change.releases:
            self.reload()
            if self.book is not None:
                self.preview.schedule()
        self._mark_in_sidebar()  # the window re-selects its filter after every change

    def preview_book(self) -> Book | None:
        """Return the open book assembled with default options, or None."""
        return self.assembled(Options())

    def assembled(self, options: Options) -> Book | None:
        """Return the open book assembled for a writer (on the main thread), or None."""
        if self.book_id is None:
            return None
        self.save_text()
        try:
            return assemble(self.win.lib, self.book_id, options)
        except LibraryError as error:
            errors.show_error(self.win, str(error))
            return None

    # --- selection and details ------------------------------------------------------

    def selected(self) -> SectionRecord | EntryRecord | None:
        """Return the section or entry selected in the outline."""
        return self.outline.record(self.tree.currentIndex())

    def target_section(self) -> SectionRecord | None:
        """Return the section chosen in the outline (or holding the chosen entry)."""
        return self.outline.section_of(self.tree.currentIndex())

    def select(self, key: tuple[str, int]) -> None:
        """Select the outline row of ("section"|"entry", id)."""
        index = self.outline.index_of(key)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._filling:
            return
        key = current.data(KEY_ROLE) if current.isValid() else None
        if key is not None:
            self._key = key
        self.save_text()  # the text typed for the section left behind
        self._show_details(self.tree.currentIndex())

    def _show_details(self, index: QModelIndex) -> None:
        item = self.outline.record(index)
        section = self.outline.section_of(index)
        self.section_panel.show_section(section)
        entry = item if isinstance(item, EntryRecord) else None
        self.entry_panel.show_entry(entry)
        if not self._filling or self.tabs.currentIndex() != 0:
            self.tabs.setCurrentIndex(2 if entry is not None else 1)

    # --- edits ------------------------------------------------------------------------

    def save_text(self) -> None:
        """Store the section text typed so far (a pause, leaving the field, or a switch)."""
        self._text_timer.stop()
        panel = self.section_panel
        if not panel.dirty or panel.section_id is None or self.book is None:
            return
        panel.dirty = False
        text = self.section_text.toPlainText()
        stored = next((s.text for s in self.book.sections if s.id == panel.section_id), None)
        if stored is not None and stored != text:
            ops.set_section_text(self.win, section_id=panel.section_id, text=text)

    def _cover_edited(self, field: str, value: str) -> None:
        if self.book_id is None:
            return
        if ops.update_cover(self.win, book_id=self.book_id, **{field: value}) is None:
            self.cover.show_book(self.book)  # refused (a bad date): show what is stored

    def _entry_flag(self, flag: str, on: bool) -> None:
        item = self.selected()
        if isinstance(item, EntryRecord):
            ops.update_entry(self.win, entry_id=item.id, **{flag: on})

    def add_releases(self, release_ids: list[int], section_id: int, position=None) -> None:
        """Put releases into a section of the open book (drop or Ctrl+B)."""
        change = ops.add_entries(
            self.win, section_id=section_id, release_ids=release_ids, position=position
        )
        if change is not None and change.created_id is not None:
            self.select(("entry", change.created_id))

    def move_entries(self, entry_ids: list[int], section_id: int, position=None) -> None:
        """Move entries to `position` in a section (a drop in the outline)."""
        for offset, entry_id in enumerate(entry_ids):
            where = None if position is None else position + offset
            ops.move_entry(self.win, entry_id=entry_id, section_id=section_id, position=where)
        if entry_ids:
            self.select(("entry", entry_ids[0]))

    def move_selected(self, step: int, *, across: bool = False) -> None:
        """Move the selected entry (or section) up/down; `across` moves an entry to the next section."""
        item, sections = self.selected(), list(self.outline.sections)
        if isinstance(item, SectionRecord):
            if not across and 0 <= item.position + step < len(sections):
                ops.move_section(self.win, section_id=item.id, position=item.position + step)
            return
        if not isinstance(item, EntryRecord):
            return
        row = next(i for i, s in enumerate(sections) if s.id == item.section_id)
        if across:
            if 0 <= row + step < len(sections):
                target = sections[row + step]
                where = None if step < 0 else 0
                ops.move_entry(self.win, entry_id=item.id, section_id=target.id, position=where)
        elif 0 <= item.position + step < len(sections[row].entries):
            ops.move_entry(
                self.win,
                entry_id=item.id,
                section_id=item.section_id,
                position=item.position + step,
            )
        self.select(("entry", item.id))

    def remove_selected(self) -> None:
        """Remove the selected entry, or the selected section (asked first if it has entries)."""
        item = self.selected()
        if isinstance(item, EntryRecord):
            ops.remove_entry(self.win, entry_id=item.id)
        elif isinstance(item, SectionRecord):
            if item.entries and not prompts.confirm(
                self.win,
                "Remove section",
                f"Remove the section “{item.heading}” and its {len(item.entries)} releases "
                "from the book? The releases stay in the library.",
            ):
                return
            ops.remove_section(self.win, section_id=item.id)

    def ask_add_section(self) -> None:
        """Ask for a heading and add a section after the selected one."""
        if self.book_id is None:
            return
        heading = prompts.ask_line(self.win, "Add section", "Heading of the new section:")
        if heading:
            section = self.target_section()
            where = None if section is None else section.position + 1
            change = ops.add_section(
                self.win, book_id=self.book_id, heading=heading, position=where
            )
            if change is not None and change.created_id is not None:
                self.select(("section", change.created_id))

    def ask_rename_section(self) -> None:
        """Ask for a new heading for the selected section."""
        section = self.target_section()
        if section is None:
            return
        heading = prompts.ask_line(self.win, "Rename section", "New heading:", section.heading)
        if heading and heading != section.heading:
            ops.rename_section(self.win, section_id=section.id, heading=heading)

    def shutdown(self) -> None:
        """Save typed text and stop background work (the window is closing)."""
        from app.gui.export_worker import wait_for_all

        self.save_text()
        self.preview.shutdown()
        wait_for_all()


def install_book_editor(win: MainWindow) -> BookEditor:
    """Add the book editor page, the Book menu and the sidebar hooks to the main window."""
    from app.gui.book_menu import BookActions

    editor = BookEditor(win)
    win.central_stack.addWidget(editor)
    win.book_requested.connect(lambda book: editor.open_book(book.id))
    win.change_applied.connect(editor.on_change)
    editor.actions = BookActions(win, editor)
    return editor

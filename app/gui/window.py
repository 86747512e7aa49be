"""The main window: sidebar, search bar, release list and reader; refreshes from Changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.core.errors import LibraryError
from app.core.models import Change, ListQuery, Tag
from app.gui import prompts, settings
from app.gui.actions import Actions
from app.gui.first_paint import call_after_first_paint
from app.gui.qt import (
    QDragEnterEvent,
    QDropEvent,
    QItemSelectionModel,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.gui.reader import ReaderPane
from app.gui.release_model import ReleaseTableModel
from app.gui.release_table import ReleaseTable
from app.gui.search_bar import SearchBar
from app.gui.sidebar import Entry, SidebarModel, SidebarView

READER_DELAY_MS = 30
BOOK_EDITOR_DELAY_MS = 300  # the book editor (and its PDF preview) is built after the first rows
FILL_AT_LATEST_MS = 1000  # the sidebar and reader fill after the first paint, or after this
KEEP_SELECTION_LIMIT = 1000  # rows kept selected across a reload


class MainWindow(QMainWindow):
    """Browse, search, tag and annotate one library."""

    change_applied = Signal(object)  # every Change, after the views refreshed (book editor)
    book_requested = Signal(object)  # a BookRecord picked in the sidebar (book editor opens it)

    def __init__(self, lib, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self.library_open = True  # False between close_library and switch_library
        self.tags: list[Tag] = []
        self.filter_entry = Entry("view", "all")
        self.setWindowTitle(window_title(lib))
        self.setAcceptDrops(True)
        self.sidebar_model = SidebarModel(self)
        self.sidebar = SidebarView(self.sidebar_model)
        self.search_bar = SearchBar()
        self.release_model = ReleaseTableModel(lib.search, self)
        self.table = ReleaseTable(self.release_model)
        self.reader = ReaderPane()
        self.central_stack = QStackedWidget()  # page 0: library; the book editor adds its page
        self._build_layout()
        self.actions = Actions(self)
        self._build_status_bar()
        self._connect()
        self._set_tab_order()
        self.restore_state()
        self.refresh_counts()
        self.run_query()
        self._book_editor = None
        # the book editor, its exporters and QtPdf load after the first rows have painted
        # (or the first time anything asks for it): a quicker launch
        QTimer.singleShot(BOOK_EDITOR_DELAY_MS, self, lambda: self.book_editor)
        # the sidebar's tags, saved searches and books and the reader's first release fill
        # in once the first rows are on screen (about 30 ms of work a launch need not wait
        # for); at the latest after FILL_AT_LATEST_MS, should the list not paint (minimised)
        self._reader_timer.stop()
        self.launch_finished = False
        call_after_first_paint(self.table.viewport(), self._finish_launch)
        QTimer.singleShot(FILL_AT_LATEST_MS, self, self._finish_launch)

    def _finish_launch(self) -> None:
        """Fill the sidebar and the reader (once), after the first rows have painted."""
        if self.launch_finished:
            return
        self.launch_finished = True
        self.refresh_sidebar()
        self.show_current()

    @property
    def book_editor(self):
        """Return the book editor, adding its page, the Book menu and Ctrl+B on first use."""
        if self._book_editor is None:
            from app.gui.book_editor import install_book_editor

            self._book_editor = install_book_editor(self)
        return self._book_editor

    # --- layout ----------------------------------------------------------------------

    def _build_layout(self) -> None:
        library_page = QWidget()
        layout = QVBoxLayout(library_page)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.search_bar)
        self.list_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.list_splitter.setObjectName("listSplitter")
        self.list_splitter.addWidget(self.table)
        self.list_splitter.addWidget(self.reader)
        self.list_splitter.setStretchFactor(0, 3)
        self.list_splitter.setStretchFactor(1, 2)
        layout.addWidget(self.list_splitter, 1)
        self.central_stack.addWidget(library_page)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.sidebar)
        self.main_splitter.addWidget(self.central_stack)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([220, 1180])
        self.list_splitter.setSizes([720, 460])
        self.setCentralWidget(self.main_splitter)

    def _set_tab_order(self) -> None:
        bar = self.search_bar
        chain = [
            self.sidebar,
            bar.line,
            bar.since,
            bar.until,
            self.table,
            self.reader.text,
            self.reader.notes,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.counts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.counts_label.setAccessibleName("Library counts")
        self.path_label = QLabel(str(self.lib.path) if self.lib.path else "in memory")
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setAccessibleName("Library file")
        self.path_label.setToolTip("The library file")
        for label in (self.counts_label, self.path_label):
            label.setContentsMargins(6, 0, 6, 0)
        self.statusBar().addWidget(self.counts_label, 1)
        self.statusBar().addPermanentWidget(self.path_label)

    def _connect(self) -> None:
        self.search_bar.changed.connect(self.run_query)
        self.sidebar.entry_activated.connect(self.on_sidebar_entry)
        # the reader follows the current row a moment later: the list paints first, and
        # holding an arrow key down does not load every release on the way
        self._reader_timer = QTimer(self)
        self._reader_timer.setSingleShot(True)
        self._reader_timer.setInterval(READER_DELAY_MS)
        self._reader_timer.timeout.connect(self.show_current)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._reader_timer.start())
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.actions.update_enabled()
        )
        self.release_model.modelReset.connect(self.actions.update_enabled)

    # --- listing ---------------------------------------------------------------------

    def current_query(self) -> ListQuery:
        """Return the query built from the sidebar filter, the search bar and the sort order."""
        since, until = self.search_bar.dates()
        sort = self.release_model.query
        view, tag = "all", None
        if self.filter_entry.kind == "view":
            view = self.filter_entry.value
        elif self.filter_entry.kind == "tag":
            tag = self.filter_entry.value.name
        return ListQuery(
            text=self.search_bar.text(),
            view=view,
            tag=tag,
            since=since,
            until=until,
            sort=sort.sort,
            descending=sort.descending,
        )

    def run_query(self) -> None:
        """List the current query from the top and show its count and any parse problem."""
        self.release_model.set_query(self.current_query())
        self.search_bar.show_result(self.release_model.rowCount(), self.query_problem())
        if self.release_model.rowCount():
            self.table.selectRow(0)
        else:
            self.show_current()

    def query_problem(self) -> str | None:
        """Return what the core could not use in the search text, in plain words."""
        text = self.search_bar.text()
        return self.lib.search.parse(text).error if text.strip() else None

    def on_sidebar_entry(self, entry: Entry) -> None:
        """Filter by a view or tag, apply a saved search, or open a book."""
        if entry.kind in ("view", "tag"):
            self.filter_entry = entry
            self.show_library()
            self.run_query()
        elif entry.kind == "saved":
            self.apply_saved_query(entry.value.query)
        elif entry.kind == "book":
            self.open_book(entry.value)

    def apply_saved_query(self, query: ListQuery) -> None:
        """Show a saved query: its view or tag, its text, dates and order."""
        tag = next((t for t in self.tags if t.name == query.tag), None) if query.tag else None
        self.filter_entry = Entry("tag", tag) if tag else Entry("view", query.view)
        self.release_model.set_query(
            replace(self.release_model.query, sort=query.sort, descending=query.descending)
        )
        self.central_stack.setCurrentIndex(0)
        self.search_bar.set_state(query.text, query.since, query.until)

    def open_book(self, book) -> None:
        """Ask the book editor to open `book` (it adds its page to central_stack)."""
        self.statusBar().showMessage(f"Book: {book.name}", 4000)
        self.book_editor  # noqa: B018 - connects book_requested the first time
        self.book_requested.emit(book)

    def show_library(self) -> None:
        """Show the release list and reader in the central area."""
        self.central_stack.setCurrentIndex(0)

    def selection_spans(self) -> list[tuple[int, int]]:
        """Return the selected rows as sorted (first, last) spans, without visiting each row."""
        # QItemSelectionModel.hasSelection()/selectedRows() ask the model about every cell:
        # 400,000 calls into Python after Ctrl+A on 100,000 rows
        return sorted((r.top(), r.bottom()) for r in self.table.selectionModel().selection())

    def selected_count(self) -> int:
        """Return how many rows are selected."""
        return sum(last - first + 1 for first, last in self.selection_spans())

    def selected_ids(self) -> list[int]:
        """Return the ids of the selected releases, in list order."""
        ids: list[int] = []
        for top, bottom in self.selection_spans():
            ids.extend(self.release_model.ids_between(top, bottom))
        return list(dict.fromkeys(ids))

    def current_id(self) -> int | None:
        """Return the id of the release shown in the reader."""
        return self.reader.release.id if self.reader.release is not None else None

    def in_trash_view(self) -> bool:
        """Return True while the trash is listed."""
        return self.filter_entry == Entry("view", "trash")

    def show_current(self, *, force: bool = False) -> None:
        """Show the current row's release in the reader (again if `force`)."""
        self._reader_timer.stop()
        if not self.library_open:
            return
        row = self.release_model.row_at(self.table.currentIndex().row())
        if row is None:
            self.reader.show_release(None)
        elif self.reader.release is not None and self.reader.release.id == row.id and not force:
            pass  # already shown
        else:
            self.load_reader(row.id)
        self.actions.update_enabled()

    def load_reader(self, release_id: int) -> None:
        """Read a release, its highlights and notes from the core into the reader."""
        try:
            release = self.lib.releases.get(release_id)
            highlights = self.lib.annotations.highlights(release_id)
            notes = self.lib.annotations.notes(release_id)
        except LibraryError:
            self.reader.show_release(None)
            return
        self.reader.show_release(release, highlights, notes)

    # --- refreshing after a change ---------------------------------------------------

    def apply_change(self, change: Change) -> None:
        """Refresh only the views `change` concerns, then announce it."""
        if change.library or (change.tags and not change.releases):
            self.reload_list()
        elif change.releases:
            self.release_model.refresh_releases(change.releases)
            self.search_bar.show_result(self.release_model.rowCount(), self.query_problem())
        if change.tags or change.library or change.releases:
            self.refresh_tags()
        if change.saved_searches:
            self.refresh_saved()
        if change.books:
            self.refresh_books()
        current = self.current_id()
        if current is not None and (change.library or change.tags or current in change.releases):
            self.show_current(force=True)
        self.refresh_counts()
        self.actions.update_undo()
        self.change_applied.emit(change)

    def reload_list(self) -> None:
        """List the current query again, keeping the selected releases selected where possible."""
        current = self.current_id()
        spans = self.selection_spans()
        if self.selected_count() > KEEP_SELECTION_LIMIT:  # finding 100,000 rows again would stall
            rows = [spans[0][0]]
            selected = {current} if current is not None else set()
        else:
            rows = sorted({r for first, last in spans for r in range(first, last + 1)})
            selected = set(self.selected_ids())
        self.release_model.set_query(self.current_query())
        self.search_bar.show_result(self.release_model.rowCount(), self.query_problem())
        self.reselect(selected, current, rows)

    def reselect(self, ids: set[int], current: int | None, rows: list[int]) -> None:
        """Select the rows showing `ids` (looked for near their old rows first)."""
        model = self.release_model
        found = {}
        for r in rows:
            row = model.row_at(r)
            if row is not None and row.id in ids:
                found[row.id] = r
        loaded = model.loaded_rows()
        for missing in ids - found.keys():
            if missing in loaded:
                found[missing] = loaded[missing]
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r in found.values():
            selection.select(model.index(r, 0), flags)
        if current in found:
            selection.setCurrentIndex(
                model.index(found[current], 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        elif found:
            first = min(found.values())
            selection.setCurrentIndex(
                model.index(first, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        elif rows and model.rowCount():
            self.table.selectRow(min(rows[0], model.rowCount() - 1))
        self.show_current(force=True)

    def refresh_sidebar(self) -> None:
        """Fill every sidebar section from the core."""
        if not self.library_open:
            return
        self.refresh_tags()
        self.refresh_saved()
        self.refresh_books()
        self.refresh_counts()
        self.sidebar.select_entry(self.filter_entry)

    def refresh_tags(self) -> None:
        """Show the current tags (sidebar, completion, 1-9 keys)."""
        self.tags = self.lib.tags.all()
        self.sidebar_model.set_tags(self.tags)
        if self.filter_entry.kind == "tag":
            same = next((t for t in self.tags if t.id == self.filter_entry.value.id), None)
            self.filter_entry = Entry("tag", same) if same else Entry("view", "all")
        self.sidebar.select_entry(self.filter_entry)

    def refresh_saved(self) -> None:
        """Show the saved searches."""
        self.sidebar_model.set_saved(self.lib.saved.list())

    def refresh_books(self) -> None:
        """Show the books (an empty section until the book builder lands)."""
        books = getattr(self.lib, "books", None)
        try:
            self.sidebar_model.set_books(books.list() if books is not None else [])
        except (LibraryError, AttributeError, NotImplementedError):
            self.sidebar_model.set_books([])

    def refresh_counts(self) -> None:
        """Show the library counts in the status bar and the sidebar."""
        counts = self.lib.releases.count_all()
        self.sidebar_model.set_views({"all": counts.get("all", 0), "trash": counts.get("trash", 0)})
        self.sidebar.select_entry(self.filter_entry)
        words = [
            _plural(counts.get("all", 0), "release"),
            _plural(counts.get("tags", 0), "tag"),
            _plural(counts.get("notes", 0), "note"),
            _plural(counts.get("highlights", 0), "highlight"),
            f"{counts.get('trash', 0):,} in trash",
        ]
        self.counts_label.setText(" · ".join(words))

    # --- settings --------------------------------------------------------------------

    def restore_state(self) -> None:
        """Restore geometry, splitters and column widths saved by an earlier session."""
        geometry = settings.read_bytes("window/geometry")
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1400, 860)
        self.restoreState(settings.read_bytes("window/state"))
        for splitter in (self.main_splitter, self.list_splitter):
            splitter.restoreState(settings.read_bytes(f"window/{splitter.objectName()}"))
        self.reader.splitter.restoreState(settings.read_bytes("window/readerSplitter"))
        header = settings.read_bytes("window/columns")
        if not header.isEmpty():
            self.table.horizontalHeader().restoreState(header)

    def save_state(self) -> None:
        """Remember geometry, splitters, column widths and the library path."""
        settings.write("window/geometry", self.saveGeometry())
        settings.write("window/state", self.saveState())
        for splitter in (self.main_splitter, self.list_splitter):
            settings.write(f"window/{splitter.objectName()}", splitter.saveState())
        settings.write("window/readerSplitter", self.reader.splitter.saveState())
        settings.write("window/columns", self.table.horizontalHeader().saveState())
        if self.lib.path:
            settings.write("library/last", str(self.lib.path))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._book_editor is not None:
            self._book_editor.shutdown()
        self.save_state()
        super().closeEvent(event)

    # --- the library file ------------------------------------------------------------

    def show_notices(self) -> None:
        """Tell the user once what the open-time checks did (repairs, a failed backup)."""
        guard = getattr(self.lib, "guard", None)
        notices = list(getattr(guard, "notices", None) or [])
        if not notices:
            return
        guard.notices.clear()  # told once
        self.statusBar().showMessage(notices[0], 20000)
        prompts.show_notice(self, "Briefbook checked your library", "\n\n".join(notices))

    def close_library(self) -> None:
        """Save pending edits and close the library file (before it is replaced)."""
        if not self.library_open:
            return
        if self._book_editor is not None:
            self._book_editor.shutdown()
            self.show_library()
        self.library_open = False
        self._reader_timer.stop()
        self.release_model.clear()  # nothing may read the closed file while it is replaced
        self.reader.show_release(None)
        self.lib.close()

    def switch_library(self, lib) -> None:
        """Show `lib` (e.g. the library restored from a backup) in place of the closed one."""
        self.lib = lib
        self.library_open = True
        self.setWindowTitle(window_title(lib))
        self.path_label.setText(str(lib.path) if lib.path else "in memory")
        self.release_model.set_searcher(lib.search)
        self.filter_entry = Entry("view", "all")
        self.reader.show_release(None)
        self.run_query()
        self.refresh_sidebar()
        self.actions.update_undo()
        self.show_notices()

    # --- drag and drop of files ------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            # leave the drop handler before the modal progress and report dialogs open
            QTimer.singleShot(0, lambda: self.actions.import_now(paths))


def window_title(lib) -> str:
    """Return the window title for `lib`: its file name, and whether it is read-only."""
    if lib.path is None:
        return "Briefbook"
    guard = getattr(lib, "guard", None)
    mark = " (read-only)" if guard is not None and guard.read_only else ""
    return f"{lib.path.name}{mark} – Briefbook"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"

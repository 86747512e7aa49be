"""The sidebar: library views, tags with colours and counts, saved searches, books."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.models import BookRecord, SavedSearch, Tag
from app.gui.qt import (
    QAbstractItemView,
    QColor,
    QFrame,
    QHeaderView,
    QModelIndex,
    QObject,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    Qt,
    QTreeView,
    QWidget,
    Signal,
)

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1

VIEWS = (
    ("all", "All releases", "Every release in the library"),
    ("recent", "Recently imported", "Releases imported in the last import batches"),
    ("annotated", "Annotated", "Releases with notes or highlights"),
    ("untagged", "Untagged", "Releases without any tag"),
    ("trash", "Trash", "Deleted releases; restore them or empty the trash"),
)
SECTIONS = ("library", "tags", "saved", "books")
SECTION_TITLES = {"library": "Library", "tags": "Tags", "saved": "Saved searches", "books": "Books"}


@dataclass(frozen=True)
class Entry:
    """What a sidebar row stands for: kind is view, tag, saved, book or section."""

    kind: str
    value: Any = None


class SidebarModel(QStandardItemModel):
    """Two columns (name, count) under four section headings; rows carry an Entry."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, 2, parent)
        self._sections: dict[str, QStandardItem] = {}
        for key in SECTIONS:
            item = QStandardItem(SECTION_TITLES[key])
            item.setData(Entry("section", key), ENTRY_ROLE)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            spacer = QStandardItem("")
            spacer.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.appendRow([item, spacer])
            self._sections[key] = item
        self.set_views({})

    def section(self, key: str) -> QStandardItem:
        """Return the heading item of section `key`."""
        return self._sections[key]

    def _fill(self, key: str, rows: list[tuple[str, str, Entry, str, QColor | None]]) -> None:
        heading = self._sections[key]
        heading.removeRows(0, heading.rowCount())
        for name, count, entry, tooltip, colour in rows:
            item = QStandardItem(name)
            item.setData(entry, ENTRY_ROLE)
            item.setToolTip(tooltip)
            item.setEditable(False)
            if colour is not None:
                item.setData(colour, Qt.ItemDataRole.DecorationRole)
            number = QStandardItem(count)
            number.setEditable(False)
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            number.setData(entry, ENTRY_ROLE)
            heading.appendRow([item, number])

    def set_views(self, counts: dict[str, int]) -> None:
        """Show the library views with the counts known (all, trash)."""
        rows = []
        for key, name, tip in VIEWS:
            count = counts.get(key)
            rows.append(
                (name, "" if count is None else f"{count:,}", Entry("view", key), tip, None)
            )
        self._fill("library", rows)

    def set_tags(self, tags: list[Tag]) -> None:
        """Show `tags` with their colours and counts; the first nine carry their key."""
        rows = []
        for number, tag in enumerate(tags, start=1):
            tip = f"{tag.name}: {tag.count} release{'s' if tag.count != 1 else ''}"
            if number <= 9:
                tip += f"\nPress {number} in the list to toggle it on the selected releases"
            rows.append((tag.name, f"{tag.count:,}", Entry("tag", tag), tip, QColor(tag.colour)))
        self._fill("tags", rows)

    def set_saved(self, searches: list[SavedSearch]) -> None:
        """Show the saved searches."""
        rows = [
            (s.name, "", Entry("saved", s), f"Saved search: {s.query.text or s.name}", None)
            for s in searches
        ]
        self._fill("saved", rows)

    def set_books(self, books: list[BookRecord]) -> None:
        """Show the books (opened by the book editor)."""
        rows = [(b.name, "", Entry("book", b), b.title or b.name, None) for b in books]
        self._fill("books", rows)

    def entries(self, key: str) -> list[Entry]:
        """Return the entries listed under section `key`."""
        heading = self._sections[key]
        return [heading.child(r, 0).data(ENTRY_ROLE) for r in range(heading.rowCount())]

    def index_of(self, entry: Entry) -> QModelIndex:
        """Return the index of the row standing for `entry` (matched by kind and id/name)."""
        for key in SECTIONS:
            heading = self._sections[key]
            for r in range(heading.rowCount()):
                if _same(heading.child(r, 0).data(ENTRY_ROLE), entry):
                    return heading.child(r, 0).index()
        return QModelIndex()


def _same(a: Entry | None, b: Entry) -> bool:
    if a is None or a.kind != b.kind:
        return False
    if a.kind == "view":
        return a.value == b.value
    return getattr(a.value, "id", None) == getattr(b.value, "id", None)


class SidebarView(QTreeView):
    """The sidebar tree; emits `entry_activated` when the user picks a row."""

    entry_activated = Signal(object)

    def __init__(self, model: SidebarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAccessibleName("Sidebar")
        self.setFrameShape(QFrame.Shape.NoFrame)
        # the window's colour, not the text-field white: a sidebar, set apart from the list
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.setToolTip("")
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.expandAll()
        self.setItemsExpandable(False)
        # rows only ever go under a section heading: expanding that one heading is enough
        # (expanding the whole tree for each of a library's tags took milliseconds each)
        model.rowsInserted.connect(lambda parent, *_: self.expand(parent))
        self._quiet = False
        self.selectionModel().currentRowChanged.connect(self._on_current)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        entry = current.siblingAtColumn(0).data(ENTRY_ROLE)
        if entry is not None and entry.kind != "section":
            self.entry_activated.emit(entry)

    def current_entry(self) -> Entry | None:
        """Return the entry of the current row."""
        return self.currentIndex().siblingAtColumn(0).data(ENTRY_ROLE)

    def select_entry(self, entry: Entry) -> None:
        """Make the row of `entry` current without emitting entry_activated."""
        index = self.model().index_of(entry)
        if index.isValid():
            self._quiet = True
            try:
                self.setCurrentIndex(index)
            finally:
                self._quiet = False

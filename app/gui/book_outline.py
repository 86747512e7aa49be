"""The book outline's item model: sections with their entries, dragged and dropped.

A thin adapter over the BookRecord the core returns. It never changes the book itself: a
drop is announced through `entries_dropped` / `releases_dropped` and the editor calls the
core, then hands the model the book as it now is.
"""

from __future__ import annotations

from typing import Any

from app.core.models import BookRecord, EntryRecord, SectionRecord
from app.gui.qt import QAbstractItemModel, QFont, QMimeData, QModelIndex, QObject, Qt, Signal
from app.gui.release_model import RELEASE_IDS_MIME, dragged_release_ids

ENTRY_IDS_MIME = "application/x-briefbook-entry-ids"
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # ("section", id) or ("entry", id)
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2  # the SectionRecord or EntryRecord
SECTION_ID = 0  # internal id of a section row; entry rows carry their section's row + 1


class OutlineModel(QAbstractItemModel):
    """Two levels: the book's sections, and under each its entries in order."""

    entries_dropped = Signal(list, int, object)  # entry ids, section id, position or None
    releases_dropped = Signal(list, int, object)  # release ids, section id, position or None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.book: BookRecord | None = None

    def set_book(self, book: BookRecord | None) -> None:
        """Show `book` (None: nothing)."""
        self.beginResetModel()
        self.book = book
        self.endResetModel()

    @property
    def sections(self) -> tuple[SectionRecord, ...]:
        """Return the sections shown."""
        return self.book.sections if self.book is not None else ()

    # --- lookups ---------------------------------------------------------------------

    def record(self, index: QModelIndex) -> SectionRecord | EntryRecord | None:
        """Return the section or entry at `index`."""
        if not index.isValid():
            return None
        if index.internalId() == SECTION_ID:
            return self.sections[index.row()] if index.row() < len(self.sections) else None
        section = self.sections[index.internalId() - 1]
        return section.entries[index.row()] if index.row() < len(section.entries) else None

    def index_of(self, key: tuple[str, int] | None) -> QModelIndex:
        """Return the index of ("section", id) or ("entry", id), invalid if absent."""
        if key is None:
            return QModelIndex()
        kind, wanted = key
        for row, section in enumerate(self.sections):
            if kind == "section" and section.id == wanted:
                return self.index(row, 0)
            if kind == "entry":
                for entry_row, entry in enumerate(section.entries):
                    if entry.id == wanted:
                        return self.index(entry_row, 0, self.index(row, 0))
        return QModelIndex()

    def section_of(self, index: QModelIndex) -> SectionRecord | None:
        """Return the section at `index`, or the section holding the entry at `index`."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == SECTION_ID else index.internalId() - 1
        return self.sections[row] if row < len(self.sections) else None

    # --- Qt overrides ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return (
                self.createIndex(row, 0, SECTION_ID) if row < len(self.sections) else QModelIndex()
            )
        if parent.internalId() != SECTION_ID or parent.row() >= len(self.sections):
            return QModelIndex()
        if row >= len(self.sections[parent.row()].entries):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid() or index.internalId() == SECTION_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, SECTION_ID)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.sections)
        if parent.internalId() == SECTION_ID and parent.row() < len(self.sections):
            return len(self.sections[parent.row()].entries)
        return 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.record(index)
        if item is None:
            return None
        is_section = isinstance(item, SectionRecord)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _section_label(item) if is_section else _entry_label(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.heading if is_section else _entry_tooltip(item)
        if role == KEY_ROLE:
            return ("section" if is_section else "entry", item.id)
        if role == RECORD_ROLE:
            return item
        if role == Qt.ItemDataRole.FontRole and is_section:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if index.internalId() == SECTION_ID:
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ENTRY_IDS_MIME, RELEASE_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        ids = []
        for index in indexes:
            item = self.record(index)
            if isinstance(item, EntryRecord) and item.id not in ids:
                ids.append(item.id)
        mime = QMimeData()
        mime.setData(ENTRY_IDS_MIME, ",".join(map(str, ids)).encode("ascii"))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        has_ours = data.hasFormat(ENTRY_IDS_MIME) or data.hasFormat(RELEASE_IDS_MIME)
        return has_ours and self.drop_target(row, parent) is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        target = self.drop_target(row, parent)
        if target is None or action == Qt.DropAction.IgnoreAction:
            return False
        section_id, position = target
        if data.hasFormat(ENTRY_IDS_MIME):
            ids = _ids(bytes(data.data(ENTRY_IDS_MIME)))
            if ids:
                self.entries_dropped.emit(
                    ids, section_id, self._after_removal(ids, section_id, position)
                )
                return True
        if data.hasFormat(RELEASE_IDS_MIME):
            ids = dragged_release_ids(data)
            if ids:
                self.releases_dropped.emit(ids, section_id, position)
                return True
        return False

    def _after_removal(self, ids: list[int], section_id: int, position: int | None) -> int | None:
        """Return `position` counted once the dragged entries have left their section."""
        if position is None:
            return None
        section = next(s for s in self.sections if s.id == section_id)
        above = sum(1 for row, e in enumerate(section.entries) if e.id in ids and row < position)
        return position - above

    def drop_target(self, row: int, parent: QModelIndex) -> tuple[int, int | None] | None:
        """Return (section id, position or None = end) for a drop at `row` under `parent`."""
        if not self.sections:
            return None
        if not parent.isValid():  # between sections: the end of the section above
            if row <= 0:
                return self.sections[0].id, 0
            return self.sections[min(row, len(self.sections)) - 1].id, None
        if parent.internalId() == SECTION_ID:  # on a section, or between its entries
            return self.sections[parent.row()].id, (None if row < 0 else row)
        section = self.sections[parent.internalId() - 1]  # onto an entry: before it
        return section.id, parent.row()


def _ids(raw: bytes) -> list[int]:
    text = raw.decode("ascii", "replace")
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


def _section_label(section: SectionRecord) -> str:
    count = len(section.entries)
    return f"{section.heading}  ({count})" if count else section.heading


def _entry_label(entry: EntryRecord) -> str:
    marks = []
    if entry.summary_only:
        marks.append("summary")
    if not entry.include_notes:
        marks.append("no notes")
    if not entry.include_highlights:
        marks.append("no highlights")
    return f"{entry.title}  [{', '.join(marks)}]" if marks else entry.title


def _entry_tooltip(entry: EntryRecord) -> str:
    return (
        f"{entry.title}\n"
        f"{'Summary only' if entry.summary_only else 'Full text'}; "
        f"notes {'in' if entry.include_notes else 'left out'}; "
        f"highlights {'in' if entry.include_highlights else 'left out'}\n"
        "Drag to reorder, or Ctrl+Up/Down; Ctrl+Shift+Up/Down moves to another section"
    )

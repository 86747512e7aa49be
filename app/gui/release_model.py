"""The release list's item model: a window of rows fetched page by page from the core."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import Any, Protocol

from app.core.models import ListQuery, ReleaseRow
from app.gui.qt import QAbstractTableModel, QFont, QMimeData, QModelIndex, QObject, Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the ReleaseRow itself
ID_ROLE = Qt.ItemDataRole.UserRole + 2
RELEASE_IDS_MIME = "application/x-briefbook-release-ids"  # dragged rows, e.g. onto a book

COLUMNS = ("marks", "date", "title", "source", "tags")
HEADERS = {"marks": "", "date": "Date", "title": "Title", "source": "Source", "tags": "Tags"}
SORT_KEYS = {"date": "date", "title": "title", "source": "source"}
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
PAGE_SIZE = 200
MAX_PAGES = 40
BULK_ROWS = 5000  # rows per query when ids of a large selection are needed  # at most 8,000 rows held at once, whatever the library size


class Searcher(Protocol):
    def list(self, q: ListQuery) -> list[ReleaseRow]: ...
    def count(self, q: ListQuery) -> int: ...


def marks_text(row: ReleaseRow) -> str:
    """Return the short mark shown for a row's notes and highlights."""
    return ("✎" if row.note_count else "") + ("▍" if row.highlight_count else "")


def marks_tooltip(row: ReleaseRow) -> str:
    """Return a sentence describing a row's notes and highlights."""
    parts = []
    if row.note_count:
        parts.append(f"{row.note_count} note{'s' if row.note_count != 1 else ''}")
    if row.highlight_count:
        parts.append(f"{row.highlight_count} highlight{'s' if row.highlight_count != 1 else ''}")
    return ", ".join(parts)


class ReleaseTableModel(QAbstractTableModel):
    """Rows of `search.list(query)`; rowCount is the SQL count, pages load when first shown."""

    def __init__(self, searcher: Searcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._searcher = searcher
        self._query = ListQuery(limit=PAGE_SIZE)
        self._count = 0
        self._pages: OrderedDict[int, list[ReleaseRow]] = OrderedDict()
        self._in_book: frozenset[int] = frozenset()  # releases in the open book, marked
        self._snippets: dict[int, str] = {}  # tooltip snippets, fetched for hovered rows only

    # --- the query -------------------------------------------------------------------

    @property
    def query(self) -> ListQuery:
        """Return the query the model lists (offset 0)."""
        return self._query

    def set_query(self, query: ListQuery) -> None:
        """List `query` from its first row, dropping every loaded page."""
        self.beginResetModel()
        self._query = replace(query, limit=PAGE_SIZE, offset=0)
        self._pages.clear()
        self._snippets.clear()
        self._count = self._searcher.count(self._query)
        self.endResetModel()

    def clear(self) -> None:
        """List nothing (the library is closed) until set_query is called."""
        self.beginResetModel()
        self._count = 0
        self._pages.clear()
        self._snippets.clear()
        self.endResetModel()

    def set_searcher(self, searcher: Searcher) -> None:
        """List from `searcher` (another library) from now on; call set_query next."""
        self._searcher = searcher

    def reload(self) -> None:
        """Count and list the current query again (after releases came or went)."""
        self.set_query(self._query)

    def refresh_releases(self, ids: frozenset[int] | set[int]) -> None:
        """Re-read the loaded pages holding `ids`; reset if the listing's size changed."""
        count = self._searcher.count(self._query)
        if count != self._count:
            self.reload()
            return
        for number, rows in list(self._pages.items()):
            if any(row.id in ids for row in rows):
                self._pages[number] = self._fetch(number)
                first = number * PAGE_SIZE
                last = first + max(len(rows), len(self._pages[number])) - 1
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def set_book_marks(self, ids: set[int] | frozenset[int]) -> None:
        """Mark the releases `ids` (those in the open book) in the marks column."""
        ids = frozenset(ids)
        if ids != self._in_book:
            self._in_book = ids
            if self._count:
                self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, 0))

    def in_book(self, release_id: int) -> bool:
        """Return True if the release is in the open book."""
        return release_id in self._in_book

    # --- rows ------------------------------------------------------------------------

    def _fetch(self, number: int) -> list[ReleaseRow]:
        return self._searcher.list(replace(self._query, offset=number * PAGE_SIZE))

    def _page(self, number: int) -> list[ReleaseRow]:
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number)
            self._pages[number] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def row_at(self, row: int) -> ReleaseRow | None:
        """Return the ReleaseRow shown at `row`, fetching its page if needed."""
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def ids_between(self, first: int, last: int) -> list[int]:
        """Return the release ids of rows first..last, reading unloaded stretches in big chunks."""
        ids: list[int] = []
        row = max(first, 0)
        last = min(last, self._count - 1)
        while row <= last:
            page = self._pages.get(row // PAGE_SIZE)
            if page is not None:  # already in memory
                end = min(last, (row // PAGE_SIZE + 1) * PAGE_SIZE - 1)
                start_offset = row % PAGE_SIZE
                ids.extend(r.id for r in page[start_offset : start_offset + end - row + 1])
            else:  # a whole selection of 100,000 rows costs a few queries, not 500
                end = min(last, row + BULK_ROWS - 1)
                rows = self._searcher.list(replace(self._query, offset=row, limit=end - row + 1))
                ids.extend(r.id for r in rows)
            row = end + 1
        return ids

    def loaded_rows(self) -> dict[int, int]:
        """Return {release id: row} for every row in the loaded pages."""
        return {
            row.id: number * PAGE_SIZE + offset
            for number, rows in self._pages.items()
            for offset, row in enumerate(rows)
        }

    def row_of(self, release_id: int) -> int | None:
        """Return the row of `release_id` among the loaded pages, or None."""
        return self.loaded_rows().get(release_id)

    def loaded_pages(self) -> int:
        """Return how many pages are held in memory."""
        return len(self._pages)

    # --- Qt overrides ----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                "Notes, highlights; ▣ marks releases in the open book"
                if column == "marks"
                else f"Sort by {HEADERS[column].lower()}"
            )
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.FontRole and column == "title" and row.title_proposed:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, column) or marks_tooltip(row)
        return None

    def _display(self, row: ReleaseRow, column: str) -> str:
        if column == "marks":
            return ("▣" if row.id in self._in_book else "") + marks_text(row)
        if column == "date":
            return row.date or ""
        if column == "title":
            return row.title
        if column == "source":
            return row.source
        return ", ".join(tag.name for tag in row.tags)

    def _tooltip(self, row: ReleaseRow, column: str) -> str | None:
        if column == "marks":
            tip = marks_tooltip(row)
            if row.id in self._in_book:
                tip = "In the open book" + (f"; {tip}" if tip else "")
            return tip or None
        if column == "title":
            tip = row.title
            if row.title_proposed:
                tip += "\n(proposed title: not yet confirmed)"
            snippet = row.snippet or self._snippet(row.id)
            if snippet:  # the search hit in context, without its match markers
                tip += "\n\n" + snippet.replace("\x02", "").replace("\x03", "")
            return tip
        if column == "tags" and row.tags:
            return ", ".join(tag.name for tag in row.tags)
        return None

    def _snippet(self, release_id: int) -> str:
        """Return the search hit of one row, asked of the core when its tooltip shows."""
        fetch = getattr(self._searcher, "snippets", None)
        if not self._query.text.strip() or fetch is None:
            return ""
        if release_id not in self._snippets:
            found = fetch([release_id], self._query.text)
            self._snippets[release_id] = found.get(release_id, "")
        return self._snippets[release_id]

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        # called for every selected cell when a selection changes (400,000 times for
        # Ctrl+A on 100,000 rows): a constant, no checks
        return ROW_FLAGS

    def mimeTypes(self) -> list[str]:
        return [RELEASE_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        ids = sorted({self.data(index, ID_ROLE) for index in indexes if index.isValid()})
        mime = QMimeData()
        mime.setData(RELEASE_IDS_MIME, ",".join(str(i) for i in ids).encode("ascii"))
        return mime

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(COLUMNS[column])
        if key is None:
            return  # marks and tags are not orderable in SQL
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._query.sort, self._query.descending):
            self.set_query(replace(self._query, sort=key, descending=descending))


def dragged_release_ids(mime: QMimeData) -> list[int]:
    """Return the release ids carried by a drag from the release list."""
    raw = bytes(mime.data(RELEASE_IDS_MIME)).decode("ascii", "replace")
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]

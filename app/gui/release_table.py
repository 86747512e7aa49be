"""The release list view: whole rows, many selectable, fixed row height, tag chips."""

from __future__ import annotations

from app.gui.delegates import TagChipsDelegate
from app.gui.qt import QAbstractItemView, QFrame, QHeaderView, Qt, QTableView, QWidget
from app.gui.release_model import COLUMNS, ReleaseTableModel


class ReleaseTable(QTableView):
    """The release list view: whole rows, many selectable, rows of fixed height."""

    def __init__(self, model: ReleaseTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName("Release list")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        # fixed row height: the view never measures 100,000 rows
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setItemDelegateForColumn(COLUMNS.index("tags"), TagChipsDelegate(self))
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSortIndicator(COLUMNS.index("date"), Qt.SortOrder.DescendingOrder)
        for column, width in {
            "marks": 34,
            "date": 92,
            "title": 380,
            "source": 120,
            "tags": 150,
        }.items():
            self.setColumnWidth(COLUMNS.index(column), width)
        # the title takes whatever width is left; other columns keep what the user gave them
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)

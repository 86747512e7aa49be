"""Every Qt name the GUI uses comes in through this one module (as Anki's aqt.qt does).

Names are resolved on first use: PySide6 builds a class (and every Python enum inside it)
when the name is first looked up, about 70 ms for all of these; the Qt namespace alone
builds some 100 enums. Resolving only what the first paint needs keeps launch close to a
bare PySide6 window; dialogs resolve their names when they are first opened.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from app.gui.refcount_guard import protect_singletons

_EXPORTS = {
    "QtCore": """
    QAbstractItemModel QAbstractListModel QAbstractTableModel QByteArray QDate QEvent
    QItemSelectionModel QMimeData QModelIndex QObject QPoint QRect QSettings QSize
    QStringListModel Qt QThread QTimer QUrl Signal Slot
    """,
    "QtGui": """
    QAction QBrush QColor QDesktopServices QDragEnterEvent QDropEvent QFont QFontMetrics
    QGuiApplication QIcon QKeySequence QPainter QPalette QPen QShortcut QStandardItem
    QStandardItemModel QTextCharFormat QTextCursor
    """,
    "QtWidgets": """
    QAbstractItemView QApplication QCheckBox QColorDialog QComboBox QCompleter QDateEdit
    QDialog QDialogButtonBox QFileDialog QFormLayout QFrame QHBoxLayout QHeaderView
    QInputDialog QLabel QLineEdit QListWidget QListWidgetItem QMainWindow QMenu QMessageBox
    QPlainTextEdit QProgressBar QProgressDialog QPushButton QSplitter QStackedWidget
    QStyledItemDelegate QStyleOptionViewItem QTableView QTabWidget QTextEdit QToolButton
    QToolTip QTreeView QVBoxLayout QWidget
    """,
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names.split()}

if TYPE_CHECKING:  # what type checkers and editors see; the same names as _EXPORTS
    from PySide6.QtCore import (  # noqa: F401
        QAbstractItemModel,
        QAbstractListModel,
        QAbstractTableModel,
        QByteArray,
        QDate,
        QEvent,
        QItemSelectionModel,
        QMimeData,
        QModelIndex,
        QObject,
        QPoint,
        QRect,
        QSettings,
        QSize,
        QStringListModel,
        Qt,
        QThread,
        QTimer,
        QUrl,
        Signal,
        Slot,
    )
    from PySide6.QtGui import (  # noqa: F401
        QAction,
        QBrush,
        QColor,
        QDesktopServices,
        QDragEnterEvent,
        QDropEvent,
        QFont,
        QFontMetrics,
        QGuiApplication,
        QIcon,
        QKeySequence,
        QPainter,
        QPalette,
        QPen,
        QShortcut,
        QStandardItem,
        QStandardItemModel,
        QTextCharFormat,
        QTextCursor,
    )
    from PySide6.QtWidgets import (  # noqa: F401
        QAbstractItemView,
        QApplication,
        QCheckBox,
        QColorDialog,
        QComboBox,
        QCompleter,
        QDateEdit,
        QDialog,
        QDialogButtonBox,
        QFileDialog,
        QFormLayout,
        QFrame,
        QHBoxLayout,
        QHeaderView,
        QInputDialog,
        QLabel,
        QLineEdit,
        QListWidget,
        QListWidgetItem,
        QMainWindow,
        QMenu,
        QMessageBox,
        QPlainTextEdit,
        QProgressBar,
        QProgressDialog,
        QPushButton,
        QSplitter,
        QStackedWidget,
        QStyledItemDelegate,
        QStyleOptionViewItem,
        QTableView,
        QTabWidget,
        QTextEdit,
        QToolButton,
        QToolTip,
        QTreeView,
        QVBoxLayout,
        QWidget,
    )


def __getattr__(name: str) -> Any:
    """Return the Qt class or namespace `name`, importing it from its PySide6 module once."""
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"app.gui.qt does not export {name!r}")
    value = getattr(importlib.import_module(f"PySide6.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    """Return every name this module exports."""
    return sorted([*globals(), *_HOME])


def pdf_classes() -> tuple[type, type]:
    """Return (QPdfDocument, QPdfView), loading QtPdf only when a preview is built."""
    # QtPdf and its libraries are not needed to show the first rows; importing them here
    # at start-up slowed every launch
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    return QPdfDocument, QPdfView


protect_singletons()  # before any window exists: see app/gui/refcount_guard.py

"""Errors in plain words: a dialog for the user, a line in the log file, never a crash."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from app import paths
from app.gui import qt  # QMessageBox is built when an error is first shown, not at launch
from app.gui.qt import QApplication, Qt

if TYPE_CHECKING:
    from app.gui.qt import QMessageBox, QWidget

log = logging.getLogger("briefbook.gui")
_logging_ready = False


def setup_logging() -> None:
    """Send log records to app.paths.log_file() (once per process)."""
    global _logging_ready
    if _logging_ready:
        return
    _logging_ready = True
    try:
        handler = logging.FileHandler(paths.log_file(), encoding="utf-8")
    except OSError:
        return  # an unwritable data folder must not stop the window from opening
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("briefbook")
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def show_error(parent: QWidget | None, message: str, *, title: str = "Briefbook") -> None:
    """Log `message` and show it in a modal dialog in plain words."""
    log.warning("%s", message)
    box = qt.QMessageBox(
        qt.QMessageBox.Icon.Warning, title, message, qt.QMessageBox.StandardButton.Ok, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def unexpected_error_box(details: str, parent: QWidget | None = None) -> QMessageBox:
    """Return a dialog describing an unexpected error, with a button that copies the details."""
    box = qt.QMessageBox(parent)
    box.setIcon(qt.QMessageBox.Icon.Critical)
    box.setWindowTitle("Unexpected error")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        "Something went wrong. Your library is safe; you can keep working.\n"
        "Copy the details below if you want to report it."
    )
    box.setDetailedText(details)
    copy = box.addButton("Copy details", qt.QMessageBox.ButtonRole.ActionRole)
    box.addButton(qt.QMessageBox.StandardButton.Close)
    copy.clicked.disconnect()  # keep the box open after copying
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    return box


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    details = "".join(traceback.format_exception(kind, value, tb))
    log.error("unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, value, tb)
        return
    unexpected_error_box(details, QApplication.activeWindow()).exec()


def install_excepthook() -> None:
    """Route uncaught exceptions to a dialog instead of ending the application."""
    sys.excepthook = _excepthook

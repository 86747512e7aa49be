"""Every question the window asks the user, in one place (tests replace these functions).

The dialogs and their Qt classes load when first asked for (`qt.` names, imports inside
the functions): none of them is needed to show the window, and building those classes
took about 10 ms of every launch.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.gui import qt
from app.gui.qt import Qt

if TYPE_CHECKING:
    from app.core.models import ImportReport, Release
    from app.gui.qt import QWidget


def ask_text(parent: QWidget, title: str, text: str = "") -> str | None:
    """Return multi-line text typed by the user, or None if cancelled."""
    from app.gui.dialogs import TextDialog

    dialog = TextDialog(title, text, parent)
    return dialog.text() if dialog.exec() else None


def ask_line(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """Return one line typed by the user, or None if cancelled."""
    value, ok = qt.QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok and value.strip() else None


def ask_choice(parent: QWidget, title: str, label: str, items: list[str]) -> str | None:
    """Return the item the user picked, or None."""
    value, ok = qt.QInputDialog.getItem(parent, title, label, items, 0, False)
    return value if ok else None


def ask_colour(parent: QWidget, current: str) -> str | None:
    """Return a colour as #rrggbb, or None if cancelled."""
    colour = qt.QColorDialog.getColor(qt.QColor(current), parent, "Choose a colour")
    return colour.name() if colour.isValid() else None


def ask_tags(parent: QWidget, current: list[str], known: list[str], count: int) -> list[str] | None:
    """Return the tag names the user settled on, or None if cancelled."""
    from app.gui.dialogs import TagEditorDialog

    dialog = TagEditorDialog(current, known, count, parent)
    return dialog.names() if dialog.exec() else None


def ask_release_details(parent: QWidget, release: Release) -> dict | None:
    """Return edited title/date/source/confirm_title, or None if cancelled."""
    from app.gui.dialogs import EditReleaseDialog

    dialog = EditReleaseDialog(release, parent)
    return dialog.values() if dialog.exec() else None


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Return True when the user agrees."""
    box = qt.QMessageBox(qt.QMessageBox.Icon.Question, title, question, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setStandardButtons(qt.QMessageBox.StandardButton.Yes | qt.QMessageBox.StandardButton.No)
    return box.exec() == qt.QMessageBox.StandardButton.Yes


def ask_import_files(parent: QWidget) -> list[Path]:
    """Return the files the user chose to import."""
    names, _ = qt.QFileDialog.getOpenFileNames(
        parent,
        "Import releases",
        "",
        "Releases (*.md *.txt *.html *.htm *.json *.csv *.eml);;All files (*)",
    )
    return [Path(n) for n in names]


def ask_import_folder(parent: QWidget) -> list[Path]:
    """Return the folder the user chose to import (as a one-item list), or nothing."""
    name = qt.QFileDialog.getExistingDirectory(parent, "Import a folder of releases")
    return [Path(name)] if name else []


def show_import_report(parent: QWidget, report: ImportReport) -> None:
    """Show what an import did, file by file."""
    from app.gui.dialogs import ImportReportDialog

    ImportReportDialog(report, parent).exec()


def show_text(parent: QWidget, title: str, text: str) -> None:
    """Show plain text in a message box."""
    box = qt.QMessageBox(qt.QMessageBox.Icon.Information, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def ask_export_path(parent: QWidget, suggested: Path, fmt: str) -> Path | None:
    """Return the file to export a book to ("pdf" or "docx"), or None if cancelled."""
    pattern = "PDF (*.pdf)" if fmt == "pdf" else "Word document (*.docx)"
    name, _ = qt.QFileDialog.getSaveFileName(parent, "Export book", str(suggested), pattern)
    return Path(name) if name else None


def ask_recovery(parent: QWidget | None, error) -> str:
    """Return what to do with a damaged library: "restore", "choose", "new" or "quit"."""
    from app.gui.recovery import RecoveryDialog

    dialog = RecoveryDialog(error, parent)
    dialog.exec()
    return dialog.choice


def ask_locked(parent: QWidget | None, message: str) -> str:
    """Return what to do with a library open elsewhere: "retry", "read-only" or "quit"."""
    box = qt.QMessageBox(
        qt.QMessageBox.Icon.Warning, "The library is in use", message, parent=parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(
        "Close the other window and choose Retry, or open the library read-only "
        "(you can read and search but not change anything)."
    )
    retry = box.addButton("Retry", qt.QMessageBox.ButtonRole.AcceptRole)
    read_only = box.addButton("Open read-only", qt.QMessageBox.ButtonRole.ActionRole)
    box.addButton("Quit", qt.QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    clicked = box.clickedButton()
    return "retry" if clicked is retry else "read-only" if clicked is read_only else "quit"


def ask_backup_file(parent: QWidget | None, folder: Path) -> Path | None:
    """Return the backup file the user chose, or None."""
    name, _ = qt.QFileDialog.getOpenFileName(
        parent, "Choose a backup", str(folder), "Briefbook libraries (*.db);;All files (*)"
    )
    return Path(name) if name else None


def ask_backup_folder(parent: QWidget | None) -> Path | None:
    """Return the folder to put a backup in (e.g. a USB stick), or None."""
    name = qt.QFileDialog.getExistingDirectory(parent, "Back up the library to a folder")
    return Path(name) if name else None


def show_notice(parent: QWidget | None, title: str, text: str) -> None:
    """Show plain text in a message box that does not block the window."""
    box = qt.QMessageBox(qt.QMessageBox.Icon.Information, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setModal(False)
    box.show()

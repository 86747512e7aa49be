"""Every question the window asks the user, in one place (tests replace these functions)."""

from __future__ import annotations

from pathlib import Path

from app.core.models import ImportReport, Release
from app.gui.dialogs import EditReleaseDialog, ImportReportDialog, TagEditorDialog, TextDialog
from app.gui.qt import QColor, QColorDialog, QFileDialog, QInputDialog, QMessageBox, Qt, QWidget


def ask_text(parent: QWidget, title: str, text: str = "") -> str | None:
    """Return multi-line text typed by the user, or None if cancelled."""
    dialog = TextDialog(title, text, parent)
    return dialog.text() if dialog.exec() else None


def ask_line(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """Return one line typed by the user, or None if cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok and value.strip() else None


def ask_choice(parent: QWidget, title: str, label: str, items: list[str]) -> str | None:
    """Return the item the user picked, or None."""
    value, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return value if ok else None


def ask_colour(parent: QWidget, current: str) -> str | None:
    """Return a colour as #rrggbb, or None if cancelled."""
    colour = QColorDialog.getColor(QColor(current), parent, "Choose a colour")
    return colour.name() if colour.isValid() else None


def ask_tags(parent: QWidget, current: list[str], known: list[str], count: int) -> list[str] | None:
    """Return the tag names the user settled on, or None if cancelled."""
    dialog = TagEditorDialog(current, known, count, parent)
    return dialog.names() if dialog.exec() else None


def ask_release_details(parent: QWidget, release: Release) -> dict | None:
    """Return edited title/date/source/confirm_title, or None if cancelled."""
    dialog = EditReleaseDialog(release, parent)
    return dialog.values() if dialog.exec() else None


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Return True when the user agrees."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_import_files(parent: QWidget) -> list[Path]:
    """Return the files the user chose to import."""
    names, _ = QFileDialog.getOpenFileNames(
        parent,
        "Import releases",
        "",
        "Releases (*.md *.txt *.html *.htm *.json *.csv *.eml);;All files (*)",
    )
    return [Path(n) for n in names]


def ask_import_folder(parent: QWidget) -> list[Path]:
    """Return the folder the user chose to import (as a one-item list), or nothing."""
    name = QFileDialog.getExistingDirectory(parent, "Import a folder of releases")
    return [Path(name)] if name else []


def show_import_report(parent: QWidget, report: ImportReport) -> None:
    """Show what an import did, file by file."""
    ImportReportDialog(report, parent).exec()


def show_text(parent: QWidget, title: str, text: str) -> None:
    """Show plain text in a message box."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def ask_export_path(parent: QWidget, suggested: Path, fmt: str) -> Path | None:
    """Return the file to export a book to ("pdf" or "docx"), or None if cancelled."""
    pattern = "PDF (*.pdf)" if fmt == "pdf" else "Word document (*.docx)"
    name, _ = QFileDialog.getSaveFileName(parent, "Export book", str(suggested), pattern)
    return Path(name) if name else None

"""The cover fields and the handling marking of a book; each field is saved when edited."""

from __future__ import annotations

from app.core.models import BookRecord
from app.gui.qt import QComboBox, QFormLayout, QLabel, QLineEdit, Qt, QWidget, Signal

FIELDS = (
    ("title", "Title", "Shown large on the cover; the book's name when empty"),
    ("subtitle", "Subtitle", ""),
    ("event", "Meeting or event", ""),
    ("date", "Date", "YYYY-MM-DD, e.g. 2022-05-10"),
    ("location", "Location", ""),
    ("prepared_for", "Prepared for", ""),
    ("prepared_by", "Prepared by", ""),
)
MARKINGS = (
    "",
    "UNCLASSIFIED",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "CONTROLLED UNCLASSIFIED INFORMATION",
    "OFFICIAL",
    "OFFICIAL-SENSITIVE",
    "INTERNAL USE ONLY",
    "CONFIDENTIAL",
)


class CoverForm(QWidget):
    """A form over one book's cover; emits `edited(field, value)` when a value changes."""

    edited = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book: BookRecord | None = None
        self.edits: dict[str, QLineEdit] = {}
        layout = QFormLayout(self)
        for key, label, tip in FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(label)
            if tip:
                edit.setPlaceholderText(tip)
                edit.setToolTip(tip)
            edit.editingFinished.connect(lambda k=key: self._finished(k))
            self.edits[key] = edit
            layout.addRow(label, edit)
        self.marking = QComboBox()
        self.marking.setEditable(True)
        self.marking.addItems(MARKINGS)
        self.marking.setAccessibleName("Handling marking")
        self.marking.setToolTip("Printed at the top and bottom of every page")
        self.marking.lineEdit().setPlaceholderText("No marking")
        self.marking.activated.connect(lambda _i: self._finished("marking"))
        self.marking.lineEdit().editingFinished.connect(lambda: self._finished("marking"))
        layout.addRow("Handling marking", self.marking)
        hint = QLabel("Changes are saved as you leave each field.")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setEnabled(False)
        layout.addRow("", hint)

    def value(self, key: str) -> str:
        """Return the text of field `key` as shown."""
        if key == "marking":
            return self.marking.currentText().strip()
        return self.edits[key].text().strip()

    def show_book(self, book: BookRecord | None) -> None:
        """Fill the form from `book`, leaving alone the fields that already show its values."""
        self.book = book
        for key, edit in self.edits.items():
            stored = (getattr(book, key) or "") if book is not None else ""
            if edit.text().strip() != stored:
                edit.setText(stored)
                edit.setCursorPosition(0)  # long values show their beginning
        marking = book.marking if book is not None else ""
        if self.marking.currentText().strip() != marking:
            self.marking.setCurrentText(marking)

    def set_value(self, key: str, value: str) -> None:
        """Type `value` into field `key` and save it, as a user would."""
        if key == "marking":
            self.marking.setCurrentText(value)
        else:
            self.edits[key].setText(value)
        self._finished(key)

    def _finished(self, key: str) -> None:
        if self.book is None:
            return
        stored = getattr(self.book, key) or ""
        value = self.value(key)
        if value != stored:
            self.edited.emit(key, value)

"""The detail panels of the book editor: a section's free text, an entry's choices."""

from __future__ import annotations

from app.core.models import EntryRecord, SectionRecord
from app.gui.qt import (
    QCheckBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

ENTRY_FLAGS = (
    ("summary_only", "Summary only (instead of the full text)", False),
    ("include_notes", "Include notes", True),
    ("include_highlights", "Include highlights", True),
)


class SectionText(QPlainTextEdit):
    """Plain text that keeps line breaks and bullets; says when it loses the focus."""

    focus_lost = Signal()

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.focus_lost.emit()


class SectionPanel(QWidget):
    """Edits one section's text; `typed` fires on the user's edits, never on filling."""

    typed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section_id: int | None = None  # the section whose text is shown
        self.dirty = False  # typed but not yet saved
        self._filling = False
        self.heading = QLabel("Select a section in the outline.")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.text = SectionText()
        self.text.setAccessibleName("Section text")
        self.text.setPlaceholderText(
            "Free text printed before the section's releases: talking points, schedule…\n"
            "Line breaks and bullets (•, -) are kept."
        )
        self.text.setEnabled(False)
        self.text.textChanged.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)

    def _changed(self) -> None:
        if not self._filling:
            self.dirty = True
            self.typed.emit()

    def show_section(self, section: SectionRecord | None) -> None:
        """Show `section`; text still being typed for it is kept, not overwritten."""
        self._filling = True
        try:
            self.text.setEnabled(section is not None)
            if section is None:
                self.heading.setText("Select a section in the outline.")
                self.section_id, self.dirty = None, False
                self.text.setPlainText("")
                return
            self.heading.setText(f"Text of “{section.heading}”")
            other = self.section_id != section.id
            if other or (not self.dirty and self.text.toPlainText() != section.text):
                self.text.setPlainText(section.text)
                self.dirty = False
            self.section_id = section.id
        finally:
            self._filling = False


class EntryPanel(QWidget):
    """Shows one entry's choices; `flag_toggled(name, on)` fires on the user's clicks only."""

    flag_toggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry: EntryRecord | None = None
        self._filling = False
        self.title = QLabel("Select a release in the outline.")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.boxes: dict[str, QCheckBox] = {}
        self.remove_button = QPushButton("Remove from book")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        for flag, label, _default in ENTRY_FLAGS:
            box = QCheckBox(label)
            box.setEnabled(False)
            box.toggled.connect(lambda on, f=flag: self._toggled(f, on))
            self.boxes[flag] = box
            layout.addWidget(box)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def _toggled(self, flag: str, on: bool) -> None:
        if not self._filling and self.entry is not None and getattr(self.entry, flag) != on:
            self.flag_toggled.emit(flag, on)

    def show_entry(self, entry: EntryRecord | None) -> None:
        """Show `entry`'s choices (None: nothing chosen)."""
        self.entry = entry
        self._filling = True
        try:
            self.title.setText(entry.title if entry else "Select a release in the outline.")
            for flag, _label, default in ENTRY_FLAGS:
                self.boxes[flag].setEnabled(entry is not None)
                self.boxes[flag].setChecked(getattr(entry, flag) if entry else default)
            self.remove_button.setEnabled(entry is not None)
        finally:
            self._filling = False

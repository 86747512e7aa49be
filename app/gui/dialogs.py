"""Small dialogs: import report, tag editor, release details, multi-line text."""

from __future__ import annotations

from app.core.models import ImportReport, Release
from app.gui.qt import (
    QApplication,
    QCheckBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)

STATUS_WORDS = {
    "imported": "Imported",
    "duplicate": "Skipped (duplicate)",
    "skipped": "Skipped",
    "failed": "Failed",
}


def report_text(report: ImportReport) -> str:
    """Return the import report as plain text, failures first, one file a line."""
    lines = [report.summary(), ""]
    order = {"failed": 0, "duplicate": 1, "skipped": 2, "imported": 3}
    for outcome in sorted(report.outcomes, key=lambda o: (order.get(o.status, 9), o.path)):
        line = f"{STATUS_WORDS.get(outcome.status, outcome.status)}: {outcome.path}"
        if outcome.reason:
            line += f" ({outcome.reason})"
        lines.append(line)
        lines.extend(f"    note: {w}" for w in outcome.warnings)
    return "\n".join(lines)


class ImportReportDialog(QDialog):
    """What an import did, file by file, readable and copyable."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(720, 420)
        summary = QLabel(report.summary())
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setAccessibleName("Import summary")
        self.details = QPlainTextEdit(report_text(report))
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Import details")
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy report")
        copy.setToolTip("Copy the whole report to the clipboard")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def copy(self) -> None:
        """Put the report on the clipboard."""
        QApplication.clipboard().setText(self.details.toPlainText())


class TagCompleter(QCompleter):
    """Completes the last comma-separated tag name in a line edit."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index) -> str:  # noqa: N802 - Qt override
        line = self.widget().text() if self.widget() is not None else ""
        head = [p.strip() for p in line.split(",")[:-1] if p.strip()]
        return ", ".join([*head, index.data()]) + ", "


def parse_tag_names(text: str) -> list[str]:
    """Return the distinct tag names typed in `text` (comma-separated), in order."""
    names: list[str] = []
    for part in text.split(","):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return names


class TagEditorDialog(QDialog):
    """Edit the tags shared by the selected releases, with completion."""

    def __init__(
        self, current: list[str], known: list[str], count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tags")
        self.resize(460, 120)
        text = "Tags of the selected release" if count == 1 else f"Tags shared by {count} releases"
        label = QLabel(text + " (separate with commas):")
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.line = QLineEdit(", ".join(current))
        self.line.setAccessibleName("Tags")
        self.line.setToolTip("Type tag names separated by commas; new names create new tags")
        completer = TagCompleter(known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.line.setCompleter(completer)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.line)
        layout.addWidget(buttons)

    def names(self) -> list[str]:
        """Return the tag names typed."""
        return parse_tag_names(self.line.text())


class EditReleaseDialog(QDialog):
    """Edit a release's title, date and source; confirm a proposed title."""

    def __init__(self, release: Release, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit release details")
        self.resize(560, 160)
        self.title = QLineEdit(release.title)
        self.title.setAccessibleName("Title")
        self.date = QLineEdit(release.date or "")
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.date.setAccessibleName("Date")
        self.source = QLineEdit(release.source)
        self.source.setAccessibleName("Source")
        self.confirm = QCheckBox("Confirm this title (it was proposed from the text)")
        self.confirm.setVisible(release.title_proposed)
        self.confirm.setChecked(release.title_proposed)
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Date", self.date)
        form.addRow("&Source", self.source)
        form.addRow("", self.confirm)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict:
        """Return the edited fields as keyword arguments for lib.releases.update."""
        return {
            "title": self.title.text().strip(),
            "date": self.date.text().strip() or None,
            "source": self.source.text().strip(),
            "confirm_title": self.confirm.isVisible() and self.confirm.isChecked(),
        }


class TextDialog(QDialog):
    """A multi-line plain text editor (notes, highlight comments)."""

    def __init__(self, title: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(480, 240)
        self.edit = QPlainTextEdit(text)
        self.edit.setAccessibleName(title)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)

    def text(self) -> str:
        """Return the text typed."""
        return self.edit.toPlainText()

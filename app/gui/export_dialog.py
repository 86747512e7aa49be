"""The export dialog: format, file, page size and options; progress with Cancel; open the file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from app.gui import prompts, settings
from app.gui.export_worker import ExportWorker
from app.gui.qt import (
    QCheckBox,
    QComboBox,
    QDesktopServices,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    Qt,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)
from exporters.book import Book, ExportReport, Options

FOLDER_KEY = "export/folder"
FORMAT_KEY = "export/format"
PAGE_KEY = "export/page_size"
SUFFIX = {"pdf": ".pdf", "docx": ".docx"}


def open_url(url: QUrl) -> bool:
    """Open `url` with the desktop's default program; return True if it started (tests patch)."""
    return QDesktopServices.openUrl(url)


def safe_file_name(name: str) -> str:
    """Return `name` with the characters file systems refuse replaced."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", name).strip(" .-")
    return cleaned[:120] or "Briefing book"


class ExportDialog(QDialog):
    """Modeless: the window stays usable while the book is written in the background."""

    finished_export = Signal(str)  # "done", "cancelled" or "failed"

    def __init__(
        self,
        book_name: str,
        assemble: Callable[[Options], Book | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export “{book_name}”")
        self.setModal(False)
        self._assemble = assemble
        self._book_name = book_name
        self.worker: ExportWorker | None = None
        self.report: ExportReport | None = None
        self._build()
        self._restore()

    # --- layout ----------------------------------------------------------------------

    def _build(self) -> None:
        self.format = QComboBox()
        self.format.addItem("PDF", "pdf")
        self.format.addItem("Word (.docx)", "docx")
        self.format.currentIndexChanged.connect(self._format_changed)
        self.path = QLineEdit()
        self.path.setAccessibleName("File")
        self.choose = QPushButton("Choose…")
        self.choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose)
        self.page_size = QComboBox()
        self.page_size.addItems(["A4", "Letter"])
        self.notes = QCheckBox("Include notes")
        self.highlights = QCheckBox("Include highlights and their comments")
        self.clean = QCheckBox("Clean copy (no notes, highlights or tags)")
        self.clean.toggled.connect(self._clean_toggled)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("File", file_row)
        form.addRow("Page size", self.page_size)
        form.addRow("", self.notes)
        form.addRow("", self.highlights)
        form.addRow("", self.clean)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel("")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.open_button = QPushButton("Open file")
        self.open_button.clicked.connect(self.open_file)
        self.folder_button = QPushButton("Show in folder")
        self.folder_button.clicked.connect(self.show_folder)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.folder_button):
            button.setVisible(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.export_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(560, self.sizeHint().height())

    def _restore(self) -> None:
        fmt = settings.read_str(FORMAT_KEY, "pdf")
        self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
        self.page_size.setCurrentText(settings.read_str(PAGE_KEY, "A4"))
        self.notes.setChecked(settings.read_bool("export/notes", True))
        self.highlights.setChecked(settings.read_bool("export/highlights", True))
        self.clean.setChecked(settings.read_bool("export/clean", False))
        self.path.setText(str(self.suggested_path()))

    def fmt(self) -> str:
        """Return the chosen format: "pdf" or "docx"."""
        return self.format.currentData()

    def suggested_path(self) -> Path:
        """Return a file in the last export folder named after the book."""
        folder = Path(settings.read_str(FOLDER_KEY, "") or Path.home())
        return folder / (safe_file_name(self._book_name) + SUFFIX[self.fmt()])

    def _format_changed(self) -> None:
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(SUFFIX[self.fmt()])))

    def _clean_toggled(self, clean: bool) -> None:
        self.notes.setEnabled(not clean)
        self.highlights.setEnabled(not clean)

    def options(self) -> Options:
        """Return the export options chosen in the dialog."""
        return Options(
            page_size=self.page_size.currentText(),
            include_notes=self.notes.isChecked(),
            include_highlights=self.highlights.isChecked(),
            clean_copy=self.clean.isChecked(),
        )

    def choose_file(self) -> None:
        """Ask where to write the file."""
        chosen = prompts.ask_export_path(self, Path(self.path.text().strip()), self.fmt())
        if chosen is not None:
            self.path.setText(str(chosen))

    # --- exporting -------------------------------------------------------------------

    def target(self) -> Path:
        """Return the file to write, with the format's extension."""
        path = Path(self.path.text().strip()).expanduser()
        return (
            path
            if path.suffix.lower() == SUFFIX[self.fmt()]
            else path.with_name(path.name + SUFFIX[self.fmt()])
        )

    def start(self) -> None:
        """Assemble the book (here, on the main thread) and write it in the background."""
        if self.worker is not None:
            return
        if not self.path.text().strip():
            self.choose_file()
            if not self.path.text().strip():
                return
        target = self.target()
        book = self._assemble(self.options())
        if book is None:
            return
        self._remember(target)
        self.report = None
        self.worker = ExportWorker(book, target, self.fmt(), self)
        self.worker.progressed.connect(self._progressed)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        self._busy(True)
        self.progress.setRange(0, max(1, len(book.entries)))
        self.progress.setValue(0)
        self.message.setText(f"Writing {target.name}…")
        self.worker.start()

    def cancel(self) -> None:
        """Stop the export at the next entry; nothing is left behind."""
        if self.worker is not None:
            self.worker.cancel()
            self.message.setText("Cancelling…")

    def _remember(self, target: Path) -> None:
        settings.write(FOLDER_KEY, str(target.parent))
        settings.write(FORMAT_KEY, self.fmt())
        settings.write(PAGE_KEY, self.page_size.currentText())
        settings.write("export/notes", self.notes.isChecked())
        settings.write("export/highlights", self.highlights.isChecked())
        settings.write("export/clean", self.clean.isChecked())

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(True)
        self.cancel_button.setEnabled(busy)
        self.export_button.setEnabled(not busy)
        for widget in (self.format, self.path, self.choose, self.page_size):
            widget.setEnabled(not busy)
        self.open_button.setVisible(False)
        self.folder_button.setVisible(False)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _succeeded(self, report: ExportReport) -> None:
        self._ended()  # the outcome is the worker's last word
        self.report = report
        pages = f", {report.pages} pages" if report.pages else ""
        lines = [f"Exported to {report.path}{pages}."]
        lines += [f"Note: {w}" for w in report.warnings[:5]]
        self.message.setText("\n".join(lines))
        self.progress.setValue(self.progress.maximum())
        self.open_button.setVisible(True)
        self.folder_button.setVisible(True)
        self.finished_export.emit("done")

    def _failed(self, message: str) -> None:
        self._ended()  # the outcome is the worker's last word
        self.message.setText(message)
        self.progress.setVisible(False)
        self.finished_export.emit("failed")

    def _cancelled(self) -> None:
        self._ended()  # the outcome is the worker's last word
        self.message.setText("Export cancelled. No file was written.")
        self.progress.setVisible(False)
        self.finished_export.emit("cancelled")

    def _ended(self) -> None:
        self.worker = None
        self.cancel_button.setEnabled(False)
        self.export_button.setEnabled(True)
        for widget in (self.format, self.path, self.choose, self.page_size):
            widget.setEnabled(True)

    def open_file(self) -> None:
        """Open the exported file in its default program."""
        if self.report is not None:
            open_url(QUrl.fromLocalFile(self.report.path))

    def show_folder(self) -> None:
        """Open the folder holding the exported file."""
        if self.report is not None:
            open_url(QUrl.fromLocalFile(str(Path(self.report.path).parent)))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.worker is not None:  # closing while writing means: stop
            self.worker.cancel()
        super().closeEvent(event)

"""The book preview: the PDF built in the background into a temporary file, shown by QtPdf."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.gui.export_worker import ExportWorker
from app.gui.qt import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    pdf_classes,
)
from exporters.book import Book

REBUILD_DELAY_MS = 700  # edits in quick succession make one rebuild


class PreviewPane(QWidget):
    """Shows the book as its PDF will look; rebuilds a moment after each change."""

    ready = Signal(int)  # page count of the preview just shown

    def __init__(self, assemble: Callable[[], Book | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._assemble = assemble
        self._folder = Path(tempfile.mkdtemp(prefix="briefbook-preview-"))
        self._turn = 0
        self._worker: ExportWorker | None = None
        self._again = False
        QPdfDocument, QPdfView = pdf_classes()  # noqa: N806 - Qt class names
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Book preview")
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.refresh_button = QPushButton("Update preview")
        self.refresh_button.setToolTip("Build the PDF preview again")
        self.refresh_button.clicked.connect(self.rebuild)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REBUILD_DELAY_MS)
        self._timer.timeout.connect(self.rebuild)
        top = QHBoxLayout()
        top.addWidget(QLabel("Preview"))
        top.addWidget(self.status, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def schedule(self) -> None:
        """Rebuild a moment from now (restarting the wait on every call)."""
        self._timer.start()

    def busy(self) -> bool:
        """Return True while a preview is being built."""
        return self._worker is not None

    def rebuild(self) -> None:
        """Assemble the book now and write its PDF in the background."""
        self._timer.stop()
        if self._worker is not None:
            self._again = True  # one more build once this one ends
            return
        book = self._assemble()
        if book is None:
            self.document.close()
            self.status.setText("")
            return
        self._turn += 1
        path = self._folder / f"preview-{self._turn % 2}.pdf"
        self.status.setText("Building preview…")
        worker = ExportWorker(book, path, "pdf", self)
        worker.succeeded.connect(lambda report, p=path: self._show(p, report.pages))
        worker.failed.connect(lambda message: self.status.setText(message))
        worker.finished.connect(self._done)
        self._worker = worker
        worker.start()

    def _show(self, path: Path, pages: int | None) -> None:
        self.document.load(str(path))
        count = self.document.pageCount()
        self.status.setText(f"{count} page{'s' if count != 1 else ''}")
        self.ready.emit(count)

    def _done(self) -> None:
        self._worker = None
        if self._again:
            self._again = False
            self.rebuild()

    def shutdown(self) -> None:
        """Stop any build, wait for it, and delete the temporary files."""
        self._timer.stop()
        self._again = False
        if self._worker is not None:
            self._worker.cancel()
            self._worker.wait(10000)
        self.document.close()
        shutil.rmtree(self._folder, ignore_errors=True)

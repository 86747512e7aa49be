"""Write an already-assembled Book to a file in a background thread.

Only the writer runs in the thread: it gets plain frozen data (exporters.book.Book) and
never the library, whose SQLite connection stays on the main thread. Results come back
through signals; the worker never touches a widget.
"""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

from app.gui.qt import QObject, QThread, Signal
from exporters.book import Book, ExportCancelled, ExportError, ExportReport

FORMATS = {"pdf": "PDF", "docx": "Word"}

_running: set[ExportWorker] = set()  # Python references to live threads (see PITFALLS)
# one writer at a time: reportlab keeps font registries and caches in module globals, so a
# preview and an export must not build side by side
_writing = threading.Lock()


def writer_for(fmt: str):
    """Return the writer function of format "pdf" or "docx"."""
    if fmt == "pdf":
        from exporters.pdf import write_pdf

        return write_pdf
    from exporters.docx import write_docx

    return write_docx


class ExportWorker(QThread):
    """Writes one Book to one path; emits progressed, then exactly one of the outcomes."""

    progressed = Signal(int, int)  # done entries, total entries
    succeeded = Signal(object)  # ExportReport
    failed = Signal(str)  # what went wrong, in plain words
    cancelled = Signal()

    def __init__(self, book: Book, path: Path, fmt: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.path = Path(path)
        self.fmt = fmt
        self._stop = threading.Event()
        self.finished.connect(self._forget)

    def start(self) -> None:  # type: ignore[override]
        """Start writing in the background."""
        _running.add(self)
        super().start()

    def cancel(self) -> None:
        """Ask the writer to stop at the next entry (safe from any thread)."""
        self._stop.set()

    def is_cancelled(self) -> bool:
        """Return True once cancel() was called."""
        return self._stop.is_set()

    def run(self) -> None:
        write = writer_for(self.fmt)
        try:
            with _writing:
                report: ExportReport = write(
                    self.book, self.path, progress=self._progress, cancel=self._stop.is_set
                )
        except ExportCancelled:
            self.cancelled.emit()
        except ExportError as error:
            self.failed.emit(plain_error(error, self.path))
        except Exception as error:  # noqa: BLE001 - a thread must report, never die silently
            self.failed.emit(plain_error(error, self.path))
        else:
            if self._stop.is_set() and not self.path.exists():
                self.cancelled.emit()
            else:
                self.succeeded.emit(report)

    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def _forget(self) -> None:
        _running.discard(self)


def plain_error(error: BaseException, path: Path) -> str:
    """Return what went wrong writing `path`, in words a user can act on."""
    name, folder = path.name, str(path.parent)
    kept = " Any earlier file of that name is unchanged."
    cause = _os_error(error)
    code = cause.errno if cause is not None else None
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"There is not enough space on the disk to write {name}. Free some space or choose another place.{kept}"
    if code in (errno.EBUSY, errno.ETXTBSY) or getattr(cause, "winerror", None) == 32:
        return f"{name} is open in another program. Close it there, then export again.{kept}"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        if path.exists() and not os.access(path, os.W_OK):
            return f"{name} is read-only or open in another program. Close it or choose another name.{kept}"
        return f"Briefbook is not allowed to write in the folder {folder}. Choose another folder.{kept}"
    if code == errno.ENOENT or not path.parent.is_dir():
        return f"The folder {folder} does not exist any more. Choose another folder."
    message = str(error).strip() or type(error).__name__
    return f"{name} could not be written: {message}{kept}"


def _os_error(error: BaseException | None) -> OSError | None:
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, OSError):
            return error
        error = error.__cause__ or error.__context__
        seen += 1
    return None


def wait_for_all(timeout_ms: int = 10000) -> None:
    """Cancel every running export and wait for the threads to end (closing the window)."""
    for worker in list(_running):
        worker.cancel()
    for worker in list(_running):
        worker.wait(timeout_ms)

"""Import files and folders: a progress dialog, then a report of every file."""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.errors import LibraryError
from app.core.models import Change, ImportReport
from app.gui import errors, prompts
from app.gui.operations import Window
from app.gui.qt import QApplication, QProgressDialog, Qt

log = logging.getLogger("briefbook.gui.import")


def import_paths(
    win: Window, *, paths: list[Path], show_report: bool = True
) -> ImportReport | None:
    """Import `paths` (files or folders) on the main thread with a progress dialog; return the report."""
    if not paths:
        return None
    dialog = QProgressDialog("Looking for releases…", "Cancel", 0, 0, win)
    dialog.setWindowTitle("Importing")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)  # small batches finish before the dialog would flash up

    def progress(done: int, total: int, current: object) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        dialog.setLabelText(f"Importing {done:,} of {total:,}\n{Path(str(current)).name}")
        # the connection belongs to this thread: keep the window painting between files
        QApplication.processEvents()

    try:
        report = win.lib.import_paths(
            [Path(p) for p in paths], progress=progress, cancel=dialog.wasCanceled
        )
    except LibraryError as error:
        dialog.close()
        errors.show_error(win, str(error))
        return None
    finally:
        dialog.close()
        dialog.deleteLater()
        win.activateWindow()  # keyboard shortcuts go back to the window
    log.info("import of %d path(s): %s", len(paths), report.summary())
    win.apply_change(Change(label="Import", library=True, tags=True))
    if show_report:
        prompts.show_import_report(win, report)
    return report

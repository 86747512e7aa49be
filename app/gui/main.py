"""Start the Qt application and show the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import paths


def library_from_args(argv: list[str]) -> str | None:
    """Return the value of --library in `argv` (old-style calls), or None."""
    for i, arg in enumerate(argv):
        if arg == "--library" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--library="):
            return arg.split("=", 1)[1]
    return None


def choose_library(explicit: str | os.PathLike[str] | None) -> Path:
    """Return the library to open: explicit, else $BRIEFBOOK_LIBRARY, else the last one, else the default."""
    if explicit or os.environ.get(paths.LIBRARY_ENV):
        return paths.default_library(explicit)
    from app.gui import settings

    last = settings.read_str("library/last")
    if last and Path(last).is_file():
        return Path(last)
    return paths.default_library()


def run_gui(library: str | os.PathLike[str] | list[str] | None = None) -> int:
    """Open the main window on `library` (None: the default) and return the exit status."""
    from app.gui import errors, recovery, theme
    from app.gui.qt import QApplication
    from app.gui.window import MainWindow

    if isinstance(library, list):
        library = library_from_args(library)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Briefbook")
    app.setOrganizationName("Briefbook")
    app.setWindowIcon(theme.app_icon())
    errors.setup_logging()
    errors.install_excepthook()
    theme.follow_system(app)
    # a damaged library is moved aside and a backup offered; a locked one offers read-only
    lib = recovery.open_library(choose_library(library))
    if lib is None:
        return 1
    window = MainWindow(lib)
    window.show()
    window.show_notices()  # what the open-time checks repaired: told once, in plain words
    try:
        return app.exec()
    finally:
        window.close_library()

"""Start the Qt application and show the main window."""

from __future__ import annotations

import sys


def run_gui(argv: list[str]) -> int:
    """Open the main window and return the application's exit status."""
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    label = QLabel("Briefbook")
    label.resize(800, 600)
    label.show()
    return app.exec()

"""What the window's launch loads and does before its first rows paint (issue 4's target)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.library import Library
from app.gui import qt

ROOT = Path(__file__).resolve().parents[2]

LAUNCH = """
import json, sys
from app.core.library import Library
from app.gui.qt import QApplication, QEvent, QObject, QTimer
from app.gui.window import MainWindow
import app.gui.qt as qt

app = QApplication(sys.argv[:1])
lib = Library.open(sys.argv[1], seed=False)
window = MainWindow(lib)
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "rows at first paint" not in seen:
            seen["rows at first paint"] = window.release_model.rowCount()
            seen["sidebar tags at first paint"] = len(window.sidebar_model.entries("tags"))
            seen["reader at first paint"] = window.reader.release is not None
        return False

watch = FirstPaint()
window.table.viewport().installEventFilter(watch)
window.show()
def quit_when_filled():
    if window.sidebar_model.entries("tags") and window.reader.release is not None:
        app.quit()

poll = QTimer()
poll.timeout.connect(quit_when_filled)
poll.start(20)
QTimer.singleShot(20000, app.quit)  # a cap: the assertions then say what never filled
app.exec()
seen["sidebar tags later"] = len(window.sidebar_model.entries("tags"))
seen["reader later"] = window.reader.release is not None
seen["modules"] = sorted(m for m in sys.modules if m.startswith(("app.", "sqlite_utils")))
seen["qt names"] = sorted(n for n in vars(qt) if n.startswith("Q"))
lib.close()
print(json.dumps(seen))
"""


@pytest.fixture(scope="module")
def launch(tmp_path_factory) -> dict:
    """Return what a fresh process saw launching the window on a seeded library."""
    path = tmp_path_factory.mktemp("launch") / "library.db"
    Library.open(path).close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", LAUNCH, str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_first_rows_paint_before_the_sidebar_and_reader_fill_then_both_fill(launch):
    assert launch["rows at first paint"] > 0
    assert launch["sidebar tags at first paint"] == 0 and not launch["reader at first paint"]
    assert launch["sidebar tags later"] > 0 and launch["reader later"]


def test_launch_loads_no_dialog_migration_or_book_code(launch):
    modules = set(launch["modules"])
    assert {"app.gui.window", "app.gui.sidebar"} <= modules
    for unneeded in ("app.gui.dialogs", "app.gui.recovery", "sqlite_utils", "app.core.importing"):
        assert unneeded not in modules


def test_launch_builds_only_the_qt_classes_it_uses(launch):
    names = set(launch["qt names"])
    assert {"QMainWindow", "QTableView"} <= names
    assert not names & {"QColorDialog", "QFileDialog", "QInputDialog", "QMessageBox"}


def test_every_qt_name_resolves_from_its_module_and_typing_sees_the_same_names():
    tree = ast.parse((ROOT / "app" / "gui" / "qt.py").read_text(encoding="utf-8"))
    typed = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("PySide6.")
        and node.module not in ("PySide6.QtPdf", "PySide6.QtPdfWidgets")
        for alias in node.names
    }
    exported = set(qt._HOME)
    assert typed == exported
    for name in exported:
        assert getattr(qt, name).__name__ == name


def test_an_unknown_qt_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="QNothing"):
        qt.QNothing  # noqa: B018
    with pytest.raises(ImportError):
        exec("from app.gui.qt import QNothing")

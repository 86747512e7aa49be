"""Light and dark appearance following the system: Fusion, a palette, resources/style*.qss.

The palette colours every widget; the stylesheets from resources/ style the few labels that
need more (title size, the proposed-title mark, the search-problem badge). Those are
applied to each such label (`styled`), not to the whole application: an application-wide
stylesheet, even a one-rule one, made Qt style every widget through its stylesheet engine
and cost about 25 ms of each launch (tests/benchmarks/bench_gui.py).
"""

from __future__ import annotations

import logging
import os

from app import paths
from app.gui.qt import QApplication, QColor, QGuiApplication, QIcon, QPalette, Qt, QWidget

log = logging.getLogger("briefbook.gui")


APPEARANCE_ENV = "BRIEFBOOK_APPEARANCE"  # "dark" or "light" overrides the system setting


def is_dark() -> bool:
    """Return True when $BRIEFBOOK_APPEARANCE or else the system asks for a dark appearance."""
    chosen = os.environ.get(APPEARANCE_ENV, "").strip().lower()
    if chosen in ("dark", "light"):
        return chosen == "dark"
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    """Return a dark palette for the Fusion style."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in {
        roles.Window: "#2b2d30",
        roles.WindowText: "#e6e6e6",
        roles.Base: "#1e1f22",
        roles.AlternateBase: "#26282b",
        roles.ToolTipBase: "#3c3f41",
        roles.ToolTipText: "#e6e6e6",
        roles.Text: "#e6e6e6",
        roles.Button: "#393b40",
        roles.ButtonText: "#e6e6e6",
        roles.Highlight: "#2f65ca",
        roles.HighlightedText: "#ffffff",
        roles.Link: "#7aa7ff",
        roles.PlaceholderText: "#8c8c8c",
    }.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor("#7a7a7a"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor("#7a7a7a"))
    return palette


def stylesheet(dark: bool) -> str:
    """Return the shared stylesheet followed by the light or dark one."""
    parts = []
    for name in ("style.qss", "style-dark.qss" if dark else "style-light.qss"):
        path = paths.resources_dir() / name
        try:
            parts.append(path.read_text(encoding="utf-8"))
        except OSError:
            log.warning("stylesheet %s is missing", path)
    return "\n".join(parts)


STYLED = "briefbookStyled"  # property of the labels that take the stylesheet
_sheet: str | None = None  # the stylesheet of the current appearance


def apply_theme(app: QApplication, dark: bool | None = None) -> None:
    """Style `app` dark or light (None: as the system or $BRIEFBOOK_APPEARANCE says)."""
    global _sheet
    dark = is_dark() if dark is None else dark
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    _sheet = stylesheet(dark)
    for widget in app.allWidgets():
        if widget.property(STYLED):
            widget.setStyleSheet(_sheet)


def styled(widget: QWidget) -> QWidget:
    """Return `widget` with the current stylesheet, which follows it on each re-theme.

    Give the widget its object name first: the rules select by it.
    """
    global _sheet
    if _sheet is None:
        _sheet = stylesheet(is_dark())
    widget.setProperty(STYLED, True)
    widget.setStyleSheet(_sheet)
    return widget


def follow_system(app: QApplication) -> None:
    """Apply the theme now and again whenever the system scheme changes."""
    apply_theme(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))


def app_icon() -> QIcon:
    """Return the application icon from resources/icons."""
    return QIcon(str(paths.icons_dir() / "briefbook.svg"))

"""Run work a launch does not need to wait for, once the window has painted its first rows."""

from __future__ import annotations

from collections.abc import Callable

from app.gui.qt import QEvent, QObject, QTimer, QWidget


class _FirstPaintWatch(QObject):
    """Watches one widget until it paints, then schedules `callback` and stops watching."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # on the next turn of the event loop: this paint and its flush to the screen
            # finish first; dropped if the widget is gone by then
            QTimer.singleShot(0, watched, self._callback)
            self.deleteLater()
        return False


def call_after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call `callback` once, just after `widget` has first been painted; returns at once."""
    _FirstPaintWatch(widget, callback)

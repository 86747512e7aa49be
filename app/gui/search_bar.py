"""The search bar: query text (debounced), date range, match count and parse errors."""

from __future__ import annotations

from app.gui import theme
from app.gui.qt import (
    QDate,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    Qt,
    QTimer,
    QToolButton,
    QWidget,
    Signal,
)

DEBOUNCE_MS = 200
NO_DATE = QDate(1900, 1, 1)  # the minimum date stands for "no limit" and shows as "Any"


def _date_edit(name: str, tip: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("Any")
    edit.setDate(NO_DATE)
    edit.setAccessibleName(name)
    edit.setToolTip(tip)
    return edit


class SearchBar(QWidget):
    """Emits `changed` once typing pauses for DEBOUNCE_MS, or at once when a date changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText('Search  (words, "a phrase", -exclude, tag:name, source:name)')
        self.line.setClearButtonEnabled(True)
        self.line.setAccessibleName("Search")
        self.line.setToolTip("Search titles, text and notes (Ctrl+F). Results update as you type.")
        self.since = _date_edit("From date", "Only releases on or after this date (Any: no limit)")
        self.until = _date_edit(
            "Until date", "Only releases on or before this date (Any: no limit)"
        )
        self.clear_dates = QToolButton()
        self.clear_dates.setText("×")
        self.clear_dates.setToolTip("Clear the date range")
        self.clear_dates.setAccessibleName("Clear dates")
        self.count = QLabel("")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setAccessibleName("Match count")
        self.message = QLabel("")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setObjectName("searchError")
        theme.styled(self.message)
        self.message.setAccessibleName("Search problem")
        self.message.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(QLabel("From"))
        layout.addWidget(self.since)
        layout.addWidget(QLabel("to"))
        layout.addWidget(self.until)
        layout.addWidget(self.clear_dates)
        layout.addWidget(self.message)
        layout.addWidget(self.count)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.changed)
        self.line.textChanged.connect(lambda _text: self._timer.start())
        self.line.returnPressed.connect(self.flush)
        self.since.dateChanged.connect(lambda _d: self.changed.emit())
        self.until.dateChanged.connect(lambda _d: self.changed.emit())
        self.clear_dates.clicked.connect(self.reset_dates)

    def text(self) -> str:
        """Return the query text."""
        return self.line.text()

    def dates(self) -> tuple[str | None, str | None]:
        """Return the (since, until) filter as YYYY-MM-DD strings, None for no limit."""
        return _iso(self.since.date()), _iso(self.until.date())

    def set_state(self, text: str, since: str | None, until: str | None) -> None:
        """Show a stored query (a saved search) and emit `changed` once."""
        self.blockSignals(True)
        self.line.setText(text)
        self.since.setDate(QDate.fromString(since, "yyyy-MM-dd") if since else NO_DATE)
        self.until.setDate(QDate.fromString(until, "yyyy-MM-dd") if until else NO_DATE)
        self.blockSignals(False)
        self._timer.stop()
        self.changed.emit()

    def reset_dates(self) -> None:
        """Remove the date limits."""
        self.since.setDate(NO_DATE)
        self.until.setDate(NO_DATE)

    def flush(self) -> None:
        """Emit a pending debounced change now (Enter key, tests)."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def show_result(self, count: int, error: str | None) -> None:
        """Show the number of matches and, if the query has a problem, the problem."""
        self.count.setText(f"{count:,} match{'es' if count != 1 else ''}")
        self.message.setText(error or "")
        self.message.setToolTip(error or "")
        self.message.setVisible(bool(error))


def _iso(date: QDate) -> str | None:
    return None if date == NO_DATE or not date.isValid() else date.toString("yyyy-MM-dd")

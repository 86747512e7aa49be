"""The reader pane: one release as plain text, its highlights in colour, and its notes."""

from __future__ import annotations

from app.core.models import Highlight, Note, Release
from app.gui import theme
from app.gui.delegates import text_colour_for
from app.gui.qt import (
    QAction,
    QColor,
    QEvent,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    Qt,
    QTextCharFormat,
    QTextCursor,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.gui.text_offsets import from_utf16, to_utf16

HIGHLIGHT_COLOURS = (
    ("Yellow", "#fff176"),
    ("Green", "#a5d6a7"),
    ("Blue", "#90caf9"),
    ("Pink", "#f48fb1"),
    ("Orange", "#ffcc80"),
)


def _plain_label(name: str, *, selectable: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # release text is untrusted: never rich text
    label.setWordWrap(True)
    label.setAccessibleName(name)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ReaderText(QTextEdit):
    """Read-only body text; reports clicks on highlights."""

    highlight_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setAccessibleName("Release text")
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.body = ""
        self.highlights: list[Highlight] = []

    def show_body(self, body: str, highlights: list[Highlight]) -> None:
        """Show `body` as plain text with `highlights` painted in their colours."""
        if body != self.body or self.toPlainText() != body:
            self.body = body
            self.setPlainText(body)
        self.paint_highlights(highlights)

    def paint_highlights(self, highlights: list[Highlight]) -> None:
        """Paint the highlights that can still be found in the body."""
        self.highlights = [h for h in highlights if h.found]
        selections = []
        for h in self.highlights:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(to_utf16(self.body, h.start))
            cursor.setPosition(to_utf16(self.body, h.end), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(h.colour))
            fmt.setForeground(text_colour_for(h.colour))  # stays readable in the dark theme
            if h.comment:
                fmt.setToolTip(h.comment)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)

    def selected_span(self) -> tuple[int, int] | None:
        """Return the selected passage as (start, end) code points of the body, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = from_utf16(self.body, cursor.selectionStart())
        end = from_utf16(self.body, cursor.selectionEnd())
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        """Select code points start..end of the body (tests, find)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(to_utf16(self.body, start))
        cursor.setPosition(to_utf16(self.body, end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def highlight_at(self, position: int) -> Highlight | None:
        """Return the highlight covering code point `position`, if any."""
        for h in self.highlights:
            if h.start <= position < h.end:
                return h
        return None

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip:
            return self._show_comment(event)
        return super().viewportEvent(event)

    def _show_comment(self, event) -> bool:
        position = self.cursorForPosition(event.pos()).position()
        hit = self.highlight_at(from_utf16(self.body, position))
        if hit is not None and hit.comment:
            QToolTip.showText(event.globalPos(), hit.comment, self.viewport())
        else:
            QToolTip.hideText()
        return True

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        position = self.cursorForPosition(event.position().toPoint()).position()
        hit = self.highlight_at(from_utf16(self.body, position))
        if hit is not None:
            self.highlight_clicked.emit(hit)


class ReaderPane(QWidget):
    """Header (title, date, source, URL, tags), annotation buttons, body, notes."""

    highlight_requested = Signal(str)  # colour; the span is text.selected_span()
    comment_requested = Signal()
    edit_requested = Signal()
    note_add_requested = Signal()
    note_edit_requested = Signal(object)
    note_delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.release: Release | None = None
        self.title = _plain_label("Title")
        self.title.setObjectName("readerTitle")
        theme.styled(self.title)
        self.proposed = _plain_label("Proposed title", selectable=False)
        self.proposed.setObjectName("proposedMark")
        theme.styled(self.proposed)
        self.proposed.setText("Proposed title: not yet confirmed (Edit details to confirm)")
        self.meta = _plain_label("Date and source")
        self.url = _plain_label("Address")
        self.tags = QWidget()
        self.tags.setAccessibleName("Tags")
        self._tag_layout = QHBoxLayout(self.tags)
        self._tag_layout.setContentsMargins(0, 0, 0, 0)
        self._tag_layout.setSpacing(4)
        self.text = ReaderText()
        self.notes = QListWidget()
        self.notes.setAccessibleName("Notes")
        self.notes.setToolTip("Free notes on this release; double-click to edit")
        self.notes.setWordWrap(True)
        self.empty = _plain_label("No release", selectable=False)
        self.empty.setText("Select a release to read it.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._build()
        self.show_release(None)

    def _build(self) -> None:
        header = QVBoxLayout()
        header.setSpacing(2)
        for widget in (self.title, self.proposed, self.meta, self.url, self.tags):
            header.addWidget(widget)
        tools = QHBoxLayout()
        self.highlight_button = QToolButton()
        self.highlight_button.setText("Highlight")
        self.highlight_button.setToolTip(
            "Highlight the selected passage (Ctrl+H); arrow: choose a colour"
        )
        self.highlight_button.setAccessibleName("Highlight selection")
        self.highlight_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.highlight_button)
        for name, colour in HIGHLIGHT_COLOURS:
            action = QAction(name, menu)
            action.triggered.connect(lambda _=False, c=colour: self.highlight_requested.emit(c))
            menu.addAction(action)
        self.highlight_button.setMenu(menu)
        self.highlight_button.clicked.connect(
            lambda: self.highlight_requested.emit(HIGHLIGHT_COLOURS[0][1])
        )
        self.comment_button = QPushButton("Comment…")
        self.comment_button.setToolTip("Highlight the selected passage with a comment")
        self.comment_button.clicked.connect(self.comment_requested)
        self.edit_button = QPushButton("Edit details…")
        self.edit_button.setToolTip("Edit title, date and source (F2)")
        self.edit_button.clicked.connect(self.edit_requested)
        tools.addWidget(self.highlight_button)
        tools.addWidget(self.comment_button)
        tools.addStretch(1)
        tools.addWidget(self.edit_button)
        header.addLayout(tools)

        notes_box = QWidget()
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_bar = QHBoxLayout()
        notes_title = _plain_label("Notes heading", selectable=False)
        notes_title.setText("Notes")
        notes_title.setObjectName("notesHeading")
        theme.styled(notes_title)
        self.add_note_button = QPushButton("Add note…")
        self.add_note_button.setToolTip("Add a free note to this release (Ctrl+Shift+N)")
        self.edit_note_button = QPushButton("Edit…")
        self.edit_note_button.setToolTip("Edit the selected note")
        self.delete_note_button = QPushButton("Delete")
        self.delete_note_button.setToolTip("Delete the selected note")
        for w in (
            notes_title,
            self.add_note_button,
            self.edit_note_button,
            self.delete_note_button,
        ):
            notes_bar.addWidget(w)
        notes_bar.insertStretch(1, 1)
        notes_layout.addLayout(notes_bar)
        notes_layout.addWidget(self.notes)
        self.add_note_button.clicked.connect(self.note_add_requested)
        self.edit_note_button.clicked.connect(lambda: self._emit_note(self.note_edit_requested))
        self.delete_note_button.clicked.connect(lambda: self._emit_note(self.note_delete_requested))
        self.notes.itemDoubleClicked.connect(lambda _i: self._emit_note(self.note_edit_requested))

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.text)
        self.splitter.addWidget(notes_box)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(8, 6, 8, 6)
        content_layout.addLayout(header)
        content_layout.addWidget(self.splitter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.content)
        layout.addWidget(self.empty)

    def _emit_note(self, signal: Signal) -> None:
        note = self.current_note()
        if note is not None:
            signal.emit(note)

    def current_note(self) -> Note | None:
        """Return the note selected in the notes list."""
        item = self.notes.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def show_release(
        self,
        release: Release | None,
        highlights: list[Highlight] | None = None,
        notes: list[Note] | None = None,
    ) -> None:
        """Show `release` (None: an empty pane) with its highlights and notes."""
        self.release = release
        self.content.setVisible(release is not None)
        self.empty.setVisible(release is None)
        if release is None:
            self.text.show_body("", [])
            self.notes.clear()
            return
        self.title.setText(release.title)
        self.proposed.setVisible(release.title_proposed)
        self.meta.setText(" · ".join(p for p in (release.date or "no date", release.source) if p))
        self.url.setText(release.url)
        self.url.setVisible(bool(release.url))
        self._show_tags(release)
        self.text.show_body(release.body, highlights or [])
        self._show_notes(notes or [])

    def _show_tags(self, release: Release) -> None:
        while self._tag_layout.count():
            item = self._tag_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for tag in release.tags:
            chip = _plain_label(f"Tag {tag.name}", selectable=False)
            chip.setText(tag.name)
            chip.setObjectName("tagChip")
            chip.setStyleSheet(
                f"background:{QColor(tag.colour).name()};color:{text_colour_for(tag.colour).name()};"
                "border-radius:8px;padding:1px 7px;"
            )
            chip.setWordWrap(False)
            self._tag_layout.addWidget(chip)
        self._tag_layout.addStretch(1)

    def _show_notes(self, notes: list[Note]) -> None:
        self.notes.clear()
        for note in notes:
            item = QListWidgetItem(note.text)
            item.setData(Qt.ItemDataRole.UserRole, note)
            item.setToolTip(f"Written {note.created_at}, changed {note.modified_at}")
            self.notes.addItem(item)


def divider() -> QFrame:
    """Return a thin horizontal line."""
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    return line

"""Build a briefing book through the real window, preview it, export it and read the files back."""

from __future__ import annotations

import errno
import shutil

import docx
import pypdf
import pytest

from app.core.books import TEMPLATE_SECTIONS
from app.core.library import Library
from app.gui import export_worker, prompts
from app.gui.book_menu import delete_book, duplicate_book, rename_book
from app.gui.qt import QItemSelectionModel, Qt
from app.gui.sidebar import Entry
from app.gui.window import MainWindow
from exporters.book import ExportError

MARKING = "CONFIDENTIAL//BRIEFBOOK TEST"
TALKING_POINTS = (
    "• Thank the minister for the invitation\n• Raise the border crossings\n  - rail link"
)


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory):
    """A first-run library (seeds and the sample book), built once and copied per test."""
    path = tmp_path_factory.mktemp("seeded") / "seeded.db"
    Library.open(path).close()
    return path


@pytest.fixture
def window(qtbot, tmp_path, seeded_db, shown_errors):
    path = tmp_path / "library.db"
    shutil.copy(seeded_db, path)
    lib = Library.open(path)
    win = MainWindow(lib)
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    yield win
    win.close()
    lib.close()


def _answer_line(monkeypatch, answer):
    monkeypatch.setattr(prompts, "ask_line", lambda *a, **k: answer)


def _select_rows(win, rows):
    win.table.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        win.table.selectionModel().select(win.release_model.index(row, 0), flags)
    return [win.release_model.row_at(r).id for r in rows]


def _section(win, heading):
    return next(s for s in win.book_editor.outline.sections if s.heading == heading)


def _release_order(win, book_id, heading):
    book = win.lib.books.get(book_id)
    section = next(s for s in book.sections if s.heading == heading)
    return [e.release_id for e in section.entries]


def _export(qtbot, win, monkeypatch, target, fmt):
    monkeypatch.setattr(prompts, "ask_export_path", lambda parent, suggested, f: target)
    dialog = win.book_editor.actions.on_export()
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.choose_file()
    with qtbot.waitSignal(dialog.finished_export, timeout=60000) as outcome:
        dialog.start()
    return dialog, outcome.args[0]


def _pdf_titles(path):
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(pypdf.PdfReader(path).outline)
    return titles


def _build_book(qtbot, win, monkeypatch):
    """Create a book and fill it through the window; return (book id, release ids in order)."""
    editor = win.book_editor
    _answer_line(monkeypatch, "Cabinet trip")
    book_id = editor.actions.on_new_book()
    assert win.central_stack.currentWidget() is editor
    assert [s.heading for s in editor.outline.sections] == list(TEMPLATE_SECTIONS)
    # Ctrl+B: the selected releases go into the section chosen in the outline
    first, second = _select_rows(win, [0, 1])
    editor.select(("section", _section(win, "Press releases").id))
    editor.actions.add_to_book.trigger()
    assert _release_order(win, book_id, "Press releases") == [first, second]
    # drag and drop from the list onto the Background section
    third = win.release_model.row_at(2).id
    mime = win.release_model.mimeData([win.release_model.index(2, 0)])
    target = editor.outline.index_of(("section", _section(win, "Background").id))
    assert editor.outline.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, target)
    qtbot.waitUntil(lambda: _release_order(win, book_id, "Background") == [third], timeout=3000)
    # keyboard: the second release up, then the Background one down into Press releases
    entry = next(e for e in _section(win, "Press releases").entries if e.release_id == second)
    editor.select(("entry", entry.id))
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _release_order(win, book_id, "Press releases") == [second, first]
    moved = _section(win, "Background").entries[0]
    editor.select(("entry", moved.id))
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down, shift_ctrl)
    assert _release_order(win, book_id, "Press releases") == [third, second, first]
    # talking points typed in place, saved after a pause
    editor.select(("section", _section(win, "Talking points").id))
    editor.section_text.setPlainText(TALKING_POINTS)
    qtbot.waitUntil(lambda: _section(win, "Talking points").text == TALKING_POINTS, timeout=5000)
    editor.cover.set_value("marking", MARKING)
    assert win.lib.books.get(book_id).marking == MARKING
    return book_id, [third, second, first]


def test_building_a_book_through_the_window_exports_both_formats(
    qtbot, window, monkeypatch, tmp_path, shown_errors
):
    book_id, order = _build_book(qtbot, window, monkeypatch)
    titles = [window.lib.releases.get(r).title for r in order]
    dialog, outcome = _export(qtbot, window, monkeypatch, tmp_path / "trip.pdf", "pdf")
    assert outcome == "done", dialog.message.text()
    assert dialog.open_button.isVisible() and dialog.folder_button.isVisible()
    outline = _pdf_titles(tmp_path / "trip.pdf")
    positions = [next(i for i, t in enumerate(outline) if t[:40] == title[:40]) for title in titles]
    assert positions == sorted(positions)
    pages = pypdf.PdfReader(tmp_path / "trip.pdf").pages
    assert all(MARKING in page.extract_text() for page in pages)
    text = "\n".join(page.extract_text() for page in pages)
    assert "Raise the border crossings" in text and "rail link" in text
    dialog.close()

    dialog, outcome = _export(qtbot, window, monkeypatch, tmp_path / "trip.docx", "docx")
    assert outcome == "done", dialog.message.text()
    document = docx.Document(str(tmp_path / "trip.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    positions = [next(i for i, h in enumerate(headings) if h[:40] == t[:40]) for t in titles]
    assert positions == sorted(positions)
    for section in document.sections:
        assert MARKING in "\n".join(p.text for p in section.header.paragraphs)
        if section.different_first_page_header_footer:
            assert MARKING in "\n".join(p.text for p in section.first_page_header.paragraphs)
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Raise the border crossings" in body and "rail link" in body
    assert not shown_errors


def test_releases_in_the_open_book_are_marked_in_the_list(qtbot, window, monkeypatch):
    _answer_line(monkeypatch, "Marks")
    window.book_editor.actions.on_new_book()
    (rid,) = _select_rows(window, [3])
    window.book_editor.select(("section", _section(window, "Background").id))
    window.book_editor.actions.add_to_book.trigger()
    assert window.release_model.in_book(rid)
    assert "▣" in window.release_model.index(3, 0).data()
    assert "▣" not in (window.release_model.index(4, 0).data() or "")


def test_add_to_book_asks_for_a_section_when_none_is_chosen(qtbot, window, monkeypatch):
    _answer_line(monkeypatch, "Asked")
    book_id = window.book_editor.actions.on_new_book()
    window.book_editor.tree.setCurrentIndex(window.book_editor.outline.index(-1, 0))
    monkeypatch.setattr(prompts, "ask_choice", lambda parent, title, label, items: items[0])
    (rid,) = _select_rows(window, [5])
    window.book_editor.actions.add_to_book.trigger()
    assert _release_order(window, book_id, "Press releases") == [rid]


def test_cancelling_an_export_midway_leaves_no_file_and_the_window_usable(
    qtbot, window, monkeypatch, tmp_path
):
    sample = window.lib.books.list()[0]
    section = window.lib.books.get(sample.id).sections[-1]
    ids = [window.release_model.row_at(r).id for r in range(60)]
    window.lib.books.add_entries(section.id, ids)  # a long book: many entries to write
    window.book_editor.open_book(sample.id)
    original = export_worker.ExportWorker._progress

    def cancel_after_first(self, done, total):  # runs in the worker thread, mid-export
        original(self, done, total)
        if done >= 1:
            self.cancel()

    monkeypatch.setattr(export_worker.ExportWorker, "_progress", cancel_after_first)
    target = tmp_path / "out" / "cancelled.pdf"
    target.parent.mkdir()
    dialog, outcome = _export(qtbot, window, monkeypatch, target, "pdf")
    assert outcome == "cancelled"
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=5000)
    assert list(target.parent.iterdir()) == []
    assert dialog.export_button.isEnabled()
    window.show_library()
    assert window.release_model.rowCount() > 0 and window.isEnabled()


def test_a_failed_export_is_explained_and_keeps_the_previous_file(
    qtbot, window, monkeypatch, tmp_path
):
    target = tmp_path / "kept.pdf"
    target.write_bytes(b"%PDF previous")

    def full_disk(book, path, **kw):
        raise ExportError("no room") from OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_worker, "writer_for", lambda fmt: full_disk)
    window.book_editor.open_book(window.lib.books.list()[0].id)
    dialog, outcome = _export(qtbot, window, monkeypatch, target, "pdf")
    assert outcome == "failed"
    assert "not enough space" in dialog.message.text()
    assert target.read_bytes() == b"%PDF previous"


def test_the_first_run_library_has_the_sample_book_and_it_exports(
    qtbot, window, monkeypatch, tmp_path
):
    qtbot.waitUntil(lambda: window.sidebar_model.entries("books") != [], timeout=3000)
    entry = window.sidebar_model.entries("books")[0]
    assert entry.value.name.startswith("Sample")
    window.on_sidebar_entry(entry)
    assert window.book_editor.book.id == entry.value.id
    dialog, outcome = _export(qtbot, window, monkeypatch, tmp_path / "sample.pdf", "pdf")
    assert outcome == "done", dialog.message.text()
    assert len(pypdf.PdfReader(tmp_path / "sample.pdf").pages) > 5


def test_the_last_export_folder_is_remembered(qtbot, window, monkeypatch, tmp_path):
    window.book_editor.open_book(window.lib.books.list()[0].id)
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog, _ = _export(qtbot, window, monkeypatch, folder / "a.docx", "docx")
    dialog.close()
    again = window.book_editor.actions.on_export()
    assert again.suggested_path().parent == folder
    assert again.fmt() == "docx"


def test_preview_shows_the_pdf_pages_in_the_window(qtbot, window):
    editor = window.book_editor
    with qtbot.waitSignal(editor.preview.ready, timeout=30000) as shown:
        editor.open_book(window.lib.books.list()[0].id)
    assert shown.args[0] > 5
    assert editor.preview.document.pageCount() == shown.args[0]


def test_undo_and_redo_refresh_the_open_book(qtbot, window, monkeypatch):
    editor = window.book_editor
    editor.open_book(window.lib.books.list()[0].id)
    before = len(editor.outline.sections)
    _answer_line(monkeypatch, "Logistics")
    editor.ask_add_section()
    assert len(editor.outline.sections) == before + 1
    window.actions.undo.trigger()
    assert len(editor.outline.sections) == before
    window.actions.redo.trigger()
    assert [s.heading for s in editor.outline.sections].count("Logistics") == 1


def test_entry_choices_are_saved_at_once(qtbot, window):
    editor = window.book_editor
    book = window.lib.books.get(window.lib.books.list()[0].id)
    entry = book.sections[-1].entries[0]
    editor.open_book(book.id)
    editor.select(("entry", entry.id))
    editor.summary_only.setChecked(not entry.summary_only)
    editor.include_notes.setChecked(False)
    stored = next(e for e in window.lib.books.get(book.id).sections[-1].entries if e.id == entry.id)
    assert stored.summary_only != entry.summary_only and not stored.include_notes


def test_sidebar_commands_rename_duplicate_and_delete_a_book(qtbot, window, monkeypatch):
    book = window.lib.books.list()[0]
    _answer_line(monkeypatch, "Renamed book")
    rename_book(window, book)
    assert window.lib.books.get(book.id).name == "Renamed book"
    _answer_line(monkeypatch, "Next month")
    copy_id = duplicate_book(window, window.lib.books.get(book.id))
    copy = window.lib.books.get(copy_id)
    assert len(copy.sections) == len(window.lib.books.get(book.id).sections)
    window.book_editor.open_book(copy_id)
    monkeypatch.setattr(prompts, "confirm", lambda *a: True)
    delete_book(window, copy)
    assert [b.name for b in window.lib.books.list()] == ["Renamed book"]
    assert window.book_editor.book is None
    assert window.central_stack.currentIndex() == 0
    assert [e.value.name for e in window.sidebar_model.entries("books")] == ["Renamed book"]


def test_opening_a_book_from_the_sidebar_and_going_back(qtbot, window):
    qtbot.waitUntil(lambda: window.sidebar_model.entries("books") != [], timeout=3000)
    window.on_sidebar_entry(window.sidebar_model.entries("books")[0])
    assert window.central_stack.currentWidget() is window.book_editor
    qtbot.mouseClick(window.book_editor.back, Qt.MouseButton.LeftButton)
    assert window.central_stack.currentIndex() == 0
    window.on_sidebar_entry(Entry("view", "all"))
    assert window.central_stack.currentIndex() == 0


def test_open_file_and_show_in_folder_open_the_export(qtbot, window, monkeypatch, tmp_path):
    from app.gui import export_dialog

    opened = []
    monkeypatch.setattr(export_dialog, "open_url", lambda url: opened.append(url.toLocalFile()))
    window.book_editor.open_book(window.lib.books.list()[0].id)
    dialog, outcome = _export(qtbot, window, monkeypatch, tmp_path / "open.docx", "docx")
    assert outcome == "done"
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path / "open.docx"), str(tmp_path)]


def test_a_missing_folder_is_explained_in_plain_words(qtbot, window, monkeypatch, tmp_path):
    window.book_editor.open_book(window.lib.books.list()[0].id)
    target = tmp_path / "gone" / "book.pdf"
    dialog, outcome = _export(qtbot, window, monkeypatch, target, "pdf")
    assert outcome == "failed"
    assert "does not exist" in dialog.message.text() and "Traceback" not in dialog.message.text()


def test_the_editor_stays_open_and_marked_in_the_sidebar_after_an_edit(qtbot, window):
    qtbot.waitUntil(lambda: window.sidebar_model.entries("books") != [], timeout=3000)
    window.on_sidebar_entry(window.sidebar_model.entries("books")[0])
    window.book_editor.cover.set_value("location", "Mexico City")
    assert window.lib.books.get(window.book_editor.book_id).location == "Mexico City"
    assert window.central_stack.currentWidget() is window.book_editor
    assert window.sidebar.current_entry().kind == "book"


def test_the_chosen_page_size_and_clean_copy_reach_the_pdf(qtbot, window, monkeypatch, tmp_path):
    window.book_editor.open_book(window.lib.books.list()[0].id)
    monkeypatch.setattr(prompts, "ask_export_path", lambda parent, suggested, f: tmp_path / "l.pdf")
    dialog = window.book_editor.actions.on_export()
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.page_size.setCurrentText("Letter")
    dialog.clean.setChecked(True)
    assert not dialog.notes.isEnabled() and dialog.options().clean_copy
    dialog.choose_file()
    with qtbot.waitSignal(dialog.finished_export, timeout=60000) as outcome:
        dialog.start()
    assert outcome.args == ["done"]
    box = pypdf.PdfReader(tmp_path / "l.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)

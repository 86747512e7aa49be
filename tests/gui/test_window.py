"""Drive the real main window over a real library: import, search, tag, annotate, undo, trash."""

from __future__ import annotations

import pytest

from app import paths
from app.core.library import Library
from app.gui import prompts
from app.gui.qt import QItemSelectionModel, Qt
from app.gui.release_model import COLUMNS
from app.gui.window import MainWindow

EMOJI_BODY = "Launch day 🚀 for the new Quetzalcoatl programme.\n\nThe minister said funding will double next year."
PASSAGE = "funding will double"


@pytest.fixture
def reports(monkeypatch):
    """Collect import reports instead of showing the report dialog."""
    seen = []
    monkeypatch.setattr(prompts, "show_import_report", lambda parent, report: seen.append(report))
    return seen


@pytest.fixture
def emoji_file(tmp_path):
    path = tmp_path / "rocket.md"
    path.write_text(
        f"---\ntitle: Rocket programme launched\ndate: '2024-03-05'\n---\n\n{EMOJI_BODY}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def window(qtbot, tmp_path, shown_errors, reports):
    lib = Library.open(tmp_path / "library.db", seed=False)
    win = MainWindow(lib)
    qtbot.addWidget(win)
    with qtbot.waitActive(win):  # window shortcuts (Delete, Ctrl+Z) need the active window
        win.show()
        win.activateWindow()
    yield win
    win.close()
    lib.close()


def _search(win, qtbot, text):
    win.search_bar.line.setText(text)
    with qtbot.waitSignal(win.release_model.modelReset, timeout=2000):
        pass  # the debounce timer fires on its own


def _select_row(win, qtbot, row):
    """Select `row` and wait for the reader to follow; return the release id."""
    rid = win.release_model.row_at(row).id
    win.table.selectRow(row)
    qtbot.waitUntil(lambda: win.current_id() == rid, timeout=2000)
    return rid


def _select_title(win, qtbot, title):
    model = win.release_model
    for row in range(model.rowCount()):
        if model.row_at(row).title == title:
            return _select_row(win, qtbot, row)
    raise AssertionError(f"{title} is not listed")


def test_importing_the_seeds_lists_them_and_reports(window, reports):
    window.actions.import_now([paths.seeds_dir()])
    count = window.lib.releases.count_all()["all"]
    assert count >= 1
    assert window.release_model.rowCount() == count
    assert reports and reports[0].count("imported") == count
    assert f"{count:,} release" in window.counts_label.text()


def test_search_lists_matches_and_shows_the_count(window, emoji_file, qtbot):
    window.actions.import_now([paths.seeds_dir(), emoji_file])
    _search(window, qtbot, "quetzalcoatl")
    assert window.release_model.rowCount() == 1
    assert window.search_bar.count.text() == "1 match"
    qtbot.waitUntil(lambda: window.reader.title.text() == "Rocket programme launched", timeout=2000)


def test_a_search_problem_is_shown_in_plain_words(window, qtbot):
    _search(window, qtbot, '"unclosed')
    assert window.search_bar.message.isVisible() or window.search_bar.message.text() == ""
    assert "Traceback" not in window.search_bar.message.text()


def test_reader_shows_release_text_as_plain_text(window, qtbot, tmp_path):
    path = tmp_path / "markup.txt"
    path.write_text("A <b>bold</b> claim & more\n\nSee <i>this</i> & <img src='x'> too.\n")
    window.actions.import_now([path])
    _select_row(window, qtbot, 0)
    release = window.lib.releases.get(window.current_id())
    assert window.reader.title.textFormat() == Qt.TextFormat.PlainText
    assert window.reader.title.text() == release.title
    assert window.reader.text.toPlainText() == release.body
    assert "<i>this</i>" in window.reader.text.toPlainText()


def test_tag_key_toggles_the_first_tag_on_the_selection(window, emoji_file, qtbot):
    window.actions.import_now([emoji_file])
    window.lib.tags.create("alpha")
    window.refresh_tags()
    rid = _select_title(window, qtbot, "Rocket programme launched")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_1)
    assert [t.name for t in window.lib.releases.get(rid).tags] == ["alpha"]
    row = window.release_model.row_at(window.table.currentIndex().row())
    assert [t.name for t in row.tags] == ["alpha"]
    assert window.sidebar_model.section("tags").child(0, 1).text() == "1"


def test_tag_editor_adds_tags_to_many_releases(window, emoji_file, monkeypatch):
    window.actions.import_now([paths.seeds_dir(), emoji_file])
    monkeypatch.setattr(prompts, "ask_tags", lambda parent, current, known, count: ["energy", "g7"])
    window.table.selectAll()
    window.actions.tag.trigger()
    ids = window.selected_ids()
    assert len(ids) == window.release_model.rowCount() >= 2
    for rid in ids:
        assert {"energy", "g7"} <= {t.name for t in window.lib.releases.get(rid).tags}


def test_highlight_after_an_emoji_stores_the_right_passage(window, qtbot, emoji_file):
    window.actions.import_now([emoji_file])
    rid = _select_title(window, qtbot, "Rocket programme launched")
    body = window.reader.text.body
    start = body.index(PASSAGE)
    window.reader.text.select_span(start, start + len(PASSAGE))
    window.actions.highlight.trigger()
    (highlight,) = window.lib.annotations.highlights(rid)
    assert highlight.quote == PASSAGE
    selections = window.reader.text.extraSelections()
    assert selections[0].cursor.selectedText() == PASSAGE  # painted over the same words on screen


def test_adding_a_note_shows_it_and_marks_the_row(window, qtbot, emoji_file, monkeypatch):
    window.actions.import_now([emoji_file])
    rid = _select_title(window, qtbot, "Rocket programme launched")
    monkeypatch.setattr(prompts, "ask_text", lambda parent, title, text="": "Ask about funding")
    window.actions.add_note.trigger()
    assert [n.text for n in window.lib.annotations.notes(rid)] == ["Ask about funding"]
    assert window.reader.notes.item(0).text() == "Ask about funding"
    marks = window.release_model.index(window.table.currentIndex().row(), COLUMNS.index("marks"))
    assert "✎" in marks.data()


def test_undo_and_redo_a_note(window, qtbot, emoji_file, monkeypatch):
    window.actions.import_now([emoji_file])
    rid = _select_title(window, qtbot, "Rocket programme launched")
    monkeypatch.setattr(prompts, "ask_text", lambda parent, title, text="": "Remember")
    window.actions.add_note.trigger()
    assert window.actions.undo.isEnabled() and window.actions.undo.text().startswith("&Undo ")
    window.actions.undo.trigger()
    assert window.lib.annotations.notes(rid) == []
    assert window.reader.notes.count() == 0
    window.actions.redo.trigger()
    assert [n.text for n in window.lib.annotations.notes(rid)] == ["Remember"]
    assert window.reader.notes.count() == 1


def test_delete_key_trashes_and_restore_brings_back(window, emoji_file, qtbot):
    window.actions.import_now([paths.seeds_dir(), emoji_file])
    before = window.release_model.rowCount()
    rid = _select_title(window, qtbot, "Rocket programme launched")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert window.lib.releases.get(rid).deleted_at is not None
    assert window.release_model.rowCount() == before - 1
    window.on_sidebar_entry(window.sidebar_model.entries("library")[4])  # Trash
    assert window.release_model.rowCount() == 1
    _select_row(window, qtbot, 0)
    window.actions.restore.trigger()
    assert window.lib.releases.get(rid).deleted_at is None
    assert window.release_model.rowCount() == 0


def test_undo_of_a_trash_restores_the_row(window, qtbot, emoji_file):
    window.actions.import_now([paths.seeds_dir(), emoji_file])
    before = window.release_model.rowCount()
    rid = _select_title(window, qtbot, "Rocket programme launched")
    window.actions.trash.trigger()
    window.actions.undo.trigger()
    assert window.lib.releases.get(rid).deleted_at is None
    assert window.release_model.rowCount() == before


def test_saved_search_appears_in_the_sidebar_and_reapplies(window, emoji_file, qtbot, monkeypatch):
    window.actions.import_now([paths.seeds_dir(), emoji_file])
    _search(window, qtbot, "quetzalcoatl")
    monkeypatch.setattr(prompts, "ask_line", lambda *a, **k: "Rockets")
    window.actions.save_search.trigger()
    (entry,) = window.sidebar_model.entries("saved")
    _search(window, qtbot, "")
    window.on_sidebar_entry(entry)
    assert window.search_bar.text() == "quetzalcoatl"
    assert window.release_model.rowCount() == 1


def test_a_library_error_is_shown_not_raised(window, shown_errors):
    from app.gui.operations import annotating as annotation_ops

    annotation_ops.add_note(window, release_id=99999, text="nowhere")
    assert shown_errors and "Traceback" not in shown_errors[0]


def test_multi_select_with_ctrl_click_selects_two_rows(window, qtbot, emoji_file):
    window.actions.import_now([paths.seeds_dir(), emoji_file])
    model = window.release_model
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    _select_row(window, qtbot, 0)
    window.table.selectionModel().select(model.index(1, 0), flags)
    assert len(window.selected_ids()) == 2


def test_a_search_problem_is_explained_next_to_the_count(window, qtbot):
    _search(window, qtbot, "since:xyz")
    assert window.search_bar.message.isVisibleTo(window)
    assert "not a date" in window.search_bar.message.text()


def test_date_range_limits_the_list(window, emoji_file, qtbot):
    from app.gui.qt import QDate

    window.actions.import_now([paths.seeds_dir(), emoji_file])
    with qtbot.waitSignal(window.release_model.modelReset):
        window.search_bar.since.setDate(QDate(2024, 3, 1))
    titles = [window.release_model.row_at(r).title for r in range(window.release_model.rowCount())]
    assert "Rocket programme launched" in titles
    assert all(window.release_model.row_at(r).date >= "2024-03-01" for r in range(len(titles)))


def test_editing_details_confirms_a_proposed_title(window, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "untitled.txt"
    path.write_text("The council met today and agreed a plan.\n\nMore text follows here.\n")
    window.actions.import_now([path])
    _select_row(window, qtbot, 0)
    assert window.reader.proposed.isVisibleTo(window)
    monkeypatch.setattr(
        prompts,
        "ask_release_details",
        lambda parent, release: {
            "title": "Council plan",
            "date": "2024-05-01",
            "source": "Council",
            "confirm_title": True,
        },
    )
    window.actions.edit.trigger()
    release = window.lib.releases.get(window.current_id())
    assert (release.title, release.date, release.source, release.title_proposed) == (
        "Council plan",
        "2024-05-01",
        "Council",
        False,
    )
    assert window.reader.title.text() == "Council plan"
    assert not window.reader.proposed.isVisibleTo(window)


def test_sidebar_tag_rename_recolour_merge_delete(window, emoji_file, monkeypatch):
    from app.gui import sidebar_menu

    window.actions.import_now([emoji_file])
    rid = window.release_model.row_at(0).id
    window.lib.tags.apply([rid], ["a", "b"])
    window.refresh_tags()
    tag_a, tag_b = window.tags
    monkeypatch.setattr(prompts, "ask_line", lambda *a, **k: "alpha")
    sidebar_menu.rename_tag(window, tag_a)
    monkeypatch.setattr(prompts, "ask_colour", lambda parent, current: "#123456")
    sidebar_menu.recolour_tag(window, window.tags[0])
    assert [(t.name, t.colour) for t in window.tags][0] == ("alpha", "#123456")
    monkeypatch.setattr(prompts, "ask_choice", lambda *a, **k: "b")
    sidebar_menu.merge_tag(window, window.tags[0])
    assert [t.name for t in window.tags] == ["b"]
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    sidebar_menu.delete_tag(window, window.tags[0])
    assert window.tags == [] and window.lib.releases.get(rid).tags == ()
    assert window.sidebar_model.entries("tags") == []


def test_sidebar_context_menu_offers_tag_actions(window, emoji_file):
    from app.gui.sidebar_menu import sidebar_menu

    window.actions.import_now([emoji_file])
    window.lib.tags.create("alpha")
    window.refresh_tags()
    index = window.sidebar_model.section("tags").child(0, 0).index()
    menu = sidebar_menu(window.actions, index)
    assert [a.text() for a in menu.actions() if a.text()][:4] == [
        "Rename…",
        "Change colour…",
        "Merge into…",
        "Delete tag",
    ]


def test_empty_trash_removes_trashed_releases(window, qtbot, emoji_file, monkeypatch):
    window.actions.import_now([paths.seeds_dir(), emoji_file])
    _select_row(window, qtbot, 0)
    window.actions.trash.trigger()
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    window.actions.empty_trash.trigger()
    assert window.lib.releases.count_all()["trash"] == 0
    assert window.sidebar_model.section("library").child(4, 1).text() == "0"


def test_dropping_files_on_the_window_imports_them(window, emoji_file, qtbot):
    from app.gui.qt import QDropEvent, QMimeData, QPoint, Qt, QUrl

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(emoji_file))])
    event = QDropEvent(
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.release_model.rowCount() == 1)
    assert window.release_model.row_at(0).title == "Rocket programme launched"


def test_undo_menu_text_names_the_action(window, qtbot, emoji_file):
    window.actions.import_now([emoji_file])
    _select_row(window, qtbot, 0)
    window.actions.toggle_tag_number(1)  # no tags yet: nothing happens
    assert not window.actions.undo.isEnabled()
    window.lib.tags.create("alpha")
    window.refresh_tags()
    window.actions.toggle_tag_number(1)
    assert window.actions.undo.text() == f"&Undo {window.lib.undo_label()}"


def test_controls_have_accessible_names(window):
    for widget in (
        window.table,
        window.sidebar,
        window.search_bar.line,
        window.reader.text,
        window.reader.notes,
    ):
        assert widget.accessibleName()
    assert window.search_bar.line.toolTip()


def test_window_layout_is_remembered(qtbot, tmp_path):
    lib = Library.open(tmp_path / "l.db", seed=False)
    first = MainWindow(lib)
    qtbot.addWidget(first)
    first.table.setColumnWidth(COLUMNS.index("date"), 177)
    first.main_splitter.setSizes([300, 900])
    first.close()
    second = MainWindow(lib)
    qtbot.addWidget(second)
    assert second.table.columnWidth(COLUMNS.index("date")) == 177
    from app.gui import settings

    assert settings.read_str("library/last") == str(tmp_path / "l.db")
    second.close()
    qtbot.waitUntil(lambda: first.launch_finished and second.launch_finished)
    lib.close()


def test_highlight_comment_can_be_edited_and_the_highlight_removed(
    window, qtbot, emoji_file, monkeypatch
):
    from app.gui.operations import annotating

    window.actions.import_now([emoji_file])
    rid = _select_row(window, qtbot, 0)
    start = window.reader.text.body.index(PASSAGE)
    window.reader.text.select_span(start, start + len(PASSAGE))
    monkeypatch.setattr(prompts, "ask_text", lambda parent, title, text="": "Check the figure")
    window.actions.on_comment()
    (highlight,) = window.lib.annotations.highlights(rid)
    assert highlight.comment == "Check the figure"
    assert window.reader.text.highlight_at(start + 1).comment == "Check the figure"
    monkeypatch.setattr(prompts, "ask_text", lambda parent, title, text="": text + " again")
    window.actions.on_edit_comment(highlight)
    assert window.lib.annotations.highlights(rid)[0].comment == "Check the figure again"
    annotating.delete_highlight(window, highlight_id=highlight.id)
    assert window.lib.annotations.highlights(rid) == []
    assert window.reader.text.extraSelections() == []


def test_notes_can_be_edited_and_deleted(window, qtbot, emoji_file, monkeypatch):
    window.actions.import_now([emoji_file])
    rid = _select_row(window, qtbot, 0)
    monkeypatch.setattr(prompts, "ask_text", lambda parent, title, text="": "first")
    window.actions.add_note.trigger()
    note = window.lib.annotations.notes(rid)[0]
    monkeypatch.setattr(prompts, "ask_text", lambda parent, title, text="": "second")
    window.actions.on_edit_note(note)
    assert window.reader.notes.item(0).text() == "second"
    window.actions.on_delete_note(window.lib.annotations.notes(rid)[0])
    assert window.reader.notes.count() == 0 and window.lib.annotations.notes(rid) == []


def test_books_are_listed_and_opening_one_is_announced(window):
    window.lib.books.create("G7 summit")
    window.refresh_books()
    (entry,) = [e for e in window.sidebar_model.entries("books") if e.value.name == "G7 summit"]
    opened = []
    window.book_requested.connect(opened.append)
    window.on_sidebar_entry(entry)
    assert [b.name for b in opened] == ["G7 summit"]


def test_dark_appearance_switches_palette_and_the_labels_stylesheet(window, qapp, monkeypatch):
    from app.gui import theme

    labels = (window.reader.title, window.reader.proposed, window.search_bar.message)
    monkeypatch.setenv(theme.APPEARANCE_ENV, "dark")
    try:
        theme.apply_theme(qapp)
        assert qapp.palette().window().color().lightness() < 80
        assert all("Dark appearance" in label.styleSheet() for label in labels)
    finally:
        theme.apply_theme(qapp, dark=False)
    assert all("Light appearance" in label.styleSheet() for label in labels)
    # no application-wide stylesheet: it would style every widget (slower launch)
    assert qapp.styleSheet() == "" and window.table.styleSheet() == ""


def test_shortcut_list_names_the_standard_keys(window):
    text = "\n".join(window.actions.shortcut_lines())
    for keys in ("Ctrl+I", "Ctrl+F", "Ctrl+Z", "Ctrl+Shift+Z", "Del", "Ctrl+A"):
        assert keys in text


def test_cancelling_an_import_keeps_the_window_usable(window, reports, monkeypatch):
    from app.gui.qt import QProgressDialog

    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    window.actions.import_now([paths.seeds_dir()])
    imported = window.lib.releases.count_all()["all"]
    assert imported < len(list(paths.seeds_dir().iterdir()))
    assert window.release_model.rowCount() == imported
    assert reports  # the report still says what happened

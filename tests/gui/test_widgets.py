"""Widgets and helpers on their own: search bar, dialogs, errors, settings, theme, startup."""

from __future__ import annotations

import logging
import sys

from app.core.models import FileOutcome, ImportReport
from app.gui import errors, prompts, settings, theme
from app.gui.dialogs import ImportReportDialog, parse_tag_names, report_text
from app.gui.main import choose_library, library_from_args
from app.gui.qt import QApplication, QDate, QMessageBox
from app.gui.search_bar import SearchBar

REPORT = ImportReport(
    (
        FileOutcome("/in/a.md", "imported", release_id=1),
        FileOutcome("/in/b.md", "duplicate", "same text as “A”"),
        FileOutcome("/in/c.pdf", "failed", "not a release file", warnings=("odd bytes",)),
    )
)


def test_typing_emits_one_change_after_the_pause(qtbot):
    bar = SearchBar()
    qtbot.addWidget(bar)
    seen = []
    bar.changed.connect(lambda: seen.append(bar.text()))
    for ch in "mexico":
        qtbot.keyClick(bar.line, ch)
    assert seen == []
    qtbot.waitUntil(lambda: seen == ["mexico"], timeout=2000)


def test_enter_runs_the_search_at_once(qtbot):
    bar = SearchBar()
    qtbot.addWidget(bar)
    with qtbot.waitSignal(bar.changed, timeout=50):
        bar.line.setText("tariffs")
        bar.flush()


def test_date_range_reads_any_as_no_limit(qtbot):
    bar = SearchBar()
    qtbot.addWidget(bar)
    assert bar.dates() == (None, None)
    bar.until.setDate(QDate(2024, 2, 29))
    assert bar.dates() == (None, "2024-02-29")
    bar.reset_dates()
    assert bar.dates() == (None, None)


def test_count_and_problem_are_shown_in_words(qtbot):
    bar = SearchBar()
    qtbot.addWidget(bar)
    bar.show_result(14396, "“tag:” needs a name after it, so it was ignored.")
    assert bar.count.text() == "14,396 matches"
    assert bar.message.isVisibleTo(bar) and "needs a name" in bar.message.text()
    bar.show_result(1, None)
    assert bar.count.text() == "1 match" and not bar.message.isVisibleTo(bar)


def test_import_report_lists_failures_first_with_reasons():
    lines = report_text(REPORT).splitlines()
    assert lines[0] == "1 imported, 1 skipped as duplicates, 1 failed"
    assert lines[2] == "Failed: /in/c.pdf (not a release file)"
    assert "    note: odd bytes" in lines
    assert lines[-1] == "Imported: /in/a.md"


def test_import_report_can_be_copied(qtbot):
    dialog = ImportReportDialog(REPORT)
    qtbot.addWidget(dialog)
    dialog.copy()
    assert QApplication.clipboard().text() == report_text(REPORT)


def test_tag_names_are_split_on_commas_without_duplicates():
    assert parse_tag_names(" energy, g7,, energy ,trade") == ["energy", "g7", "trade"]


def test_unexpected_error_box_copies_details(qtbot):
    box = errors.unexpected_error_box("Traceback: boom")
    qtbot.addWidget(box)
    copy = next(b for b in box.buttons() if b.text() == "Copy details")
    copy.click()
    assert QApplication.clipboard().text() == "Traceback: boom"


def test_excepthook_shows_a_dialog_and_logs(qtbot, monkeypatch, caplog):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.detailedText()) or 0)
    errors.install_excepthook()
    try:
        raise ValueError("kaboom")
    except ValueError:
        with caplog.at_level(logging.ERROR, logger="briefbook.gui"):
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = sys.__excepthook__
    assert shown and "kaboom" in shown[0]
    assert "kaboom" in caplog.text


def test_settings_flags_survive_as_booleans(qapp):
    settings.write("test/flag", False)
    settings.settings().sync()
    assert settings.read_bool("test/flag", True) is False


def test_dark_scheme_uses_the_dark_stylesheet_and_palette():
    assert "Dark appearance" in theme.stylesheet(True)
    assert "Light appearance" in theme.stylesheet(False)
    assert theme.dark_palette().window().color().lightness() < 80


def test_library_argument_forms_are_understood(tmp_path, monkeypatch):
    monkeypatch.delenv("BRIEFBOOK_LIBRARY", raising=False)
    assert library_from_args(["--library", "/x.db"]) == "/x.db"
    assert library_from_args(["--library=/y.db"]) == "/y.db"
    assert library_from_args([]) is None
    assert choose_library(tmp_path / "z.db") == tmp_path / "z.db"


def test_the_last_library_is_reopened_when_none_is_given(tmp_path, monkeypatch, qapp):
    monkeypatch.delenv("BRIEFBOOK_LIBRARY", raising=False)
    last = tmp_path / "last.db"
    last.write_bytes(b"")
    settings.write("library/last", str(last))
    assert choose_library(None) == last


def test_a_library_open_elsewhere_is_explained_and_the_app_exits(tmp_path, monkeypatch, qapp):
    from app.core.library import Library
    from app.gui.main import run_gui

    shown = []
    # the user is asked (Retry / Open read-only / Quit) and chooses Quit
    monkeypatch.setattr(prompts, "ask_locked", lambda parent, message: shown.append(message))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    holder = Library.open(tmp_path / "busy.db", seed=False)
    try:
        assert run_gui(str(tmp_path / "busy.db")) == 1
    finally:
        holder.close()
    assert shown and "busy.db" in shown[0]

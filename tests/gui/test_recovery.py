"""Damaged and locked libraries, backing up and restoring from the window (real libraries)."""

from __future__ import annotations

import pytest

from app.core import safety
from app.core.library import Library
from app.gui import prompts, recovery
from app.gui.recovery import RecoveryDialog
from app.gui.window import MainWindow


def _release(folder, name, title):
    path = folder / f"{name}.md"
    path.write_text(
        f"---\ntitle: {title}\ndate: '2024-03-05'\n---\n\nThe text of {title}.\n",
        encoding="utf-8",
    )
    return path


def _titles(lib):
    return {lib.releases.get(rid).title for rid in _ids(lib)}


def _ids(lib):
    from app.core.models import ListQuery

    return [row.id for row in lib.search.list(ListQuery(limit=100))]


@pytest.fixture
def texts(monkeypatch):
    """Collect information boxes (modal and not) instead of showing them."""
    seen: list[str] = []
    monkeypatch.setattr(prompts, "show_text", lambda parent, title, text: seen.append(text))
    monkeypatch.setattr(prompts, "show_notice", lambda parent, title, text: seen.append(text))
    return seen


@pytest.fixture
def library(tmp_path):
    """A closed library file holding two releases."""
    sources = tmp_path / "sources"
    sources.mkdir()
    path = tmp_path / "lib" / "library.db"
    path.parent.mkdir()
    with Library.open(path, seed=False) as lib:
        lib.import_paths([_release(sources, "a", "Alpha"), _release(sources, "b", "Bravo")])
    return path


@pytest.fixture
def damaged(library):
    """The library backed up, then its header overwritten with garbage."""
    safety.backup(library)
    with open(library, "r+b") as handle:
        handle.write(b"this is not a database at all!!" * 4)
    return library


def test_damaged_library_dialog_offers_the_newest_backup_with_its_date(qtbot, damaged, monkeypatch):
    offered = []

    def answer(parent, error):
        dialog = RecoveryDialog(error)
        qtbot.addWidget(dialog)
        offered.append((error.backup, dialog.buttons[recovery.RESTORE].text()))
        return recovery.QUIT

    monkeypatch.setattr(prompts, "ask_recovery", answer)
    assert recovery.open_library(damaged) is None
    backup, label = offered[0]
    assert backup == safety.list_backups(damaged)[0]
    assert label == f"Restore backup from {backup.describe()}"


def test_restoring_the_offered_backup_opens_its_releases_and_keeps_the_damaged_file(
    qtbot, damaged, monkeypatch, texts, shown_errors
):
    errors_seen = []

    def answer(parent, error):
        errors_seen.append(error)
        return recovery.RESTORE

    monkeypatch.setattr(prompts, "ask_recovery", answer)
    lib = recovery.open_library(damaged)
    assert lib is not None
    win = MainWindow(lib)
    qtbot.addWidget(win)
    win.show_notices()
    try:
        assert win.release_model.rowCount() == 2
        assert _titles(lib) == {"Alpha", "Bravo"}
        assert errors_seen[0].damaged_path.exists()
        assert str(errors_seen[0].damaged_path) in texts[0]  # the user is told where it is
        assert shown_errors == []
    finally:
        win.close_library()
        win.close()


def test_damaged_dialog_explains_where_the_damaged_file_went(qtbot, damaged, monkeypatch):
    seen = []
    monkeypatch.setattr(prompts, "ask_recovery", lambda p, e: seen.append(e) or recovery.QUIT)
    recovery.open_library(damaged)
    text = recovery.damage_text(seen[0])
    assert str(seen[0].damaged_path) in text
    assert seen[0].backup.describe() in text


@pytest.fixture
def window(qtbot, library, texts, shown_errors):
    win = MainWindow(Library.open(library, seed=False))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close_library()
    win.close()


def test_back_up_now_makes_a_verified_copy_in_the_chosen_folder(
    window, tmp_path, monkeypatch, texts
):
    stick = tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setattr(prompts, "ask_backup_folder", lambda parent: stick)
    made = recovery.back_up_now(window)
    assert made is not None and made.parent == stick
    assert safety.check(made).ok
    with Library.open(made, read_only=True) as copy:
        assert _titles(copy) == {"Alpha", "Bravo"}
    assert str(made) in texts[-1]


def test_restore_from_backup_replaces_the_content_and_keeps_the_previous_file(
    window, tmp_path, monkeypatch, texts, shown_errors
):
    stick = tmp_path / "usb"
    stick.mkdir()
    copy = safety.backup(window.lib.path, to=stick)
    window.lib.import_paths([_release(tmp_path, "c", "Charlie")])
    folder = window.lib.path.parent
    monkeypatch.setattr(prompts, "ask_backup_file", lambda parent, start: copy)
    monkeypatch.setattr(prompts, "confirm", lambda parent, title, question: True)
    assert recovery.restore_from_backup(window)
    assert _titles(window.lib) == {"Alpha", "Bravo"}
    assert window.release_model.rowCount() == 2
    kept = list(folder.glob("library.before-restore-*.db"))
    assert len(kept) == 1
    with Library.open(kept[0], read_only=True) as before:
        assert "Charlie" in _titles(before)
    assert shown_errors == []


def test_a_locked_library_can_be_opened_read_only(qtbot, library, monkeypatch):
    asked = []
    monkeypatch.setattr(prompts, "ask_locked", lambda p, m: asked.append(m) or recovery.READ_ONLY)
    with Library.open(library, seed=False):
        second = recovery.open_library(library)
        assert second is not None and second.guard.read_only
        assert "another Briefbook window" in asked[0]
        second.close()


def test_a_locked_library_offers_quit(qtbot, library, monkeypatch):
    monkeypatch.setattr(prompts, "ask_locked", lambda p, m: recovery.QUIT)
    with Library.open(library, seed=False):
        assert recovery.open_library(library) is None

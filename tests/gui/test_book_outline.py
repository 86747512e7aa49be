"""The book outline model on its own: rows, labels, and where drops land (no window)."""

from __future__ import annotations

import pytest

from app.core.models import BookRecord, EntryRecord, SectionRecord
from app.gui.book_outline import ENTRY_IDS_MIME, KEY_ROLE, OutlineModel
from app.gui.qt import QMimeData, QModelIndex, Qt
from app.gui.release_model import RELEASE_IDS_MIME

MOVE = Qt.DropAction.MoveAction


def _entry(entry_id, section_id, position, title, **flags):
    return EntryRecord(entry_id, section_id, 100 + entry_id, position, title, **flags)


@pytest.fixture
def model(qapp):
    book = BookRecord(
        id=1,
        name="Trip",
        sections=(
            SectionRecord(10, 1, 0, "Talking points", "• one\n• two"),
            SectionRecord(
                11,
                1,
                1,
                "Press releases",
                "",
                (_entry(1, 11, 0, "First"), _entry(2, 11, 1, "Second"), _entry(3, 11, 2, "Third")),
            ),
            SectionRecord(
                12, 1, 2, "Background", "", (_entry(4, 12, 0, "Old", summary_only=True),)
            ),
        ),
    )
    outline = OutlineModel()
    outline.set_book(book)
    return outline


def _mime(kind: str, ids: list[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(kind, ",".join(map(str, ids)).encode("ascii"))
    return mime


def _record(qtbot_signal):
    seen = []
    qtbot_signal.connect(lambda *args: seen.append(args))
    return seen


def test_sections_are_top_rows_and_entries_their_children(model):
    assert model.rowCount() == 3
    press = model.index(1, 0)
    assert model.rowCount(press) == 3
    assert model.index(2, 0, press).data(KEY_ROLE) == ("entry", 3)
    assert model.parent(model.index(2, 0, press)) == press
    assert model.rowCount(model.index(0, 0)) == 0


def test_labels_show_entry_counts_and_entry_choices(model):
    assert model.index(1, 0).data() == "Press releases  (3)"
    assert model.index(0, 0).data() == "Talking points"
    assert model.index(0, 0, model.index(2, 0)).data() == "Old  [summary]"


def test_index_of_finds_sections_and_entries(model):
    assert model.index_of(("section", 12)).row() == 2
    index = model.index_of(("entry", 2))
    assert (index.row(), index.parent().row()) == (1, 1)
    assert not model.index_of(("entry", 99)).isValid()


def test_release_drop_on_a_section_adds_at_its_end(model):
    seen = _record(model.releases_dropped)
    mime = _mime(RELEASE_IDS_MIME, [7, 8])
    assert model.dropMimeData(mime, MOVE, -1, 0, model.index(0, 0))
    assert seen == [([7, 8], 10, None)]


def test_release_drop_between_entries_adds_there(model):
    seen = _record(model.releases_dropped)
    assert model.dropMimeData(_mime(RELEASE_IDS_MIME, [7]), MOVE, 1, 0, model.index(1, 0))
    assert seen == [([7], 11, 1)]


def test_entry_moved_down_in_its_section_lands_before_the_drop_row(model):
    seen = _record(model.entries_dropped)
    press = model.index(1, 0)
    mime = model.mimeData([model.index(0, 0, press)])  # "First"
    assert bytes(mime.data(ENTRY_IDS_MIME)) == b"1"
    assert model.dropMimeData(mime, MOVE, 3, 0, press)  # below "Third"
    assert seen == [([1], 11, 2)]


def test_entry_dropped_onto_an_entry_of_another_section_goes_before_it(model):
    seen = _record(model.entries_dropped)
    target = model.index(0, 0, model.index(2, 0))  # "Old" in Background
    assert model.dropMimeData(_mime(ENTRY_IDS_MIME, [2]), MOVE, -1, 0, target)
    assert seen == [([2], 12, 0)]


def test_drop_between_sections_goes_to_the_end_of_the_section_above(model):
    seen = _record(model.entries_dropped)
    assert model.dropMimeData(_mime(ENTRY_IDS_MIME, [4]), MOVE, 2, 0, QModelIndex())
    assert seen == [([4], 11, None)]


def test_foreign_data_is_refused(model):
    mime = QMimeData()
    mime.setText("hello")
    assert not model.canDropMimeData(mime, MOVE, -1, 0, model.index(0, 0))
    assert not model.dropMimeData(mime, MOVE, -1, 0, model.index(0, 0))


def test_an_empty_book_accepts_no_drop(qapp):
    outline = OutlineModel()
    outline.set_book(BookRecord(id=2, name="Empty"))
    assert not outline.dropMimeData(_mime(RELEASE_IDS_MIME, [1]), MOVE, -1, 0, QModelIndex())


def test_only_entries_can_be_dragged(model):
    press = model.index(1, 0)
    assert not model.flags(press) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(model.index(0, 0, press)) & Qt.ItemFlag.ItemIsDragEnabled

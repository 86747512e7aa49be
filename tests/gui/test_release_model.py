"""The release list model over a fake core: lazy pages, SQL-side sort, targeted refresh."""

from __future__ import annotations

from fake_library import fake_library

from app.core.models import ListQuery
from app.gui.qt import Qt
from app.gui.release_model import (
    COLUMNS,
    ID_ROLE,
    MAX_PAGES,
    PAGE_SIZE,
    ROW_ROLE,
    ReleaseTableModel,
    dragged_release_ids,
)


def _model(count: int):
    lib = fake_library(count)
    model = ReleaseTableModel(lib.search)
    model.set_query(ListQuery())
    return lib, model


def test_row_count_is_the_core_count_before_any_page_is_fetched(qapp):
    lib, model = _model(1000)
    assert model.rowCount() == 1000
    assert model.loaded_pages() == 0
    assert lib.list_calls == 0


def test_reading_a_far_row_fetches_only_its_page(qapp):
    lib, model = _model(1000)
    row = model.data(model.index(950, COLUMNS.index("title")))
    assert row.startswith("Release")
    assert model.loaded_pages() == 1
    assert lib.list_calls == 1


def test_pages_held_in_memory_are_bounded(qapp):
    _lib, model = _model(PAGE_SIZE * (MAX_PAGES + 5))
    for page in range(MAX_PAGES + 5):
        model.row_at(page * PAGE_SIZE)
    assert model.loaded_pages() == MAX_PAGES


def test_sorting_by_title_asks_the_core_for_a_new_order(qapp):
    _lib, model = _model(30)
    model.sort(COLUMNS.index("title"), Qt.SortOrder.AscendingOrder)
    assert model.query.sort == "title" and not model.query.descending
    titles = [model.row_at(r).title for r in range(30)]
    assert titles == sorted(titles, key=str.lower)


def test_sorting_by_the_tags_column_changes_nothing(qapp):
    _lib, model = _model(5)
    before = model.query
    model.sort(COLUMNS.index("tags"), Qt.SortOrder.AscendingOrder)
    assert model.query == before


def test_refresh_updates_only_the_changed_row_data(qapp, qtbot):
    lib, model = _model(10)
    target = model.row_at(3)
    lib.tags.apply([target.id], ["urgent"])
    with qtbot.waitSignal(model.dataChanged):
        model.refresh_releases({target.id})
    assert [t.name for t in model.data(model.index(3, 0), ROW_ROLE).tags] == ["urgent"]
    assert model.data(model.index(3, COLUMNS.index("tags"))) == "urgent"


def test_refresh_resets_when_the_count_changes(qapp, qtbot):
    lib, model = _model(10)
    lib.releases.trash([model.row_at(0).id])
    with qtbot.waitSignal(model.modelReset):
        model.refresh_releases({1})
    assert model.rowCount() == 9


def test_marks_show_notes_and_highlights(qapp):
    lib, model = _model(3)
    rid = model.row_at(0).id
    lib.annotations.add_note(rid, "check this")
    model.reload()
    marks = model.index(0, COLUMNS.index("marks"))
    assert model.data(marks) == "✎"
    assert model.data(marks, Qt.ItemDataRole.ToolTipRole) == "1 note"


def test_proposed_titles_are_italic_with_a_tooltip(qapp):
    from dataclasses import replace

    lib, model = _model(2)
    lib.state["releases"][1] = replace(lib.state["releases"][1], title_proposed=True)
    model.reload()
    model.row_at(0)  # row_of looks only in loaded pages
    row = model.row_of(1)
    index = model.index(row, COLUMNS.index("title"))
    assert model.data(index, Qt.ItemDataRole.FontRole).italic()
    assert "proposed" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_dragged_rows_carry_their_release_ids(qapp):
    _lib, model = _model(5)
    indexes = [model.index(0, 0), model.index(0, 2), model.index(2, 0)]
    mime = model.mimeData(indexes)
    assert dragged_release_ids(mime) == sorted({model.data(i, ID_ROLE) for i in indexes})


def test_rows_outside_the_count_have_no_data(qapp):
    _lib, model = _model(2)
    assert model.row_at(5) is None
    assert model.data(model.index(5, 0)) is None


def test_sorting_by_the_current_order_does_not_query_again(qapp):
    lib, model = _model(5)
    calls = lib.list_calls
    model.sort(COLUMNS.index("date"), Qt.SortOrder.DescendingOrder)
    model.row_at(0)
    model.sort(COLUMNS.index("date"), Qt.SortOrder.DescendingOrder)
    model.row_at(0)
    assert lib.list_calls == calls + 1


def test_ids_of_a_large_range_come_in_few_queries(qapp):
    lib, model = _model(12_000)
    model.row_at(0)  # the first page is loaded, the rest is not
    calls = lib.list_calls
    ids = model.ids_between(0, 11_999)
    assert len(ids) == len(set(ids)) == 12_000
    assert ids[:PAGE_SIZE] == [model.row_at(r).id for r in range(PAGE_SIZE)]
    assert lib.list_calls - calls <= 3


def test_ids_between_clips_to_the_listing(qapp):
    _lib, model = _model(10)
    assert len(model.ids_between(5, 50)) == 5


def test_title_tooltip_asks_the_core_for_the_snippet_of_that_row_only(qapp):
    lib, model = _model(3)
    asked = []

    def snippets(ids, text):
        asked.append((list(ids), text))
        return {i: "the \x02release\x03 in context" for i in ids}

    lib.search.snippets = snippets
    model.set_query(ListQuery(text="release"))
    index = model.index(0, COLUMNS.index("title"))
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("the release in context")
    assert asked == [([model.data(index, ID_ROLE)], "release")]

"""The sidebar model: sections, tags with colours and counts, saved searches, books."""

from __future__ import annotations

from app.core.models import BookRecord, ListQuery, SavedSearch, Tag
from app.gui.qt import QColor, Qt
from app.gui.sidebar import ENTRY_ROLE, Entry, SidebarModel


def test_sections_are_library_tags_saved_and_books(qapp):
    model = SidebarModel()
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles == ["Library", "Tags", "Saved searches", "Books"]


def test_library_section_lists_the_five_views(qapp):
    model = SidebarModel()
    assert [e.value for e in model.entries("library")] == [
        "all",
        "recent",
        "annotated",
        "untagged",
        "trash",
    ]


def test_view_counts_are_shown_in_the_second_column(qapp):
    model = SidebarModel()
    model.set_views({"all": 14396, "trash": 2})
    heading = model.section("library")
    assert heading.child(0, 1).text() == "14,396"
    assert heading.child(4, 1).text() == "2"


def test_tags_show_colour_count_and_key_hint(qapp):
    model = SidebarModel()
    model.set_tags([Tag(1, "energy", "#ff0000", 12), Tag(2, "trade", "#00ff00", 1)])
    heading = model.section("tags")
    first = heading.child(0, 0)
    assert first.text() == "energy"
    assert first.data(Qt.ItemDataRole.DecorationRole) == QColor("#ff0000")
    assert heading.child(0, 1).text() == "12"
    assert "Press 1" in first.toolTip()


def test_refilling_tags_replaces_the_old_rows(qapp):
    model = SidebarModel()
    model.set_tags([Tag(1, "a", "#000000", 1)])
    model.set_tags([Tag(2, "b", "#000000", 1)])
    assert [e.value.name for e in model.entries("tags")] == ["b"]


def test_saved_searches_and_books_carry_their_records(qapp):
    model = SidebarModel()
    saved = SavedSearch(3, "Energy this year", ListQuery(text="energy"))
    model.set_saved([saved])
    model.set_books([BookRecord(7, "G7 summit")])
    assert model.entries("saved") == [Entry("saved", saved)]
    assert model.entries("books")[0].value.name == "G7 summit"


def test_index_of_finds_a_tag_by_id_even_after_its_count_changed(qapp):
    model = SidebarModel()
    model.set_tags([Tag(1, "a", "#000000", 5)])
    index = model.index_of(Entry("tag", Tag(1, "a", "#000000", 99)))
    assert index.data(ENTRY_ROLE).value.count == 5

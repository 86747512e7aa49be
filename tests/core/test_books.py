"""Book definitions: template, cover, sections and entries kept in order, copies, undo."""

from __future__ import annotations

import pytest

from app.core.books import TEMPLATE_SECTIONS, create_sample_book
from app.core.errors import ConflictError, LibraryError, NotFoundError
from app.core.library import Library


@pytest.fixture
def blib(tmp_path):
    """An in-memory library holding five small releases (ids in `blib.ids`)."""
    folder = tmp_path / "releases"
    folder.mkdir()
    for i in range(5):
        (folder / f"r{i}.txt").write_text(
            f" date 2022-05-0{i + 1} Release {i} on regional migration.\n\nDetail {i}.\n",
            encoding="utf-8",
        )
    lib = Library.memory(seed=False)
    lib.ids = list(lib.import_paths([folder]).imported_ids)
    yield lib
    lib.close()


def _new(lib, name="Trip", **cover):
    return lib.books.create(name, **cover).created_id


def _section(lib, book_id, heading):
    return next(s for s in lib.books.get(book_id).sections if s.heading == heading)


def _entry_releases(lib, book_id, heading):
    return [e.release_id for e in _section(lib, book_id, heading).entries]


def test_new_book_starts_from_the_briefing_template(blib):
    book = blib.books.get(_new(blib))
    assert [s.heading for s in book.sections] == list(TEMPLATE_SECTIONS)
    assert [s.position for s in book.sections] == [0, 1, 2, 3, 4]


def test_new_book_without_template_has_no_sections(blib):
    change = blib.books.create("Empty", template=False)
    assert blib.books.get(change.created_id).sections == ()


def test_create_returns_change_naming_the_book(blib):
    change = blib.books.create("Trip")
    assert change.books == frozenset({change.created_id})


def test_create_stores_cover_and_marking(blib):
    book_id = _new(blib, title="Dialogue", date="2022-05-10", marking="UNCLASSIFIED")
    book = blib.books.get(book_id)
    assert (book.title, book.date, book.marking) == ("Dialogue", "2022-05-10", "UNCLASSIFIED")


def test_book_names_are_unique_ignoring_case(blib):
    _new(blib, "Trip")
    with pytest.raises(ConflictError, match="already exists"):
        blib.books.create("TRIP")


def test_empty_name_is_refused(blib):
    with pytest.raises(LibraryError, match="needs a name"):
        blib.books.create("   ")


def test_impossible_date_is_refused_in_plain_words(blib):
    with pytest.raises(LibraryError, match="YYYY-MM-DD"):
        blib.books.create("Trip", date="2022-02-30")


def test_get_finds_a_book_by_name_or_id(blib):
    book_id = _new(blib, "Trip")
    assert blib.books.get("trip").id == book_id
    assert blib.books.get(book_id).name == "Trip"


def test_get_of_unknown_book_raises_not_found(blib):
    with pytest.raises(NotFoundError, match="no book called"):
        blib.books.get("Nowhere")


def test_list_is_ordered_by_name_without_sections(blib):
    _new(blib, "b trip")
    _new(blib, "A trip")
    books = blib.books.list()
    assert [b.name for b in books] == ["A trip", "b trip"]
    assert all(b.sections == () for b in books)


def test_update_changes_only_the_given_cover_fields(blib):
    book_id = _new(blib, title="Old", location="Rome")
    blib.books.update(book_id, title="New", marking="CUI")
    book = blib.books.get(book_id)
    assert (book.title, book.location, book.marking) == ("New", "Rome", "CUI")


def test_rename_to_a_taken_name_is_refused(blib):
    _new(blib, "One")
    two = _new(blib, "Two")
    with pytest.raises(ConflictError):
        blib.books.rename(two, "one")


def test_rename_changes_the_name(blib):
    book_id = _new(blib, "One")
    blib.books.rename(book_id, "Uno")
    assert blib.books.get(book_id).name == "Uno"


def test_add_section_at_a_position_keeps_positions_dense(blib):
    book_id = _new(blib)
    section_id = blib.books.add_section(book_id, "Agenda", "1. Open", position=1).created_id
    sections = blib.books.get(book_id).sections
    assert [s.position for s in sections] == list(range(6))
    assert sections[1].id == section_id and sections[1].text == "1. Open"


def test_add_section_without_position_goes_last(blib):
    book_id = _new(blib)
    blib.books.add_section(book_id, "Annex")
    assert blib.books.get(book_id).sections[-1].heading == "Annex"


def test_section_text_keeps_line_breaks_and_bullets(blib):
    book_id = _new(blib)
    section = _section(blib, book_id, "Talking points")
    text = "• First point\n• Second point\n\n  – indented"
    blib.books.update_section(section.id, text=text)
    assert _section(blib, book_id, "Talking points").text == text


def test_move_section_reorders_the_book(blib):
    book_id = _new(blib)
    press = _section(blib, book_id, "Press releases")
    blib.books.move_section(press.id, 0)
    headings = [s.heading for s in blib.books.get(book_id).sections]
    assert headings == [
        "Press releases",
        "Schedule",
        "Participants",
        "Talking points",
        "Background",
    ]


def test_remove_section_renumbers_the_rest(blib):
    book_id = _new(blib)
    blib.books.remove_section(_section(blib, book_id, "Participants").id)
    sections = blib.books.get(book_id).sections
    assert "Participants" not in [s.heading for s in sections]
    assert [s.position for s in sections] == [0, 1, 2, 3]


def test_add_entries_keeps_the_given_order(blib):
    book_id = _new(blib)
    section = _section(blib, book_id, "Background")
    a, b, c = blib.ids[:3]
    blib.books.add_entries(section.id, [c, a, b])
    assert _entry_releases(blib, book_id, "Background") == [c, a, b]


def test_add_entries_at_a_position_inserts_between(blib):
    book_id = _new(blib)
    section = _section(blib, book_id, "Background")
    a, b, c, d = blib.ids[:4]
    blib.books.add_entries(section.id, [a, b])
    blib.books.add_entries(section.id, [c, d], position=1)
    entries = _section(blib, book_id, "Background").entries
    assert [e.release_id for e in entries] == [a, c, d, b]
    assert [e.position for e in entries] == [0, 1, 2, 3]


def test_add_entries_summary_only_is_stored(blib):
    book_id = _new(blib)
    section = _section(blib, book_id, "Background")
    blib.books.add_entries(section.id, blib.ids[:1], summary_only=True)
    assert _section(blib, book_id, "Background").entries[0].summary_only is True


def test_add_entries_skips_releases_already_in_the_book(blib):
    book_id = _new(blib)
    first = _section(blib, book_id, "Background")
    second = _section(blib, book_id, "Press releases")
    a, b = blib.ids[:2]
    blib.books.add_entries(first.id, [a])
    blib.books.add_entries(second.id, [a, b])
    assert _entry_releases(blib, book_id, "Press releases") == [b]


def test_adding_only_releases_already_in_the_book_is_refused(blib):
    book_id = _new(blib)
    section = _section(blib, book_id, "Background")
    blib.books.add_entries(section.id, blib.ids[:1])
    with pytest.raises(ConflictError, match="already in the book"):
        blib.books.add_entries(section.id, blib.ids[:1])


def test_adding_an_unknown_release_is_refused_and_adds_nothing(blib):
    book_id = _new(blib)
    section = _section(blib, book_id, "Background")
    with pytest.raises(NotFoundError, match="no release with id 999"):
        blib.books.add_entries(section.id, [blib.ids[0], 999])
    assert _entry_releases(blib, book_id, "Background") == []


def test_adding_a_trashed_release_is_refused(blib):
    book_id = _new(blib)
    blib.releases.trash([blib.ids[0]])
    with pytest.raises(LibraryError, match="in the trash"):
        blib.books.add_entries(_section(blib, book_id, "Background").id, blib.ids[:1])


def test_move_entry_within_a_section(blib):
    book_id = _new(blib)
    section = _section(blib, book_id, "Background")
    a, b, c = blib.ids[:3]
    blib.books.add_entries(section.id, [a, b, c])
    first = _section(blib, book_id, "Background").entries[0]
    blib.books.move_entry(first.id, section.id, 2)
    assert _entry_releases(blib, book_id, "Background") == [b, c, a]


def test_move_entry_between_sections_keeps_both_dense(blib):
    book_id = _new(blib)
    source = _section(blib, book_id, "Background")
    target = _section(blib, book_id, "Press releases")
    a, b, c, d = blib.ids[:4]
    blib.books.add_entries(source.id, [a, b])
    blib.books.add_entries(target.id, [c, d])
    moving = _section(blib, book_id, "Background").entries[0]
    blib.books.move_entry(moving.id, target.id, 1)
    assert _entry_releases(blib, book_id, "Background") == [b]
    assert _entry_releases(blib, book_id, "Press releases") == [c, a, d]
    positions = [e.position for e in _section(blib, book_id, "Press releases").entries]
    assert positions == [0, 1, 2]
    assert _section(blib, book_id, "Background").entries[0].position == 0


def test_move_entry_to_another_book_is_refused(blib):
    one, two = _new(blib, "One"), _new(blib, "Two")
    blib.books.add_entries(_section(blib, one, "Background").id, blib.ids[:1])
    entry = _section(blib, one, "Background").entries[0]
    with pytest.raises(LibraryError, match="its own book"):
        blib.books.move_entry(entry.id, _section(blib, two, "Background").id, 0)


def test_update_entry_sets_only_given_choices(blib):
    book_id = _new(blib)
    blib.books.add_entries(_section(blib, book_id, "Background").id, blib.ids[:1])
    entry = _section(blib, book_id, "Background").entries[0]
    blib.books.update_entry(entry.id, include_notes=False)
    entry = _section(blib, book_id, "Background").entries[0]
    assert (entry.summary_only, entry.include_notes, entry.include_highlights) == (
        False,
        False,
        True,
    )


def test_remove_entry_renumbers_and_keeps_the_release(blib):
    book_id = _new(blib)
    a, b, c = blib.ids[:3]
    blib.books.add_entries(_section(blib, book_id, "Background").id, [a, b, c])
    middle = _section(blib, book_id, "Background").entries[1]
    blib.books.remove_entry(middle.id)
    entries = _section(blib, book_id, "Background").entries
    assert [(e.release_id, e.position) for e in entries] == [(a, 0), (c, 1)]
    assert blib.releases.get(b).id == b


def test_release_ids_lists_every_release_in_the_book(blib):
    book_id = _new(blib)
    a, b = blib.ids[:2]
    blib.books.add_entries(_section(blib, book_id, "Background").id, [a])
    blib.books.add_entries(_section(blib, book_id, "Schedule").id, [b])
    assert blib.books.release_ids(book_id) == {a, b}


def test_copy_keeps_cover_sections_entries_and_choices(blib):
    book_id = _new(blib, "March", title="Visit", marking="CUI")
    section = _section(blib, book_id, "Background")
    blib.books.update_section(section.id, text="notes")
    blib.books.add_entries(section.id, blib.ids[:3], summary_only=True)
    copy_id = blib.books.copy(book_id, "April").created_id
    original, copy = blib.books.get(book_id), blib.books.get(copy_id)
    assert (copy.title, copy.marking) == ("Visit", "CUI")
    assert [(s.heading, s.text) for s in copy.sections] == [
        (s.heading, s.text) for s in original.sections
    ]
    assert _entry_releases(blib, copy_id, "Background") == blib.ids[:3]
    assert all(e.summary_only for e in _section(blib, copy_id, "Background").entries)


def test_copy_is_independent_of_the_original(blib):
    book_id = _new(blib, "March")
    copy_id = blib.books.copy(book_id, "April").created_id
    blib.books.remove_section(_section(blib, copy_id, "Schedule").id)
    assert len(blib.books.get(book_id).sections) == len(TEMPLATE_SECTIONS)


def test_delete_removes_the_book_but_not_its_releases(blib):
    book_id = _new(blib)
    blib.books.add_entries(_section(blib, book_id, "Background").id, blib.ids[:1])
    change = blib.books.delete(book_id)
    assert change.books == frozenset({book_id})
    assert blib.books.list() == []
    assert blib.releases.get(blib.ids[0]).id == blib.ids[0]


def test_every_mutation_reports_its_book(blib):
    book_id = _new(blib)
    section = _section(blib, book_id, "Background")
    changes = [
        blib.books.update(book_id, title="T"),
        blib.books.rename(book_id, "Renamed"),
        blib.books.add_section(book_id, "Annex"),
        blib.books.update_section(section.id, heading="Context"),
        blib.books.move_section(section.id, 0),
        blib.books.add_entries(section.id, blib.ids[:2]),
    ]
    assert all(c.books == frozenset({book_id}) for c in changes)


def test_undo_reverts_a_book_edit_in_one_step(blib):
    book_id = _new(blib)
    blib.books.add_entries(_section(blib, book_id, "Background").id, blib.ids[:3])
    assert blib.undo_label() == "Add 3 releases to book"
    blib.undo()
    assert _entry_releases(blib, book_id, "Background") == []


def test_undo_of_delete_brings_back_sections_and_entries(blib):
    book_id = _new(blib)
    blib.books.add_entries(_section(blib, book_id, "Background").id, blib.ids[:2])
    blib.books.delete(book_id)
    blib.undo()
    assert _entry_releases(blib, book_id, "Background") == blib.ids[:2]


def test_a_failed_mutation_changes_nothing(blib):
    book_id = _new(blib)
    before = blib.books.get(book_id)
    with pytest.raises(LibraryError):
        blib.books.update(book_id, title="New", date="not a date")
    assert blib.books.get(book_id) == before


def test_sample_book_is_built_from_the_seed_release(tmp_path):
    from app import paths

    lib = Library.memory(seed=False)
    lib.import_paths([paths.seeds_dir()])
    book_id = create_sample_book(lib)
    book = lib.books.get(book_id)
    assert book.marking == "UNCLASSIFIED" and book.title
    talking = _section(lib, book_id, "Talking points")
    assert talking.text.startswith("•")
    assert sum(len(s.entries) for s in book.sections) >= 1


def test_sample_book_needs_releases():
    empty = Library.memory(seed=False)
    assert create_sample_book(empty) is None


def test_sample_scoring_ignores_new_mexico():
    from app.core.sample_book import score

    wildfire = {"title": "Wildfires in New  Mexico", "body": "Help for New Mexico.", "date": None}
    talks = {"title": "Talks with Mexico on migration", "body": "", "date": None}
    assert score(wildfire) == 0 and score(talks) > 0


def test_sample_book_prefers_releases_from_before_the_meeting():
    from app.core.sample_book import _choose

    def candidate(i, day):
        return {"id": i, "title": "Mexico migration talks", "body": "", "date": day}

    press, background = _choose([candidate(1, "2022-06-30"), candidate(2, "2022-05-06")])
    assert press == [2] and background == [1]


def test_undo_and_redo_of_a_move_between_sections(blib):
    book_id = _new(blib)
    source = _section(blib, book_id, "Background")
    target = _section(blib, book_id, "Press releases")
    a, b, c = blib.ids[:3]
    blib.books.add_entries(source.id, [a, b])
    blib.books.add_entries(target.id, [c])
    moving = _section(blib, book_id, "Background").entries[0]
    blib.books.move_entry(moving.id, target.id, 0)
    blib.undo()
    assert _entry_releases(blib, book_id, "Background") == [a, b]
    assert _entry_releases(blib, book_id, "Press releases") == [c]
    blib.redo()
    assert _entry_releases(blib, book_id, "Press releases") == [a, c]

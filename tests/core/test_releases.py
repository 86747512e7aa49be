"""Releases: get, add, edit, trash, restore, empty the trash, counts."""

from __future__ import annotations

import pytest

from app.core.errors import ConflictError, LibraryError, NotFoundError


def test_get_returns_stored_fields(lib, sample_ids, samples):
    release = lib.releases.get(sample_ids["summit"])
    assert (release.title, release.date, release.source) == (
        samples["summit"]["title"],
        "2022-06-08",
        "The White House",
    )
    assert release.paragraphs[0].startswith("The Ninth Summit")


def test_get_missing_release_is_not_found(lib):
    with pytest.raises(NotFoundError, match="no release with id 999"):
        lib.releases.get(999)


def test_add_without_title_proposes_one(empty_lib):
    change = empty_lib.releases.add("", "The Secretary met the President of Mexico today. More.")
    release = empty_lib.releases.get(change.created_id)
    assert release.title_proposed and release.title.startswith("The Secretary met")
    assert change.library


def test_add_same_text_twice_is_a_conflict(lib, samples):
    with pytest.raises(ConflictError, match="already in the library"):
        lib.releases.add("Copy", samples["summit"]["body"].upper())


def test_add_empty_text_is_refused(empty_lib):
    with pytest.raises(LibraryError, match="needs some text"):
        empty_lib.releases.add("Title", " \n\n ")


def test_original_keeps_text_as_given(empty_lib):
    text = "Line one\r\nline two\u0007 end."
    rid = empty_lib.releases.add("T", text).created_id
    assert empty_lib.releases.original(rid) == text
    assert "\u0007" not in empty_lib.releases.get(rid).body


def test_update_title_confirms_it(empty_lib):
    rid = empty_lib.releases.add("", "Some words that make a first sentence. And more.").created_id
    change = empty_lib.releases.update(rid, title="  A   better title ")
    release = empty_lib.releases.get(rid)
    assert (release.title, release.title_proposed) == ("A better title", False)
    assert change.releases == {rid}


def test_confirm_title_without_changing_it(empty_lib):
    rid = empty_lib.releases.add("", "Some words that make a first sentence. And more.").created_id
    empty_lib.releases.update(rid, confirm_title=True)
    assert not empty_lib.releases.get(rid).title_proposed


def test_update_date_source_summary(lib, sample_ids):
    rid = sample_ids["emoji"]
    lib.releases.update(rid, date="2023-01-31", source="Embassy", summary="Short summary")
    release = lib.releases.get(rid)
    assert (release.date, release.source, release.summary) == (
        "2023-01-31",
        "Embassy",
        "Short summary",
    )


def test_empty_date_makes_it_unknown(lib, sample_ids):
    lib.releases.update(sample_ids["summit"], date="")
    assert lib.releases.get(sample_ids["summit"]).date is None


@pytest.mark.parametrize("bad", ["2022-02-30", "06/08/2022", "yesterday", "2022-6-8"])
def test_impossible_date_is_refused(lib, sample_ids, bad):
    with pytest.raises(LibraryError, match="not a date"):
        lib.releases.update(sample_ids["summit"], date=bad)


def test_blank_title_is_refused(lib, sample_ids):
    with pytest.raises(LibraryError, match="needs a title"):
        lib.releases.update(sample_ids["summit"], title="  ")


def test_update_with_nothing_new_changes_nothing(lib, sample_ids):
    change = lib.releases.update(sample_ids["summit"], source="The White House")
    assert change.releases == frozenset() and lib.undo_label() is None


def test_trash_marks_releases_and_counts(lib, sample_ids):
    change = lib.releases.trash([sample_ids["summit"], sample_ids["emoji"]])
    assert change.library and change.releases == {sample_ids["summit"], sample_ids["emoji"]}
    assert lib.releases.get(sample_ids["summit"]).deleted_at
    assert lib.releases.count_all()["all"] == 1 and lib.releases.count_all()["trash"] == 2


def test_trash_twice_moves_nothing_the_second_time(lib, sample_ids):
    lib.releases.trash([sample_ids["summit"]])
    assert lib.releases.trash([sample_ids["summit"]]).releases == frozenset()


def test_restore_brings_back(lib, sample_ids):
    lib.releases.trash([sample_ids["summit"]])
    lib.releases.restore([sample_ids["summit"]])
    assert lib.releases.get(sample_ids["summit"]).deleted_at is None


def test_empty_trash_deletes_only_trashed(lib, sample_ids):
    lib.releases.trash([sample_ids["summit"]])
    change = lib.releases.empty_trash()
    assert change.releases == {sample_ids["summit"]}
    with pytest.raises(NotFoundError):
        lib.releases.get(sample_ids["summit"])
    assert lib.releases.count_all()["all"] == 2


def test_empty_trash_removes_annotations(lib, sample_ids):
    rid = sample_ids["summit"]
    lib.annotations.add_note(rid, "n")
    lib.releases.trash([rid])
    lib.releases.empty_trash()
    assert lib.releases.count_all()["notes"] == 0


def test_count_all(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"]], ["A", "B"])
    lib.annotations.add_note(sample_ids["summit"], "n")
    lib.annotations.add_highlight_quote(sample_ids["summit"], "Los Angeles")
    assert lib.releases.count_all() == {
        "all": 3,
        "trash": 0,
        "tags": 2,
        "notes": 1,
        "highlights": 1,
    }


def test_count_all_leaves_out_the_annotations_of_trashed_releases(lib, sample_ids):
    lib.annotations.add_note(sample_ids["summit"], "kept in the trash")
    lib.annotations.add_highlight_quote(sample_ids["summit"], "Los Angeles")
    lib.annotations.add_note(sample_ids["emoji"], "live")
    lib.releases.trash([sample_ids["summit"]])
    counts = lib.releases.count_all()
    assert (counts["all"], counts["trash"], counts["notes"], counts["highlights"]) == (2, 1, 1, 0)
    lib.releases.restore([sample_ids["summit"]])
    counts = lib.releases.count_all()
    assert (counts["all"], counts["trash"], counts["notes"], counts["highlights"]) == (3, 0, 2, 1)


def test_notes_are_searchable_through_the_index(lib, sample_ids):
    lib.annotations.add_note(sample_ids["summit"], "remember zanzibar")
    rows = lib.db.execute("SELECT rowid FROM releases_fts WHERE releases_fts MATCH 'zanzibar'")
    assert [r[0] for r in rows] == [sample_ids["summit"]]

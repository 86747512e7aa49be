"""Tags: case-insensitive unique names, colours, apply/remove/toggle, rename, merge, delete."""

from __future__ import annotations

import pytest

from app.core.errors import ConflictError, LibraryError, NotFoundError
from app.core.tags import PALETTE


def _names(lib, release_id):
    return [t.name for t in lib.releases.get(release_id).tags]


def test_create_returns_change_with_new_id(lib):
    change = lib.tags.create("Migration")
    assert change.tags and change.created_id == lib.tags.get("Migration").id


def test_names_are_unique_ignoring_case(lib):
    lib.tags.create("Migration")
    with pytest.raises(ConflictError, match="already exists"):
        lib.tags.create("MIGRATION")


def test_names_are_unique_ignoring_case_beyond_ascii(lib):
    lib.tags.create("México")
    with pytest.raises(ConflictError):
        lib.tags.create("MÉXICO")


def test_get_finds_any_case(lib):
    lib.tags.create("Summit")
    assert lib.tags.get("sUMMIT").name == "Summit"


def test_get_unknown_name_is_none(lib):
    assert lib.tags.get("nothing") is None


def test_blank_name_is_refused(lib):
    with pytest.raises(LibraryError, match="needs a name"):
        lib.tags.create("   ")


def test_name_spaces_are_tidied(lib):
    lib.tags.create("  Central   America ")
    assert lib.tags.get("central america").name == "Central America"


def test_new_tags_get_distinct_palette_colours(lib):
    for name in ("a", "b", "c"):
        lib.tags.create(name)
    colours = [t.colour for t in lib.tags.all()]
    assert len(set(colours)) == 3 and set(colours) <= set(PALETTE)


def test_given_colour_is_normalised(lib):
    lib.tags.create("x", colour="#ABC")
    assert lib.tags.get("x").colour == "#aabbcc"


def test_bad_colour_is_refused(lib):
    with pytest.raises(LibraryError, match="not a colour"):
        lib.tags.create("x", colour="blue")


def test_all_is_ordered_by_name_ignoring_case(lib):
    for name in ("beta", "Alpha", "gamma"):
        lib.tags.create(name)
    assert [t.name for t in lib.tags.all()] == ["Alpha", "beta", "gamma"]


def test_apply_creates_missing_tags_and_tags_releases(lib, sample_ids):
    ids = [sample_ids["migration"], sample_ids["summit"]]
    change = lib.tags.apply(ids, ["Summit"])
    assert change.releases == frozenset(ids) and change.tags
    assert all(_names(lib, i) == ["Summit"] for i in ids)


def test_apply_twice_changes_nothing_the_second_time(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"]], ["Summit"])
    assert lib.tags.apply([sample_ids["summit"]], ["summit"]).releases == frozenset()


def test_apply_to_a_missing_release_fails_and_creates_nothing(lib):
    with pytest.raises(NotFoundError):
        lib.tags.apply([999], ["New"])
    assert lib.tags.get("New") is None


def test_count_is_of_live_releases(lib, sample_ids):
    lib.tags.apply(sample_ids.values(), ["All"])
    lib.releases.trash([sample_ids["emoji"]])
    assert lib.tags.get("all").count == 2


def test_remove_takes_tag_off(lib, sample_ids):
    lib.tags.apply(sample_ids.values(), ["A", "B"])
    change = lib.tags.remove([sample_ids["summit"]], ["a"])
    assert change.releases == {sample_ids["summit"]}
    assert _names(lib, sample_ids["summit"]) == ["B"]


def test_remove_unknown_tag_is_harmless(lib, sample_ids):
    assert lib.tags.remove([sample_ids["summit"]], ["nope"]).releases == frozenset()


def test_toggle_applies_when_some_lack_the_tag(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"]], ["T"])
    lib.tags.toggle([sample_ids["summit"], sample_ids["migration"]], "T")
    assert lib.tags.get("T").count == 2


def test_toggle_removes_when_all_carry_the_tag(lib, sample_ids):
    ids = [sample_ids["summit"], sample_ids["migration"]]
    lib.tags.apply(ids, ["T"])
    lib.tags.toggle(ids, "t")
    assert lib.tags.get("T").count == 0


def test_rename_changes_name_everywhere(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"]], ["Sumit"])
    change = lib.tags.rename(lib.tags.get("Sumit").id, "Summit")
    assert _names(lib, sample_ids["summit"]) == ["Summit"]
    assert change.releases == {sample_ids["summit"]}


def test_rename_may_change_only_case(lib):
    lib.tags.create("summit")
    lib.tags.rename(lib.tags.get("summit").id, "Summit")
    assert lib.tags.get("summit").name == "Summit"


def test_rename_to_existing_name_is_refused_with_merge_hint(lib):
    lib.tags.create("A")
    lib.tags.create("B")
    with pytest.raises(ConflictError, match="Merge"):
        lib.tags.rename(lib.tags.get("A").id, "b")


def test_rename_missing_tag_is_not_found(lib):
    with pytest.raises(NotFoundError):
        lib.tags.rename(42, "x")


def test_merge_moves_releases_and_deletes_source(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"], sample_ids["migration"]], ["Old"])
    lib.tags.apply([sample_ids["migration"]], ["New"])
    lib.tags.merge(lib.tags.get("Old").id, lib.tags.get("New").id)
    assert lib.tags.get("Old") is None
    assert lib.tags.get("New").count == 2


def test_merge_into_itself_is_refused(lib):
    tag_id = lib.tags.create("A").created_id
    with pytest.raises(LibraryError):
        lib.tags.merge(tag_id, tag_id)


def test_delete_takes_tag_off_every_release(lib, sample_ids):
    lib.tags.apply(sample_ids.values(), ["Gone"])
    change = lib.tags.delete(lib.tags.get("Gone").id)
    assert change.releases == frozenset(sample_ids.values())
    assert all(_names(lib, i) == [] for i in sample_ids.values())


def test_recolour(lib):
    tag_id = lib.tags.create("A").created_id
    lib.tags.recolour(tag_id, "#123456")
    assert lib.tags.by_id(tag_id).colour == "#123456"


def test_release_tags_are_ordered_by_name(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"]], ["zeta", "Alpha"])
    assert _names(lib, sample_ids["summit"]) == ["Alpha", "zeta"]

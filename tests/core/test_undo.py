"""Undo and redo in the core: one step per action, covering tags, notes, highlights, edits,
trash and restore; each undo/redo returns what changed."""

from __future__ import annotations

import pytest

from app.core.errors import ConflictError


def _tag_names(lib, release_id):
    return [t.name for t in lib.releases.get(release_id).tags]


def test_nothing_to_undo_in_a_fresh_library(lib):
    assert lib.undo_label() is None and lib.undo() is None and lib.redo() is None


def test_undo_label_names_last_action(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"]], ["Summit"])
    assert lib.undo_label() == "Tag 1 release with “Summit”"


def test_undo_tagging_removes_tag_and_created_tag(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"]], ["Summit"])
    change = lib.undo()
    assert _tag_names(lib, sample_ids["summit"]) == []
    assert lib.tags.get("Summit") is None
    assert change.tags and change.releases == {sample_ids["summit"]}


def test_redo_tagging_puts_it_back(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"]], ["Summit"])
    lib.undo()
    assert lib.redo_label() == "Tag 1 release with “Summit”"
    lib.redo()
    assert _tag_names(lib, sample_ids["summit"]) == ["Summit"]
    assert lib.redo_label() is None


def test_each_action_is_one_step(lib, sample_ids):
    lib.tags.apply(sample_ids.values(), ["A", "B"])
    lib.tags.apply([sample_ids["summit"]], ["C"])
    lib.undo()
    assert _tag_names(lib, sample_ids["summit"]) == ["A", "B"]
    lib.undo()
    assert _tag_names(lib, sample_ids["summit"]) == []


def test_new_action_clears_redo(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"]], ["A"])
    lib.undo()
    lib.tags.apply([sample_ids["summit"]], ["B"])
    assert lib.redo_label() is None


def test_failed_action_leaves_no_step(lib, sample_ids):
    lib.tags.create("A")
    with pytest.raises(ConflictError):
        lib.tags.create("a")
    assert lib.undo_label() == "Create tag “A”"


def test_no_op_action_leaves_no_step(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"]], ["A"])
    lib.tags.apply([sample_ids["summit"]], ["A"])
    lib.undo()
    assert lib.undo_label() is None


def test_undo_delete_tag_restores_it_on_every_release(lib, sample_ids):
    lib.tags.apply(sample_ids.values(), ["Keep"])
    tag = lib.tags.get("Keep")
    lib.tags.delete(tag.id)
    lib.undo()
    assert lib.tags.get("Keep") == tag
    assert all(_tag_names(lib, i) == ["Keep"] for i in sample_ids.values())


def test_undo_merge_restores_both_tags(lib, sample_ids):
    lib.tags.apply([sample_ids["summit"]], ["Old"])
    lib.tags.apply([sample_ids["migration"]], ["New"])
    lib.tags.merge(lib.tags.get("Old").id, lib.tags.get("New").id)
    lib.undo()
    assert _tag_names(lib, sample_ids["summit"]) == ["Old"]
    assert _tag_names(lib, sample_ids["migration"]) == ["New"]


def test_undo_rename(lib):
    tag_id = lib.tags.create("Old").created_id
    lib.tags.rename(tag_id, "New")
    lib.undo()
    assert lib.tags.by_id(tag_id).name == "Old"


def test_undo_note_add_edit_delete(lib, sample_ids):
    rid = sample_ids["summit"]
    note_id = lib.annotations.add_note(rid, "first").created_id
    lib.annotations.edit_note(note_id, "second")
    lib.annotations.delete_note(note_id)
    lib.undo()
    assert [n.text for n in lib.annotations.notes(rid)] == ["second"]
    lib.undo()
    assert [n.text for n in lib.annotations.notes(rid)] == ["first"]
    change = lib.undo()
    assert lib.annotations.notes(rid) == [] and change.releases == {rid}


def test_undo_highlight_after_emoji_and_redo_keeps_offsets(lib, sample_ids):
    rid = sample_ids["emoji"]
    lib.annotations.add_highlight_quote(rid, "on migration", comment="c")
    before = lib.annotations.highlights(rid)
    lib.undo()
    assert lib.annotations.highlights(rid) == []
    lib.redo()
    assert lib.annotations.highlights(rid) == before


def test_undo_release_edit(lib, sample_ids):
    rid = sample_ids["summit"]
    old = lib.releases.get(rid)
    lib.releases.update(rid, title="Renamed", date="2022-06-09", summary="Short")
    change = lib.undo()
    assert lib.releases.get(rid) == old
    assert change.releases == {rid}


def test_undo_trash_and_restore(lib, sample_ids):
    rid = sample_ids["summit"]
    lib.releases.trash([rid])
    change = lib.undo()
    assert lib.releases.get(rid).deleted_at is None and change.library
    lib.redo()
    assert lib.releases.get(rid).deleted_at is not None


def test_undo_empty_trash_brings_back_release_with_its_annotations(lib, sample_ids):
    rid = sample_ids["emoji"]
    lib.tags.apply([rid], ["T"])
    lib.annotations.add_note(rid, "a note")
    lib.annotations.add_highlight_quote(rid, "stands together")
    before = (lib.releases.get(rid), lib.annotations.notes(rid), lib.annotations.highlights(rid))
    lib.releases.trash([rid])
    lib.releases.empty_trash()
    assert lib.releases.count_all()["trash"] == 0
    lib.undo()
    after = (lib.releases.get(rid), lib.annotations.notes(rid), lib.annotations.highlights(rid))
    assert after[0].title == before[0].title and after[0].deleted_at is not None
    assert after[1:] == before[1:]
    assert _tag_names(lib, rid) == ["T"]


def test_undo_empty_trash_makes_release_searchable_again(lib, sample_ids):
    rid = sample_ids["emoji"]
    lib.releases.trash([rid])
    lib.releases.empty_trash()
    lib.undo()
    rows = lib.db.execute("SELECT rowid FROM releases_fts WHERE releases_fts MATCH 'guatemala'")
    assert [r[0] for r in rows] == [rid]


def test_history_survives_many_steps_in_order(lib, sample_ids):
    rid = sample_ids["summit"]
    for i in range(5):
        lib.annotations.add_note(rid, f"note {i}")
    for _ in range(5):
        lib.undo()
    assert lib.annotations.notes(rid) == []
    for _ in range(5):
        lib.redo()
    assert [n.text for n in lib.annotations.notes(rid)] == [f"note {i}" for i in range(5)]


def test_changes_made_outside_a_step_become_their_own_step(lib, sample_ids):
    rid = sample_ids["summit"]
    with lib.db.atomic():  # as a module that forgot lib.mutation() would
        lib.db.execute("UPDATE releases SET title = 'Raw' WHERE id = ?", (rid,))
    assert lib.undo_label() == "Edit"
    lib.undo()
    assert lib.releases.get(rid).title != "Raw"


def test_mutation_steps_can_be_used_by_other_modules(lib, sample_ids):
    rid = sample_ids["summit"]
    with lib.mutation("Custom action") as step:
        lib.db.execute("UPDATE releases SET summary = 'x' WHERE id = ?", (rid,))
        step.label = "Custom action, renamed"
    assert lib.undo_label() == "Custom action, renamed"


def test_nested_mutations_are_one_step(lib, sample_ids):
    with lib.mutation("Outer"):
        lib.tags.create("A")
        lib.tags.create("B")
    lib.undo()
    assert lib.tags.all() == []


def test_undo_conflict_message_is_plain(lib, sample_ids):
    lib.tags.create("A")
    tag_id = lib.tags.get("A").id
    lib.tags.delete(tag_id)
    with lib.unrecorded():  # e.g. an import created a tag of the same name since
        lib.db.execute("INSERT INTO tags (name, colour) VALUES ('A', '#000000')")
    with pytest.raises(ConflictError, match="Cannot undo “Delete tag “A””"):
        lib.undo()
    assert lib.undo_label() == "Create tag “A”"


# -- book edits (app.core.books goes through lib.mutation, so the same log covers them) ----


def _book(lib, book_id):
    return lib.books.get(book_id)


def test_undo_book_creation_removes_book_and_its_sections(lib):
    book_id = lib.books.create("Trip", title="Trip to Mexico").created_id
    change = lib.undo()
    assert lib.books.list() == [] and book_id in change.books


def test_undo_and_redo_adding_entries(lib, sample_ids):
    book_id = lib.books.create("Trip").created_id
    section_id = _book(lib, book_id).sections[0].id
    lib.books.add_entries(section_id, [sample_ids["summit"], sample_ids["migration"]])
    before = _book(lib, book_id)
    change = lib.undo()
    assert _book(lib, book_id).sections[0].entries == () and book_id in change.books
    lib.redo()
    assert _book(lib, book_id) == before


def test_undo_book_deletion_restores_sections_and_entries(lib, sample_ids):
    book_id = lib.books.create("Trip").created_id
    section_id = _book(lib, book_id).sections[1].id
    lib.books.add_entries(section_id, [sample_ids["emoji"]])
    lib.books.update_section(section_id, text="Talking points 🌎")
    before = _book(lib, book_id)
    lib.books.delete(book_id)
    lib.undo()
    assert _book(lib, book_id) == before


def test_undo_empty_trash_restores_book_entries(lib, sample_ids):
    book_id = lib.books.create("Trip").created_id
    section_id = _book(lib, book_id).sections[0].id
    lib.books.add_entries(section_id, [sample_ids["summit"]])
    lib.releases.trash([sample_ids["summit"]])
    lib.releases.empty_trash()
    change = lib.undo()
    assert [e.release_id for e in _book(lib, book_id).sections[0].entries] == [sample_ids["summit"]]
    assert book_id in change.books


def test_undo_empty_trash_keeps_notes_searchable(lib, sample_ids):
    rid = sample_ids["summit"]
    lib.annotations.add_note(rid, "remember zanzibar")
    lib.releases.trash([rid])
    lib.releases.empty_trash()
    lib.undo()
    lib.db.execute("INSERT INTO releases_fts (releases_fts) VALUES ('integrity-check')")
    rows = lib.db.execute("SELECT rowid FROM releases_fts WHERE releases_fts MATCH 'zanzibar'")
    assert [r[0] for r in rows] == [rid]


def _undo_triggers(lib) -> set[str]:
    rows = lib.db.execute("SELECT name FROM temp.sqlite_master WHERE type = 'trigger'")
    return {r[0] for r in rows}


def test_an_import_sets_the_triggers_aside_and_puts_them_back(lib, tmp_path, sample_ids):
    before = _undo_triggers(lib)
    (tmp_path / "new.txt").write_text("A release about the harbour agreement.\n")
    with lib.unrecorded():
        assert _undo_triggers(lib) == set()  # no statement journal per stored release
        lib.import_paths([tmp_path / "new.txt"])
    assert _undo_triggers(lib) == before and before
    lib.releases.update(sample_ids["migration"], title="Still undoable")
    assert lib.undo() is not None
    with lib.unrecorded():
        with lib.unrecorded():
            pass
        assert _undo_triggers(lib) == set()  # the inner block leaves recording off

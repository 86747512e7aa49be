"""The search index stays in step with releases and notes through edits, trash and undo.

Every change that touches indexed text is followed by FTS5's own check of the index
against its content (`integrity-check` with rank 1), and by searches that must (not) find it.
"""

from __future__ import annotations

from app.core.library import Library
from app.core.models import ListQuery


def _ids(lib: Library, text: str) -> set[int]:
    return {row.id for row in lib.search.list(ListQuery(text=text, view="all"))}


def _index_matches_releases(lib: Library) -> None:
    """Raise unless the index holds exactly the releases' title, body and notes."""
    lib.db.execute("INSERT INTO releases_fts(releases_fts, rank) VALUES ('integrity-check', 1)")


def test_notes_are_found_and_forgotten_as_they_change(lib, sample_ids):
    rid = sample_ids["migration"]
    note = lib.annotations.add_note(rid, "Ask about the zanzibar protocol").created_id
    assert _ids(lib, "zanzibar") == {rid}
    lib.annotations.add_note(rid, "second thought: quokka")
    assert _ids(lib, "zanzibar quokka") == {rid}
    lib.annotations.edit_note(note, "Ask about the tasmania protocol")
    assert _ids(lib, "zanzibar") == set() and _ids(lib, "tasmania quokka") == {rid}
    lib.annotations.delete_note(note)
    assert _ids(lib, "tasmania") == set() and _ids(lib, "quokka") == {rid}
    _index_matches_releases(lib)


def test_edits_trash_and_undo_keep_the_index_in_step(lib, sample_ids):
    rid = sample_ids["migration"]
    lib.annotations.add_note(rid, "walrus")
    lib.releases.update(rid, title="Archipelago summit")
    assert _ids(lib, "archipelago") == {rid}
    lib.undo()
    assert _ids(lib, "archipelago") == set()
    lib.redo()
    lib.releases.trash([rid])
    lib.releases.empty_trash()
    assert _ids(lib, "walrus") == set()
    _index_matches_releases(lib)
    lib.undo()  # the emptied trash comes back, notes and all
    lib.releases.restore([rid])
    assert _ids(lib, "walrus archipelago") == {rid}
    _index_matches_releases(lib)


def test_an_import_lets_the_index_buffer_larger_segments(empty_lib, tmp_path):
    (tmp_path / "one.txt").write_text("A release about the harbour agreement.\n")
    empty_lib.import_paths([tmp_path / "one.txt"])
    config = dict(empty_lib.db.execute("SELECT k, v FROM releases_fts_config").fetchall())
    assert config.get("hashsize") == 16 * 1024 * 1024

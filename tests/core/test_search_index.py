"""The search index reads releases in place (migration 0002) and stays in step with them.

An external-content FTS5 index forgets a row only when told its old values exactly, so
every change that touches indexed text is followed by FTS5's own check against the
releases table (`integrity-check` with rank 1), and by searches that must (not) find it.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils.migrations import Migrations

from app.core.library import Library
from app.core.models import ListQuery
from app.core.storage import health, schema


def _ids(lib: Library, text: str) -> set[int]:
    return {row.id for row in lib.search.list(ListQuery(text=text, view="all"))}


def _index_matches_releases(lib: Library) -> None:
    """Raise unless the index holds exactly the releases' title, body and notes."""
    lib.db.execute("INSERT INTO releases_fts(releases_fts, rank) VALUES ('integrity-check', 1)")


def test_the_index_keeps_no_second_copy_of_the_text(empty_lib):
    tables = {r[0] for r in empty_lib.db.execute("SELECT name FROM sqlite_master")}
    assert "releases_fts" in tables and "releases_fts_content" not in tables


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


def test_a_note_change_is_not_an_edit_of_the_release(lib, sample_ids):
    rid = sample_ids["migration"]
    lib.annotations.add_note(rid, "first")
    logged = lib.db.execute("SELECT tbl, op FROM temp.undo_log WHERE tbl = 'releases'").fetchall()
    assert logged == []  # undo restores the note; the notes text follows by trigger


def _first_version_only(monkeypatch) -> None:
    """Pretend this is the version that shipped only migration 0001."""
    first = Migrations("briefbook")
    initial = schema.migrations._migrations[0]
    first(name=initial.name)(initial.fn)
    monkeypatch.setitem(schema._LOADED, schema.MIGRATION_SET, first)


def test_a_library_from_the_first_version_keeps_its_search(tmp_path, monkeypatch, add_release):
    path = tmp_path / "old.db"
    with monkeypatch.context() as patch:
        _first_version_only(patch)
        with Library.open(path, seed=False) as old:
            rid = add_release(old, title="Harbour talks", body="The fjord agreement was signed.")
            old.annotations.add_note(rid, "remember the narwhal")
            old.annotations.add_note(rid, "and the puffin")
    with Library.open(path, seed=False) as lib:
        assert _ids(lib, "fjord narwhal puffin harbour") == {rid}
        notes = lib.db.execute("SELECT notes FROM releases WHERE id = ?", [rid]).fetchone()[0]
        assert notes == "remember the narwhal\nand the puffin"
        _index_matches_releases(lib)
    assert health.check(path).ok


def test_the_full_check_finds_an_index_out_of_step(tmp_path, add_release):
    path = tmp_path / "lib.db"
    with Library.open(path, seed=False) as lib:
        add_release(lib, title="Kept", body="The text the index was built from.")
    conn = sqlite3.connect(path)
    # Changing the text behind the index's back (no trigger) is what damage looks like.
    conn.execute("DROP TRIGGER releases_fts_update")
    conn.execute("UPDATE releases SET body = 'Something else entirely.'")
    conn.commit()
    conn.close()
    report = health.check(path)
    assert not report.ok and report.index_only


def test_the_full_check_finds_notes_text_out_of_step(tmp_path, add_release):
    path = tmp_path / "lib.db"
    with Library.open(path, seed=False) as lib:
        rid = add_release(lib, title="Kept", body="Body text.")
        lib.annotations.add_note(rid, "fresh")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE releases SET notes = 'stale'")
    conn.commit()
    conn.close()
    report = health.check(path)
    assert not report.ok
    assert any("notes of 1 releases" in problem for problem in report.problems)


def test_the_index_buffers_larger_segments_for_big_imports(empty_lib):
    config = dict(empty_lib.db.execute("SELECT k, v FROM releases_fts_config").fetchall())
    assert config.get("hashsize") == 16 * 1024 * 1024

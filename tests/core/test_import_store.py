"""Storing an import batch: duplicates skipped and reported, bad files reported without
stopping the batch, nothing half imported, tags and source, progress, cancel, search index."""

from __future__ import annotations

import pytest

from app.core.storage import releases as release_store


def _md(folder, name, title, body, date="2022-05-06"):
    path = folder / name
    path.write_text(f"---\ntitle: {title}\ndate: '{date}'\n---\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    """Return a folder of three good Markdown releases."""
    _md(tmp_path, "a.md", "Alpha release", "The first release talks about Honduras and trade.")
    _md(tmp_path, "b.md", "Beta release", "The second release talks about Guatemala and aid.")
    _md(tmp_path, "c.md", "Gamma release", "The third release talks about Panama and canals.")
    return tmp_path


def _fts_ids(lib, word):
    rows = lib.db.execute("SELECT rowid FROM releases_fts WHERE releases_fts MATCH ?", (word,))
    return sorted(r[0] for r in rows)


def test_imports_every_file_with_front_matter_fields(empty_lib, folder):
    report = empty_lib.import_paths([folder])
    assert report.count("imported") == 3 and report.summary().startswith("3 imported")
    titles = sorted(empty_lib.releases.get(i).title for i in report.imported_ids)
    assert titles == ["Alpha release", "Beta release", "Gamma release"]
    assert {empty_lib.releases.get(i).date for i in report.imported_ids} == {"2022-05-06"}


def test_importing_the_same_folder_twice_adds_nothing(empty_lib, folder):
    first = empty_lib.import_paths([folder])
    again = empty_lib.import_paths([folder])
    assert again.count("duplicate") == 3 and again.count("imported") == 0
    assert empty_lib.releases.count_all()["all"] == 3
    assert {o.release_id for o in again.outcomes} == set(first.imported_ids)


def test_duplicate_reason_names_the_release_already_there(empty_lib, folder):
    first = empty_lib.import_paths([folder / "a.md"])
    (outcome,) = empty_lib.import_paths([folder / "a.md"]).outcomes
    assert outcome.reason == f"same text as release {first.imported_ids[0]}"


def test_same_text_twice_in_one_batch_is_stored_once(empty_lib, tmp_path):
    _md(tmp_path, "one.md", "One", "Exactly the same words in both files.")
    _md(tmp_path, "two.md", "Two", "Exactly  the same WORDS in both files.")
    report = empty_lib.import_paths([tmp_path])
    assert (report.count("imported"), report.count("duplicate")) == (1, 1)


def test_bad_file_is_reported_and_the_rest_imports(empty_lib, folder):
    (folder / "empty.md").write_text("", encoding="utf-8")
    report = empty_lib.import_paths([folder])
    failed = [o for o in report.outcomes if o.status == "failed"]
    assert report.count("imported") == 3
    assert [o.path for o in failed] == [str(folder / "empty.md")] and failed[0].reason


def test_missing_path_is_reported(empty_lib, tmp_path):
    (outcome,) = empty_lib.import_paths([tmp_path / "nope.md"]).outcomes
    assert outcome.status == "failed" and "does not exist" in outcome.reason


def test_parser_crash_costs_only_that_file(empty_lib, folder, monkeypatch):
    import app.core.importers as importers

    real = importers.parse_file

    def flaky(path):
        if path.name == "b.md":
            raise ZeroDivisionError("bug")
        return real(path)

    monkeypatch.setattr(importers, "parse_file", flaky)
    report = empty_lib.import_paths([folder])
    assert report.count("imported") == 2 and report.count("failed") == 1


def test_failure_while_storing_a_file_leaves_nothing_of_it(empty_lib, tmp_path, monkeypatch):
    (tmp_path / "rows.csv").write_text(
        "title,date,body\n"
        "R1,2022-01-01,First row text about ports.\n"
        "R2,2022-01-02,Second row text about roads.\n"
        "R3,2022-01-03,Third row text about rails.\n",
        encoding="utf-8",
    )
    _md(tmp_path, "z.md", "Zed", "A Markdown release that imports fine.")
    real, calls = release_store.insert, []

    def fail_second(db, row):
        calls.append(row["title"])
        if row["title"] == "R2":
            raise RuntimeError("disk trouble")
        return real(db, row)

    monkeypatch.setattr(release_store, "insert", fail_second)
    report = empty_lib.import_paths([tmp_path], tags=["batch"])
    assert [o.status for o in report.outcomes if "rows.csv" in o.path] == ["failed"]
    assert "R1" in calls and empty_lib.releases.count_all()["all"] == 1
    assert empty_lib.tags.get("batch").count == 1
    assert _fts_ids(empty_lib, "ports") == []


def test_bulk_file_gives_one_outcome_per_row(empty_lib, tmp_path):
    (tmp_path / "rows.csv").write_text(
        "title,date,body\nR1,2022-01-01,Row one text.\nR2,2022-02-30,Row two text.\n",
        encoding="utf-8",
    )
    report = empty_lib.import_paths([tmp_path / "rows.csv"])
    assert sorted(o.status for o in report.outcomes) == ["failed", "imported"]
    assert all("rows.csv (" in o.path for o in report.outcomes)


def test_tags_and_source_are_applied(empty_lib, folder):
    report = empty_lib.import_paths(
        [folder], source="Embassy", tags=["Imported", "Central America"]
    )
    release = empty_lib.releases.get(report.imported_ids[0])
    assert release.source == "Embassy"
    assert {t.name for t in release.tags} >= {"Imported", "Central America"}


def test_existing_tag_is_reused_whatever_its_case(empty_lib, folder):
    empty_lib.tags.create("Imported")
    empty_lib.import_paths([folder], tags=["IMPORTED"])
    assert [t.name for t in empty_lib.tags.all()] == ["Imported"]
    assert empty_lib.tags.get("imported").count == 3


def test_imported_releases_are_searchable(empty_lib, folder):
    report = empty_lib.import_paths([folder])
    assert _fts_ids(empty_lib, "guatemala") == [
        o.release_id for o in report.outcomes if o.path.endswith("b.md")
    ]


def test_search_index_is_whole_after_import_and_kept_up_to_date(empty_lib, folder):
    empty_lib.import_paths([folder])
    empty_lib.db.execute("INSERT INTO releases_fts (releases_fts) VALUES ('integrity-check')")
    rid = empty_lib.releases.add("Later", "Typed later about Belize.").created_id
    assert _fts_ids(empty_lib, "belize") == [rid]


def test_progress_reports_each_file_and_the_end(empty_lib, folder):
    calls = []
    empty_lib.import_paths([folder], progress=lambda done, total, path: calls.append((done, total)))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_cancel_keeps_what_was_stored_and_skips_the_rest(empty_lib, folder):
    seen = []
    report = empty_lib.import_paths(
        [folder], progress=lambda d, t, p: seen.append(d), cancel=lambda: len(seen) >= 2
    )
    assert [o.status for o in report.outcomes] == ["imported", "imported", "skipped"]
    assert empty_lib.releases.count_all()["all"] == 2


def test_import_is_not_an_undo_step_and_keeps_earlier_steps(empty_lib, folder):
    empty_lib.tags.create("Before")
    empty_lib.import_paths([folder])
    assert empty_lib.undo_label() == "Create tag “Before”"
    empty_lib.undo()
    assert empty_lib.releases.count_all()["all"] == 3


def test_warnings_are_kept_in_the_outcome(empty_lib, tmp_path):
    (tmp_path / "latin.txt").write_bytes(
        "Caf\xe9 con leche in the capital of Per\xfa.".encode("cp1252")
    )
    (outcome,) = empty_lib.import_paths([tmp_path]).outcomes
    assert outcome.status == "imported" and any("Windows-1252" in w for w in outcome.warnings)


def test_big_batch_path_with_parse_helpers_stores_the_same(empty_lib, folder, monkeypatch):
    from app.core import parse_workers

    monkeypatch.setattr(parse_workers, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(parse_workers, "FILES_PER_TASK", 1)
    (folder / "empty.md").write_text("", encoding="utf-8")
    report = empty_lib.import_paths([folder])
    assert sorted(o.status for o in report.outcomes) == [
        "failed",
        "imported",
        "imported",
        "imported",
    ]
    assert _fts_ids(empty_lib, "panama") == [
        o.release_id for o in report.outcomes if o.path.endswith("c.md")
    ]


def test_reimport_of_unchanged_files_skips_parsing_them(empty_lib, folder, monkeypatch):
    import app.core.importers as importers

    empty_lib.import_paths([folder])
    _md(folder, "d.md", "Delta release", "A new release about Belize and reefs.")
    parsed = []
    real = importers.parse_file
    monkeypatch.setattr(
        importers, "parse_file", lambda path: parsed.append(path.name) or real(path)
    )
    report = empty_lib.import_paths([folder])
    assert parsed == ["d.md"]
    assert sorted(o.status for o in report.outcomes) == ["duplicate"] * 3 + ["imported"]

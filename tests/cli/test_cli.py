"""The command line, run in-process through main([...]) on a temporary library."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import paths
from app.cli import main
from app.core.library import Library

RELEASE_A = " date 2022-05-06 Mexico and the United States discussed migration.\n\nA second paragraph on smuggling networks.\n"
RELEASE_B = " date 2022-06-08 The Summit of the Americas opened in Los Angeles.\n\nLeaders met.\n"


@pytest.fixture
def library(tmp_path, monkeypatch):
    """A library file holding two releases (ids 1 and 2), no seeds; user data in tmp_path."""
    monkeypatch.setattr(paths, "user_data_dir", lambda: tmp_path)
    monkeypatch.delenv(paths.LIBRARY_ENV, raising=False)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(RELEASE_A, encoding="utf-8")
    (folder / "b.txt").write_text(RELEASE_B, encoding="utf-8")
    path = tmp_path / "library.db"
    with Library.open(path, seed=False) as lib:
        report = lib.import_paths(sorted(folder.iterdir()))
        assert report.imported_ids == (1, 2)
    return path


def run(library, *args):
    """Run the CLI on `library` and return its exit status."""
    return main(["--library", str(library), *args])


def json_of(capsys):
    return json.loads(capsys.readouterr().out)


def one_error_line(capsys):
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# import ------------------------------------------------------------------------------------


def test_import_adds_releases_and_reports_a_summary(library, tmp_path, capsys):
    new = tmp_path / "new.txt"
    new.write_text(" date 2022-04-01 A brand new release on trade.\n", encoding="utf-8")
    assert run(library, "import", str(new)) == 0
    assert "1 imported" in capsys.readouterr().out


def test_import_exits_1_after_importing_the_good_files(library, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(" date 2022-04-02 Good release on energy.\n")
    (folder / "empty.txt").write_text("")
    assert run(library, "import", str(folder)) == 1
    captured = capsys.readouterr()
    assert "1 imported" in captured.out and "1 failed" in captured.out
    assert "empty.txt" in captured.err and "Traceback" not in captured.err
    assert run(library, "search", "energy", "--json") == 0
    assert [r["title"] for r in json_of(capsys)] == ["Good release on energy"]


def test_import_applies_source_and_tags(library, tmp_path, capsys):
    new = tmp_path / "tagged.txt"
    new.write_text(" date 2022-04-03 Tagged release about ports.\n")
    assert run(library, "import", str(new), "--source", "DHS", "--tag", "Ports") == 0
    capsys.readouterr()
    run(library, "list", "--tag", "Ports", "--json")
    rows = json_of(capsys)
    assert [(r["source"], r["tags"]) for r in rows] == [("DHS", ["Ports"])]


# list, search, show --------------------------------------------------------------------------


def test_list_json_has_the_documented_fields(library, capsys):
    assert run(library, "list", "--json") == 0
    rows = json_of(capsys)
    assert [r["id"] for r in rows] == [2, 1]  # newest first
    assert {"id", "title", "date", "source", "tags"} <= set(rows[0])


def test_list_filters_by_date(library, capsys):
    run(library, "list", "--since", "2022-06-01", "--json")
    assert [r["id"] for r in json_of(capsys)] == [2]


def test_list_plain_text_shows_id_date_and_title(library, capsys):
    run(library, "list", "--limit", "1")
    assert capsys.readouterr().out.split()[:2] == ["2", "2022-06-08"]


def test_search_json_finds_matching_releases(library, capsys):
    assert run(library, "search", "summit", "--json") == 0
    assert [r["id"] for r in json_of(capsys)] == [2]


def test_search_with_hostile_input_never_shows_a_traceback(library, capsys):
    for query in ['"', "NEAR(", "R&D", "-", "😀", "", "tag:", "since:banana"]:
        assert run(library, "search", query) == 0
        assert "Traceback" not in capsys.readouterr().err


def test_search_warns_about_an_ignored_filter_and_still_searches(library, capsys):
    assert run(library, "search", "summit since:banana", "--json") == 0
    captured = capsys.readouterr()
    assert [r["id"] for r in json.loads(captured.out)] == [2]
    assert "since:banana" in captured.err


def test_show_json_carries_body_notes_and_highlights(library, capsys):
    run(library, "note", "1", "Ask about Title 42")
    run(library, "highlight", "1", "smuggling networks", "--comment", "key")
    capsys.readouterr()
    assert run(library, "show", "1", "--json") == 0
    shown = json_of(capsys)
    assert shown["body"].startswith("Mexico and the United States")
    assert [n["text"] for n in shown["notes"]] == ["Ask about Title 42"]
    assert [(h["quote"], h["comment"]) for h in shown["highlights"]] == [
        ("smuggling networks", "key")
    ]


def test_show_of_a_missing_release_is_one_line_and_exit_1(library, capsys):
    assert run(library, "show", "99") == 1
    assert "no release with id 99" in one_error_line(capsys)


# tag, note, highlight ------------------------------------------------------------------------


def test_tag_adds_and_removes(library, capsys):
    assert run(library, "tag", "1", "2", "--add", "Mexico", "--add", "Summit") == 0
    assert run(library, "tag", "2", "--remove", "Mexico") == 0
    capsys.readouterr()
    run(library, "list", "--json")
    tags = {r["id"]: sorted(r["tags"]) for r in json_of(capsys)}
    assert tags == {1: ["Mexico", "Summit"], 2: ["Summit"]}


def test_tag_without_add_or_remove_is_wrong_usage(library, capsys):
    assert run(library, "tag", "1") == 2
    assert "--add" in one_error_line(capsys)


def test_tag_of_an_unknown_release_changes_nothing(library, capsys):
    assert run(library, "tag", "1", "99", "--add", "Mexico") == 1
    one_error_line(capsys)
    run(library, "list", "--tag", "Mexico", "--json")
    assert json_of(capsys) == []


def test_highlight_of_an_absent_quote_fails_in_one_line(library, capsys):
    assert run(library, "highlight", "1", "not in the text") == 1
    assert one_error_line(capsys).startswith("briefbook: ")


# books -------------------------------------------------------------------------------------


def test_book_new_then_show_json_has_template_and_cover(library, capsys):
    args = ["--title", "Dialogue", "--date", "2022-05-10", "--marking", "UNCLASSIFIED"]
    assert run(library, "book", "new", "Trip", *args) == 0
    capsys.readouterr()
    assert run(library, "book", "show", "Trip", "--json") == 0
    book = json_of(capsys)
    assert (book["name"], book["title"], book["marking"]) == ("Trip", "Dialogue", "UNCLASSIFIED")
    assert [s["heading"] for s in book["sections"]][-1] == "Press releases"


def test_book_new_with_an_impossible_date_is_wrong_usage(library, capsys):
    assert run(library, "book", "new", "Trip", "--date", "2022-02-30") == 2


def test_book_new_twice_fails_with_one_line(library, capsys):
    run(library, "book", "new", "Trip")
    capsys.readouterr()
    assert run(library, "book", "new", "trip") == 1
    assert "already exists" in one_error_line(capsys)


def test_book_section_sets_text_of_an_existing_section(library, capsys):
    run(library, "book", "new", "Trip")
    assert run(library, "book", "section", "Trip", "talking points", "--text", "• One\n• Two") == 0
    capsys.readouterr()
    run(library, "book", "show", "Trip", "--json")
    sections = {s["heading"]: s["text"] for s in json_of(capsys)["sections"]}
    assert sections["Talking points"] == "• One\n• Two"


def test_book_section_adds_a_new_section_at_the_end(library, capsys):
    run(library, "book", "new", "Trip")
    run(library, "book", "section", "Trip", "Annex", "--text", "Maps")
    capsys.readouterr()
    run(library, "book", "show", "Trip", "--json")
    last = json_of(capsys)["sections"][-1]
    assert (last["heading"], last["text"], last["entries"]) == ("Annex", "Maps", [])


def test_book_add_puts_releases_in_press_releases_by_default(library, capsys):
    run(library, "book", "new", "Trip")
    assert run(library, "book", "add", "Trip", "2", "1") == 0
    capsys.readouterr()
    run(library, "book", "show", "Trip", "--json")
    sections = {s["heading"]: s["entries"] for s in json_of(capsys)["sections"]}
    assert [e["release_id"] for e in sections["Press releases"]] == [2, 1]


def test_book_add_to_a_named_section_summary_only(library, capsys):
    run(library, "book", "new", "Trip")
    assert (
        run(library, "book", "add", "Trip", "1", "--section", "background", "--summary-only") == 0
    )
    capsys.readouterr()
    run(library, "book", "show", "Trip", "--json")
    sections = {s["heading"]: s["entries"] for s in json_of(capsys)["sections"]}
    assert [(e["release_id"], e["summary_only"]) for e in sections["Background"]] == [(1, True)]


def test_book_add_to_an_unknown_section_fails(library, capsys):
    run(library, "book", "new", "Trip")
    capsys.readouterr()
    assert run(library, "book", "add", "Trip", "1", "--section", "Nowhere") == 1
    assert "no section “Nowhere”" in one_error_line(capsys)


def test_book_list_json_has_name_and_title(library, capsys):
    run(library, "book", "new", "Trip", "--title", "Dialogue")
    capsys.readouterr()
    assert run(library, "book", "list", "--json") == 0
    assert [(b["name"], b["title"]) for b in json_of(capsys)] == [("Trip", "Dialogue")]


def test_book_show_of_an_unknown_book_fails(library, capsys):
    assert run(library, "book", "show", "Nowhere") == 1
    assert "no book called" in one_error_line(capsys)


def test_book_without_a_subcommand_is_wrong_usage(library, capsys):
    assert run(library, "book") == 2


# export ------------------------------------------------------------------------------------


@pytest.fixture
def book(library, capsys):
    run(library, "book", "new", "Trip", "--title", "Dialogue", "--marking", "UNCLASSIFIED")
    run(library, "book", "add", "Trip", "1", "2")
    capsys.readouterr()
    return "Trip"


def _have(module):
    try:
        __import__(module)
    except ModuleNotFoundError:
        return False
    return True


@pytest.mark.skipif(not _have("exporters.pdf"), reason="PDF writer not in this build")
def test_export_pdf_writes_the_file(library, book, tmp_path, capsys):
    out = tmp_path / "trip.pdf"
    assert run(library, "export", book, "--format", "pdf", "--output", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(not _have("exporters.docx"), reason="DOCX writer not in this build")
def test_export_docx_takes_the_format_from_the_file_name(library, book, tmp_path, capsys):
    out = tmp_path / "trip.docx"
    assert run(library, "export", book, "--output", str(out), "--page-size", "Letter") == 0
    assert out.read_bytes().startswith(b"PK")


def test_export_passes_the_options_to_the_writer(library, book, tmp_path, monkeypatch):
    seen = {}

    def fake_writer(assembled, path, **_):
        seen["book"] = assembled
        return type("Report", (), {"path": str(path), "pages": 1, "warnings": ()})()

    monkeypatch.setattr("app.cli_books._writer", lambda kind: fake_writer)
    args = ["--output", str(tmp_path / "x.pdf"), "--page-size", "Letter", "--clean"]
    assert run(library, "export", book, *args) == 0
    options = seen["book"].options
    assert (options.page_size, options.clean_copy) == ("Letter", True)
    assert [e.title for e in seen["book"].entries][0].startswith("Mexico")


def test_export_without_a_known_format_is_wrong_usage(library, book, tmp_path, capsys):
    assert run(library, "export", book, "--output", str(tmp_path / "x.txt")) == 2
    assert "--format" in one_error_line(capsys)


def test_export_with_a_bad_format_choice_is_wrong_usage(library, book, tmp_path):
    assert run(library, "export", book, "--format", "odt", "--output", str(tmp_path / "x")) == 2


def test_export_to_a_missing_folder_fails_in_one_line(library, book, tmp_path, capsys):
    out = tmp_path / "no" / "such" / "folder" / "x.pdf"
    if not _have("exporters.pdf"):
        pytest.skip("PDF writer not in this build")
    assert run(library, "export", book, "--output", str(out)) == 1
    one_error_line(capsys)
    assert not out.exists()


def test_missing_writer_is_reported_plainly(library, book, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "exporters.pdf", None)  # import fails as if absent
    assert run(library, "export", book, "--output", str(tmp_path / "x.pdf")) == 1
    assert "PDF export is missing" in one_error_line(capsys)


# usage, errors, environment ------------------------------------------------------------------


def test_unknown_subcommand_is_wrong_usage(library):
    assert run(library, "frobnicate") == 2


def test_missing_argument_is_wrong_usage(library):
    assert run(library, "note", "1") == 2


def test_help_exits_0(library, capsys):
    assert run(library, "--help") == 0
    assert "book" in capsys.readouterr().out


def test_library_option_works_after_the_subcommand(library, capsys):
    assert main(["list", "--json", "--library", str(library)]) == 0
    assert len(json_of(capsys)) == 2


def test_library_comes_from_the_environment(library, monkeypatch, capsys):
    monkeypatch.setenv(paths.LIBRARY_ENV, str(library))
    assert main(["list", "--json"]) == 0
    assert len(json_of(capsys)) == 2


def test_a_file_that_is_not_a_library_fails_in_one_line(tmp_path, capsys):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    assert main(["--library", str(bogus), "list"]) == 1
    one_error_line(capsys)


def test_an_unexpected_error_is_one_line_and_logged(library, tmp_path, monkeypatch, capsys):
    def broken(ctx):
        raise RuntimeError("boom")

    monkeypatch.setattr("app.cli_releases.run_list", broken)
    monkeypatch.setattr(paths, "log_file", lambda: tmp_path / "briefbook.log")
    assert run(library, "list") == 1
    assert "boom" in one_error_line(capsys)
    assert "RuntimeError" in (tmp_path / "briefbook.log").read_text()


def test_reading_works_while_the_library_is_open_elsewhere(library, capsys):
    with Library.open(library, seed=False):
        assert run(library, "list", "--json") == 0
    assert len(json_of(capsys)) == 2


def test_changing_a_library_open_elsewhere_fails_in_one_line(library, capsys):
    with Library.open(library, seed=False):
        assert run(library, "tag", "1", "--add", "Mexico") == 1
    assert "is open" in one_error_line(capsys)


def test_no_subcommand_opens_the_window(library, monkeypatch):
    opened = []
    monkeypatch.setattr("app.gui.main.run_gui", lambda path: opened.append(path) or 0)
    assert main(["--library", str(library)]) == 0
    assert main([f"--library={library}"]) == 0
    assert main([]) == 0  # the last library used, or the default
    assert opened == [Path(library), Path(library), None]


def test_library_option_without_a_value_is_a_usage_error_not_a_window(monkeypatch, capsys):
    opened = []
    monkeypatch.setattr("app.gui.main.run_gui", lambda path: opened.append(path) or 0)
    assert main(["--library"]) == 2
    assert main(["--library", "--help"]) == 2
    assert opened == []


def test_safety_commands_say_when_they_are_missing(library, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "app.core.safety", None)
    assert run(library, "check") == 1
    assert "not available" in one_error_line(capsys)


def test_installed_entry_point_runs_as_a_program(library, tmp_path):
    program = shutil.which("briefbook", path=str(Path(sys.executable).parent))
    if program is None:
        pytest.skip("briefbook is not installed in this environment")
    env = {**os.environ, "BRIEFBOOK_LIBRARY": str(library), "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run(
        [program, "list", "--json"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert {r["id"] for r in json.loads(done.stdout)} == {1, 2}
    bad = subprocess.run([program, "show", "99"], capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1


def test_backup_to_a_path_writes_a_copy(library, tmp_path, capsys):
    target = tmp_path / "copy.db"
    assert run(library, "backup", "--to", str(target)) == 0
    assert target.is_file() and str(target) in capsys.readouterr().out


def test_check_of_a_healthy_library_exits_0(library, capsys):
    assert run(library, "check") == 0
    assert "passed" in capsys.readouterr().out


def test_restore_of_a_missing_backup_fails_in_one_line(library, tmp_path, capsys):
    assert run(library, "restore", str(tmp_path / "nothing.db")) == 1
    assert "no backup" in one_error_line(capsys)

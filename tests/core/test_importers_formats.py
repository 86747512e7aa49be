"""Importer tests for Word, CSV/JSON Lines, folder discovery and the seed folder."""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
from importer_helpers import failure, one, write

from app.core.importers import (
    discover,
    parse_file,
)
from app.paths import seeds_dir

SEED = seeds_dir() / "000_080f86953c6f3b12.txt"


# --- Word ------------------------------------------------------------------------------------


def make_docx(
    tmp_path: Path,
    *,
    title: str | None = "Joint Statement",
    heading_level: int = 0,
    paragraphs=("The leaders met.",),
    core_title: str = "",
) -> Path:
    document = docx.Document()
    if title is not None:
        document.add_heading(title, level=heading_level)
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.title = core_title
    buffer = io.BytesIO()
    document.save(buffer)
    return write(tmp_path, "release.docx", buffer.getvalue())


def test_word_title_style_gives_the_title(tmp_path):
    release = one(make_docx(tmp_path, paragraphs=("First paragraph.", "Second paragraph.")))
    assert (release.title, release.title_proposed) == ("Joint Statement", False)
    assert release.body == "First paragraph.\n\nSecond paragraph."
    assert release.encoding == "docx"


def test_word_heading_1_gives_the_title(tmp_path):
    assert one(make_docx(tmp_path, heading_level=1)).title == "Joint Statement"


def test_word_document_title_is_used_without_a_title_paragraph(tmp_path):
    release = one(make_docx(tmp_path, title=None, core_title="Press Release"))
    assert (release.title, release.body) == ("Press Release", "The leaders met.")


def test_word_without_any_title_gets_a_proposed_one(tmp_path):
    release = one(make_docx(tmp_path, title=None, paragraphs=("DHS acted today. More.",)))
    assert (release.title, release.title_proposed) == ("DHS acted today", True)


def test_word_seed_style_date_line_gives_the_date(tmp_path):
    release = one(make_docx(tmp_path, paragraphs=(" date 2022-05-06 The Secretary met.",)))
    assert (release.date, release.body) == ("2022-05-06", "The Secretary met.")


def test_word_line_breaks_and_tables_are_kept(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Line one")
    paragraph.add_run().add_break()
    paragraph.add_run("line two")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Country", "Pledge"
    buffer = io.BytesIO()
    document.save(buffer)
    release = one(write(tmp_path, "t.docx", buffer.getvalue()))
    assert release.body == "Line one\nline two\n\nCountry | Pledge"


def test_a_damaged_word_file_fails(tmp_path):
    assert "not a valid Word" in failure(write(tmp_path, "bad.docx", b"PK\x03\x04 damaged"))


def test_a_zip_that_is_not_word_fails(tmp_path):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "cannot be read" in failure(write(tmp_path, "zip.docx", buffer.getvalue()))


# --- CSV and JSON Lines ------------------------------------------------------------------------

CSV = (
    "Title,Date,Body,URL,Source\n"
    '"First",2022-05-06,"Body one\nwrapped",https://a.example/1,DHS\n'
    "Second,2022-02-30,Body two,,\n"
    ",,,,\n"
    "Third,,Body three,,,extra\n"
    ",2022-01-01,Fourth body here,,State\n"
)


def test_csv_gives_one_release_per_good_row(tmp_path):
    result = parse_file(write(tmp_path, "r.csv", CSV))
    assert [r.title for r in result.records] == ["First", "Fourth body here"]
    first = result.records[0]
    assert (first.date, first.url, first.source, first.body) == (
        "2022-05-06",
        "https://a.example/1",
        "DHS",
        "Body one wrapped",
    )
    assert result.records[1].title_proposed


def test_csv_bad_rows_fail_alone_with_their_row_number(tmp_path):
    result = parse_file(write(tmp_path, "r.csv", CSV))
    reasons = {f.where: f.reason for f in result.failures}
    assert set(reasons) == {"row 3", "row 5"}
    assert "impossible" in reasons["row 3"]
    assert "6 fields" in reasons["row 5"]


def test_csv_records_say_where_they_came_from(tmp_path):
    result = parse_file(write(tmp_path, "r.csv", CSV))
    first, fourth = result.records
    assert (first.where, fourth.where) == ("row 2", "row 6")
    assert first.original == '"First",2022-05-06,"Body one\nwrapped",https://a.example/1,DHS\n'
    assert first.filename == "r.csv"


def test_csv_rows_with_the_same_text_have_the_same_duplicate_key(tmp_path):
    text = "title,body\nA,Same text.\nB,same   TEXT.\n"
    first, second = parse_file(write(tmp_path, "r.csv", text)).records
    assert first.norm_hash == second.norm_hash


def test_csv_without_a_body_column_fails(tmp_path):
    reason = failure(write(tmp_path, "r.csv", "title,date\nA,2022-01-01\n"))
    assert "no 'body' column" in reason and "title, date" in reason


def test_csv_with_only_a_header_fails(tmp_path):
    assert "no releases" in failure(write(tmp_path, "r.csv", "title,body\n"))


def test_csv_with_semicolons_bom_and_aliases_is_read(tmp_path):
    data = "\ufeffHeadline;Text;Link\nA title;Some text.;https://x.example\n".encode()
    release = parse_file(write(tmp_path, "r.csv", data)).records[0]
    assert (release.title, release.body, release.url) == (
        "A title",
        "Some text.",
        "https://x.example",
    )


def test_tsv_is_read(tmp_path):
    release = parse_file(write(tmp_path, "r.tsv", "title\tbody\nT\tThe text.\n")).records[0]
    assert (release.title, release.body) == ("T", "The text.")


def test_csv_with_a_body_larger_than_csv_default_limit_is_read(tmp_path):
    big = "word " * 40000
    release = parse_file(write(tmp_path, "r.csv", f'title,body\nBig,"{big}"\n')).records[0]
    assert len(release.body) > 190000


def test_csv_with_an_unterminated_quote_keeps_the_rows_before_it(tmp_path):
    result = parse_file(write(tmp_path, "r.csv", 'title,body\nA,Good.\nB,"unterminated\nC,x\n'))
    assert result.records[0].title == "A"


JSONL = (
    '{"title": "A", "date": "2022-05-06", "body": "Text a.", "url": "https://x/a", "source": "DHS"}\n'
    "\n"
    "{not json\n"
    "[1, 2]\n"
    '{"body": "Text e.", "date": "2022-02-30"}\n'
    '{"Body": "Sin título, el texto.", "Language": "es", "tags": ["migración"]}\n'
)


def test_json_lines_give_one_release_per_good_line(tmp_path):
    result = parse_file(write(tmp_path, "r.jsonl", JSONL))
    first, last = result.records
    assert (first.title, first.date, first.url, first.source, first.where) == (
        "A",
        "2022-05-06",
        "https://x/a",
        "DHS",
        "line 1",
    )
    assert (last.language, last.tags, last.title_proposed) == ("es", ("migración",), True)
    assert first.original == JSONL.splitlines()[0]


def test_json_lines_bad_lines_fail_alone_with_their_line_number(tmp_path):
    result = parse_file(write(tmp_path, "r.ndjson", JSONL))
    reasons = {f.where: f.reason for f in result.failures}
    assert set(reasons) == {"line 3", "line 4", "line 5"}
    assert "not valid JSON" in reasons["line 3"]
    assert "JSON object" in reasons["line 4"]
    assert "impossible" in reasons["line 5"]


def test_a_failure_names_its_row_when_shown(tmp_path):
    result = parse_file(write(tmp_path, "r.jsonl", JSONL))
    assert str(result.failures[0]).startswith("line 3: ")


def test_iterating_a_result_gives_its_records(tmp_path):
    result = parse_file(write(tmp_path, "r.jsonl", JSONL))
    assert list(result) == list(result.records) and len(result) == 2


# --- discovery -------------------------------------------------------------------------------


def names(paths) -> list[str]:
    return [p.name for p in paths]


def test_discover_walks_folders_recursively_in_order(tmp_path):
    for name in ("b/2022-06/two.md", "a/one.txt", "c/d/e/three.docx", "c/four.csv"):
        write(tmp_path, name, "x")
    assert names(discover([tmp_path])) == ["one.txt", "two.md", "three.docx", "four.csv"]


def test_discover_skips_notes_hidden_files_images_and_other_formats(tmp_path):
    for name in (
        "README.md",
        "LICENSE",
        "rss.xml",
        "readme.txt",
        ".hidden.md",
        ".git/x.md",
        "photo.jpg",
        "logo.png",
        "feed.xml",
        "~$draft.docx",
        "notes",
        "release.md",
    ):
        write(tmp_path, name, "x")
    assert names(discover([tmp_path])) == ["release.md"]


def test_discover_yields_files_named_explicitly_whatever_they_are(tmp_path):
    path = write(tmp_path, "picture.png", b"\x89PNG")
    assert list(discover([path])) == [path]


def test_discover_yields_a_missing_path_so_it_is_reported(tmp_path):
    assert list(discover([tmp_path / "gone.md"])) == [tmp_path / "gone.md"]


def test_discover_survives_a_symbolic_link_loop(tmp_path):
    write(tmp_path, "a/one.md", "x")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    assert names(discover([tmp_path])) == ["one.md"]


def test_discover_follows_links_to_folders_but_yields_each_file_once(tmp_path):
    write(tmp_path, "real/one.md", "x")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    os.symlink(tmp_path / "real" / "one.md", tmp_path / "real" / "same.md")
    assert names(discover([tmp_path, tmp_path / "real"])) == ["one.md"]


def test_discover_skips_a_dangling_link(tmp_path):
    write(tmp_path, "one.md", "x")
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling.md")
    assert [p.name for p in discover([tmp_path]) if p.exists()] == ["one.md"]


def test_discovered_seed_folder_holds_only_releases():
    found = list(discover([seeds_dir()]))
    assert SEED in found
    assert all(p.suffix in {".md", ".txt"} for p in found)


# --- the seed folder -----------------------------------------------------------------------


def test_every_seed_release_parses_and_none_is_a_duplicate():
    records = [one(path) for path in discover([seeds_dir()])]
    assert len(records) >= 140
    assert len({r.norm_hash for r in records}) == len(records)
    assert {r.language for r in records} >= {"en", "es"}
    assert all(r.date and "2021-01-01" <= r.date <= "2022-12-31" for r in records)

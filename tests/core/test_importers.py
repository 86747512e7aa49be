"""app.core.importers: every format, every bad input, encodings, titles, discovery."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.importers import (
    ImportFailure,
    ParsedRelease,
    ParseResult,
    discover,
    parse_file,
)
from app.paths import seeds_dir

SEED = seeds_dir() / "000_080f86953c6f3b12.txt"

CORPUS_STYLE = """\
---
tags: statements-releases
date: '2022-06-10'
modified_time: 2022-06-10 19:00:01-04:00
source_url: https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2022/06/10/los-angeles-declaration/
published_time: 2022-06-10 18:59:59-04:00
title: "Los Angeles Declaration on Migration and Protection: U.S.\\_Government and
  Foreign Partner\\_Deliverables"
---

The Los Angeles Declaration on Migration and Protection reflects a
commitment to the \\[region\\] and its\x20\x20
people.

\\###
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def one(path: Path) -> ParsedRelease:
    result = parse_file(path)
    assert len(result.records) == 1 and result.failures == ()
    return result.records[0]


def failure(path: Path) -> str:
    with pytest.raises(ImportFailure) as caught:
        parse_file(path)
    assert caught.value.where == ""
    return caught.value.reason


# --- the seed -----------------------------------------------------------------------------


def test_the_seed_parses_with_its_date():
    assert one(SEED).date == "2022-05-06"


def test_the_seed_title_is_proposed_and_a_whole_readable_phrase():
    release = one(SEED)
    assert release.title_proposed
    assert release.title.startswith("Secretary of Homeland Security Alejandro N. Mayorkas met")
    assert not release.title.rstrip("…").endswith(("N.", " N"))
    assert len(release.title) <= 111
    words = release.title.rstrip("…").split()
    assert all(word in release.body.split() for word in words)


def test_the_seed_body_does_not_start_with_its_date_header():
    release = one(SEED)
    assert release.body.startswith("Secretary of Homeland Security")
    assert release.body.count("\n\n") >= 3


def test_the_seed_keeps_its_original_text_and_byte_hash():
    release = one(SEED)
    data = SEED.read_bytes()
    assert release.original == data.decode("utf-8")
    assert release.original_sha256 == hashlib.sha256(data).hexdigest()
    assert release.encoding == "utf-8" and release.warnings == ()


def test_the_seed_summary_is_its_lede():
    release = one(SEED)
    assert release.summary.startswith("Secretary of Homeland Security Alejandro N. Mayorkas")
    assert release.summary in release.body.split("\n\n")[0]


# --- Markdown with front matter -------------------------------------------------------------


def test_front_matter_gives_the_title_with_no_break_spaces_and_folded_lines(tmp_path):
    release = one(write(tmp_path, "a.md", CORPUS_STYLE))
    assert release.title == (
        "Los Angeles Declaration on Migration and Protection: U.S.\xa0Government and "
        "Foreign Partner\xa0Deliverables"
    )
    assert not release.title_proposed


def test_front_matter_gives_date_url_source_and_tags(tmp_path):
    release = one(write(tmp_path, "a.md", CORPUS_STYLE))
    assert release.date == "2022-06-10"
    assert release.url.startswith("https://bidenwhitehouse.archives.gov/briefing-room/")
    assert release.source == "bidenwhitehouse.archives.gov"
    assert release.tags == ("statements-releases",)


def test_markdown_body_is_cleaned(tmp_path):
    release = one(write(tmp_path, "a.md", CORPUS_STYLE))
    assert release.body == (
        "The Los Angeles Declaration on Migration and Protection reflects a commitment to "
        "the [region] and its\npeople.\n\n###"
    )


def test_a_timestamp_date_is_taken_when_there_is_no_date_field(tmp_path):
    text = "---\ntitle: T\npublished_time: 2022-06-10 18:59:59-04:00\n---\nBody text."
    assert one(write(tmp_path, "a.md", text)).date == "2022-06-10"


def test_an_unquoted_date_is_read(tmp_path):
    assert one(write(tmp_path, "a.md", "---\ntitle: T\ndate: 2022-06-10\n---\nBody.")).date == (
        "2022-06-10"
    )


def test_front_matter_source_and_language_win(tmp_path):
    text = "---\ntitle: T\nsource: DHS\nlang: ES\nurl: https://www.dhs.gov/x\n---\nCuerpo."
    release = one(write(tmp_path, "a.md", text))
    assert (release.source, release.language, release.url) == ("DHS", "es", "https://www.dhs.gov/x")


def test_markdown_without_front_matter_takes_its_first_heading_as_title(tmp_path):
    release = one(write(tmp_path, "a.md", "# Fact Sheet: Migration\n\nThe body text."))
    assert (release.title, release.title_proposed, release.body) == (
        "Fact Sheet: Migration",
        False,
        "The body text.",
    )


def test_markdown_without_any_title_gets_a_proposed_one(tmp_path):
    release = one(write(tmp_path, "a.md", "The Department acted today. More text."))
    assert (release.title, release.title_proposed) == ("The Department acted today", True)


def test_a_text_file_opening_with_front_matter_is_read_as_markdown(tmp_path):
    release = one(write(tmp_path, "a.txt", "---\ntitle: From Text\n---\nBody *here*."))
    assert (release.title, release.body) == ("From Text", "Body here.")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: T\nBody without a closing line", "never closed"),
        ("---\ntitle: [unclosed\n---\nBody", "not valid YAML"),
        ("---\ntitle: 'open\n---\nBody", "not valid YAML"),
        ("---\n- a\n- b\n---\nBody", "not a list of 'key: value' fields"),
        ("---\ntitle: T\n---\n\n   \n", "no text"),
    ],
)
def test_broken_front_matter_fails_in_plain_words(tmp_path, text, reason):
    assert reason in failure(write(tmp_path, "bad.md", text))


@pytest.mark.parametrize("date", ["'2022-02-30'", "2022-02-30", "'2021-02-29'"])
def test_an_impossible_front_matter_date_fails_with_the_reason(tmp_path, date):
    reason = failure(write(tmp_path, "bad.md", f"---\ntitle: T\ndate: {date}\n---\nBody."))
    assert "impossible" in reason and date.strip("'") in reason


def test_a_month_13_fails(tmp_path):
    reason = failure(write(tmp_path, "bad.md", "---\ntitle: T\ndate: '2022-13-01'\n---\nBody."))
    assert "no month 13" in reason


def test_a_date_in_another_form_fails(tmp_path):
    reason = failure(write(tmp_path, "bad.md", "---\ntitle: T\ndate: May 6, 2022\n---\nBody."))
    assert "YYYY-MM-DD" in reason


def test_a_leap_day_is_a_real_date(tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: T\ndate: '2024-02-29'\n---\nBody.")
    assert one(path).date == "2024-02-29"


# --- plain text ------------------------------------------------------------------------------


def test_plain_text_without_header_has_no_date_and_a_proposed_title(tmp_path):
    release = one(write(tmp_path, "a.txt", "The agency announced a grant.\nIt helps.\n\nMore."))
    assert release.date is None and release.title_proposed
    assert release.title == "The agency announced a grant"
    assert release.body == "The agency announced a grant. It helps.\n\nMore."


def test_plain_text_keeps_markdown_characters(tmp_path):
    assert one(write(tmp_path, "a.txt", "Rate *up* 5 \\# [x](y)")).body == "Rate *up* 5 \\# [x](y)"


def test_the_seed_header_may_use_a_colon(tmp_path):
    release = one(write(tmp_path, "a.txt", "date: 2022-05-06\n\nThe body."))
    assert (release.date, release.body) == ("2022-05-06", "The body.")


def test_an_impossible_seed_header_date_fails(tmp_path):
    reason = failure(write(tmp_path, "a.txt", " date 2022-02-30 Secretary Mayorkas met."))
    assert "2022-02-30" in reason and "impossible" in reason


def test_a_short_seed_header_date_fails(tmp_path):
    assert "YYYY-MM-DD" in failure(write(tmp_path, "a.txt", " date 2022-5-6 Text."))


# --- encodings -----------------------------------------------------------------------------


def test_utf8_with_bom_is_read_without_the_bom(tmp_path):
    release = one(write(tmp_path, "a.txt", b"\xef\xbb\xbfCaf\xc3\xa9 opens."))
    assert (release.body, release.encoding, release.warnings) == ("Café opens.", "utf-8-sig", ())


def test_crlf_line_ends_are_read(tmp_path):
    release = one(write(tmp_path, "a.md", CORPUS_STYLE.replace("\n", "\r\n")))
    assert release.title.startswith("Los Angeles Declaration") and release.date == "2022-06-10"
    assert release.body.endswith("people.\n\n###")


def test_cr_line_ends_are_read(tmp_path):
    release = one(write(tmp_path, "a.md", CORPUS_STYLE.replace("\n", "\r")))
    assert release.date == "2022-06-10" and release.body.endswith("people.\n\n###")


def test_the_original_keeps_the_line_ends_as_read(tmp_path):
    text = CORPUS_STYLE.replace("\n", "\r\n")
    assert one(write(tmp_path, "a.md", text)).original == text


def test_windows_1252_is_read_with_a_warning(tmp_path):
    data = "Caf\u00e9 \u201cquoted\u201d \u2014 \u20ac5".encode("cp1252")
    release = one(write(tmp_path, "a.txt", data))
    assert release.body == "Café “quoted” — €5"
    assert release.encoding == "cp1252"
    assert release.warnings == ("not valid UTF-8; read as Windows-1252",)


def test_utf16_with_bom_is_read(tmp_path):
    release = one(write(tmp_path, "a.txt", "Grüße aus Berlin.".encode("utf-16")))
    assert (release.body, release.encoding) == ("Grüße aus Berlin.", "utf-16")


def test_unholdable_characters_are_removed_and_recorded(tmp_path):
    text = "Form\x0cfeed and \x00 null in a long enough text. " + "Filler words here. " * 10
    release = one(write(tmp_path, "a.txt", text))
    assert release.body.startswith("Formfeed and null in a long")
    assert release.removed == (
        "U+0000 (control character), once",
        "U+000C (control character), once",
    )


# --- bad files -------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n"])
def test_an_empty_file_fails(tmp_path, content):
    assert failure(write(tmp_path, "empty.txt", content)) == "the file is empty"


def test_a_binary_file_fails(tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert "binary" in failure(write(tmp_path, "picture.txt", data))


def test_a_missing_file_fails(tmp_path):
    assert "does not exist" in failure(tmp_path / "gone.md")


def test_a_folder_fails(tmp_path):
    assert "folder" in failure(tmp_path)


def test_an_unreadable_file_fails(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.md", "text")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("app.core.importers.reading.open", refuse, raising=False)
    assert "permission denied" in failure(path)


def test_a_too_large_file_fails(tmp_path):
    from app.core.importers.reading import read_bytes

    path = write(tmp_path, "big.txt", "x" * 2000)
    with pytest.raises(ImportFailure, match="too large"):
        read_bytes(path, limit=1000)


@pytest.mark.parametrize(
    ("name", "words"),
    [("a.pdf", "PDF"), ("a.doc", ".docx"), ("a.png", ".png files"), ("a.html", "web pages")],
)
def test_other_formats_fail_with_a_hint(tmp_path, name, words):
    assert words in failure(write(tmp_path, name, b"content"))


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=400),
    suffix=st.sampled_from([".md", ".txt", ".csv", ".jsonl", ".docx", ".tsv", ""]),
)
def test_any_bytes_give_releases_or_a_plain_failure(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"file{suffix}"
    path.write_bytes(data)
    try:
        result = parse_file(path)
    except ImportFailure as error:
        assert error.reason
    else:
        assert isinstance(result, ParseResult)


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

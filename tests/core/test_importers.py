"""app.core.importers: every format, every bad input, encodings, titles, discovery."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from importer_helpers import failure, one, write

from app.core.importers import (
    ImportFailure,
    ParseResult,
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


@pytest.mark.parametrize("name", ["a.md", "a.txt"])
@pytest.mark.parametrize(
    ("character", "described"),
    [
        ("\x85", "U+0085 (control character), once"),
        ("\ufffc", "U+FFFC (object replacement character), once"),
        ("\uffff", "U+FFFF (noncharacter), once"),
    ],
)
def test_the_fast_byte_check_still_finds_every_unholdable_character(
    tmp_path, name, character, described
):
    text = f"Before {character} after, in a long enough text. " + "Filler words here. " * 10
    release = one(write(tmp_path, name, text))
    assert character not in release.body and release.removed == (described,)


def test_an_entity_that_decodes_to_a_control_character_is_removed(tmp_path):
    text = "Before &#12; after, in a long enough text. " + "Filler words here. " * 10
    release = one(write(tmp_path, "a.md", text))
    assert "\x0c" not in release.body and release.removed


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

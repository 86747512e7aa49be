"""The PDF book reopened with pypdf, pdftotext and qpdf: structure, navigation, pages."""

from __future__ import annotations

import re
from dataclasses import replace

import pypdf
import pytest
from pdf_helpers import (
    link_targets,
    needs_poppler,
    needs_qpdf,
    normalise,
    outline,
    page_texts,
    qpdf_check,
)

from exporters.book import Options
from exporters.pdf import write_pdf

MARKING = "UNCLASSIFIED // FOR OFFICIAL USE ONLY"


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_book_builder):
    book = sample_book_builder()
    path = tmp_path_factory.mktemp("pdf") / "book.pdf"
    report = write_pdf(book, path, invariant=True)
    return book, path, report


@pytest.fixture(scope="module")
def texts(built):
    return page_texts(built[1])


def _first_page_with(texts, needle, start=3):
    for number, text in enumerate(texts[start - 1 :], start=start):
        if needle in normalise(text):
            return number
    return None


@needs_qpdf
def test_qpdf_finds_no_problem(built):
    result = qpdf_check(built[1])
    assert result.returncode == 0, result.stdout + result.stderr


def test_report_counts_the_pages(built):
    _, path, report = built
    assert report.pages == len(pypdf.PdfReader(path).pages)
    assert report.path == str(path)


@needs_poppler
def test_last_page_says_page_n_of_n(built, texts):
    total = built[2].pages
    assert f"Page {total} of {total}" in normalise(texts[-1])


@needs_poppler
def test_every_body_page_has_its_number_and_the_book_title(built, texts):
    total = built[2].pages
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number} of {total}" in normalise(text)
        assert "State Visit Briefing Book" in normalise(text)


@needs_poppler
def test_cover_has_no_page_number(texts):
    assert "Page 1 of" not in texts[0]


@needs_poppler
def test_marking_is_at_top_and_bottom_of_every_page_including_the_cover(texts):
    for text in texts:
        assert normalise(text).count(MARKING) == 2


@needs_poppler
def test_cover_shows_every_cover_field(texts):
    cover = normalise(texts[0])
    for expected in (
        "State Visit Briefing Book",
        "Meetings with the Prime Minister",
        "STATE VISIT",
        "3 December 2026",
        "Washington, D.C.",
        "The Secretary",
        "Office of Policy Planning",
        "Generated 27 November 2026, 09:30 UTC",
    ):
        assert expected in cover


def test_outline_mirrors_sections_and_entries(built):
    book, path, _ = built
    expected = []
    for section in book.sections:
        expected.append((0, section.heading))
        expected += [(1, entry.title) for entry in section.entries]
    assert [(depth, title) for depth, title, _ in outline(path)] == expected


@needs_poppler
def test_each_section_and_entry_starts_on_a_new_page_where_its_bookmark_points(built, texts):
    for _, title, page in outline(built[1]):
        if title.isascii():
            lines = [line for line in texts[page - 1].splitlines() if line.strip()]
            body = [line for line in lines if MARKING not in line]
            # Entries carry their section's name as a small line above the title.
            heads = [normalise(line) for line in body[:2]]
            assert any(h.startswith(normalise(title)[:30]) for h in heads), (title, heads)


@needs_poppler
def test_contents_page_numbers_are_the_pages_where_entries_start(built):
    path = built[1]
    contents = page_texts(path, layout=True)[1].splitlines()
    checked = 0
    for _, title, page in outline(path):
        if not title.isascii():
            continue
        start = next(
            i for i, line in enumerate(contents) if normalise(title)[:40] in normalise(line)
        )
        number = next(
            re.search(r"(\d+)\s*$", line).group(1)
            for line in contents[start : start + 3]
            if re.search(r"(\d+)\s*$", line)
        )
        assert int(number) == page, title
        checked += 1
    assert checked >= 6


def test_every_contents_line_links_to_its_page(built):
    path = built[1]
    targets = set(link_targets(path, 2))
    assert {page for _, _, page in outline(path)} <= targets


@needs_poppler
def test_body_text_comes_out_in_order(built, texts):
    book = built[0]
    entry = book.sections[2].entries[0]
    page = normalise(texts[_first_page_with(texts, "Readout of the President") - 1])
    positions = [page.index(normalise(p)[:30]) for p in entry.paragraphs]
    assert positions == sorted(positions)


@needs_poppler
def test_notes_come_in_a_box_before_the_body(texts):
    page = normalise(texts[_first_page_with(texts, "Readout of the President") - 1])
    assert (
        page.index("NOTES")
        < page.index("Ask about the critical minerals")
        < page.index("WASHINGTON")
    )


@needs_poppler
def test_highlight_comments_follow_their_paragraph(texts):
    page = normalise(texts[_first_page_with(texts, "Readout of the President") - 1])
    first_paragraph_end = page.index("secure supply chain.")
    comment = page.index("“energy security” — Key ask for our side")
    second_paragraph = page.index("The two leaders agreed")
    assert first_paragraph_end < comment < second_paragraph
    assert page.index("“joint working group” — Who chairs it?") > second_paragraph


def test_highlight_is_painted_in_its_colour(built):
    reader = pypdf.PdfReader(built[1])
    page = _first_page_with(page_texts(built[1]), "Readout of the President")
    content = reader.pages[page - 1].get_contents().get_data().decode("latin-1")
    # #a5d6a7 as reportlab writes fill colours
    assert ".647059 .839216 .654902 rg" in content


@needs_poppler
def test_meta_line_and_url_come_under_the_title(texts):
    page = normalise(texts[_first_page_with(texts, "Readout of the President") - 1])
    assert "20 November 2026 · The White House · Tags: trade, energy" in page
    assert "https://www.whitehouse.gov/briefing-room/readout-101/" in page


@needs_poppler
def test_section_free_text_keeps_line_breaks_and_bullets(built):
    lines = [line.strip() for line in page_texts(built[1], layout=True)[3].splitlines()]
    assert "•   Welcome the Prime Minister" in lines or "• Welcome the Prime Minister" in lines
    assert any(line.endswith("timeline") and line.startswith("–") for line in lines)
    schedule = page_texts(built[1])[2]
    assert "09:00" in schedule and "10:00" in schedule
    assert schedule.index("09:00") < schedule.index("10:00") < schedule.index("12:30")


def test_document_properties_come_from_the_cover_and_tags(built):
    info = pypdf.PdfReader(built[1]).metadata
    assert info.title == "State Visit Briefing Book"
    assert info.author == "Office of Policy Planning"
    assert "Meetings with the Prime Minister" in info.subject
    assert info["/Keywords"] == "trade, energy, languages, <tag>, R&D"
    assert info["/CreationDate"].startswith("D:20261127093000")
    assert "python" not in (info.producer or "").lower()


def test_letter_page_size_is_used_when_chosen(tmp_path, small_book_builder):
    book = small_book_builder(Options(page_size="Letter"))
    path = tmp_path / "letter.pdf"
    write_pdf(book, path)
    box = pypdf.PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


@needs_poppler
def test_clean_copy_drops_notes_highlights_and_tags(tmp_path, sample_book_builder):
    path = tmp_path / "clean.pdf"
    write_pdf(sample_book_builder(Options(clean_copy=True)), path)
    text = normalise(" ".join(page_texts(path)))
    assert "NOTES" not in text and "Ask about the critical minerals" not in text
    assert "Key ask for our side" not in text and "Tags:" not in text
    assert "WASHINGTON" in text


@needs_poppler
def test_without_marking_no_marking_is_drawn(tmp_path, small_book_builder):
    book = small_book_builder()
    assert not book.marking
    path = tmp_path / "plain.pdf"
    write_pdf(replace(book, marking=""), path)
    assert all(MARKING not in text for text in page_texts(path))

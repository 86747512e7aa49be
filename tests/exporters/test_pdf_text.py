"""Text fidelity of the PDF: every script readable, markup literal, nothing lost."""

from __future__ import annotations

import builtins
import os
from datetime import date

import pytest
from pdf_helpers import needs_poppler, normalise, page_texts

from exporters.book import Book, Cover, Entry, Section
from exporters.pdf import write_pdf


@pytest.fixture(scope="module")
def sample_text(tmp_path_factory, sample_book_builder):
    path = tmp_path_factory.mktemp("pdf-text") / "book.pdf"
    report = write_pdf(sample_book_builder(), path)
    return normalise(" ".join(page_texts(path))), report


def _one_entry_book(*paragraphs: str, title: str = "Entry", **entry) -> Book:
    body = Entry(key="e1", title=title, date=date(2026, 1, 2), paragraphs=paragraphs, **entry)
    return Book(cover=Cover("Test book"), sections=(Section("s1", "Section", entries=(body,)),))


@needs_poppler
@pytest.mark.parametrize(
    "script", ["latin", "greek", "cyrillic", "chinese", "japanese", "korean", "thai"]
)
def test_left_to_right_scripts_come_back_exactly(sample_text, script_samples, script):
    # The Cyrillic sample carries a highlight whose comment number follows "Министр".
    text = sample_text[0].replace("Министр1 ", "Министр ")
    assert normalise(script_samples[script]) in text


@needs_poppler
@pytest.mark.parametrize("script", ["arabic", "hebrew"])
def test_right_to_left_words_come_back_joined_and_whole(sample_text, script_samples, script):
    # pdftotext returns right-to-left lines in reading order; compare word by word.
    for word in script_samples[script].split():
        assert word in sample_text[0], word


@needs_poppler
def test_right_to_left_sentence_reads_in_order(sample_text, script_samples):
    assert normalise(script_samples["hebrew"]) in sample_text[0]


def test_sample_book_needs_no_replacement_glyph(sample_text):
    assert not any("no bundled font" in warning for warning in sample_text[1].warnings)


@needs_poppler
def test_markup_in_content_appears_literally(sample_text, hostile_samples):
    for sample in hostile_samples:
        assert normalise(sample) in sample_text[0], sample


@needs_poppler
def test_markup_in_titles_notes_tags_and_comments_appears_literally(sample_text):
    text = sample_text[0]
    assert 'Hostile <b>title</b> & S&P 500 <img src="/etc/passwd"/>' in text
    assert "Note with <b>markup</b> & S&P 500" in text
    assert "Tags: <tag>, R&D" in text
    assert "Comment with <i>markup</i> & more" in text
    assert "entity &lt;tag&gt; and &#169; stay literal" in text
    assert "S&P; 500" not in text


def test_image_markup_never_opens_a_file(tmp_path, monkeypatch, hostile_samples):
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def spy_os_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    book = _one_entry_book(
        *hostile_samples, title='<img src="/etc/passwd"/>', notes=('<img src="/etc/hosts"/>',)
    )
    write_pdf(book, tmp_path / "hostile.pdf")
    assert not [path for path in opened if path.startswith("/etc/")]


@needs_poppler
def test_control_characters_never_abort_and_the_words_stay(sample_text):
    assert "Control charactersare removed, the words around them stay." in sample_text[0]


@needs_poppler
def test_glyph_no_font_has_is_shown_as_a_box_and_reported(tmp_path):
    path = tmp_path / "missing.pdf"
    report = write_pdf(_one_entry_book("Hieroglyph \U00013000 here."), path)
    assert any("U+13000" in warning for warning in report.warnings)
    assert "Hieroglyph □ here." in normalise(" ".join(page_texts(path)))


@needs_poppler
def test_endless_word_wraps_and_every_character_is_kept(tmp_path, long_word):
    path = tmp_path / "word.pdf"
    report = write_pdf(_one_entry_book("Before.", long_word, "After."), path)
    text = "".join(page_texts(path))
    assert text.count("x") >= long_word.count("x")
    assert report.pages > 10  # it wrapped over many pages instead of running off one line
    assert "After." in text


@needs_poppler
def test_schedule_spacing_survives(tmp_path):
    book = Book(cover=Cover("B"), sections=(Section("s", "Schedule", text="09:00    Arrival"),))
    path = tmp_path / "schedule.pdf"
    write_pdf(book, path)
    assert "09:00" in page_texts(path)[2] and "Arrival" in page_texts(path)[2]


@needs_poppler
def test_mixed_right_to_left_paragraph_keeps_its_latin_words(sample_text):
    assert "Mixed: the minister said" in sample_text[0]
    assert "in Cairo." in sample_text[0]


@needs_poppler
def test_right_to_left_cover_marking_and_headings_come_back(tmp_path, script_samples):
    arabic, hebrew = script_samples["arabic"], script_samples["hebrew"]
    entry = Entry(key="e", title=arabic, source=hebrew, paragraphs=(hebrew, arabic))
    book = Book(
        cover=Cover(arabic, subtitle=hebrew, prepared_by=hebrew),
        marking="סודי — SECRET",
        sections=(Section("s", hebrew, text="• " + arabic, entries=(entry,)),),
    )
    path = tmp_path / "rtl.pdf"
    report = write_pdf(book, path)
    texts = [normalise(text) for text in page_texts(path)]
    assert not report.warnings
    assert all("סודי" in text and "SECRET" in text for text in texts)
    for word in arabic.split() + hebrew.split():
        assert word in texts[0] and word in texts[-1], word

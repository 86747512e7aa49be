"""PDF export under failure, cancellation and size: the previous file always survives."""

from __future__ import annotations

from dataclasses import replace

import pypdf
import pytest
from pdf_helpers import needs_poppler, normalise, page_texts
from reportlab.platypus import Flowable

from exporters import pdf_story
from exporters.atomic import TEMP_PREFIX
from exporters.book import Book, Cover, Entry, ExportCancelled, ExportError, Section
from exporters.pdf import write_pdf


class _Unsplittable(Flowable):
    """A block taller than any page that cannot split: reportlab raises LayoutError."""

    def wrap(self, avail_width, avail_height):
        return avail_width, 5000

    def draw(self):
        pass


def _leftovers(folder):
    return list(folder.glob(TEMP_PREFIX + "*"))


def test_failure_keeps_the_previous_file_and_leaves_no_temporary(tmp_path, monkeypatch, small_book):
    target = tmp_path / "book.pdf"
    target.write_bytes(b"previous export")

    def broken(book, ctx):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("exporters.pdf.build_story", broken)
    with pytest.raises(ExportError):
        write_pdf(small_book, target)
    assert target.read_bytes() == b"previous export"
    assert not _leftovers(tmp_path)


def test_missing_folder_is_a_plain_export_error(tmp_path, small_book):
    with pytest.raises(ExportError, match="does not exist"):
        write_pdf(small_book, tmp_path / "nowhere" / "book.pdf")


def test_cancel_leaves_no_file(tmp_path, sample_book):
    target = tmp_path / "book.pdf"
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(ExportCancelled):
        write_pdf(sample_book, target, cancel=cancel)
    assert not target.exists()
    assert not _leftovers(tmp_path)


def test_cancel_during_layout_keeps_the_previous_file(tmp_path, monkeypatch, sample_book):
    target = tmp_path / "book.pdf"
    target.write_bytes(b"previous export")
    monkeypatch.setattr(pdf_story, "build_story", pdf_story.build_story)  # layout, not story
    state = {"laid_out": 0}

    def cancel():
        state["laid_out"] += 1
        # The first five checks come from building the story; stop inside layout.
        return state["laid_out"] > 7

    with pytest.raises(ExportCancelled):
        write_pdf(sample_book, target, cancel=cancel)
    assert target.read_bytes() == b"previous export"
    assert not _leftovers(tmp_path)


def test_progress_rises_to_the_total(tmp_path, sample_book):
    seen: list[tuple[int, int]] = []
    write_pdf(
        sample_book, tmp_path / "book.pdf", progress=lambda done, total: seen.append((done, total))
    )
    total = len(sample_book.entries)
    assert seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert all(t == total for _, t in seen)


def _marked_book(small_book: Book) -> Book:
    """Return the small book with a second entry whose body will be sabotaged."""
    section = small_book.sections[0]
    bad = replace(section.entries[0], key="bad", title="Sabotaged release")
    return replace(small_book, sections=(replace(section, entries=(section.entries[0], bad)),))


@needs_poppler
def test_entry_that_breaks_layout_is_exported_simpler_with_a_warning(
    tmp_path, monkeypatch, small_book
):
    real = pdf_story.body_flowables

    def body(entry, ctx, *, highlights, simple):
        made = real(entry, ctx, highlights=highlights, simple=simple)
        return made + [_Unsplittable()] if entry.key == "bad" and not simple else made

    monkeypatch.setattr(pdf_story, "body_flowables", body)
    path = tmp_path / "book.pdf"
    report = write_pdf(_marked_book(small_book), path)
    assert any("Sabotaged release" in w and "simpler form" in w for w in report.warnings)
    text = normalise(" ".join(page_texts(path)))
    assert text.count("WASHINGTON — The President met today") == 2
    assert "Sabotaged release" in text


@needs_poppler
def test_entry_that_fails_to_build_is_exported_simpler_with_a_warning(
    tmp_path, monkeypatch, small_book
):
    real = pdf_story.body_flowables

    def body(entry, ctx, *, highlights, simple):
        if entry.key == "bad" and not simple:
            raise ValueError("broken markup")
        return real(entry, ctx, highlights=highlights, simple=simple)

    monkeypatch.setattr(pdf_story, "body_flowables", body)
    path = tmp_path / "book.pdf"
    report = write_pdf(_marked_book(small_book), path)
    assert any("Sabotaged release" in w and "broken markup" in w for w in report.warnings)
    assert normalise(" ".join(page_texts(path))).count("WASHINGTON — The President") == 2


def test_entry_that_fails_even_simply_becomes_a_placeholder(tmp_path, monkeypatch, small_book):
    real = pdf_story.body_flowables

    def body(entry, ctx, *, highlights, simple):
        made = real(entry, ctx, highlights=highlights, simple=simple)
        return made + [_Unsplittable()] if entry.key == "bad" else made

    monkeypatch.setattr(pdf_story, "body_flowables", body)
    path = tmp_path / "book.pdf"
    report = write_pdf(_marked_book(small_book), path)
    assert any("Sabotaged release" in w and "left out" in w for w in report.warnings)
    assert len(pypdf.PdfReader(path).outline) == 2  # the section and its two entries (nested)


def test_invariant_builds_are_byte_identical(tmp_path, sample_book):
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_pdf(sample_book, first, invariant=True)
    write_pdf(sample_book, second, invariant=True)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.slow
def test_five_megabyte_release_exports(tmp_path):
    sentence = "The delegation reviewed the agreement and its annexes in detail today. "
    paragraph = sentence * 60  # about 4,300 characters
    paragraphs = tuple([paragraph] * (5_000_000 // len(paragraph)))
    entry = Entry(key="big", title="A very long release", paragraphs=paragraphs)
    book = Book(cover=Cover("Big book"), sections=(Section("s", "Releases", entries=(entry,)),))
    path = tmp_path / "big.pdf"
    report = write_pdf(book, path)
    assert report.pages > 1000
    assert not report.warnings

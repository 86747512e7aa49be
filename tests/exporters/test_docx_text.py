"""Cutting body paragraphs for Word: highlight edges, long paragraphs, direction."""

from __future__ import annotations

from exporters import docx_text
from exporters.book import Highlight
from exporters.docx_text import is_rtl, segments


def test_segments_join_back_to_the_paragraph():
    text = "The quick brown fox jumps over the lazy dog."
    highlights = [Highlight(0, 4, 9, "a"), Highlight(0, 20, 25, "b")]
    assert "".join(s.text for s in segments(text, highlights)) == text


def test_highlighted_segments_hold_exactly_the_highlighted_text():
    text = "The quick brown fox jumps over the lazy dog."
    highlights = [Highlight(0, 4, 9, "a"), Highlight(0, 20, 25, "b")]
    marked = [(s.text, s.highlight.comment) for s in segments(text, highlights) if s.highlight]
    assert marked == [("quick", "a"), ("jumps", "b")]


def test_control_characters_before_a_highlight_do_not_shift_it():
    text = "ab\x00cd efgh"
    marked = [s.text for s in segments(text, [Highlight(0, 6, 10)]) if s.highlight]
    assert marked == ["efgh"]


def test_overlapping_and_out_of_range_highlights_are_clipped():
    text = "0123456789"
    highlights = [Highlight(0, 2, 6), Highlight(0, 4, 8), Highlight(0, 9, 500)]
    marked = [s.text for s in segments(text, highlights) if s.highlight]
    assert marked == ["2345", "67", "9"]


def test_long_paragraphs_are_cut_at_spaces(monkeypatch):
    monkeypatch.setattr(docx_text, "MAX_PARAGRAPH", 12)
    pieces = list(segments("aaaa bbbb cccc dddd eeee", []))
    assert "".join(p.text for p in pieces) == "aaaa bbbb cccc dddd eeee"
    assert all(len(p.text) <= 12 for p in pieces)
    assert [p.new_paragraph for p in pieces][0] is False and any(p.new_paragraph for p in pieces)


def test_a_long_word_is_not_cut(monkeypatch):
    monkeypatch.setattr(docx_text, "MAX_PARAGRAPH", 10)
    word = "x" * 50
    assert [p.text for p in segments(word, [])] == [word]


def test_direction_follows_the_first_strong_letter():
    assert is_rtl("  2026: שלום world")
    assert not is_rtl("Cairo: القاهرة")
    assert not is_rtl("1234")

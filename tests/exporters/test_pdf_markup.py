"""Plain text to reportlab markup: escaping, fonts by script, highlights, bidi order."""

from __future__ import annotations

import re

from reportlab.platypus import Paragraph

from exporters import pdf_styles
from exporters.pdf_body import _colour
from exporters.pdf_markup import Span, markup


def _plain(made: str) -> str:
    return re.sub(r"<[^>]+>", "", made)


def test_plain_latin_text_is_only_escaped():
    made = markup('S&P 500 <img src="/etc/passwd"/>')
    assert made.text == 'S&amp;P 500 &lt;img src="/etc/passwd"/&gt;'
    assert not (made.shaped or made.rtl or made.prewrapped)


def test_markup_parses_back_to_the_same_visible_text():
    text = "<b>x</b> &amp; a < b"
    paragraph = Paragraph(markup(text).text, pdf_styles.styles()["body"])
    assert "".join(frag.text for frag in paragraph.frags) == text


def test_each_script_run_gets_its_font():
    made = markup("Tokyo 東京 Seoul 서울").text
    assert '<font face="bb-cjk">東京 </font>' in made or '<font face="bb-cjk">東京</font>' in made
    assert "bb-korean" in made


def test_highlight_becomes_a_background_with_its_comment_number():
    made = markup("energy security matters", [Span(0, 15, "#a5d6a7", "3")]).text
    assert made.startswith('<span backColor="#a5d6a7">energy security</span><super>')
    assert ">3</font></super>" in made


def test_comment_number_follows_the_last_word_not_the_space():
    made = markup("energy security matters", [Span(0, 16, "#a5d6a7", "1")]).text
    assert "security</span><super>" in made


def test_untrusted_colour_never_reaches_markup():
    assert _colour('#fff" onload="x') == "#fff176"
    assert _colour("#A5D6A7") == "#A5D6A7"


def test_hebrew_sentence_is_wrapped_right_aligned_in_visual_word_order():
    made = markup("שלום עולם יפה", width=400)
    assert made.rtl and made.prewrapped and made.shaped
    words = _plain(made.text).split()
    assert words == ["יפה", "עולם", "שלום"]  # letters stay in logical order for HarfBuzz


def test_right_to_left_run_inside_latin_is_reversed_as_a_unit():
    made = markup("said שלום עולם today", width=400)
    assert not made.rtl
    assert _plain(made.text).split() == ["said", "עולם", "שלום", "today"]


def test_numbers_inside_right_to_left_text_keep_their_digit_order():
    words = _plain(markup("שנת 2026 היא", width=400).text).split()
    assert words == ["היא", "2026", "שנת"]


def test_long_right_to_left_text_breaks_into_lines_that_fit():
    made = markup(" ".join(["שלום"] * 200), width=300)
    assert made.text.count("<br/>") >= 5

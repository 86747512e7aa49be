"""app.core.text: clean bodies, proposed titles, ledes, duplicate keys, language guesses."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.text import (
    clean_text,
    first_sentence,
    guess_language,
    lede,
    normalise_for_hash,
    propose_title,
    remove_illegal,
    utf8_is_legal,
)

SEED_FIRST_PARAGRAPH = (
    "Secretary of Homeland Security Alejandro N. Mayorkas met with Mexican Foreign Minister "
    "Marcelo Ebrard on Tuesday to discuss the shared challenge of migration throughout the "
    "region and the opportunities to advance economic development. They met in Washington, "
    "DC. and were joined by fellow officials from both countries."
)


def body(text: str, **options) -> str:
    return clean_text(text, **options)[0]


# --- paragraphs and line breaks -------------------------------------------------------


def test_hard_wrapped_lines_join_into_one_paragraph():
    assert body("The Secretary met\nthe Minister\non Tuesday.") == (
        "The Secretary met the Minister on Tuesday."
    )


def test_blank_lines_separate_paragraphs():
    assert body("One.\n\nTwo.\n\n\n\nThree.") == "One.\n\nTwo.\n\nThree."


def test_lines_of_spaces_or_no_break_spaces_separate_paragraphs():
    assert body("One.  \n  \nTwo.\n\xa0\nThree.") == "One.\n\nTwo.\n\nThree."


def test_two_trailing_spaces_keep_a_line_break():
    assert body("Office of the Press Secretary  \nWashington, DC\n\nText.") == (
        "Office of the Press Secretary\nWashington, DC\n\nText."
    )


def test_trailing_backslash_keeps_a_line_break():
    assert body("First line\\\nsecond line") == "First line\nsecond line"


def test_crlf_and_cr_line_ends_are_understood():
    assert body("One\r\ntwo\r\n\r\nThree\rfour\r\rFive") == "One two\n\nThree four\n\nFive"


def test_runs_of_spaces_and_no_break_spaces_become_one_space():
    assert (
        body("Secretary.\xa0 Xavier,  welcome.\tThanks.") == "Secretary. Xavier, welcome. Thanks."
    )


# --- Markdown ---------------------------------------------------------------------------


def test_escaped_hashes_become_plain_hashes():
    assert body("Text.\n\n\\###") == "Text.\n\n###"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("\\[assaulted\\]", "[assaulted]"),
        ("a \\* b", "a * b"),
        ("\\#NotAllRepublicans", "#NotAllRepublicans"),
        ("snake\\_case", "snake_case"),
        ("1956\\. was a year", "1956. was a year"),
    ],
)
def test_markdown_escapes_become_the_character(source, expected):
    assert body(source) == expected


def test_emphasis_marks_are_dropped():
    assert body("***The Strategy*** and **bold** and *it*") == "The Strategy and bold and it"


def test_links_keep_their_text_only():
    source = "the online [Prevention Resource\nFinder](https://www.dhs.gov/prevention), here"
    assert body(source) == "the online Prevention Resource Finder, here"


def test_links_with_parentheses_in_the_url_keep_their_text():
    assert body("see [the law](https://example.org/a_(b)) now") == "see the law now"


def test_autolinks_keep_the_address():
    assert body("Read <https://rhg.com/research/> now.") == "Read https://rhg.com/research/ now."


def test_image_links_keep_their_alt_text():
    assert body("Look ![a chart](chart.png) here") == "Look a chart here"


def test_headings_become_their_own_paragraphs():
    assert body("Intro text\n## Background\nMore text") == "Intro text\n\nBackground\n\nMore text"


def test_empty_headings_vanish():
    assert body("One.\n\n## \n\nTwo.") == "One.\n\nTwo."


def test_bullet_items_become_paragraphs_with_a_bullet():
    source = "Points:\n\n-   First point that\n    wraps over lines\n-   Second point"
    assert body(source) == "Points:\n\n• First point that wraps over lines\n\n• Second point"


def test_numbered_items_become_paragraphs():
    assert body("Steps:\n\n1.  Apply\n2.  Wait") == "Steps:\n\n1. Apply\n\n2. Wait"


def test_horizontal_rules_vanish():
    assert body("One.\n\n------------\n\nTwo.\n\n* * *\n\nThree.") == "One.\n\nTwo.\n\nThree."


def test_block_quotes_keep_their_text():
    assert body("> Quoted words\n> continue here") == "Quoted words continue here"


def test_plain_mode_leaves_markdown_characters_alone():
    assert body("a *b* \\# [c](d)", markdown=False) == "a *b* \\# [c](d)"


# --- stray HTML -------------------------------------------------------------------------


def test_figures_and_images_without_alt_text_vanish():
    source = (
        'Before.\n\n<figure>\n<img\nsrc="https://x/image.gif"\nwidth="1" />\n</figure>\n\nAfter.'
    )
    assert body(source) == "Before.\n\nAfter."


def test_struck_text_stays_readable():
    source = "those <s>insaulted</s> \\[assaulted\\] officers"
    assert body(source) == "those insaulted [assaulted] officers"


def test_entities_are_decoded_with_or_without_tags():
    assert body("Johnson &amp; Johnson") == "Johnson & Johnson"
    assert body("<u>S&amp;P 500</u>") == "S&P 500"


def test_table_cells_are_separated_and_rows_are_paragraphs():
    source = "<table><tr><td>TCJA Extension</td><td>$3,760</td></tr><tr><td>Debt</td><td>$594</td></tr></table>"
    assert body(source) == "TCJA Extension | $3,760\n\nDebt | $594"


def test_html_line_breaks_are_line_breaks():
    assert body("one<br />two") == "one\ntwo"


def test_script_content_is_not_text():
    assert body("Text<script>alert(1)</script> more") == "Text more"


def test_a_lone_less_than_sign_is_text():
    assert body("fewer than <5 percent & rising, a < b") == "fewer than <5 percent & rising, a < b"


def test_a_release_made_only_of_images_keeps_their_addresses():
    source = '<figure>\n<img\nsrc="https://x.gov/poster.png?w=800"\nwidth="800" />\n</figure>'
    assert body(source) == "[Image: https://x.gov/poster.png?w=800]"


# --- characters no document format can hold ---------------------------------------------


@pytest.mark.parametrize(
    "bad", ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\x85", "\ufffc", "\ufffe", "\uffff", "\ud800"]
)
def test_unholdable_characters_are_removed(bad):
    clean, removed = clean_text(f"Secre{bad}tary")
    assert clean == "Secretary"
    assert removed and f"U+{ord(bad):04X}" in removed[0]


def test_removed_characters_are_counted():
    _, removed = remove_illegal("a\x0cb\x0cc\ufffc")
    assert removed == (
        "U+000C (control character), 2 times",
        "U+FFFC (object replacement character), once",
    )


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_the_byte_check_agrees_with_the_character_check(text):
    assert utf8_is_legal(text.encode("utf-8")) == (remove_illegal(text)[1] == ())


def test_a_body_checked_as_legal_is_cleaned_the_same():
    text = "Plain text\n\nwith <b>tags</b> &#12; and more"
    assert clean_text(text, legal=True) == clean_text(text)


def test_unholdable_characters_from_entities_are_removed():
    clean, removed = clean_text("form&#12;feed")
    assert clean == "formfeed" and removed


def test_text_without_bad_characters_reports_nothing_removed():
    assert clean_text("Plain “text” — with dashes and emoji 🎉")[1] == ()


@given(st.text())
def test_clean_text_never_leaves_unholdable_characters_or_stray_spaces(text):
    clean, _ = clean_text(text)
    for paragraph in clean.split("\n\n") if clean else ():
        assert paragraph and paragraph == paragraph.strip()
        for line in paragraph.split("\n"):
            assert line and "  " not in line
    assert not any(
        ch in clean for ch in "\x00\x01\x02\x03\x08\x0b\x0c\x0e\x1f\x7f\x85\ufffc\ufffe\uffff"
    )
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in clean)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_plain_clean_text_never_fails(text):
    assert isinstance(clean_text(text, markdown=False)[0], str)


# --- titles and ledes ---------------------------------------------------------------------


def test_the_seed_title_is_not_cut_at_an_initial():
    title = propose_title(SEED_FIRST_PARAGRAPH)
    assert title.startswith("Secretary of Homeland Security Alejandro N. Mayorkas met with")
    assert not title.rstrip("…").endswith(("N.", " N"))


def test_a_long_first_sentence_is_cut_at_a_word_boundary_with_an_ellipsis():
    title = propose_title(SEED_FIRST_PARAGRAPH)
    assert title.endswith("…") and len(title) <= 111
    assert title[:-1] in SEED_FIRST_PARAGRAPH
    assert SEED_FIRST_PARAGRAPH[len(title) - 1] == " "  # cut before a space: a whole word


def test_a_long_title_is_cut_before_a_joining_word_not_inside_a_name():
    title = propose_title(SEED_FIRST_PARAGRAPH)
    assert title == (
        "Secretary of Homeland Security Alejandro N. Mayorkas met with Mexican Foreign "
        "Minister Marcelo Ebrard…"
    )


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("The U.S. Government acted. Then more.", "The U.S. Government acted."),
        (
            "He flew to Washington, D.C. Tomorrow he returns.",
            "He flew to Washington, D.C. Tomorrow he returns.",
        ),
        ("On Jan. 6 Congress met. Later.", "On Jan. 6 Congress met."),
        (
            "Mr. Smith and Dr. Jones met St. Paul officials. Later.",
            "Mr. Smith and Dr. Jones met St. Paul officials.",
        ),
        ("Is it done? Yes.", "Is it done?"),
        ("“We act now.” The Secretary said.", "“We act now.”"),
        ("No full stop at all", "No full stop at all"),
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text, sentence):
    assert first_sentence(text) == sentence


def test_a_short_first_sentence_is_the_whole_title_without_its_full_stop():
    assert (
        propose_title("DHS Announces New Measures. More follows here.")
        == "DHS Announces New Measures"
    )


def test_a_title_keeps_the_full_stop_of_a_final_abbreviation():
    assert (
        propose_title("Talks were held in Washington, D.C.")
        == "Talks were held in Washington, D.C."
    )


def test_title_skips_a_short_dateline_paragraph():
    assert propose_title("WASHINGTON\n\nThe Department announced new rules today.") == (
        "The Department announced new rules today"
    )


def test_a_body_of_one_long_word_still_gives_a_bounded_title():
    title = propose_title("x" * 500)
    assert len(title) <= 111 and title.endswith("…")


def test_lede_is_the_first_real_paragraph():
    text = "State Dining Room\n\n2:14 P.M. EDT\n\n" + SEED_FIRST_PARAGRAPH + "\n\nSecond paragraph."
    assert lede(text) == SEED_FIRST_PARAGRAPH


def test_a_long_lede_is_cut_at_a_sentence_end():
    paragraph = " ".join(["This is a sentence of the lede with several words in it."] * 30)
    summary = lede(paragraph)
    assert summary.endswith("in it.") and len(summary) <= 600


# --- duplicate keys ---------------------------------------------------------------------


def test_normalised_text_ignores_case_spacing_and_compatibility_forms():
    assert normalise_for_hash("Stra\u00dfe  ﬁnal\nＡ\xa0b ") == "strasse final a b"


def test_texts_that_differ_only_in_spacing_and_case_normalise_alike():
    assert normalise_for_hash("The Secretary\n\nmet  them.") == normalise_for_hash(
        "the secretary met them."
    )


@given(st.text())
def test_normalise_for_hash_is_nfkc_casefold_and_collapsed_spaces(text):
    expected = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    assert normalise_for_hash(text) == expected


@given(st.text())
def test_normalising_a_clean_body_matches_the_definition(text):
    clean = clean_text(text)[0]
    expected = " ".join(unicodedata.normalize("NFKC", clean).casefold().split())
    assert normalise_for_hash(clean, clean=True) == expected


# --- language ---------------------------------------------------------------------------


def test_english_is_recognised():
    assert guess_language(SEED_FIRST_PARAGRAPH * 2) == "en"


def test_spanish_is_recognised():
    text = (
        "El Presidente de los Estados Unidos se reunió con el Presidente de México para "
        "hablar de la migración en la región y de las oportunidades para el desarrollo "
        "económico de los países que participan en la Cumbre de las Américas con una "
        "visión compartida."
    )
    assert guess_language(text) == "es"


def test_too_little_text_gives_no_language():
    assert guess_language("Fact sheet") is None


def test_french_and_portuguese_are_told_apart_from_spanish():
    french = "Nous, chefs d’État et de gouvernement de la République du Chili, des États-Unis " * 3
    portuguese = "Nós, os chefes de Estado e de governo da República do Chile e dos Estados " * 3
    assert (guess_language(french), guess_language(portuguese)) == ("fr", "pt")


@given(st.lists(st.text(), max_size=6))
def test_normalising_line_by_line_equals_normalising_the_whole_text(lines):
    text = "\n".join(lines)
    whole = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    assert normalise_for_hash(text) == whole

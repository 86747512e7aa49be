"""Script detection, font coverage and text preparation shared by both writers."""

from __future__ import annotations

from exporters import fonts, text


def test_ascii_is_one_latin_run():
    assert fonts.runs_by_script("Hello, world 2026!") == [("latin", "Hello, world 2026!")]


def test_each_script_gets_its_font(script_samples):
    expected = {
        "latin": "latin",
        "greek": "latin",
        "cyrillic": "latin",
        "chinese": "cjk",
        "japanese": "cjk",
        "korean": "korean",
        "arabic": "arabic",
        "hebrew": "hebrew",
        "thai": "thai",
    }
    for name, sentence in script_samples.items():
        scripts = fonts.scripts_in(sentence)
        assert expected[name] in scripts, (name, scripts)


def test_runs_join_back_to_the_text(script_samples):
    sentence = " ".join(script_samples.values())
    assert "".join(t for _, t in fonts.runs_by_script(sentence)) == sentence


def test_every_run_is_covered_by_its_font(script_samples):
    for script, run in fonts.runs_by_script(" ".join(script_samples.values())):
        cover = fonts.coverage(script)
        assert all(ord(c) in cover for c in run), (script, run)


def test_spaces_stay_inside_an_arabic_run():
    runs = fonts.runs_by_script("وزارة الخارجية ترحب")
    assert runs == [("arabic", "وزارة الخارجية ترحب")]


def test_digits_never_go_to_a_right_to_left_font():
    runs = fonts.runs_by_script("عام 2026 و ٢٠٢٦")
    assert all(script not in fonts.RTL_SCRIPTS for script, t in runs if any(c.isdigit() for c in t))


def test_glyph_no_font_has_is_replaced_visibly_and_reported():
    missing: set[str] = set()
    runs = fonts.runs_by_script("Egyptian \U00013000 sign", missing)
    assert any(script == "symbol" and fonts.REPLACEMENT in t for script, t in runs)
    assert missing == {"\U00013000"}


def test_invisible_format_characters_are_never_reported_missing():
    missing: set[str] = set()
    runs = fonts.runs_by_script("a\u2060b\u200ec\u00add", missing)
    assert (
        "".join(t for _, t in runs)
        .replace("\u2060", "")
        .replace("\u200e", "")
        .replace("\u00ad", "")
        == "abcd"
    )
    assert not missing


def test_font_files_exist_for_every_script():
    for script in fonts.FACES:
        assert fonts.font_path(script).is_file()
        assert fonts.font_path(script, bold=True).is_file()


def test_clean_removes_xml_illegal_characters():
    assert text.clean("a\x00b\x07c\x1bd\ufffee\ud800f\x0cg") == "abcdefg"


def test_clean_keeps_tabs_as_spaces_and_unifies_line_ends():
    assert text.clean("a\tb\r\nc\rd") == "a    b\nc\nd"


def test_split_paragraph_rejoins_to_the_original():
    paragraph = "This is a sentence. " * 1000
    pieces = text.split_paragraph(paragraph, limit=3000)
    assert "".join(pieces) == paragraph
    assert max(len(p) for p in pieces) <= 3000 and len(pieces) > 5


def test_split_paragraph_cuts_after_a_sentence_end():
    pieces = text.split_paragraph("Alpha beta gamma. " * 300, limit=1000)
    assert all(p.endswith(". ") for p in pieces[:-1])


def test_split_paragraph_cuts_an_endless_word(long_word):
    pieces = text.split_paragraph(long_word, limit=3000)
    assert "".join(pieces) == long_word and max(map(len, pieces)) == 3000


def test_break_long_words_inserts_break_opportunities():
    broken = text.break_long_words("short " + "y" * 130)
    assert broken.split(" ")[1].split(text.ZERO_WIDTH_SPACE) == ["y" * 60, "y" * 60, "y" * 10]


def test_escape_markup_makes_tags_literal():
    assert text.escape_markup('<img src="/etc/passwd"/> S&P\nx') == (
        '&lt;img src="/etc/passwd"/&gt; S&amp;P<br/>x'
    )


def test_paragraphs_of_keeps_line_breaks_inside_blocks():
    assert text.paragraphs_of("• one\n• two\n\n\nnext") == ["• one\n• two", "next"]

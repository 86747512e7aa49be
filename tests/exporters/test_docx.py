"""The Word writer, checked by reopening its files with python-docx and reading the raw XML."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from exporters.book import Book, Cover, Entry, Highlight, Options, Section
from exporters.docx import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_written: dict[str, Path] = {}


@pytest.fixture
def sample_docx(sample_book, tmp_path_factory) -> Path:
    """The sample book written once per module (writing is deterministic)."""
    if "sample" not in _written:
        path = tmp_path_factory.mktemp("docx") / "sample.docx"
        write_docx(sample_book, path)
        _written["sample"] = path
    return _written["sample"]


def _xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(part).decode("utf-8")


def _root(path: Path, part: str):
    from lxml import etree

    return etree.fromstring(_xml(path, part).encode("utf-8"))


def _all_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def _styled(path: Path, style: str) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == style]


# --- structure -----------------------------------------------------------------------


def test_sections_use_heading_1_and_entries_heading_2(sample_docx, sample_book):
    assert _styled(sample_docx, "Heading 1") == [s.heading for s in sample_book.sections]
    titles = [e.title for e in sample_book.entries]
    assert _styled(sample_docx, "Heading 2") == titles


def test_every_heading_starts_a_new_page(sample_docx):
    for paragraph in docx.Document(str(sample_docx)).paragraphs:
        if paragraph.style.name in ("Heading 1", "Heading 2"):
            assert paragraph.paragraph_format.page_break_before, paragraph.text


def test_toc_field_has_the_outline_instruction(sample_docx):
    instructions = [
        t.text.strip() for t in _root(sample_docx, "word/document.xml").iter(f"{W}instrText")
    ]
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions


def test_toc_placeholder_lists_every_heading_inside_the_field(sample_docx, sample_book):
    body = _root(sample_docx, "word/document.xml").find(f"{W}body")
    inside, placeholder = False, []
    for paragraph in body.iter(f"{W}p"):
        text = []
        for node in paragraph.iter(f"{W}fldChar", f"{W}t"):
            if node.tag == f"{W}fldChar" and node.get(f"{W}fldCharType") == "separate":
                inside = True
            elif node.tag == f"{W}fldChar" and node.get(f"{W}fldCharType") == "end" and inside:
                placeholder.append("".join(text))
                inside = False
                break
            elif node.tag == f"{W}t" and inside:
                text.append(node.text or "")
        else:
            if inside:
                placeholder.append("".join(text))
        if placeholder and not inside:
            break
    expected = []
    for section in sample_book.sections:
        expected.append(section.heading)
        expected.extend(e.title for e in section.entries)
    assert placeholder == expected


def test_toc_lines_link_to_unique_heading_bookmarks(sample_docx):
    body = _root(sample_docx, "word/document.xml")
    starts = list(body.iter(f"{W}bookmarkStart"))
    ids = [b.get(f"{W}id") for b in starts]
    assert len(set(ids)) == len(ids)
    names = {b.get(f"{W}name") for b in starts}
    anchors = [
        link.get(f"{W}anchor") for link in body.iter(f"{W}hyperlink") if link.get(f"{W}anchor")
    ]
    assert anchors and set(anchors) == names


def test_settings_ask_word_to_update_fields(sample_docx):
    update = _root(sample_docx, "word/settings.xml").find(f"{W}updateFields")
    assert update is not None and update.get(f"{W}val") == "true"


def test_footer_says_page_x_of_y_with_the_title(sample_docx, sample_book):
    footer = docx.Document(str(sample_docx)).sections[0].footer
    xml = footer._element.xml
    instructions = [t.strip() for t in re.findall(r"<w:instrText[^>]*>([^<]*)<", xml)]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert sample_book.cover.title in footer.paragraphs[0].text
    assert "Page " in footer.paragraphs[0].text and " of " in footer.paragraphs[0].text


def test_cover_page_footer_has_no_page_number(sample_docx):
    section = docx.Document(str(sample_docx)).sections[0]
    assert section.different_first_page_header_footer
    assert "instrText" not in section.first_page_footer._element.xml


def test_marking_is_in_every_header_and_footer(sample_docx, sample_book):
    section = docx.Document(str(sample_docx)).sections[0]
    parts = (section.header, section.footer, section.first_page_header, section.first_page_footer)
    for part in parts:
        assert sample_book.marking in "\n".join(p.text for p in part.paragraphs)


def test_no_marking_leaves_headers_empty(small_book, tmp_path):
    write_docx(small_book, tmp_path / "b.docx")
    section = docx.Document(str(tmp_path / "b.docx")).sections[0]
    assert all(not p.text for p in section.header.paragraphs)


@pytest.mark.parametrize(("size", "width", "height"), [("A4", 210, 297), ("Letter", 215.9, 279.4)])
def test_page_size_and_margins_are_set(small_book, tmp_path, size, width, height):
    write_docx(replace(small_book, options=Options(page_size=size)), tmp_path / "b.docx")
    section = docx.Document(str(tmp_path / "b.docx")).sections[0]
    assert abs(section.page_width - Mm(width)) < Mm(0.1)
    assert abs(section.page_height - Mm(height)) < Mm(0.1)
    assert section.left_margin >= Mm(20) and section.top_margin >= Mm(20)


# --- free text, notes, entry lines -----------------------------------------------------


def test_talking_points_keep_bullets_and_line_breaks(sample_docx):
    bullets = _styled(sample_docx, "List Bullet") + _styled(sample_docx, "List Bullet 2")
    assert "Welcome the Prime Minister" in bullets
    assert "timeline" in _styled(sample_docx, "List Bullet 2")
    assert "Thank them for <b>support</b> & S&P 500" in bullets
    schedule = _styled(sample_docx, "Section Text")
    assert schedule[:3] == ["09:00  Arrival", "10:00  Bilateral meeting", "12:30  Working lunch"]


def test_notes_sit_in_a_box_before_the_body(sample_docx):
    document = docx.Document(str(sample_docx))
    texts = [p.text for p in document.paragraphs]
    note = texts.index("Ask about the critical minerals timeline.")
    assert document.paragraphs[note].style.name == "Note Box"
    assert note < texts.index(next(t for t in texts if t.startswith("WASHINGTON")))
    ppr = document.styles["Note Box"].element.pPr
    assert ppr.find(qn("w:pBdr")) is not None and ppr.find(qn("w:shd")) is not None


def test_note_line_breaks_are_kept(sample_docx):
    assert "Second note\nwith a line break." in _all_text(sample_docx)


def test_entry_line_shows_date_source_and_tags(sample_docx):
    meta = _styled(sample_docx, "Entry Meta")
    assert "20 November 2026  ·  The White House  ·  Tags: trade, energy" in meta


def test_web_url_is_a_hyperlink(sample_docx):
    rels = _xml(sample_docx, "word/_rels/document.xml.rels")
    assert 'Target="https://www.whitehouse.gov/briefing-room/readout-101/"' in rels
    assert 'TargetMode="External"' in rels


def test_link_target_of_a_hostile_url_is_percent_encoded(sample_docx):
    rels = _xml(sample_docx, "word/_rels/document.xml.rels")
    assert 'Target="https://example.org/?a=1&amp;b=%3C2%3E%22"' in rels
    assert 'https://example.org/?a=1&b=<2>"' in _all_text(sample_docx)  # shown as written


def test_non_web_url_is_text_not_a_link(small_book, tmp_path):
    entry = replace(small_book.entries[0], url="file:///etc/passwd")
    book = replace(small_book, sections=(replace(small_book.sections[0], entries=(entry,)),))
    write_docx(book, tmp_path / "b.docx")
    assert "file:///etc/passwd" in _all_text(tmp_path / "b.docx")
    assert "/etc/passwd" not in _xml(tmp_path / "b.docx", "word/_rels/document.xml.rels")


# --- highlights and comments -------------------------------------------------------------


def _commented_text(path: Path) -> dict[str, str]:
    """Map each comment id to the document text between its range start and end."""
    body = _root(path, "word/document.xml").find(f"{W}body")
    open_ranges: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for node in body.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t"):
        if node.tag == f"{W}commentRangeStart":
            open_ranges[node.get(f"{W}id")] = []
        elif node.tag == f"{W}commentRangeEnd":
            done[node.get(f"{W}id")] = "".join(open_ranges.pop(node.get(f"{W}id")))
        else:
            for parts in open_ranges.values():
                parts.append(node.text or "")
    return done


def test_comments_are_anchored_on_exactly_the_highlighted_words(sample_docx, sample_book):
    document = docx.Document(str(sample_docx))
    comments = {str(c.comment_id): c.text for c in document.comments}
    anchored = {comments[cid]: text for cid, text in _commented_text(sample_docx).items()}
    for entry in sample_book.entries:
        for hl in entry.highlights:
            assert anchored[hl.comment] == entry.paragraphs[hl.paragraph][hl.start : hl.end]


def test_comment_author_is_who_prepared_the_book(sample_docx, sample_book):
    authors = {c.author for c in docx.Document(str(sample_docx)).comments}
    assert authors == {sample_book.cover.prepared_by}


def test_highlighted_runs_are_shaded_in_the_library_colour(sample_docx):
    document = docx.Document(str(sample_docx))
    fills = {}
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            shd = run._r.find(f"{W}rPr/{W}shd")
            if shd is not None:
                fills[run.text] = shd.get(f"{W}fill")
    assert fills["energy security"] == "FFF176"
    assert fills["joint working group"] == "A5D6A7"
    assert fills["Министр"] == "90CAF9"


def test_clean_copy_drops_notes_highlights_and_tags(sample_book, tmp_path):
    write_docx(replace(sample_book, options=Options(clean_copy=True)), tmp_path / "clean.docx")
    text = _all_text(tmp_path / "clean.docx")
    assert "Ask about the critical minerals timeline." not in text and "Tags:" not in text
    names = zipfile.ZipFile(tmp_path / "clean.docx").namelist()
    assert "word/comments.xml" not in names
    assert "<w:shd" not in re.sub(
        r"<w:pPr>.*?</w:pPr>", "", _xml(tmp_path / "clean.docx", "word/document.xml")
    )
    assert docx.Document(str(tmp_path / "clean.docx")).core_properties.keywords == ""


# --- text fidelity ----------------------------------------------------------------------


def test_every_script_is_in_the_document(sample_docx, script_samples):
    text = _all_text(sample_docx)
    for name, sentence in script_samples.items():
        assert sentence in text, name


def test_markup_in_content_stays_literal(sample_docx, hostile_samples, sample_book):
    text = _all_text(sample_docx)
    for sample in hostile_samples:
        assert sample in text
    assert 'Hostile <b>title</b> & S&P 500 <img src="/etc/passwd"/>' in text


def test_control_characters_are_dropped_and_words_kept(sample_docx):
    assert "Control charactersare removed, the words around them stay." in _all_text(sample_docx)


def test_the_endless_word_is_kept_whole(sample_docx, long_word):
    assert long_word in _all_text(sample_docx).replace("\n", "")


def _run_fonts(path: Path, needle: str):
    for paragraph in docx.Document(str(path)).paragraphs:
        for run in paragraph.runs:
            if needle in run.text:
                return paragraph, run._r.find(f"{W}rPr")
    raise AssertionError(needle)


@pytest.mark.parametrize(
    ("needle", "attribute", "font"),
    [
        ("وزارة", "cs", "Noto Sans Arabic"),
        ("משרד", "cs", "Noto Sans Hebrew"),
        ("กระทรวง", "cs", "Noto Sans Thai"),
        ("中华人民共和国", "eastAsia", "Droid Sans Fallback"),
        ("대한민국", "eastAsia", "NanumGothic"),
    ],
)
def test_each_script_run_names_its_font(sample_docx, needle, attribute, font):
    _, rpr = _run_fonts(sample_docx, needle)
    assert rpr.find(f"{W}rFonts").get(f"{W}{attribute}") == font


@pytest.mark.parametrize("needle", ["وزارة", "משרד"])
def test_right_to_left_text_is_marked_rtl(sample_docx, needle):
    paragraph, rpr = _run_fonts(sample_docx, needle)
    assert rpr.find(f"{W}rtl") is not None
    assert paragraph._p.pPr.find(f"{W}bidi") is not None


def test_default_fonts_are_the_bundled_families(sample_docx):
    fonts = _root(sample_docx, "word/styles.xml").find(f"{W}docDefaults").find(f".//{W}rFonts")
    assert fonts.get(f"{W}ascii") == "Noto Serif"
    assert fonts.get(f"{W}asciiTheme") is None


def test_a_huge_paragraph_is_cut_into_several(small_book, tmp_path):
    sentence = "A sentence of a very long release body. "
    huge = sentence * 20_000  # 800,000 characters
    entry = replace(small_book.entries[0], paragraphs=(huge,), highlights=())
    book = replace(small_book, sections=(replace(small_book.sections[0], entries=(entry,)),))
    write_docx(book, tmp_path / "huge.docx")
    body = _styled(tmp_path / "huge.docx", "Body Text")
    assert len(body) > 50
    assert "".join(body) == huge


# --- properties -------------------------------------------------------------------------


def test_core_properties_come_from_the_book(sample_docx, sample_book):
    props = docx.Document(str(sample_docx)).core_properties
    cover = sample_book.cover
    assert props.title == cover.title
    assert props.subject == cover.subtitle
    assert props.author == cover.prepared_by == props.last_modified_by
    assert props.keywords.split("; ") == list(sample_book.keywords)
    assert props.created == cover.generated_at == props.modified
    assert props.comments and "python-docx" not in props.comments
    assert props.category and props.content_status == sample_book.marking


def test_application_is_briefbook_and_no_template_thumbnail(sample_docx):
    assert "<Application>Briefbook</Application>" in _xml(sample_docx, "docProps/app.xml")
    assert "thumbnail" not in _xml(sample_docx, "_rels/.rels")


def test_author_defaults_to_briefbook_and_long_strings_are_cut(tmp_path):
    cover = Cover(title="T" * 400, prepared_by="", subtitle="S" * 300)
    book = Book(cover=cover, sections=(Section("s", "Only"),))
    write_docx(book, tmp_path / "b.docx")
    props = docx.Document(str(tmp_path / "b.docx")).core_properties
    assert props.author == "Briefbook"
    assert len(props.title) <= 255 and len(props.subject) <= 255
    assert "python-docx" not in _xml(tmp_path / "b.docx", "docProps/core.xml")


def test_an_empty_book_still_exports(tmp_path):
    write_docx(Book(cover=Cover(title="Empty")), tmp_path / "e.docx")
    assert "This book has no sections yet." in _all_text(tmp_path / "e.docx")


# --- robustness -------------------------------------------------------------------------


def test_progress_is_reported_per_entry(sample_book, tmp_path):
    seen = []
    write_docx(
        sample_book, tmp_path / "b.docx", progress=lambda done, total: seen.append((done, total))
    )
    total = len(sample_book.entries)
    assert seen == [(i, total) for i in range(total + 1)]


def test_cancel_keeps_the_previous_file_and_leaves_no_temporary(sample_book, tmp_path):
    from exporters.book import ExportCancelled

    target = tmp_path / "b.docx"
    target.write_bytes(b"previous")
    calls = []
    with pytest.raises(ExportCancelled):
        write_docx(sample_book, target, cancel=lambda: calls.append(1) or len(calls) > 2)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["b.docx"]


def test_a_failed_save_keeps_the_previous_file(sample_book, tmp_path, monkeypatch):
    from docx.document import Document

    from exporters.book import ExportError

    def broken_save(self, path):
        Path(path).write_bytes(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Document, "save", broken_save)
    target = tmp_path / "b.docx"
    target.write_bytes(b"previous")
    with pytest.raises(ExportError, match="No space left"):
        write_docx(sample_book, target)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["b.docx"]


def test_a_missing_folder_is_a_plain_export_error(small_book, tmp_path):
    from exporters.book import ExportError

    with pytest.raises(ExportError):
        write_docx(small_book, tmp_path / "missing" / "b.docx")


def test_one_broken_entry_is_written_simply_with_a_warning(sample_book, tmp_path, monkeypatch):
    from exporters import docx as writer

    original = writer._BookWriter._body_paragraph

    def fragile(self, text, highlights):
        if "Министр" in text:
            raise ValueError("layout exploded")
        return original(self, text, highlights)

    monkeypatch.setattr(writer._BookWriter, "_body_paragraph", fragile)
    report = write_docx(sample_book, tmp_path / "b.docx")
    assert len(report.warnings) == 1 and "layout exploded" in report.warnings[0]
    text = _all_text(tmp_path / "b.docx")
    assert "Министр иностранных дел прибыл в Киев." in text  # the simple form keeps the body
    assert "Before the word." in text  # later entries are untouched
    comments = [c.text for c in docx.Document(str(tmp_path / "b.docx")).comments]
    assert "Cyrillic highlight" not in comments and "Who chairs it?" in comments


def test_an_entry_failing_twice_leaves_a_marker_and_a_warning(small_book, tmp_path, monkeypatch):
    from exporters import docx as writer

    def broken(self, *args):
        raise ValueError("broken")

    monkeypatch.setattr(writer._BookWriter, "_entry", broken)
    monkeypatch.setattr(writer._BookWriter, "_simple_entry", broken)
    report = write_docx(small_book, tmp_path / "b.docx")
    assert len(report.warnings) == 1 and "could not be written" in report.warnings[0]
    assert _styled(tmp_path / "b.docx", "Heading 2") == ["A release that could not be written"]


def test_highlight_past_the_paragraph_end_is_ignored(small_book, tmp_path):
    entry = replace(
        small_book.entries[0], highlights=(Highlight(0, 5, 10_000, "x"), Highlight(9, 0, 3, "y"))
    )
    book = replace(small_book, sections=(replace(small_book.sections[0], entries=(entry,)),))
    report = write_docx(book, tmp_path / "b.docx")
    assert report.warnings == ()
    assert _commented_text(tmp_path / "b.docx") == {"0": entry.paragraphs[0][5:]}


def test_an_untitled_entry_gets_a_readable_heading(tmp_path):
    book = Book(cover=Cover(title="B"), sections=(Section("s", "S", entries=(Entry("e", ""),)),))
    write_docx(book, tmp_path / "b.docx")
    assert _styled(tmp_path / "b.docx", "Heading 2") == ["Untitled release"]

"""Page setup, headers and footers, the cover page and the contents page of the Word book."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

from exporters import docx_styles as st
from exporters import docx_xml as x
from exporters.book import Book
from exporters.docx_text import clean_line
from exporters.docx_write import TextWriter

PAGE_SIZES = {"A4": (Mm(210), Mm(297), Mm(25)), "Letter": (Mm(215.9), Mm(279.4), Mm(25.4))}
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'


def write_page_furniture(document, book: Book, text: TextWriter) -> None:
    """Set the page size and margins, and the marking and "Page X of Y" on every page."""
    section = document.sections[0]
    width, height, margin = PAGE_SIZES.get(book.options.page_size, PAGE_SIZES["A4"])
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin
    section.header_distance = section.footer_distance = Mm(12)
    # The cover is the first page: its own header and footer carry no page number.
    section.different_first_page_header_footer = True
    marking = clean_line(book.marking)
    title = clean_line(book.cover.title) or "Briefing book"
    text_width = width - 2 * margin
    for header in (section.header, section.first_page_header):
        _marking_line(header.paragraphs[0], marking, text)
    first_footer = section.first_page_footer.paragraphs[0]
    _marking_line(first_footer, marking, text)
    footer = section.footer
    line = footer.paragraphs[0]
    line.style = document.styles[st.PAGE_LINE]
    line.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    _top_rule(line)
    text.add(line, title, direction=False)
    line.add_run("\tPage ")
    x.add_field(line, "PAGE", "1")
    line.add_run(" of ")
    x.add_field(line, "NUMPAGES", "1")
    if marking:
        _marking_line(footer.add_paragraph(), marking, text)
        footer.paragraphs[-1].paragraph_format.space_before = Pt(4)


def _marking_line(paragraph, marking: str, text: TextWriter) -> None:
    paragraph.style = st.MARKING
    if marking:
        text.add(paragraph, marking)


def _top_rule(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    x.child(borders, "w:top", w_val="single", w_sz="4", w_space="6", w_color="A6A6A6")
    x.insert_ordered(ppr, borders)


def write_cover(document, book: Book, text: TextWriter) -> None:
    """Write the cover page: title, subtitle, event details, who it is for and by, when made."""
    cover = book.cover
    label = document.add_paragraph(style=st.COVER_SMALL)
    label.paragraph_format.space_before = Pt(96)
    label.paragraph_format.space_after = Pt(10)
    run = label.add_run("BRIEFING BOOK")
    run.font.bold = True
    _letter_space(run, 40)
    text.add(
        document.add_paragraph(style=st.COVER_TITLE), clean_line(cover.title) or "Briefing book"
    )
    subtitle = clean_line(cover.subtitle)
    if subtitle:
        text.add(document.add_paragraph(style=st.COVER_SUBTITLE), subtitle)
    rule = document.add_paragraph(style=st.COVER_LINE)
    rule.paragraph_format.space_after = Pt(18)
    _bottom_rule(rule)
    details = [
        ("Event", clean_line(cover.event)),
        ("Date", long_date(cover.date) if cover.date else ""),
        ("Location", clean_line(cover.location)),
        ("", ""),
        ("Prepared for", clean_line(cover.prepared_for)),
        ("Prepared by", clean_line(cover.prepared_by)),
    ]
    for name, value in details:
        if not name:
            spacer = document.paragraphs[-1]
            spacer.paragraph_format.space_after = Pt(18)
            continue
        if value:
            _detail(document, name, value, text)
    generated = document.add_paragraph(style=st.COVER_SMALL)
    generated.paragraph_format.space_before = Pt(48)
    generated.add_run("Generated " + _timestamp(cover.generated_at))


def _detail(document, name: str, value: str, text: TextWriter) -> None:
    paragraph = document.add_paragraph(style=st.COVER_LINE)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(32))
    label = paragraph.add_run(name.upper())
    label.font.size = Pt(8.5)
    label.font.bold = True
    label.font.color.rgb = st.GREY
    paragraph.add_run("\t")
    text.add(paragraph, value, direction=False)


def write_contents(document, book: Book, text: TextWriter, bookmark: Callable[[str], str]) -> None:
    """Write the contents page: a TOC field whose placeholder lists every heading."""
    heading = document.add_paragraph("Contents", style=st.CONTENTS)
    x.page_break_before(heading)
    lines = []
    for section in book.sections:
        lines.append(
            (1, clean_line(section.heading) or "Untitled section", bookmark("s:" + section.key))
        )
        for entry in section.entries:
            lines.append(
                (2, clean_line(entry.title) or "Untitled release", bookmark("e:" + entry.key))
            )
    if not lines:
        lines.append((1, "This book has no sections yet.", ""))
    paragraphs = []
    for level, title, anchor in lines:
        paragraph = document.add_paragraph(style=f"toc {level}")
        if not paragraphs:
            x.begin_field(paragraph, TOC_INSTRUCTION)
        runs = text.add(paragraph, title, direction=False)
        if anchor:
            # Page numbers come when Word updates the field (updateFields); LibreOffice
            # keeps this placeholder, so it lists headings without numbers that would lie.
            x.internal_link(paragraph, anchor, runs)
        paragraphs.append(paragraph)
    x.end_field(paragraphs[-1])


def _letter_space(run, twentieths: int) -> None:
    spacing = OxmlElement("w:spacing")
    x.set_attrs(spacing, w_val=str(twentieths))
    x.insert_run_property(run._r.get_or_add_rPr(), spacing)


def _bottom_rule(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    x.child(borders, "w:bottom", w_val="single", w_sz="12", w_space="1", w_color="1F2A44")
    x.insert_ordered(ppr, borders)


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def long_date(day) -> str:
    """Return a date as "27 November 2026" whatever the process locale (Qt changes it)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _timestamp(moment: datetime) -> str:
    offset = moment.strftime("%z") if moment.tzinfo else ""
    zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
    return f"{long_date(moment)} at {moment:%H:%M}{zone}"

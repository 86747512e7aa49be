"""The Word writer: a Book becomes a .docx a principal can be handed.

Layout: a cover page (no page number), a contents page holding a real TOC field over the
built-in Heading 1/2 styles, then each section and each entry on a page of its own. The
marking sits at the top and bottom of every page; the footer says "Page X of Y".
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from exporters import docx_styles as st
from exporters import docx_xml as x
from exporters.atomic import atomic_path
from exporters.book import (
    DEFAULT_HIGHLIGHT_COLOUR,
    Book,
    CancelCheck,
    Entry,
    ExportCancelled,
    ExportError,
    ExportReport,
    ProgressCallback,
    Section,
)
from exporters.docx_comments import Commenter
from exporters.docx_cover import long_date, write_contents, write_cover, write_page_furniture
from exporters.docx_meta import author_of, set_properties
from exporters.docx_text import clean, clean_line, segments
from exporters.docx_write import TextWriter

_COLOUR = re.compile(r"#?([0-9A-Fa-f]{6})")
_BULLET = re.compile(r"^(\s*)[-*\u2022\u00b7\u25aa\u2013]\s+")


def write_docx(
    book: Book,
    path: str | os.PathLike[str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> ExportReport:
    """Write `book` as a Word document at `path`; return what was written and any warnings."""
    try:
        writer = _BookWriter(book)
        writer.write(progress, cancel)
    except (ExportCancelled, ExportError):
        raise
    except Exception as exc:  # an unforeseen bug must not leave a half-written file
        raise ExportError(f"The Word document could not be built: {exc}") from exc
    try:
        with atomic_path(path) as tmp:
            writer.document.save(str(tmp))
    except OSError as exc:
        raise ExportError(f"Could not write {os.fspath(path)}: {exc.strerror or exc}") from exc
    return ExportReport(path=os.fspath(path), pages=None, warnings=tuple(writer.warnings))


class _BookWriter:
    """Builds the whole document in memory; nothing touches the disk until it is complete."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.document = docx.Document()
        self.warnings: list[str] = []
        self.author = author_of(book)
        self.text = TextWriter()
        self._bookmarks: dict[str, str] = {}
        self._style_ids: dict[str, str] = {}
        self._section_properties = self.document.element.body.find(qn("w:sectPr"))
        self.comments = Commenter(self.document, self.author, _utc(book.cover.generated_at))

    def write(self, progress: ProgressCallback | None, cancel: CancelCheck | None) -> None:
        """Build every page; raise ExportCancelled when `cancel()` says so between entries."""
        book, document = self.book, self.document
        st.setup(document)
        set_properties(document, book)
        x.enable_update_fields(document.settings.element)
        document.settings.element.remove_all("w:savePreviewPicture")  # no thumbnail is kept
        write_page_furniture(document, book, self.text)
        write_cover(document, book, self.text)
        write_contents(document, book, self.text, self._bookmark_name)
        total, done = len(book.entries), 0
        if progress:
            progress(0, total)
        for section in book.sections:
            if cancel and cancel():
                raise ExportCancelled("Export cancelled")
            self._section(section)
            for entry in section.entries:
                if cancel and cancel():
                    raise ExportCancelled("Export cancelled")
                self._entry_safely(entry)
                done += 1
                if progress:
                    progress(done, total)
        if self.text.missing:
            shown = " ".join(f"U+{ord(c):04X}" for c in sorted(self.text.missing)[:20])
            self.warnings.append(
                f"{len(self.text.missing)} characters no bundled font can draw were "
                f"replaced by a box: {shown}"
            )

    def _para(self, style: str) -> Paragraph:
        """Return a new paragraph of `style` at the end of the body."""
        # python-docx resolves a style name by scanning every style: too slow per paragraph.
        if style not in self._style_ids:
            self._style_ids[style] = self.document.styles[style].style_id
        # body.add_p() scans every child for the final w:sectPr: quadratic on a big book.
        p = OxmlElement("w:p")
        self._section_properties.addprevious(p)
        p.style = self._style_ids[style]
        return Paragraph(p, self.document._body)

    def _bookmark_name(self, key: str) -> str:
        # Word bookmark names: at most 40 characters; a leading "_" hides them from users.
        return self._bookmarks.setdefault(key, f"_Toc{len(self._bookmarks) + 1:08d}")

    def _heading(self, text: str, level: int, key: str):
        paragraph = self._para(f"Heading {level}")
        x.page_break_before(paragraph)
        runs = self.text.add(paragraph, text)
        name = self._bookmark_name(key)
        x.bookmark(paragraph, name, int(name.removeprefix("_Toc")), runs)
        return paragraph

    def _section(self, section: Section) -> None:
        self._heading(clean_line(section.heading) or "Untitled section", 1, "s:" + section.key)
        space_next = False
        for line in clean(section.text).split("\n"):
            if not line.strip():
                space_next = True
                continue
            bullet = _BULLET.match(line)
            if bullet:
                style = (
                    "List Bullet 2" if len(bullet.group(1).expandtabs(4)) >= 2 else "List Bullet"
                )
                line = line[bullet.end() :]
            else:
                style = st.FREE_TEXT
            paragraph = self._para(style)
            if space_next:
                paragraph.paragraph_format.space_before = Pt(8)
                space_next = False
            self.text.add(paragraph, line.strip())

    def _entry_safely(self, entry: Entry) -> None:
        # Remember where the entry starts (not len(body): lxml counts children one by one).
        before = self._section_properties.getprevious()
        comments = len(self.comments.added)
        try:
            self._entry(entry)
            return
        except Exception as exc:  # one entry must not lose the book
            problem = f"{type(exc).__name__}: {exc}"
        self._roll_back(before, comments)
        title = clean_line(entry.title, 80) or "Untitled release"
        try:
            self._simple_entry(entry)
            self.warnings.append(f"“{title}” was written in a simpler form ({problem})")
        except Exception as exc:
            self._roll_back(before, comments)
            paragraph = self._para("Heading 2")
            x.page_break_before(paragraph)
            paragraph.add_run("A release that could not be written")
            self.warnings.append(f"“{title}” could not be written ({problem}; then {exc})")

    def _roll_back(self, before, comments: int) -> None:
        while (element := before.getnext()) is not self._section_properties:
            element.getparent().remove(element)
        self.comments.remove_after(comments)

    def _entry(self, entry: Entry) -> None:
        options = self.book.options
        self._heading(clean_line(entry.title) or "Untitled release", 2, "e:" + entry.key)
        self._meta(entry)
        if options.show_notes and entry.notes:
            self._notes(entry.notes)
        highlights = entry.highlights if options.show_highlights else ()
        for index, text in enumerate(entry.paragraphs):
            self._body_paragraph(text, [h for h in highlights if h.paragraph == index])

    def _meta(self, entry: Entry) -> None:
        parts = []
        if entry.date:
            parts.append(long_date(entry.date))
        if entry.source:
            parts.append(clean_line(entry.source))
        if entry.summary_only:
            parts.append("Summary only")
        if self.book.options.show_tags and entry.tags:
            parts.append("Tags: " + ", ".join(clean_line(t) for t in entry.tags))
        url = clean_line(entry.url)
        if parts:
            meta = self._para(st.META)
            self.text.add(meta, "  ·  ".join(parts))
            if not url:
                meta.paragraph_format.space_after = Pt(12)
        if url:
            paragraph = self._para(st.LINK)
            if not x.add_hyperlink(paragraph, url, url):
                self.text.add(paragraph, url)

    def _notes(self, notes: tuple[str, ...]) -> None:
        label = self._para(st.NOTE_LABEL)
        label.add_run("NOTES" if len(notes) > 1 else "NOTE")
        for index, note in enumerate(notes):
            paragraph = self._para(st.NOTE)
            last = index == len(notes) - 1
            paragraph.paragraph_format.space_after = Pt(14 if last else 0)
            if index:
                paragraph.paragraph_format.space_before = Pt(6)
            paragraph.paragraph_format.keep_with_next = not last
            self.text.add(paragraph, clean(note).strip())

    def _body_paragraph(self, text: str, highlights) -> None:
        paragraph = self._para(st.BODY)
        anchored: dict[int, list] = {}
        rtl_checked = False
        for segment in segments(text, highlights):
            if segment.new_paragraph:
                paragraph = self._para(st.BODY)
                rtl_checked = False
            if not rtl_checked:
                self.text.set_direction(paragraph, segment.text)
                rtl_checked = True
            fill = _fill(segment.highlight.colour) if segment.highlight else None
            runs = self.text.add(paragraph, segment.text, fill=fill, direction=False)
            if segment.highlight is not None:
                anchored.setdefault(id(segment.highlight), []).extend(runs)
        for highlight in highlights:
            runs = anchored.get(id(highlight))
            comment = clean(highlight.comment).strip()
            if runs and comment:
                self.comments.add(runs, comment)

    def _simple_entry(self, entry: Entry) -> None:
        paragraph = self._para("Heading 2")
        x.page_break_before(paragraph)
        runs = [paragraph.add_run(clean_line(entry.title) or "Untitled release")]
        name = self._bookmark_name("e:" + entry.key)
        x.bookmark(paragraph, name, int(name.removeprefix("_Toc")), runs)
        for text in entry.paragraphs:
            self._para(st.BODY).add_run(clean(text))


def _fill(colour: str) -> str:
    match = _COLOUR.fullmatch(colour.strip()) or _COLOUR.fullmatch(DEFAULT_HIGHLIGHT_COLOUR)
    return match.group(1).upper()


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)

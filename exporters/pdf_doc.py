"""The document template: cover and body pages, marking, footer, bookmarks, contents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from exporters import pdf_fonts
from exporters import pdf_styles as ps
from exporters.book import Book, ExportCancelled
from exporters.pdf_contents import (
    TOTAL_FORM,
    define_number_form,
    define_total_form,
    page_form,
)
from exporters.pdf_markup import markup
from exporters.pdf_story import Mark
from exporters.text import clean_line

FOOTER_TITLE_MAX = 90
FOOTER_SIZE = 8


class BookDocTemplate(BaseDocTemplate):
    """Cover and body page templates; hooks for bookmarks, contents, progress and cancel."""

    def __init__(
        self,
        filename: str,
        book: Book,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        invariant: bool = False,
    ) -> None:
        self.book = book
        self.geo = ps.geometry(book.options.page_size)
        self.progress = progress
        self.cancel = cancel
        self.total_entries = len(book.entries)
        self.page_count = 0
        self.current: str | None = None  # mark of the part being laid out (for fallbacks)
        self._reported = -1
        self._outline_level = -1
        geo = self.geo
        super().__init__(
            filename,
            pagesize=(geo.width, geo.height),
            leftMargin=geo.left,
            rightMargin=geo.right,
            topMargin=geo.top,
            bottomMargin=geo.bottom,
            title=clean_line(book.cover.title)[:250],
            subject=_subject(book),
            author=clean_line(book.cover.prepared_by)[:250] or "Briefbook",
            creator="Briefbook",
            producer="Briefbook (reportlab)",
            keywords=[clean_line(k)[:100] for k in book.keywords][:100],
            invariant=1 if invariant else 0,
            pageCompression=1,
            displayDocTitle=1,
            initialFontName=pdf_fonts.BODY,
        )
        frame = Frame(
            geo.left,
            geo.bottom,
            geo.frame_width,
            geo.frame_height,
            id="text",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=self._decorate_cover),
                PageTemplate("body", [frame], onPage=self._decorate_body),
            ]
        )
        self._lines: dict[str, Paragraph] = {}
        self._marking = clean_line(book.marking)
        self._footer_title = _shorten(clean_line(book.cover.title), FOOTER_TITLE_MAX)

    # -- the single pass ------------------------------------------------------------------
    def build(self, flowables, **kwargs):
        """Lay out the book once; then define the footer's page-total form."""
        self._outline_level = -1
        super().build(flowables, **kwargs)
        self.page_count = self.page
        font, size = pdf_fonts.SANS, FOOTER_SIZE
        define_total_form(self.canv, self.page_count, font, size, ps.MUTED)

    def beforeDocument(self):  # noqa: N802 - reportlab's name
        """Stamp the book's generation time as the creation date."""
        self.canv.setDateFormatter(_pdf_date(self.book.cover.generated_at))

    def afterFlowable(self, flowable):  # noqa: N802 - reportlab's name
        """Bookmark, outline and contents line for a mark; progress and cancel for entries."""
        if not isinstance(flowable, Mark):
            return
        self.current = flowable.key
        canvas = self.canv
        canvas.bookmarkPage(flowable.key)
        level = min(flowable.level, self._outline_level + 1)
        self._outline_level = level
        canvas.addOutlineEntry(flowable.outline, flowable.key, level=level, closed=False)
        style = ps.toc_style(min(flowable.level, 1))
        form = page_form(flowable.key)
        define_number_form(canvas, form, self.page, style.fontName, style.fontSize, style.textColor)
        if flowable.index is not None:
            if self.cancel is not None and self.cancel():
                raise ExportCancelled("Export cancelled.")
            self._report(flowable.index)

    def _report(self, index: int) -> None:
        if self.progress is None or not self.total_entries:
            return
        done = min(self.total_entries - 1, index)
        if done > self._reported:
            self._reported = done
            self.progress(done, self.total_entries)

    # -- page decoration ------------------------------------------------------------------
    def _decorate_cover(self, canvas, doc) -> None:
        canvas.saveState()
        self._draw_marking(canvas)
        stamp = self.book.cover.generated_at
        text = f"Generated {stamp.day} {stamp:%B %Y, %H:%M}" + (
            f" {stamp:%Z}" if stamp.tzinfo else ""
        )
        canvas.setFont(pdf_fonts.SANS, 8)
        canvas.setFillColor(ps.MUTED)
        canvas.drawString(self.geo.left, self.geo.bottom - 4, text.strip())
        canvas.restoreState()

    def _decorate_body(self, canvas, doc) -> None:
        geo = self.geo
        canvas.saveState()
        self._draw_marking(canvas)
        y = geo.bottom - 30
        canvas.setStrokeColor(ps.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(geo.left, y + 12, geo.width - geo.right, y + 12)
        # "Page X of " then the total, a form defined once the last page is known.
        label = f"Page {doc.page} of "
        canvas.setFont(pdf_fonts.SANS, FOOTER_SIZE)
        canvas.setFillColor(ps.MUTED)
        canvas.drawString(geo.left, y, label)
        canvas.translate(geo.left + stringWidth(label, pdf_fonts.SANS, FOOTER_SIZE), y)
        canvas.doForm(TOTAL_FORM)
        canvas.restoreState()
        canvas.saveState()
        if self._footer_title.isascii():
            canvas.setFont(pdf_fonts.SANS, FOOTER_SIZE)
            canvas.setFillColor(ps.MUTED)
            canvas.drawRightString(geo.width - geo.right, y, self._footer_title)
        else:
            # A paragraph's origin is its bottom edge, not the baseline of its line.
            title = self._fixed("footer_r", self._footer_title)
            title.drawOn(canvas, geo.left + 90, y - _baseline(title.style))
        canvas.restoreState()

    def _draw_marking(self, canvas) -> None:
        if not self._marking:
            return
        geo = self.geo
        ys = (geo.height - 14 * ps.mm, 8 * ps.mm)
        if self._marking.isascii():
            style = _LINE_STYLES["marking"]
            canvas.setFont(style.fontName, style.fontSize)
            canvas.setFillColor(style.textColor)
            for y in ys:
                canvas.drawCentredString(geo.width / 2, y + _baseline(style), self._marking)
            return
        marking = self._fixed("marking", self._marking)
        for y in ys:
            marking.drawOn(canvas, geo.left, y)

    def _fixed(self, style: str, text: str) -> Paragraph:
        """Return the paragraph of a line repeated on every page, wrapped once."""
        made = self._lines.get(style)
        if made is None:
            made = _line(text, style)
            width = self.geo.frame_width - (90 if style == "footer_r" else 0)
            made.wrap(width, 40)
            self._lines[style] = made
        return made


_LINE_STYLES = {
    "footer_l": ParagraphStyle(
        "footer_l",
        fontName=pdf_fonts.SANS,
        fontSize=8,
        leading=10,
        textColor=ps.MUTED,
        alignment=TA_LEFT,
    ),
    "footer_r": ParagraphStyle(
        "footer_r",
        fontName=pdf_fonts.SANS,
        fontSize=8,
        leading=10,
        textColor=ps.MUTED,
        alignment=TA_RIGHT,
    ),
    "marking": ParagraphStyle(
        "marking",
        fontName=pdf_fonts.SANS + "-b",
        fontSize=8.5,
        leading=10.5,
        textColor=ps.MARKING,
        alignment=TA_CENTER,
    ),
}


def _line(text: str, style: str) -> Paragraph:
    base = _LINE_STYLES[style]
    made = markup(text, font=base.fontName, size=base.fontSize, width=420)
    return Paragraph(made.text, ps.variant_of(base, made))


def _baseline(style: ParagraphStyle) -> float:
    """Return how far a one-line paragraph's baseline sits above its origin."""
    ascent, _ = getAscentDescent(style.fontName, style.fontSize)
    return style.leading - ascent


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _subject(book: Book) -> str:
    cover = book.cover
    parts = [clean_line(cover.subtitle), clean_line(cover.event), clean_line(cover.location)]
    return " — ".join(p for p in parts if p)[:250] or "Briefing book"


def _pdf_date(moment: datetime):
    """Return a reportlab date formatter that stamps `moment` as the creation date."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    zone = f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    stamp = f"D:{moment:%Y%m%d%H%M%S}{zone}"
    return lambda *_: stamp

"""The document template: cover and body pages, marking, footer, bookmarks, contents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from exporters import pdf_fonts
from exporters import pdf_styles as ps
from exporters.book import Book, ExportCancelled
from exporters.pdf_markup import markup
from exporters.pdf_story import Mark
from exporters.text import clean_line

FOOTER_TITLE_MAX = 90


class PageTotal(Flowable):
    """An indexing flowable: multiBuild repeats until the footer total equals the page count."""

    def __init__(self) -> None:
        super().__init__()
        self.doc: BookDocTemplate | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass

    def isIndexing(self) -> int:  # noqa: N802 - reportlab's name
        return 1

    def isSatisfied(self) -> bool:  # noqa: N802
        return self.doc is not None and self.doc.total_used == self.doc.page_count

    def beforeBuild(self) -> None:  # noqa: N802
        pass

    def notify(self, kind: str, stuff: object) -> None:
        pass

    def afterBuild(self) -> None:  # noqa: N802
        pass


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
        self.total_used: int | None = None  # the page total the footers of this pass show
        self.page_count = 0
        self.current: str | None = None  # mark of the part being laid out (for fallbacks)
        self.passes = 0
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
        self._marking = clean_line(book.marking)
        self._footer_title = _shorten(clean_line(book.cover.title), FOOTER_TITLE_MAX)

    # -- passes ---------------------------------------------------------------------------
    def build(self, flowables, **kwargs):
        """Lay out one pass; remember the page count for the next pass's footers."""
        self.passes += 1
        self._outline_level = -1
        self.total_used = self.page_count or None  # None in the first pass: run again
        super().build(flowables, **kwargs)
        self.page_count = self.page

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
        self.notify("TOCEntry", (flowable.level, flowable.toc, self.page, flowable.key))
        if flowable.index is not None:
            if self.cancel is not None and self.cancel():
                raise ExportCancelled("Export cancelled.")
            self._report(flowable.index)

    def _report(self, index: int) -> None:
        # Layout runs about three passes; spread the entries over them and never go back.
        if self.progress is None or not self.total_entries:
            return
        done = min(self.total_entries - 1, ((self.passes - 1) * self.total_entries + index) // 3)
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
        y = geo.bottom - 22
        canvas.setStrokeColor(ps.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(geo.left, y + 11, geo.width - geo.right, y + 11)
        total = self.total_used if self.total_used and self.total_used > 0 else "…"
        right = _line(f"Page {doc.page} of {total}", "footer_r")
        _draw(canvas, right, geo.left, y, geo.frame_width)
        left = _line(self._footer_title, "footer_l")
        _draw(canvas, left, geo.left, y, geo.frame_width - 90)
        canvas.restoreState()

    def _draw_marking(self, canvas) -> None:
        if not self._marking:
            return
        geo = self.geo
        for y in (geo.height - geo.top + 30, 14 * ps.mm - 6):
            _draw(canvas, _line(self._marking, "marking"), geo.left, y, geo.frame_width)


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


def _draw(canvas, paragraph: Paragraph, x: float, y: float, width: float) -> None:
    _, height = paragraph.wrapOn(canvas, width, 40)
    paragraph.drawOn(canvas, x, y)


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

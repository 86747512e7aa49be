"""The PDF book as platypus flowables: cover, contents, sections and entries."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import FrameBG

from exporters import pdf_styles as ps
from exporters.book import Book, Entry, ExportCancelled, Section
from exporters.pdf_body import body_flowables, free_text_flowables
from exporters.pdf_contents import ContentsLine
from exporters.pdf_markup import markup
from exporters.text import clean_line, escape_markup, split_paragraph

OUTLINE_MAX = 200  # characters of a title shown in the bookmarks
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)


@dataclass
class Context:
    """What story building needs besides the book, and what it found."""

    width: float
    simple: set[str] = field(default_factory=set)  # marks laid out in the simple form
    omitted: set[str] = field(default_factory=set)  # marks replaced by a placeholder
    warnings: list[str] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)
    cancel: Callable[[], bool] | None = None

    def para(self, text: str, style: str, spans=(), *, link: str = "") -> Paragraph:
        """Return a Paragraph of plain `text` in the named style, fonts chosen by script."""
        base = ps.styles()[style]
        width = self.width - base.leftIndent - base.rightIndent
        made = markup(
            text, spans, font=base.fontName, size=base.fontSize, width=width, missing=self.missing
        )
        if made.literal is not None and not link:
            # Plain text needs no markup parser: hand reportlab the fragment directly.
            return Paragraph(made.text, base, frags=[ps.literal_frag(base, made.literal)])
        body = f'<a href="{escape_markup(link)}">{made.text}</a>' if link else made.text
        return Paragraph(body, ps.variant_of(base, made))


class Mark(Flowable):
    """A zero-size marker at the top of a section or entry: bookmark, TOC line, progress."""

    def __init__(self, key: str, level: int, toc: str, outline: str, index: int | None = None):
        super().__init__()
        self.key, self.level, self.toc, self.outline, self.index = key, level, toc, outline, index

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def build_story(book: Book, ctx: Context) -> list[Flowable]:
    """Return every flowable of the book in order."""
    story: list[Flowable] = [NextPageTemplate("cover")]
    story += cover_flowables(book, ctx)
    story += [NextPageTemplate("body"), PageBreak()]
    parts: list[Flowable] = []
    index = 0
    for s_number, section in enumerate(book.sections):
        parts += _guarded(
            f"s{s_number}",
            section.heading,
            ctx,
            lambda k, simple, s=section: section_flowables(s, k, ctx, simple),
        )
        for e_number, entry in enumerate(section.entries):
            if ctx.cancel is not None and ctx.cancel():
                raise ExportCancelled("Export cancelled.")
            key = f"s{s_number}e{e_number}"
            parts += _guarded(
                key,
                entry.title,
                ctx,
                lambda k, simple, e=entry, i=index, h=section.heading: entry_flowables(
                    book, e, k, i, ctx, simple, kicker=h
                ),
            )
            index += 1
    story += contents_flowables([f for f in parts if isinstance(f, Mark)])
    return story + parts


def _guarded(key: str, title: str, ctx: Context, make) -> list[Flowable]:
    """Return the flowables `make` builds; on failure the simple form, then a placeholder."""
    if key not in ctx.simple and key not in ctx.omitted:
        try:
            return make(key, False)
        except ExportCancelled:
            raise
        except Exception as error:  # noqa: BLE001 - one part must not lose the book
            ctx.simple.add(key)
            ctx.warnings.append(
                f"“{clean_line(title)[:80]}” was exported in a simpler form ({_reason(error)})."
            )
    if key not in ctx.omitted:
        try:
            return make(key, True)
        except ExportCancelled:
            raise
        except Exception as error:  # noqa: BLE001
            ctx.omitted.add(key)
            ctx.warnings.append(
                f"“{clean_line(title)[:80]}” could not be exported ({_reason(error)})."
            )
    return placeholder_flowables(key, title, ctx)


def _reason(error: Exception) -> str:
    text = clean_line(str(error))[:160]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def cover_flowables(book: Book, ctx: Context) -> list[Flowable]:
    """Return the cover: title block, then the labelled fields."""
    cover = book.cover
    out: list[Flowable] = [Spacer(1, 42 * ps.mm)]
    if cover.event:
        out.append(ctx.para(clean_line(cover.event).upper(), "cover_kicker"))
    title = ctx.para(clean_line(cover.title) or "Briefing book", "cover_title")
    # A right-to-left title sets the whole cover block on the right.
    side = "RIGHT" if title.style.alignment == ps.TA_RIGHT else "LEFT"
    out.append(title)
    if cover.subtitle:
        out.append(ctx.para(clean_line(cover.subtitle), "cover_subtitle"))
    out += [
        Spacer(1, 6),
        HRFlowable(width="22%", thickness=2.2, color=ps.ACCENT, hAlign=side, spaceAfter=12),
    ]
    fields = (
        ("DATE", _long_date(cover.date)),
        ("LOCATION", cover.location),
        ("PREPARED FOR", cover.prepared_for),
        ("PREPARED BY", cover.prepared_by),
    )
    for label, value in fields:
        if value:
            shown = ctx.para(clean_line(value), "cover_value")
            rtl = shown.style.alignment == ps.TA_RIGHT
            label_style = ps.variant(
                ps.styles()["cover_label"], shaped=False, rtl=rtl, prewrapped=False
            )
            out += [Paragraph(label, label_style), shown]
    return out


def contents_flowables(marks: list[Mark]) -> list[Flowable]:
    """Return the contents: its title, then one linked line per section and entry."""
    out: list[Flowable] = [Paragraph("Contents", ps.styles()["toc_title"])]
    for mark in marks:
        level = min(mark.level, 1)
        out.append(ContentsLine(mark.key, mark.toc, ps.toc_style(level), dots=level > 0))
    return out


def section_flowables(section: Section, key: str, ctx: Context, simple: bool) -> list[Flowable]:
    """Return a section: new page, heading with a rule, its free text."""
    heading = clean_line(section.heading) or "Untitled section"
    out: list[Flowable] = [PageBreak(), _mark(key, 0, heading, ctx)]
    out.append(ctx.para(heading, "h1"))
    out.append(
        HRFlowable(width="100%", thickness=1.2, color=ps.ACCENT, spaceBefore=2, spaceAfter=14)
    )
    out += free_text_flowables(section.text, ctx, simple=simple)
    return out


def entry_flowables(
    book: Book, entry: Entry, key: str, index: int, ctx: Context, simple: bool, kicker: str = ""
) -> list[Flowable]:
    """Return an entry: new page, title, metadata, URL, notes box, body with highlights."""
    options = book.options
    title = clean_line(entry.title) or "Untitled release"
    out: list[Flowable] = [PageBreak(), _mark(key, 1, title, ctx, index)]
    if clean_line(kicker):
        # The section's name above the title tells the reader where they are.
        out.append(ctx.para(clean_line(kicker).upper()[:120], "kicker"))
    out.append(ctx.para(title, "h2"))
    meta = _meta_line(entry, show_tags=options.show_tags)
    if meta:
        out.append(ctx.para(meta, "meta"))
    if entry.url:
        out.append(_url_paragraph(entry.url, ctx))
    out.append(HRFlowable(width="100%", thickness=0.6, color=ps.RULE, spaceBefore=8, spaceAfter=12))
    if options.show_notes and entry.notes:
        out += notes_flowables(entry.notes, ctx)
    out += body_flowables(
        entry, ctx, highlights=options.show_highlights and not simple, simple=simple
    )
    return out


def placeholder_flowables(key: str, title: str, ctx: Context) -> list[Flowable]:
    """Return a page that says a part of the book could not be laid out."""
    title = clean_line(title)[:300] or "Untitled"
    level = 0 if "e" not in key else 1
    message = "This part could not be laid out; see the export report."
    return [
        PageBreak(),
        _mark(key, level, title, ctx),
        Paragraph(escape_markup(title), ps.styles()["h2"]),
        Paragraph(escape_markup(message), ps.styles()["meta"]),
    ]


def notes_flowables(notes: tuple[str, ...], ctx: Context) -> list[Flowable]:
    """Return the notes in a tinted, outlined box that may run over pages."""
    out: list[Flowable] = [
        CondPageBreak(60),
        FrameBG(color=ps.NOTE_FILL, strokeColor=ps.NOTE_EDGE, strokeWidth=0.6, start=True),
        Paragraph("NOTES", ps.styles()["note_label"]),
    ]
    for note in notes:
        for piece in split_paragraph(note.strip()):
            out.append(ctx.para(piece, "note"))
    out += [Spacer(1, 3), FrameBG(start=False), Spacer(1, 14)]
    return out


def _mark(key: str, level: int, title: str, ctx: Context, index: int | None = None) -> Mark:
    toc = markup(title, font=ps.styles()[f"toc{level}"].fontName, width=ctx.width - 60).text
    return Mark(key, level, toc, title[:OUTLINE_MAX], index)


def _meta_line(entry: Entry, *, show_tags: bool) -> str:
    parts = [_long_date(entry.date), clean_line(entry.source)]
    if show_tags and entry.tags:
        parts.append("Tags: " + ", ".join(clean_line(t) for t in entry.tags))
    if entry.summary_only:
        parts.append("Summary only")
    return "  ·  ".join(p for p in parts if p)


def _url_paragraph(url: str, ctx: Context) -> Paragraph:
    url = clean_line(url)
    # Only plain web addresses become links; the text itself is always escaped.
    link = url if _SAFE_URL.match(url) and len(url) < 2000 else ""
    return ctx.para(url, "url", link=link)


def _long_date(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""

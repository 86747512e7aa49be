"""Body text of entries (highlights and their comments) and free text of sections."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from exporters import pdf_styles as ps
from exporters.book import DEFAULT_HIGHLIGHT_COLOUR, Entry, Highlight
from exporters.pdf_markup import Span, markup
from exporters.text import clean, clean_mapped, escape_markup, shift, split_paragraph

if TYPE_CHECKING:
    from exporters.pdf_story import Context

QUOTE_MAX = 90  # characters of a highlighted passage repeated with its comment
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_BULLET = re.compile(r"^(\s*)([•·▪◦‣\-*–—])\s+(.*)$")
_SPACES = re.compile(r" {2,}")


def body_flowables(entry: Entry, ctx: Context, *, highlights: bool, simple: bool) -> list[Flowable]:
    """Return the body paragraphs, each followed by the comments of its highlights."""
    by_paragraph: dict[int, list[Highlight]] = {}
    if highlights:
        for highlight in entry.highlights:
            by_paragraph.setdefault(highlight.paragraph, []).append(highlight)
    out: list[Flowable] = []
    number = 0
    for index, raw in enumerate(entry.paragraphs):
        text, removed = clean_mapped(raw)
        if not text.strip():
            continue
        spans, comments = [], []
        for h in by_paragraph.get(index, ()):
            start, end = shift(removed, h.start), shift(removed, h.end)
            label = ""
            if h.comment.strip():
                number += 1
                label = str(number)
                comments.append((end, label, text[start:end], h.comment, _colour(h.colour)))
            spans.append(Span(start, end, _colour(h.colour), label))
        if simple:
            out += _simple_paragraph(text)
        else:
            out += _pieces_with_comments(text, spans, comments, ctx)
    return out


def _pieces_with_comments(text, spans, comments, ctx: Context) -> list[Flowable]:
    """Return `text` cut into laid-out pieces, comments after the piece where a span ends."""
    pieces = split_paragraph(text)
    out: list[Flowable] = []
    offset = 0
    for number, piece in enumerate(pieces):
        end = offset + len(piece)
        last = number == len(pieces) - 1
        local = [
            Span(
                max(s.start, offset) - offset,
                min(s.end, end) - offset,
                s.colour,
                s.label if s.end <= end else "",
            )
            for s in spans
            if s.start < end and s.end > offset
        ]
        paragraph = ctx.para(piece, "body" if last else "body_cont", local)
        out.append(paragraph)
        mine = [c for c in comments if offset < c[0] <= end or (c[0] == offset == 0)]
        if mine:
            out.append(Spacer(1, 1))
        for _, label, quote, comment, colour in mine:
            out.append(_comment(label, quote, comment, colour, ctx))
        if mine and last:
            out.append(Spacer(1, 5))
        offset = end
    return out


def _comment(label: str, quote: str, comment: str, colour: str, ctx: Context) -> Paragraph:
    """Return a comment line: a coloured numbered tab, the passage quoted, the comment."""
    quote = " ".join(quote.split())
    if len(quote) > QUOTE_MAX:
        quote = quote[: QUOTE_MAX - 1].rstrip() + "…"
    base = ps.styles()["comment"]
    text = f"“{quote}” — {' '.join(clean(comment).split())}"
    made = markup(
        text, font=base.fontName, size=base.fontSize, width=ctx.width - 60, missing=ctx.missing
    )
    tab = (
        f'<span backColor="{colour}">&nbsp;<font name="bb-sans-b" color="#8a1c1c">{label}</font>'
        "&nbsp;</span>&nbsp;&nbsp;"
    )
    return Paragraph(tab + made.text, ps.variant_of(base, made))


def _simple_paragraph(text: str) -> list[Flowable]:
    """Return plain paragraphs: escaped text in the body font, no scripts, no highlights."""
    style = ps.styles()["plain"]
    return [Paragraph(escape_markup(piece), style) for piece in split_paragraph(text, 1500)]


def free_text_flowables(text: str, ctx: Context, *, simple: bool = False) -> list[Flowable]:
    """Return free text line by line: bullets as hanging bullets, blank lines as space."""
    out: list[Flowable] = []
    for line in clean(text).strip("\n").split("\n"):
        if not line.strip():
            out.append(Spacer(1, 7))
            continue
        if simple:
            out += _simple_paragraph(line)
            continue
        match = _BULLET.match(line)
        if match:
            depth = len(match.group(1).expandtabs(4)) // 2
            style = _bullet_style(depth)
            body = ctx.para(_keep_spaces(match.group(3)), "bullet")
            out.append(Paragraph(body.text, _merge(style, body.style), bulletText=_bullet(depth)))
        else:
            out.append(ctx.para(_keep_spaces(line.rstrip()), "free"))
    return out


def _keep_spaces(line: str) -> str:
    # Schedules align columns with runs of spaces; reportlab would collapse them.
    line = line.lstrip(" ")
    return _SPACES.sub(lambda m: "\u00a0" * len(m.group(0)), line)


def _bullet(depth: int) -> str:
    return ("•", "–", "◦")[min(depth, 2)]


def _bullet_style(depth: int) -> ParagraphStyle:
    base = ps.styles()["bullet"]
    return ParagraphStyle(
        f"bullet{depth}",
        parent=base,
        leftIndent=base.leftIndent + 16 * depth,
        bulletIndent=base.bulletIndent + 16 * depth,
    )


def _merge(bullet: ParagraphStyle, made: ParagraphStyle) -> ParagraphStyle:
    """Return the bullet style with the shaping and alignment the text needs."""
    return ParagraphStyle(
        bullet.name + "-x",
        parent=bullet,
        shaping=getattr(made, "shaping", 0),
        alignment=made.alignment,
    )


def _colour(value: str) -> str:
    # The colour goes into markup: accept only #rrggbb.
    return value if _COLOUR.match(value or "") else DEFAULT_HIGHLIGHT_COLOUR

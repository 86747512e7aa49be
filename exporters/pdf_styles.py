"""Page geometry, colours and paragraph styles of the PDF book."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from exporters import pdf_fonts

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5f6368")
ACCENT = colors.HexColor("#1f3a5f")  # deep navy for headings and rules
RULE = colors.HexColor("#c9ced6")
MARKING = colors.HexColor("#8a1c1c")
LINK = colors.HexColor("#1f4e8c")
NOTE_FILL = colors.HexColor("#f6f1e1")
NOTE_EDGE = colors.HexColor("#d8c48a")

BODY_SIZE = 10.5


@dataclass(frozen=True)
class Geometry:
    """Page size and margins in points."""

    width: float
    height: float
    left: float = 25 * mm
    right: float = 25 * mm
    top: float = 25 * mm
    bottom: float = 25 * mm

    @property
    def frame_width(self) -> float:
        """Return the width of the text block."""
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        """Return the height of the text block."""
        return self.height - self.top - self.bottom


def geometry(page_size: str) -> Geometry:
    """Return the page geometry for "A4" or "Letter"."""
    width, height = LETTER if page_size == "Letter" else A4
    return Geometry(width, height)


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Return the named paragraph styles of the book."""
    pdf_fonts.ensure_base_fonts()
    serif, sans = pdf_fonts.BODY, pdf_fonts.SANS
    sans_bold = sans + "-b"
    base = ParagraphStyle(
        "body",
        fontName=serif,
        fontSize=BODY_SIZE,
        leading=14.5,
        textColor=INK,
        # Ragged right: releases carry long links and numbers that open rivers when justified.
        alignment=TA_LEFT,
        spaceAfter=7,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )
    made = {
        "body": base,
        "body_cont": ParagraphStyle("body_cont", parent=base, spaceBefore=0, spaceAfter=0),
        "cover_kicker": ParagraphStyle(
            "cover_kicker",
            parent=base,
            fontName=sans_bold,
            fontSize=9,
            leading=12,
            textColor=MUTED,
            alignment=TA_LEFT,
            spaceAfter=10,
        ),
        "cover_title": ParagraphStyle(
            "cover_title",
            parent=base,
            fontName=sans_bold,
            fontSize=30,
            leading=36,
            textColor=ACCENT,
            alignment=TA_LEFT,
            spaceAfter=10,
        ),
        "cover_subtitle": ParagraphStyle(
            "cover_subtitle",
            parent=base,
            fontName=sans,
            fontSize=15,
            leading=20,
            textColor=MUTED,
            alignment=TA_LEFT,
            spaceAfter=6,
        ),
        "cover_label": ParagraphStyle(
            "cover_label",
            parent=base,
            fontName=sans_bold,
            fontSize=7.5,
            leading=10,
            textColor=MUTED,
            alignment=TA_LEFT,
            spaceBefore=9,
            spaceAfter=1,
        ),
        "cover_value": ParagraphStyle(
            "cover_value",
            parent=base,
            fontSize=12,
            leading=16,
            alignment=TA_LEFT,
            spaceAfter=0,
        ),
        "cover_small": ParagraphStyle(
            "cover_small",
            parent=base,
            fontName=sans,
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            alignment=TA_LEFT,
            spaceAfter=0,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=sans_bold,
            fontSize=22,
            leading=27,
            textColor=ACCENT,
            alignment=TA_LEFT,
            spaceAfter=4,
            splitLongWords=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=sans_bold,
            fontSize=16,
            leading=20.5,
            textColor=ACCENT,
            alignment=TA_LEFT,
            spaceAfter=5,
        ),
        "kicker": ParagraphStyle(
            "kicker",
            parent=base,
            fontName=sans_bold,
            fontSize=7.5,
            leading=10,
            textColor=MUTED,
            alignment=TA_LEFT,
            spaceAfter=6,
        ),
        "meta": ParagraphStyle(
            "meta",
            parent=base,
            fontName=sans,
            fontSize=9,
            leading=12.5,
            textColor=MUTED,
            alignment=TA_LEFT,
            spaceAfter=2,
        ),
        "url": ParagraphStyle(
            "url",
            parent=base,
            fontName=sans,
            fontSize=8.5,
            leading=11.5,
            textColor=LINK,
            alignment=TA_LEFT,
            spaceAfter=0,
        ),
        "free": ParagraphStyle("free", parent=base, alignment=TA_LEFT, spaceAfter=2),
        "bullet": ParagraphStyle(
            "bullet",
            parent=base,
            alignment=TA_LEFT,
            spaceAfter=2,
            leftIndent=16,
            bulletIndent=4,
            bulletFontName=serif,
        ),
        "note_label": ParagraphStyle(
            "note_label",
            parent=base,
            fontName=sans_bold,
            fontSize=7.5,
            leading=10,
            textColor=colors.HexColor("#7a6420"),
            alignment=TA_LEFT,
            leftIndent=10,
            rightIndent=10,
            spaceBefore=8,
            spaceAfter=3,
        ),
        "note": ParagraphStyle(
            "note",
            parent=base,
            fontName=sans,
            fontSize=9.5,
            leading=13.5,
            alignment=TA_LEFT,
            leftIndent=10,
            rightIndent=10,
            spaceAfter=5,
        ),
        "comment": ParagraphStyle(
            "comment",
            parent=base,
            fontName=sans,
            fontSize=8.5,
            leading=11.5,
            textColor=INK,
            alignment=TA_LEFT,
            leftIndent=18,
            firstLineIndent=0,
            spaceBefore=0,
            spaceAfter=3,
        ),
        "toc_title": ParagraphStyle(
            "toc_title",
            parent=base,
            fontName=sans_bold,
            fontSize=22,
            leading=27,
            textColor=ACCENT,
            alignment=TA_LEFT,
            spaceAfter=18,
        ),
        "toc0": ParagraphStyle(
            "toc0",
            parent=base,
            fontName=sans_bold,
            fontSize=10.5,
            leading=14,
            textColor=ACCENT,
            alignment=TA_LEFT,
            spaceBefore=10,
            spaceAfter=2,
        ),
        "toc1": ParagraphStyle(
            "toc1",
            parent=base,
            fontSize=9.5,
            leading=13,
            alignment=TA_LEFT,
            leftIndent=14,
            firstLineIndent=0,
            spaceAfter=1.5,
        ),
        "plain": ParagraphStyle("plain", parent=base, alignment=TA_LEFT),
    }
    return made


_variants: dict[tuple[str, bool, bool, bool], ParagraphStyle] = {}


def variant(style: ParagraphStyle, *, shaped: bool, rtl: bool, prewrapped: bool) -> ParagraphStyle:
    """Return `style` adjusted for shaped, right-to-left or pre-wrapped text."""
    if not (shaped or rtl or prewrapped):
        return style
    key = (style.name, shaped, rtl, prewrapped)
    made = _variants.get(key)
    if made is None:
        alignment = style.alignment
        if rtl and alignment != TA_CENTER:
            alignment = TA_RIGHT
        elif prewrapped and alignment == TA_JUSTIFY:
            alignment = TA_LEFT
        made = ParagraphStyle(
            f"{style.name}-{int(shaped)}{int(rtl)}{int(prewrapped)}",
            parent=style,
            shaping=1 if shaped else 0,
            alignment=alignment,
        )
        _variants[key] = made
    return made


def variant_of(style: ParagraphStyle, made) -> ParagraphStyle:
    """Return `style` adjusted for a `pdf_markup.Markup` result."""
    return variant(style, shaped=made.shaped, rtl=made.rtl, prewrapped=made.prewrapped)


_templates: dict[str, object] = {}


def literal_frag(style: ParagraphStyle, text: str):
    """Return a paragraph fragment of `text` in `style`, as reportlab's parser would make it."""
    template = _templates.get(style.name)
    if template is None:
        template = Paragraph("x", style).frags[0]
        _templates[style.name] = template
    return template.clone(text=text)


def toc_style(level: int) -> ParagraphStyle:
    """Return the contents style of `level`, shaping on (titles may be in any script)."""
    return variant(styles()[f"toc{level}"], shaped=True, rtl=False, prewrapped=False)

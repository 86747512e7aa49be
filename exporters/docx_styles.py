"""The Word document's styles and fonts: one place that decides how the book looks."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from exporters import docx_xml as x
from exporters import fonts

# Families of the fonts bundled in resources/fonts (the PDF uses the same files), so a
# reader who installs them sees the book exactly as printed; Word and LibreOffice fall
# back to a font of the same script otherwise.
BODY_FONT = fonts.font_for(fonts.LATIN).family
HEADING_FONT = fonts.HEADING_FACE.family
SCRIPT_FONTS = {
    script: face.family for script, face in fonts.FACES.items() if script != fonts.LATIN
}
EAST_ASIAN_SCRIPTS = frozenset({fonts.CJK, fonts.KOREAN})

INK = RGBColor(0x1F, 0x2A, 0x44)  # headings: a dark navy
GREY = RGBColor(0x55, 0x5B, 0x66)
MARKING_RED = RGBColor(0xA0, 0x10, 0x10)

# Custom style names (built-in names are used where Word gives them a meaning).
COVER_TITLE = "Cover Title"
COVER_SUBTITLE = "Cover Subtitle"
COVER_LINE = "Cover Line"
COVER_SMALL = "Cover Small"
MARKING = "Marking"
CONTENTS = "Contents Heading"
META = "Entry Meta"
LINK = "Entry Link"
NOTE = "Note Box"
NOTE_LABEL = "Note Label"
BODY = "Body Text"
FREE_TEXT = "Section Text"
PAGE_LINE = "Page Line"


def setup(document) -> None:
    """Configure fonts, sizes and every style the writer uses on `document`."""
    _defaults(document)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    _heading(styles["Heading 1"], 22, space_before=0, space_after=14)
    _heading(styles["Heading 2"], 15, space_before=0, space_after=6)
    body = styles[BODY]
    body.base_style = normal
    body.paragraph_format.space_after = Pt(8)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _paragraph(styles, FREE_TEXT, size=11, after=4)
    _paragraph(styles, COVER_TITLE, size=30, bold=True, colour=INK, font=HEADING_FONT, after=12)
    _paragraph(styles, COVER_SUBTITLE, size=16, colour=GREY, font=HEADING_FONT, after=36)
    _paragraph(styles, COVER_LINE, size=12, after=6)
    _paragraph(styles, COVER_SMALL, size=9, colour=GREY, after=2)
    _paragraph(styles, MARKING, size=9, bold=True, colour=MARKING_RED, font=HEADING_FONT, after=0)
    styles[MARKING].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(styles, CONTENTS, size=22, bold=True, colour=INK, font=HEADING_FONT, after=14)
    _paragraph(styles, META, size=9, colour=GREY, font=HEADING_FONT, after=2)
    _paragraph(styles, LINK, size=9, font=HEADING_FONT, after=12)
    _paragraph(styles, NOTE, size=10, after=0)
    x.box(styles[NOTE].element.get_or_add_pPr(), colour="B38F00", fill="FFF8DC")
    _paragraph(styles, NOTE_LABEL, size=9, bold=True, colour=GREY, font=HEADING_FONT, after=0)
    x.box(styles[NOTE_LABEL].element.get_or_add_pPr(), colour="B38F00", fill="FFF8DC")
    styles[NOTE_LABEL].paragraph_format.keep_with_next = True
    _paragraph(styles, PAGE_LINE, size=8, colour=GREY, font=HEADING_FONT, after=0)
    _toc_styles(styles)
    _comment_styles(styles)
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    _builtin(link, "Hyperlink")
    link.font.color.rgb = RGBColor(0x1A, 0x4E, 0x9C)
    link.font.underline = True


def _defaults(document) -> None:
    # Replace the template's theme fonts (Calibri/Cambria) with the bundled families and
    # give East Asian and complex scripts a font of their own by default.
    rpr_default = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    x.set_fonts(
        rpr, ascii=BODY_FONT, east_asia=SCRIPT_FONTS[fonts.CJK], cs=SCRIPT_FONTS[fonts.ARABIC]
    )
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is not None:
            x.set_attrs(element, w_val="21")


def _heading(style, size: float, *, space_before: float, space_after: float) -> None:
    x.set_fonts(style.element.get_or_add_rPr(), ascii=HEADING_FONT)
    style.font.size = Pt(size)
    style.font.color.rgb = INK
    style.font.bold = True
    _size_cs(style, size)
    fmt = style.paragraph_format
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.keep_with_next = True


def _paragraph(
    styles,
    name: str,
    *,
    size: float,
    after: float,
    bold: bool = False,
    colour: RGBColor | None = None,
    font: str = "",
) -> None:
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    _size_cs(style, size)
    if bold:
        style.font.bold = True
        style.element.get_or_add_rPr().get_or_add_bCs()
    if colour is not None:
        style.font.color.rgb = colour
    if font:
        x.set_fonts(style.element.get_or_add_rPr(), ascii=font)
    style.paragraph_format.space_after = Pt(after)


def _size_cs(style, size: float) -> None:
    # Complex scripts (Arabic, Hebrew, Thai) take their size from w:szCs, not w:sz.
    sz_cs = OxmlElement("w:szCs")
    x.set_attrs(sz_cs, w_val=str(int(size * 2)))
    x.insert_run_property(style.element.get_or_add_rPr(), sz_cs)


def _builtin(style, style_id: str) -> None:
    # Word's own style id and no customStyle flag: Word then treats it as its built-in.
    style.element.set(qn("w:styleId"), style_id)
    style.element.attrib.pop(qn("w:customStyle"), None)


def _comment_styles(styles) -> None:
    # The ids python-docx's comments refer to; Word's built-in names make them its own.
    text = styles.add_style("annotation text", WD_STYLE_TYPE.PARAGRAPH)
    _builtin(text, "CommentText")
    text.base_style = styles["Normal"]
    text.font.size = Pt(10)
    reference = styles.add_style("annotation reference", WD_STYLE_TYPE.CHARACTER)
    _builtin(reference, "CommentReference")
    reference.font.size = Pt(8)


def _toc_styles(styles) -> None:
    # Word's built-in "toc 1"/"toc 2" are latent in this template; define them so the
    # placeholder looks like the table Word will generate.
    for level, (indent, size, bold) in enumerate(((0, 11, True), (16, 10, False)), start=1):
        style = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        _builtin(style, f"TOC{level}")
        style.base_style = styles["Normal"]
        style.font.size = Pt(size)
        style.font.bold = bold
        fmt = style.paragraph_format
        fmt.left_indent = Pt(indent)
        fmt.space_before = Pt(8 if level == 1 else 0)
        fmt.space_after = Pt(2)

"""WordprocessingML pieces python-docx has no API for: fields, shading, borders, links, fonts."""

from __future__ import annotations

from urllib.parse import quote

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Word refuses to open hyperlinks longer than this; such a URL is printed as text only.
MAX_LINK = 2000
LINK_SCHEMES = ("http://", "https://", "mailto:")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def set_attrs(element, **attrs: str) -> None:
    """Set w:-namespaced attributes on `element` (keyword `w_val` -> `w:val`)."""
    for name, value in attrs.items():
        element.set(qn(name.replace("_", ":", 1)), value)


def child(parent, tag: str, **attrs: str):
    """Return a new `tag` element appended to `parent` with the given attributes."""
    element = OxmlElement(tag)
    set_attrs(element, **attrs)
    parent.append(element)
    return element


def run_properties(run: Run):
    """Return the w:rPr of `run`, created if missing."""
    return run._r.get_or_add_rPr()


def set_fonts(rpr, *, ascii: str = "", east_asia: str = "", cs: str = "", hint: str = "") -> None:
    """Give a run or style the font families per character class (empty keeps the default)."""
    fonts = rpr.get_or_add_rFonts()
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    if ascii:
        set_attrs(fonts, w_ascii=ascii, w_hAnsi=ascii)
    if east_asia:
        set_attrs(fonts, w_eastAsia=east_asia)
    if cs:
        set_attrs(fonts, w_cs=cs)
    if hint:
        set_attrs(fonts, w_hint=hint)


def shade_run(rpr, fill: str) -> None:
    """Fill a run's background with `fill` ("rrggbb"), the exact library colour."""
    shd = OxmlElement("w:shd")
    set_attrs(shd, w_val="clear", w_color="auto", w_fill=fill)
    insert_run_property(rpr, shd)


def insert_run_property(rpr, element) -> None:
    """Insert `element` into a w:rPr at its place in the schema sequence, replacing any twin."""
    tag = next(t for t in RPR_SEQUENCE if qn(t) == element.tag)
    rpr.remove_all(tag)
    rpr.insert_element_before(element, *RPR_SEQUENCE[RPR_SEQUENCE.index(tag) + 1 :])


PPR_SEQUENCE = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
RPR_SEQUENCE = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def box(ppr, colour: str = "7F7F7F", fill: str = "F2F2F2") -> None:
    """Draw a border on all four sides of a paragraph and shade it."""
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        child(borders, f"w:{side}", w_val="single", w_sz="6", w_space="6", w_color=colour)
    insert_ordered(ppr, borders)
    shd = OxmlElement("w:shd")
    set_attrs(shd, w_val="clear", w_color="auto", w_fill=fill)
    insert_ordered(ppr, shd)


def insert_ordered(ppr, element) -> None:
    """Insert `element` into a w:pPr at the place the schema sequence gives it."""
    sequence = PPR_SEQUENCE
    tag = next(t for t in sequence if qn(t) == element.tag)
    ppr.remove_all(tag)
    ppr.insert_element_before(element, *sequence[sequence.index(tag) + 1 :])


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """Append a complex field (`instruction`) showing `placeholder` until Word updates it."""
    _field_char(paragraph, "begin")
    instr = child(paragraph._p.add_r(), "w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    _field_char(paragraph, "separate")
    if placeholder:
        paragraph._p.add_r().text = placeholder
    _field_char(paragraph, "end")


def begin_field(paragraph: Paragraph, instruction: str) -> None:
    """Open a complex field whose result spans the paragraphs that follow."""
    _field_char(paragraph, "begin", dirty=True)
    instr = child(paragraph._p.add_r(), "w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    _field_char(paragraph, "separate")


def end_field(paragraph: Paragraph) -> None:
    """Close the field opened by `begin_field`."""
    _field_char(paragraph, "end")


def _field_char(paragraph: Paragraph, kind: str, dirty: bool = False) -> None:
    element = child(paragraph._p.add_r(), "w:fldChar", w_fldCharType=kind)
    if dirty:
        # Asks Word to recompute this field when the document opens.
        set_attrs(element, w_dirty="true")


def add_hyperlink(paragraph: Paragraph, url: str, text: str) -> bool:
    """Append `text` linked to `url` if the URL is a web or mail link; return whether linked."""
    if (
        not url.lower().startswith(LINK_SCHEMES)
        or len(url) > MAX_LINK
        or any(c.isspace() for c in url)
    ):
        return False
    # The shown text stays as written; the link target is percent-encoded so that quotes
    # or angle brackets in an untrusted URL cannot make the package invalid for Word.
    target = quote(url, safe=_URL_SAFE)
    rel_id = paragraph.part.relate_to(target, RT.HYPERLINK, is_external=True)
    link = child(paragraph._p, "w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.set(qn("w:history"), "1")
    run = child(link, "w:r")
    rpr = child(run, "w:rPr")
    child(rpr, "w:rStyle", w_val="Hyperlink")
    run.text = text
    return True


def page_break_before(paragraph: Paragraph) -> None:
    """Make `paragraph` start on a new page."""
    paragraph.paragraph_format.page_break_before = True


def right_to_left(paragraph: Paragraph) -> None:
    """Mark `paragraph` as a right-to-left paragraph (Arabic, Hebrew)."""
    insert_ordered(paragraph._p.get_or_add_pPr(), OxmlElement("w:bidi"))


def enable_update_fields(settings_element) -> None:
    """Ask Word to update every field (the table of contents) when the file opens."""
    if settings_element.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    set_attrs(update, w_val="true")
    settings_element.insert_element_before(update, *_SETTINGS_AFTER_UPDATE_FIELDS)


# Elements that follow w:updateFields in the CT_Settings sequence.
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def bookmark(paragraph: Paragraph, name: str, bookmark_id: int, runs: list[Run]) -> None:
    """Put a bookmark called `name` around `runs` (a heading) for links and PAGEREF fields."""
    start = OxmlElement("w:bookmarkStart")
    set_attrs(start, w_id=str(bookmark_id), w_name=name)
    end = OxmlElement("w:bookmarkEnd")
    set_attrs(end, w_id=str(bookmark_id))
    if runs:
        runs[0]._r.addprevious(start)
        runs[-1]._r.addnext(end)
    else:
        paragraph._p.append(start)
        paragraph._p.append(end)


def internal_link(paragraph: Paragraph, anchor: str, runs: list[Run]):
    """Wrap `runs` of `paragraph` in a link to the bookmark `anchor`; return the link."""
    link = OxmlElement("w:hyperlink")
    set_attrs(link, w_anchor=anchor, w_history="1")
    runs[0]._r.addprevious(link)
    for run in runs:
        link.append(run._r)
    return link

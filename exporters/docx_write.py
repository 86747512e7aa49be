"""Writing text into Word paragraphs: one run per script, with its font and direction."""

from __future__ import annotations

import copy
import re
from functools import cache

from docx.oxml import OxmlElement
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from exporters import docx_styles as st
from exporters import docx_xml as x
from exporters import fonts
from exporters.docx_text import is_rtl


class TextWriter:
    """Appends plain text to paragraphs, choosing fonts per script (Word: w:rFonts, w:rtl)."""

    def __init__(self) -> None:
        self._properties: dict[tuple[str, str | None], object | None] = {}
        self.missing: set[str] = set()  # characters no bundled font has, drawn as a box

    def add(
        self, paragraph: Paragraph, text: str, *, fill: str | None = None, direction: bool = True
    ) -> list[Run]:
        """Append `text` (already clean) to `paragraph`; return the runs made for it."""
        if direction:
            self.set_direction(paragraph, text)
        runs = []
        for script, piece in self._script_runs(text):
            r = _run_element(piece)
            prototype = self._prototype(script, fill)
            if prototype is not None:
                r.insert(0, copy.deepcopy(prototype))
            paragraph._p.append(r)
            runs.append(Run(r, paragraph))
        if not runs:
            # An empty highlighted passage still needs a run to anchor on.
            runs.append(paragraph.add_run(""))
        return runs

    def _script_runs(self, text: str) -> list[tuple[str, str]]:
        # Most release text is Latin: one set comparison spares the per-character scan,
        # and gives the same answer fonts.runs_by_script would.
        if text and set(text) <= _plain_latin():
            return [(fonts.LATIN, text)]
        return fonts.runs_by_script(text, self.missing)

    def set_direction(self, paragraph: Paragraph, text: str) -> None:
        """Make `paragraph` right to left when `text` starts in Arabic or Hebrew."""
        if is_rtl(text):
            x.right_to_left(paragraph)

    def _prototype(self, script: str, fill: str | None):
        key = (script, fill)
        if key not in self._properties:
            self._properties[key] = _run_properties(script, fill)
        return self._properties[key]


@cache
def _plain_latin() -> frozenset[str]:
    """Return the characters the body font draws that belong to no other script."""
    return frozenset(
        chr(code) for code in fonts.coverage(fonts.LATIN) if fonts.script_of(chr(code)) is None
    )


_BREAKS = re.compile(r"([\t\n])")


def _run_element(text: str):
    # python-docx's Run.text walks the string one character at a time; a release body
    # has only newlines and tabs to translate, found here by one regex split.
    r = OxmlElement("w:r")
    for piece in _BREAKS.split(text) if ("\n" in text or "\t" in text) else (text,):
        if piece == "\n":
            r.append(OxmlElement("w:br"))
        elif piece == "\t":
            r.append(OxmlElement("w:tab"))
        elif piece:
            t = OxmlElement("w:t")
            t.text = piece
            t.set(_XML_SPACE, "preserve")
            r.append(t)
    return r


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _run_properties(script: str, fill: str | None):
    font = st.SCRIPT_FONTS.get(script)
    if font is None and fill is None:
        return None
    rpr = OxmlElement("w:rPr")
    if script in st.EAST_ASIAN_SCRIPTS:
        # Word picks the eastAsia font for CJK only with the hint; LibreOffice by character.
        x.set_fonts(rpr, ascii=font, east_asia=font, hint="eastAsia")
    elif script == fonts.SYMBOL:
        x.set_fonts(rpr, ascii=font, east_asia=font, cs=font)
    elif font is not None:
        x.set_fonts(rpr, ascii=font, cs=font)
    if fill is not None:
        x.shade_run(rpr, fill)
    if fonts.is_rtl(script):
        rpr.get_or_add_rtl()
    elif script == fonts.THAI:
        rpr.get_or_add_cs()  # a complex script laid out left to right
    return rpr

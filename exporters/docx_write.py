"""Writing text into Word paragraphs: one run per script, with its font and direction."""

from __future__ import annotations

import copy

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
        for script, piece in fonts.runs_by_script(text, self.missing):
            run = paragraph.add_run(piece)
            prototype = self._prototype(script, fill)
            if prototype is not None:
                run._r.insert(0, copy.deepcopy(prototype))
            runs.append(run)
        if not runs:
            # An empty highlighted passage still needs a run to anchor on.
            runs.append(paragraph.add_run(""))
        return runs

    def set_direction(self, paragraph: Paragraph, text: str) -> None:
        """Make `paragraph` right to left when `text` starts in Arabic or Hebrew."""
        if is_rtl(text):
            x.right_to_left(paragraph)

    def _prototype(self, script: str, fill: str | None):
        key = (script, fill)
        if key not in self._properties:
            self._properties[key] = _run_properties(script, fill)
        return self._properties[key]


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

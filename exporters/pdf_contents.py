"""The table of contents, laid out in the same single pass as the book.

Each line links to its part; its page number is a PDF form XObject that is drawn where
the line is but defined only when the part is laid out, pages later. The footer's total
page count works the same way. One layout pass instead of reportlab's two or three.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from exporters.text import escape_markup

NUMBER_COLUMN = 40  # points kept free at the right for the page numbers
TOTAL_FORM = "bbTotal"
_DOT = " . "


def page_form(key: str) -> str:
    """Return the name of the form that holds the page number of part `key`."""
    return f"bbPage{key}"


def define_number_form(canvas, name: str, number: int, font: str, size: float, colour) -> None:
    """Define form `name`: `number` right-aligned on its origin (drawn earlier or later)."""
    text = str(number)
    width = stringWidth(text, font, size)
    canvas.beginForm(name, lowerx=-width - 2, lowery=-size, upperx=width + 2, uppery=size * 1.5)
    canvas.setFont(font, size)
    canvas.setFillColor(colour)
    canvas.drawRightString(0, 0, text)
    canvas.endForm()


def define_total_form(canvas, total: int, font: str, size: float, colour) -> None:
    """Define the footer's total page count: left-aligned on its origin."""
    text = str(total)
    width = stringWidth(text, font, size)
    canvas.beginForm(TOTAL_FORM, lowerx=-2, lowery=-size, upperx=width + 2, uppery=size * 1.5)
    canvas.setFont(font, size)
    canvas.setFillColor(colour)
    canvas.drawString(0, 0, text)
    canvas.endForm()


class ContentsLine(Flowable):
    """One contents line: the linked title, dot leaders, the page number form."""

    def __init__(self, key: str, title_markup: str, style: ParagraphStyle, *, dots: bool):
        super().__init__()
        self.key, self.style, self.dots = key, style, dots
        end = f'<onDraw name="bbContentsEnd" label="{escape_markup(key)}"/>'
        self.text = f'<a href="#{escape_markup(key)}">{title_markup}</a>{end}'
        self._para: Paragraph | None = None
        self._width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        self._para = Paragraph(self.text, self.style)
        _, height = self._para.wrap(avail_width - NUMBER_COLUMN, avail_height)
        return avail_width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # a title never splits; it moves to the next page whole

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.spaceAfter

    def draw(self) -> None:
        self.canv.setNamedCB("bbContentsEnd", self._end_of_title)
        self._para.drawOn(self.canv, 0, 0)

    def _end_of_title(self, canvas, kind: str, label: str) -> None:
        """Draw the dot leader and the page number after the last line of the title."""
        info = canvas._curr_tx_info
        x, y = info["cur_x"], info["cur_y"]
        style = self.style
        right = self._width
        if self.dots:
            dot_width = stringWidth(_DOT, style.fontName, style.fontSize)
            count = int((right - NUMBER_COLUMN + 12 - x) / dot_width)
            if count > 0:
                canvas.setFont(style.fontName, style.fontSize)
                canvas.setFillColor(style.textColor)
                canvas.drawRightString(right - NUMBER_COLUMN + 12, y, _DOT * count)
        canvas.saveState()
        canvas.translate(right, y)
        canvas.doForm(page_form(self.key))
        canvas.restoreState()
        canvas.linkRect(
            "", self.key, (right - NUMBER_COLUMN, y - 2, right, y + style.leading), relative=1
        )

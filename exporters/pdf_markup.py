"""Plain text to reportlab paragraph markup: escaped, one font per script run, highlights.

Text with right-to-left runs is wrapped here, line by line, and each line's words are put
in visual order (the Unicode bidi rule L2 applied to whole words); HarfBuzz then shapes
each word and orders its letters. reportlab's own bidi support needs a package that is
not on the package index.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import bidi
from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeStr

from exporters import fonts, pdf_fonts
from exporters.text import escape_markup

WRAP_SLACK = 0.96  # keep pre-wrapped lines a little short so reportlab never re-wraps them
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


@dataclass(frozen=True)
class Span:
    """A highlighted range of a paragraph, with the label of its comment (may be empty)."""

    start: int
    end: int
    colour: str
    label: str = ""


@dataclass(frozen=True)
class Piece:
    """A run of text drawn in one font with one background."""

    text: str
    script: str
    colour: str | None = None
    label: bool = False  # a superscript comment number


@dataclass(frozen=True)
class Markup:
    """Paragraph markup and what the paragraph style must do for it."""

    text: str
    shaped: bool = False  # needs HarfBuzz (ParagraphStyle.shaping)
    rtl: bool = False  # base direction right to left (align right)
    prewrapped: bool = False  # lines already broken with <br/> (do not justify)
    literal: str | None = None  # the text itself when it is one Latin run without markup


def markup(
    text: str,
    spans: Sequence[Span] = (),
    *,
    font: str = pdf_fonts.BODY,
    size: float = 10.5,
    width: float = 400.0,
    missing: set[str] | None = None,
) -> Markup:
    """Return markup for plain `text` (newlines kept as line breaks) with its highlights."""
    pieces = _pieces(text, spans, missing)
    shaped = any(p.script in fonts.SHAPED_SCRIPTS for p in pieces)
    only = pieces[0] if len(pieces) == 1 else None
    if only and only.script == fonts.LATIN and not only.colour and "\n" not in only.text:
        return Markup(escape_markup(only.text), literal=only.text)
    if not any(p.script in fonts.RTL_SCRIPTS for p in pieces):
        bold = _is_bold(font)
        return Markup("".join(_render(p, bold) for p in pieces), shaped=shaped)
    rtl = bidi.get_base_level(text) == 1
    lines = []
    for hard_line in _split_lines(pieces):
        words = _words(hard_line)
        for line in _wrap(words, font, size, width * WRAP_SLACK):
            words_in_order = _visual_order(line, rtl)
            lines.append(" ".join(_render_word(w, _is_bold(font)) for w in words_in_order))
    return Markup("<br/>".join(lines), shaped=True, rtl=rtl, prewrapped=True)


def _pieces(text: str, spans: Sequence[Span], missing: set[str] | None) -> list[Piece]:
    """Return `text` as pieces: highlight segments cut into script runs, labels after spans."""
    pieces: list[Piece] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        start, end = max(span.start, position), min(span.end, len(text))
        while end > start and text[end - 1].isspace():
            end -= 1  # the comment number belongs after the last word, not a space
        if end <= start:
            continue
        pieces += _runs(text[position:start], None, missing)
        pieces += _runs(text[start:end], span.colour, missing)
        if span.label:
            pieces.append(Piece(span.label, fonts.LATIN, None, label=True))
        position = end
    pieces += _runs(text[position:], None, missing)
    return pieces


def _runs(text: str, colour: str | None, missing: set[str] | None) -> list[Piece]:
    return [Piece(t, script, colour) for script, t in fonts.runs_by_script(text, missing)]


def _render(piece: Piece, bold: bool = False) -> str:
    text = escape_markup(piece.text)
    if piece.label:
        return f'<super><font color="#8a1c1c">{text}</font></super>'
    if piece.script != fonts.LATIN:
        # A face named in markup drops the style's boldness; name the bold font itself.
        face = tt2ps(pdf_fonts.family(piece.script), int(bold), 0)
        text = f'<font face="{face}">{text}</font>'
    if piece.colour:
        text = f'<span backColor="{piece.colour}">{text}</span>'
    return text


def _split_lines(pieces: list[Piece]) -> list[list[Piece]]:
    """Return the pieces cut at hard line breaks."""
    lines: list[list[Piece]] = [[]]
    for piece in pieces:
        parts = piece.text.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append(Piece(part, piece.script, piece.colour, piece.label))
    return lines


def _words(pieces: list[Piece]) -> list[list[Piece]]:
    """Return the pieces grouped into space-separated words."""
    words: list[list[Piece]] = [[]]
    for piece in pieces:
        parts = piece.text.split(" ")
        for i, part in enumerate(parts):
            if i and words[-1]:
                words.append([])
            if part:
                words[-1].append(Piece(part, piece.script, piece.colour, piece.label))
    return [w for w in words if w]


def _width(word: list[Piece], font: str, size: float) -> float:
    total = 0.0
    for piece in word:
        if piece.script == fonts.LATIN:
            total += stringWidth(piece.text, font, size * (0.6 if piece.label else 1))
            continue
        name = tt2ps(pdf_fonts.family(piece.script), int(_is_bold(font)), 0)
        if piece.script in fonts.SHAPED_SCRIPTS:
            # Joined letters are narrower than the isolated forms stringWidth measures.
            shaped = shapeStr(piece.text, name, size)
            data = getattr(shaped, "__shapeData__", None)
            if data:
                total += sum(d.x_advance for d in data) * size / 1000
                continue
        total += stringWidth(piece.text, name, size)
    return total


def _is_bold(font: str) -> bool:
    return font.endswith("-b") or font.endswith("-bi")


def _wrap(words: list[list[Piece]], font: str, size: float, width: float) -> list[list]:
    """Return the words broken greedily into lines no wider than `width`."""
    space = stringWidth(" ", font, size)
    lines: list[list[list[Piece]]] = [[]]
    used = 0.0
    for word in words:
        needed = _width(word, font, size)
        if lines[-1] and used + space + needed > width:
            lines.append([])
            used = 0.0
        used += needed + (space if lines[-1] else 0.0)
        lines[-1].append(word)
    return lines


def _direction(word: list[Piece]) -> str:
    """Return "R", "L", "N" (number) or "" (neutral) from the word's first strong character."""
    number = False
    for piece in word:
        for char in piece.text:
            kind = unicodedata.bidirectional(char)
            if kind in ("R", "AL"):
                return "R"
            if kind == "L":
                return "L"
            number = number or kind in ("EN", "AN")
    return "N" if number else ""


def _levels(line: list[list[Piece]], rtl: bool) -> list[int]:
    """Return a bidi embedding level per word (0/2 left to right, 1 right to left)."""
    base = 1 if rtl else 0
    kinds = [_direction(w) for w in line]
    levels = []
    for i, kind in enumerate(kinds):
        before = next((k for k in reversed(kinds[:i]) if k in "RL" and k), "")
        after = next((k for k in kinds[i + 1 :] if k in "RL" and k), "")
        if kind == "R":
            levels.append(1)
        elif kind == "L":
            levels.append(2 if rtl else 0)
        elif kind == "N":
            levels.append(2 if rtl or before == "R" else 0)
        elif before and before == after:
            levels.append(1 if before == "R" else (2 if rtl else 0))
        else:
            levels.append(base)
    return levels


def _visual_order(line: list[list[Piece]], rtl: bool) -> list[tuple[list[Piece], int]]:
    """Return the line's words with their levels, in left-to-right display order."""
    items = list(zip(line, _levels(line, rtl), strict=True))
    if not items:
        return []
    top = max(level for _, level in items)
    for level in range(top, 0, -1):
        i = 0
        while i < len(items):
            if items[i][1] >= level:
                j = i
                while j < len(items) and items[j][1] >= level:
                    j += 1
                items[i:j] = reversed(items[i:j])
                i = j
            else:
                i += 1
    return items


def _render_word(item: tuple[list[Piece], int], bold: bool) -> str:
    word, level = item
    if level % 2 == 0:
        return "".join(_render(p, bold) for p in word)
    # Inside a right-to-left word the runs go right to left; unshaped brackets mirror.
    out = []
    for piece in reversed(word):
        if piece.script not in fonts.SHAPED_SCRIPTS and not any(c.isalnum() for c in piece.text):
            piece = Piece(piece.text[::-1].translate(_MIRROR), piece.script, piece.colour)
        out.append(_render(piece, bold))
    return "".join(out)

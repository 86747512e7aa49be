"""Bundled fonts and script detection, shared by the PDF and Word writers.

Every run of text gets a script and each script a bundled TrueType font that has its
glyphs. A character no bundled font can draw is replaced by a visible box (U+25A1) and
reported, never dropped. Nothing here depends on reportlab: the Word writer uses the
family names, the PDF writer registers the files (`exporters.pdf_fonts`).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import uharfbuzz

LATIN = "latin"  # Latin, Greek, Cyrillic and common punctuation (Noto Serif / Noto Sans)
ARABIC = "arabic"
HEBREW = "hebrew"
THAI = "thai"
CJK = "cjk"  # Chinese and Japanese (Droid Sans Fallback)
KOREAN = "korean"  # Hangul (Nanum Gothic)
SYMBOL = "symbol"  # anything else DejaVu Sans has, and the replacement box

REPLACEMENT = "\u25a1"  # WHITE SQUARE, drawn where no bundled font has a glyph
RTL_SCRIPTS = frozenset({ARABIC, HEBREW})
SHAPED_SCRIPTS = frozenset({ARABIC, HEBREW, THAI})  # need HarfBuzz shaping


@dataclass(frozen=True)
class FontFace:
    """One bundled font family: its real family name and its files by style.

    Books are set upright only, so no italic files are bundled; a family without a
    style falls back to its closest one (`file`).
    """

    script: str
    family: str  # the family name an office application knows (Word's w:rFonts)
    regular: str
    bold: str = ""
    italic: str = ""
    bold_italic: str = ""

    def file(self, *, bold: bool = False, italic: bool = False) -> str:
        """Return the file name of the closest style this family has."""
        if bold and italic and self.bold_italic:
            return self.bold_italic
        if bold and self.bold:
            return self.bold
        if italic and self.italic:
            return self.italic
        return self.regular


FACES: dict[str, FontFace] = {
    LATIN: FontFace(
        LATIN,
        "Noto Serif",
        "NotoSerif-Regular.ttf",
        "NotoSerif-Bold.ttf",
    ),
    ARABIC: FontFace(
        ARABIC, "Noto Sans Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"
    ),
    HEBREW: FontFace(
        HEBREW, "Noto Sans Hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"
    ),
    THAI: FontFace(THAI, "Noto Sans Thai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    CJK: FontFace(CJK, "Droid Sans Fallback", "DroidSansFallbackFull.ttf"),
    KOREAN: FontFace(KOREAN, "NanumGothic", "NanumGothic.ttf", "NanumGothicBold.ttf"),
    SYMBOL: FontFace(SYMBOL, "DejaVu Sans", "DejaVuSans.ttf"),
}

# Headings use the sans-serif companion of the body face (same coverage).
HEADING_FACE = FontFace(LATIN, "Noto Sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf")

# The order in which fonts are tried for a character its own script's font lacks.
_FALLBACK_ORDER = (LATIN, SYMBOL, CJK, KOREAN, ARABIC, HEBREW, THAI)

# Unicode blocks that decide a character's script; everything else is LATIN or neutral.
_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x08A0, 0x08FF, ARABIC),
    (0x0E00, 0x0E7F, THAI),
    (0x1100, 0x11FF, KOREAN),
    (0x2E80, 0x2FDF, CJK),
    (0x3000, 0x30FF, CJK),
    (0x3100, 0x312F, CJK),
    (0x3130, 0x318F, KOREAN),
    (0x3190, 0x31FF, CJK),
    (0x3400, 0x4DBF, CJK),
    (0x4E00, 0x9FFF, CJK),
    (0xA960, 0xA97F, KOREAN),
    (0xAC00, 0xD7FF, KOREAN),
    (0xF900, 0xFAFF, CJK),
    (0xFB1D, 0xFB4F, HEBREW),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0xFF00, 0xFFEF, CJK),
    (0x20000, 0x3FFFF, CJK),
)

# Invisible characters that need no glyph: kept with their run when its font has them,
# silently left out otherwise (they are not something a person reads).
_IGNORABLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad")
# Invisible characters with no effect on layout that some fonts draw with a width.
_DROPPED = frozenset("\u200b\u200e\u200f\u2060\ufeff")
_DROP_PATTERN = re.compile("[" + "".join(sorted(_DROPPED)) + "]")
_DROP_SEARCH = _DROP_PATTERN.search


def fonts_dir(explicit: str | Path | None = None) -> Path:
    """Return the folder of bundled fonts: `explicit`, the checkout's, or the installed one."""
    if explicit is not None:
        return Path(explicit)
    checkout = Path(__file__).resolve().parent.parent / "resources" / "fonts"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "briefbook" / "resources" / "fonts"


def font_for(script: str) -> FontFace:
    """Return the bundled font family used for `script` (LATIN for unknown scripts)."""
    return FACES.get(script, FACES[LATIN])


def font_path(script: str, *, bold: bool = False, italic: bool = False) -> Path:
    """Return the path of the TrueType file for `script` in the closest style."""
    return fonts_dir() / font_for(script).file(bold=bold, italic=italic)


@cache
def coverage(script: str) -> frozenset[int]:
    """Return the code points the regular font of `script` has glyphs for."""
    blob = uharfbuzz.Blob.from_file_path(str(font_path(script)))
    return frozenset(uharfbuzz.Face(blob).unicodes)


def script_of(char: str) -> str | None:
    """Return the script that owns `char`, or None for a neutral or Latin-like character."""
    code = ord(char)
    if code < 0x0590:
        return None
    for low, high, script in _BLOCKS:
        if low <= code <= high:
            return script
        if code < low:
            break
    return None


def is_rtl(script: str) -> bool:
    """Return whether `script` is written right to left."""
    return script in RTL_SCRIPTS


def runs_by_script(text: str, missing: set[str] | None = None) -> list[tuple[str, str]]:
    """Return `text` cut into (script, text) runs, each drawable with `font_for(script)`.

    Characters no bundled font has become REPLACEMENT in a SYMBOL run and are added to
    `missing` when given. Invisible marks without layout meaning (zero-width space, word
    joiner, BOM, LRM/RLM) are left out: some fonts give them a width. Neutral characters (spaces, punctuation, marks) stay with the
    run they follow when its font has them, so runs stay long.
    """
    if not text:
        return []
    if text.isascii():
        return [(LATIN, text)]
    if _DROP_SEARCH(text):
        text = _DROP_PATTERN.sub("", text)
    if not text:
        return []
    if _latin_only().issuperset(text):
        return [(LATIN, text)]
    runs: list[tuple[str, str]] = []
    current: str | None = None
    buf: list[str] = []
    for char in text:
        script = _assign(char, current)
        if script is None:  # an ignorable character no font has
            continue
        if script == "":
            if missing is not None:
                missing.add(char)
            script, char = SYMBOL, REPLACEMENT
        if script != current and buf:
            runs.append((current, "".join(buf)))  # type: ignore[arg-type]
            buf = []
        current = script
        buf.append(char)
    if buf:
        runs.append((current, "".join(buf)))  # type: ignore[arg-type]
    return runs


def _assign(char: str, current: str | None) -> str | None:
    """Return the script run `char` joins; "" when no font has it, None to leave it out."""
    own, neutral, digit = _classify(char)
    if char in _DROPPED:
        return None
    code = ord(char)
    # Digits never go to a shaped right-to-left font: HarfBuzz would reverse them.
    stays = neutral and current is not None and not (digit and current in RTL_SCRIPTS)
    if stays and code in coverage(current):
        return current
    if own is not None and code in coverage(own) and not (digit and own in RTL_SCRIPTS):
        return own
    for script in _FALLBACK_ORDER:
        if digit and script in RTL_SCRIPTS:
            continue
        if code in coverage(script):
            return script
    return None if char in _IGNORABLE else ""


@cache
def _latin_only() -> frozenset[str]:
    """Return the characters that always go to the Latin font, whatever surrounds them."""
    return frozenset(
        chr(code)
        for code in coverage(LATIN)
        if script_of(chr(code)) is None and not 0xD800 <= code <= 0xDFFF
    )


@cache
def _classify(char: str) -> tuple[str | None, bool, bool]:
    """Return (own script, is neutral, is a digit) for one character."""
    category = unicodedata.category(char)
    neutral = category[0] in "ZPSM" or char in _IGNORABLE
    digit = unicodedata.bidirectional(char) in ("EN", "AN")
    return script_of(char), neutral, digit


def scripts_in(text: str) -> set[str]:
    """Return the set of scripts the runs of `text` use."""
    return {script for script, _ in runs_by_script(text)}

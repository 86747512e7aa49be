"""Text preparation for the Word writer: XML-safe cleaning, script runs, highlight segments.

Offsets in the book model count code points of the raw text, so a paragraph is first cut at
highlight boundaries and only then cleaned: removing a control character never moves a
highlight onto the wrong words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from exporters.book import Highlight

# Characters lxml refuses ("All strings must be XML compatible"): C0 controls other than
# tab/newline/carriage return, lone surrogates, U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# A Word paragraph this long is cut at a space: Word and LibreOffice lay out one huge
# paragraph slowly, and the cut is invisible in print.
MAX_PARAGRAPH = 8000
# A "word" with no space at all (a long URL) is cut hard only past this length.
MAX_WORD = 50000

# Scripts that need a font or a direction of their own. Everything else (Latin, Greek,
# Cyrillic, digits, punctuation) stays in the document's default font.
_SCRIPT_RANGES = {
    "arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc",
    "hebrew": "\u0590-\u05ff\ufb1d-\ufb4f",
    "thai": "\u0e00-\u0e7f",
    "hangul": "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff",
    "cjk": (
        "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
        "\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f"
    ),
}
# Spaces and common punctuation between two letters of one script stay in that script's
# run, so a right-to-left sentence is one run and keeps its word order.
_JOINERS = " \u00a0\u200c\u200d,.;:!?()\\-'\"\u060c\u061b\u061f\u3001\u3002"
_SCRIPT_RE = re.compile(
    "|".join(
        f"(?P<{name}>[{chars}]+(?:[{_JOINERS}]+[{chars}]+)*)"
        for name, chars in _SCRIPT_RANGES.items()
    )
)
RTL_SCRIPTS = frozenset({"arabic", "hebrew"})
_STRONG_RE = re.compile(
    f"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]|[{_SCRIPT_RANGES['arabic']}{_SCRIPT_RANGES['hebrew']}]"
)


def clean(text: str) -> str:
    """Return `text` without the characters an XML document cannot hold."""
    text = _XML_ILLEGAL.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_line(text: str, limit: int | None = None) -> str:
    """Return `text` cleaned, on one line, optionally cut to `limit` characters."""
    text = " ".join(clean(text).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return text


def script_runs(text: str) -> list[tuple[str, str]]:
    """Return `text` as consecutive (script, text) pieces; "latin" is the default script."""
    runs: list[tuple[str, str]] = []
    pos = 0
    for match in _SCRIPT_RE.finditer(text):
        if match.start() > pos:
            runs.append(("latin", text[pos : match.start()]))
        runs.append((match.lastgroup or "latin", match.group()))
        pos = match.end()
    if pos < len(text):
        runs.append(("latin", text[pos:]))
    return runs


def is_rtl(text: str) -> bool:
    """Return whether the first strongly directional letter of `text` is right to left."""
    match = _STRONG_RE.search(text[:2000])
    return bool(match) and ord(match.group()) >= 0x0590


@dataclass(frozen=True)
class Segment:
    """A stretch of one body paragraph, highlighted or not, starting a new Word paragraph or not."""

    text: str
    highlight: Highlight | None = None
    new_paragraph: bool = False


def segments(paragraph: str, highlights: Sequence[Highlight]) -> Iterator[Segment]:
    """Yield the cleaned pieces of `paragraph`, cut at highlight edges and at long lengths."""
    pos = 0
    pieces: list[tuple[str, Highlight | None]] = []
    for hl in sorted(highlights, key=lambda h: h.start):
        start, end = max(hl.start, pos), min(hl.end, len(paragraph))
        if start >= end:
            continue
        if start > pos:
            pieces.append((paragraph[pos:start], None))
        pieces.append((paragraph[start:end], hl))
        pos = end
    if pos < len(paragraph) or not pieces:
        pieces.append((paragraph[pos:], None))
    length = 0
    fresh = False  # the next piece starts a new Word paragraph
    for raw, hl in pieces:
        text = clean(raw)
        while text:
            room = MAX_PARAGRAPH - length
            if len(text) <= room:
                yield Segment(text, hl, fresh)
                fresh, length = False, length + len(text)
                break
            cut = text.rfind(" ", 0, room) + 1
            if cut == 0 and length > 0:
                fresh, length = True, 0  # retry at the top of a new paragraph
                continue
            if cut == 0:
                # No space in reach: a long word (a URL) runs on, unless absurdly long.
                nxt = text.find(" ", room)
                cut = nxt + 1 if 0 < nxt < MAX_WORD else min(MAX_WORD, len(text))
            yield Segment(text[:cut], hl, fresh)
            text, fresh, length = text[cut:], True, 0

"""Text preparation for the Word writer: XML-safe cleaning, script runs, highlight segments.

Offsets in the book model count code points of the raw text, so a paragraph is first cut at
highlight boundaries and only then cleaned: removing a control character never moves a
highlight onto the wrong words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from exporters import text as text_module
from exporters.book import Highlight

# A Word paragraph this long is cut at a space: Word and LibreOffice lay out one huge
# paragraph slowly, and the cut is invisible in print.
MAX_PARAGRAPH = 8000
# A "word" with no space at all (a long URL) is cut hard only past this length.
MAX_WORD = 200_000

_RTL_LETTERS = "\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_STRONG_RE = re.compile(f"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff{_RTL_LETTERS}]")


def clean(text: str) -> str:
    """Return `text` without the characters an XML document cannot hold."""
    return text_module.clean(text)


def clean_line(text: str, limit: int | None = None) -> str:
    """Return `text` cleaned, on one line, optionally cut to `limit` characters."""
    text = text_module.clean_line(text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return text


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

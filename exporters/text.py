"""Text preparation shared by the writers: clean, cut and escape untrusted release text.

Release text is never markup. `clean` removes what no file format can hold,
`split_paragraph` cuts huge paragraphs so layout stays linear, `break_long_words` gives
endless words (long URLs) places to wrap, and `escape_markup` makes text safe for
reportlab's paragraph markup.
"""

from __future__ import annotations

import bisect
import re
from xml.sax.saxutils import escape

PIECE_LIMIT = 3000  # characters per laid-out paragraph; reportlab re-splits long ones per page
WORD_LIMIT = 60  # a word longer than this gets break opportunities
ZERO_WIDTH_SPACE = "\u200b"

# XML 1.0 forbids C0 controls (except tab, newline, return), U+FFFE, U+FFFF and lone
# surrogates; C1 controls and bidi embedding/isolate controls are invisible and only
# confuse layout, so they go too.
_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069\ufeff]"
)
_SAME_LENGTH = str.maketrans({"\r": "\n", "\t": " ", "\u2028": "\n", "\u2029": "\n"})
_NEEDS_SAME_LENGTH = re.compile("[\r\t\u2028\u2029]").search
_SENTENCE_END = re.compile(r"(?<=[.!?\u3002\uff01\uff1f\u06d4])[\"'\u201d\u2019)]*\s+")
_LONG_WORD = re.compile(rf"\S{{{WORD_LIMIT + 1},}}")


def clean(text: str) -> str:
    """Return `text` without characters XML cannot hold, with unified line ends and tabs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\t", "    ")
    return _ILLEGAL.sub("", text)


def clean_mapped(text: str) -> tuple[str, list[int]]:
    """Return `text` cleaned without moving any kept character, and the removed indexes.

    Unlike `clean`, every replacement keeps the length (tab -> space, CR -> newline), so
    an offset `i` into `text` becomes `shift(removed, i)` in the result.
    """
    removed = [m.start() for m in _ILLEGAL.finditer(text)]
    removed += [m.start() for m in re.finditer("\r\n", text)]
    if removed:
        removed.sort()
        gone = set(removed)
        text = "".join(c for i, c in enumerate(text) if i not in gone)
    if _NEEDS_SAME_LENGTH(text):  # str.translate with a table is slow; most text needs none
        text = text.translate(_SAME_LENGTH)
    return text, removed


def shift(removed: list[int], offset: int) -> int:
    """Return where `offset` of the original text lands after `clean_mapped` removals."""
    return offset - bisect.bisect_left(removed, offset)


def clean_line(text: str) -> str:
    """Return `text` cleaned and folded onto one line (titles, tags, metadata)."""
    return " ".join(clean(text).split())


def split_paragraph(text: str, limit: int = PIECE_LIMIT) -> list[str]:
    """Return `text` cut into pieces of at most `limit` characters.

    Cuts fall after a sentence end when one lies in the second half of the window,
    else at the last space, else (one endless word) at `limit` exactly. Joining the
    pieces gives back `text`.
    """
    pieces = []
    start = 0
    while len(text) - start > limit:
        cut = _cut_point(text, start, start + limit)
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _cut_point(text: str, start: int, end: int) -> int:
    """Return the index where the piece starting at `start` should end (<= end)."""
    window = text[start:end]
    half = len(window) // 2
    best = None
    for match in _SENTENCE_END.finditer(window, half):
        best = match.end()
    if best is None:
        space = window.rfind(" ", half)
        best = space + 1 if space > 0 else len(window)
    return start + best


def break_long_words(text: str, every: int = WORD_LIMIT) -> str:
    """Return `text` with a zero-width space every `every` characters inside long words."""

    def _break(match: re.Match[str]) -> str:
        word = match.group(0)
        return ZERO_WIDTH_SPACE.join(word[i : i + every] for i in range(0, len(word), every))

    return _LONG_WORD.sub(_break, text)


def escape_markup(text: str) -> str:
    """Return `text` escaped for reportlab paragraph markup, newlines as <br/>."""
    return escape(text).replace("\n", "<br/>")


def paragraphs_of(text: str) -> list[str]:
    """Return the blank-line separated paragraphs of free text, line breaks kept inside."""
    blocks = re.split(r"\n\s*\n", clean(text).strip("\n"))
    return [block.strip("\n") for block in blocks if block.strip()]

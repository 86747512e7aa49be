"""Search snippets shaped like FTS5's: plain text with each match between \x02 and \x03.

FTS5's snippet() tokenizes the whole of every release on the page (about 0.07 ms per
release of the corpus, so 15 ms or more for a page of 200, five times the search itself).
The fast path asks SQLite only for a window of the body around the first occurrence of one
query word (`instr`, stops at the first hit) and marks the query's words in that window
here, accent- and case-insensitively. A row the fast path cannot serve (the word occurs
only accented, only in the title or a note, or not as a whole word) falls back to FTS5.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from app.core.search.query import ParsedQuery, needs_substring

START, END, ELLIPSIS = "\x02", "\x03", "…"
WINDOW = 200  # characters of context around the first match
BEFORE = 60  # of which before it
MAX_TERM = 100  # longest term marked by the window path
_WORD = re.compile(r"[^\W_]+")
_MARKS = "[\u0300-\u036f]*"  # combining accents in decomposed text
# Latin letters with accents, or combining accents: text without them needs no accent classes.
_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]")


def fold(text: str) -> str:
    """Return `text` lower-cased without accents (what unicode61 remove_diacritics does)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Return {ascii letter: every Latin letter that folds to it, both cases}."""
    table: dict[str, set[str]] = {}
    for code in [
        *range(0x41, 0x5B),
        *range(0x61, 0x7B),
        *range(0xC0, 0x250),
        *range(0x1E00, 0x1F00),
    ]:
        char = chr(code)
        base = fold(char)
        if len(base) == 1 and base.isascii() and base.isalpha():
            table.setdefault(base, set()).update({char, char.upper(), char.lower()})
    return {k: "".join(sorted(v)) for k, v in table.items()}


def _char(c: str) -> str:
    variants = _variants().get(c)
    return f"[{re.escape(variants)}]{_MARKS}" if variants else re.escape(c) + _MARKS


def _term_pattern(text: str, prefix: bool, char) -> str | None:
    words = _WORD.findall(fold(text))
    if not words:
        return None
    body = r"[\W_]+".join("".join(char(c) for c in w) for w in words)
    return r"(?<![^\W_])" + body + (r"[^\W_]*" if prefix else r"(?![^\W_])")


@dataclass(frozen=True)
class WordRegex:
    """The query's positive words as two regexes: accent-insensitive, and a faster plain one."""

    accents: re.Pattern[str]
    plain: re.Pattern[str]

    def subn(self, repl, text: str) -> tuple[str, int]:
        """Return (text with matches replaced, count), using the plain regex when it can."""
        rx = self.accents if _ACCENTED.search(text) else self.plain
        return rx.subn(repl, text)


def word_regex(query: ParsedQuery) -> WordRegex | None:
    """Return the regexes matching the query's positive words and phrases, or None."""
    # Very long terms would compile huge patterns; their rows get FTS5 snippets instead.
    terms = [
        t
        for group in query.groups
        for t in group
        if len(t.text) <= MAX_TERM and not needs_substring(t.text)
    ]
    accents = [p for p in (_term_pattern(t.text, t.prefix, _char) for t in terms) if p]
    plain = [p for p in (_term_pattern(t.text, t.prefix, re.escape) for t in terms) if p]
    if not accents:
        return None
    return WordRegex(
        re.compile("|".join(accents), re.IGNORECASE),
        re.compile("|".join(plain), re.IGNORECASE),
    )


def locator(query: ParsedQuery) -> str | None:
    """Return the text (lower-case ASCII) to find a window with: the longest query term.

    A whole phrase is the better locator: its first word alone often occurs where the
    phrase does not, and then the window has nothing to mark.
    """
    candidates = []
    for group in query.groups:
        for term in group:
            text = " ".join(fold(term.text).split())
            if needs_substring(term.text):
                continue
            if text.isascii() and len(text) <= BEFORE:
                candidates.append(text)
            else:
                candidates += [w for w in _WORD.findall(text) if w.isascii()]
    return max(candidates, key=len) if candidates else None


def window_snippet(
    window: str, regex: re.Pattern[str], clipped_start: bool, clipped_end: bool
) -> str:
    """Return the marked snippet for a body window, or "" when no whole word matches."""
    if clipped_start:
        space = window.find(" ")
        window = window[space + 1 :] if 0 <= space < 20 else window
    if clipped_end:
        space = window.rfind(" ")
        window = window[:space] if space > len(window) - 20 else window
    window = " ".join(window.split())
    marked, hits = regex.subn(lambda m: START + m.group(0) + END, window)
    if not hits:
        return ""
    return (ELLIPSIS if clipped_start else "") + marked + (ELLIPSIS if clipped_end else "")


def substring_snippet(text: str, needles: tuple[str, ...], width: int = 120) -> str:
    """Return a window of `text` around the first needle found, every needle marked."""
    hits = [(text.find(n), n) for n in needles if n and n in text]
    if not hits:
        return ""
    first = min(hits)[0]
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    window = " ".join(text[start:end].split())
    for needle in sorted({n for _, n in hits}, key=len, reverse=True):
        window = window.replace(needle, START + needle + END)
    # a shorter needle inside a longer one would nest markers; keep the outermost pair
    window = _flatten_markers(window)
    return (ELLIPSIS if start else "") + window + (ELLIPSIS if end < len(text) else "")


def _flatten_markers(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch == START:
            depth += 1
            if depth > 1:
                continue
        elif ch == END:
            depth -= 1
            if depth > 0:
                continue
        out.append(ch)
    return "".join(out)

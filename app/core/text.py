"""Text helpers for releases: clean bodies, duplicate keys, language guesses.

Every function here is pure (str in, str out) and Qt-free. `clean_text` is the one place
that decides what a release body looks like: paragraphs joined by a blank line ("\\n\\n"),
a hard line break inside a paragraph kept as "\\n", Markdown and stray HTML turned into
plain text, and characters no document format can hold removed (and reported).
Stray HTML is read in app.core.text_html; titles and ledes live in app.core.titles.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from html import unescape

# Re-exported: callers use app.core.text as the one place for body text helpers.
from app.core.text_html import html_to_text
from app.core.titles import SUMMARY_LENGTH, TITLE_LENGTH, first_sentence, lede, propose_title

__all__ = [
    "SUMMARY_LENGTH",
    "TITLE_LENGTH",
    "clean_text",
    "first_sentence",
    "guess_language",
    "html_to_text",
    "lede",
    "normalise_for_hash",
    "normalise_newlines",
    "propose_title",
    "remove_illegal",
    "utf8_is_legal",
]

# XML 1.0 cannot hold C0 controls other than tab/newline/return, U+FFFE/U+FFFF or lone
# surrogates; python-docx refuses them and reportlab draws junk. C1 controls and U+FFFC
# (object replacement, a placeholder for a lost image) carry no text either.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffc\ufffe\uffff\ud800-\udfff]")

_PARA = "\x01"  # paragraph break marker (inserted after illegal characters are gone)
_LINE = "\x02"  # hard line break marker
_STAR = "\x03"  # an escaped asterisk, kept while emphasis marks are dropped

# Speed matters (the whole corpus is imported at once): every pattern starts with a
# literal character so the regex engine can skip ahead, and simple steps use str.replace.
_BLOCK_BREAKS = re.compile("\n[ \xa0]*\n\\s*")
# One pass finds every block-level Markdown line: heading, rule, bullet, number, quote.
_BLOCKS = re.compile(
    r"\n[ ]{0,3}(?:"
    r"(?P<h>#{1,6})(?:[ ]+(?P<heading>[^\n]*?))?[ #]*(?=\n)"
    r"|(?P<rule>-{3,}|\*(?:[ ]?\*){2,}|_{3,})[ ]*(?=\n)"
    r"|[-*+][ ]+(?=\S)(?P<bullet>)"
    r"|(?P<number>\d{1,3}[.)])[ ]+(?=\S)"
    r"|>[ ]?(?P<quote>)"
    r")"
)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]*)>")
_LINK = re.compile(
    r"\[(?<!\\\[)((?:[^\[\]\\]|\\.)*)\]"  # [text], not \[; escaped brackets inside
    r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"  # (url "optional title")
)
_IMAGE_LINK = re.compile("!" + _LINK.pattern)
_IMAGE_SRC = re.compile(r"<img\b[^>]*?\ssrc=[\"']?([^\"'\s>]+)|!\[[^\]]*\]\(([^()\s]+)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def remove_illegal(text: str) -> tuple[str, tuple[str, ...]]:
    """Return `text` without characters no document format can hold, and what was removed."""
    if not _ILLEGAL.search(text):
        return text, ()
    counts = Counter(_ILLEGAL.findall(text))
    removed = tuple(_describe(ch, n) for ch, n in sorted(counts.items()))
    return _ILLEGAL.sub("", text), removed


# The same characters as _ILLEGAL, in UTF-8: checking bytes is several times faster.
_C0_AND_DEL = bytes((*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")  # one literal start byte: a fast search
_NONCHARACTERS_UTF8 = (b"\xef\xbf\xbc", b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def utf8_is_legal(data: bytes) -> bool:
    """Return True when UTF-8 `data` holds no character that remove_illegal would remove."""
    if len(data.translate(None, _C0_AND_DEL)) != len(data):
        return False
    # Lone surrogates cannot be valid UTF-8; C1 controls and U+FFFx start with these bytes.
    if b"\xc2" in data and _C1_UTF8.search(data):
        return False
    return not (b"\xef\xbf" in data and any(c in data for c in _NONCHARACTERS_UTF8))


def _describe(ch: str, count: int) -> str:
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        name = "control character"
    elif 0xD800 <= code <= 0xDFFF:
        name = "lone surrogate"
    else:
        name = unicodedata.name(ch, "noncharacter").lower()
    times = "once" if count == 1 else f"{count} times"
    return f"U+{code:04X} ({name}), {times}"


def normalise_newlines(text: str) -> str:
    """Return `text` with CRLF and CR line ends turned into LF."""
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def clean_text(
    text: str, *, markdown: bool = True, legal: bool = False
) -> tuple[str, tuple[str, ...]]:
    """Return (clean body, removed characters) for a Markdown (or plain) release body.

    Hard-wrapped lines join into paragraphs; blank lines separate paragraphs; a line
    ending in two spaces or a backslash stays a line break ("\\n"); runs of spaces
    (no-break spaces included) become one space. With `markdown`, headings, list items and
    rules become their own paragraphs, links keep their text, emphasis marks and escapes
    (`\\###`) go, and stray HTML becomes its text. `legal=True` says the caller has
    checked that `text` holds no unholdable character (`utf8_is_legal` on its bytes).
    """
    text = original = normalise_newlines(text)
    if markdown:
        # HTML first: its entities may decode to characters that must then be removed.
        if "<" in text:
            text = _AUTOLINK.sub(r"\1", text)
        if "<" in text:
            text, legal = html_to_text(text), False
        elif "&" in text:
            text, legal = unescape(text), False
    text, removed = (text, ()) if legal else remove_illegal(text)
    text = "\n" + text + "\n"  # every line, the first included, starts after a "\n"
    if markdown:
        text = _BLOCKS.sub(_block, text)
    text = _BLOCK_BREAKS.sub(_PARA, text)
    if "  \n" in text:  # blank lines are gone, so this is a line that ends in 2 spaces
        text = text.replace("  \n", _LINE)
    if markdown:
        if "\\\n" in text:
            text = text.replace("\\\n", _LINE)
        text = _markdown_inline(text)
    clean = _join_paragraphs(text)
    if not clean and markdown:
        clean = _image_only(original)
    return clean, removed


def _image_only(text: str) -> str:
    """Return "[Image: URL]" lines for a release that is nothing but images, else ""."""
    urls = [m.group(1) or m.group(2) for m in _IMAGE_SRC.finditer(text)]
    return "\n\n".join(f"[Image: {url}]" for url in dict.fromkeys(urls))


def _join_paragraphs(text: str) -> str:
    """Return the marked-up text as paragraphs ("\\n\\n") of lines ("\\n")."""
    # str.split() collapses every run of whitespace (newlines, tabs, no-break spaces) in C,
    # far faster than a regex or repeated replaces over the whole text.
    paragraphs = []
    for paragraph in text.split(_PARA):
        if _LINE in paragraph:
            lines = (" ".join(line.split()) for line in paragraph.split(_LINE))
            paragraph = "\n".join(line for line in lines if line)
        else:
            paragraph = " ".join(paragraph.split())
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _block(match: re.Match[str]) -> str:
    if match.group("h") is not None:
        return f"\n{_PARA}{match.group('heading') or ''}{_PARA}"
    if match.group("rule") is not None:
        return "\n" + _PARA
    if match.group("bullet") is not None:
        return "\n" + _PARA + "• "
    if match.group("number") is not None:
        return f"\n{_PARA}{match.group('number')} "
    return "\n"  # a quote marker: keep the quoted text


def _markdown_inline(text: str) -> str:
    if "](" in text:
        if "![" in text:  # an image keeps its alt text, like a link keeps its text
            text = _IMAGE_LINK.sub(r"\1", text)
        text = _LINK.sub(r"\1", text)
    if "*" in text:
        text = text.replace("\\*", _STAR).replace("*", "").replace(_STAR, "*")
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    return text


def normalise_for_hash(text: str, *, clean: bool = False) -> str:
    """Return `text` normalised for duplicate detection (NFKC, casefolded, spaces collapsed).

    `clean=True` says `text` comes from clean_text (single spaces, paragraphs and lines
    split by "\\n"), which allows a much faster path with the same result.
    """
    if clean and unicodedata.is_normalized("NFKC", text):
        # Casefolding never makes whitespace, so only the line ends need turning into spaces.
        return text.casefold().replace("\n\n", "\n").replace("\n", " ")
    if "\n" in text:
        # A line end is a stable boundary (NFKC never composes or reorders across it), so
        # only the lines that need it are normalised: the same result, far less work.
        lines = text.split("\n")
        text = "\n".join(line if _is_nfkc(line) else _nfkc(line) for line in lines)
    else:
        text = _nfkc(text)
    return " ".join(text.casefold().split())


def _is_nfkc(text: str) -> bool:
    return unicodedata.is_normalized("NFKC", text)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# A few frequent words of each language; no word belongs to two of them.
_LANGUAGE_WORDS = {
    "en": ("the", "and", "of", "to", "is", "that", "for", "with", "are", "this", "was"),
    "es": ("el", "los", "las", "del", "y", "que", "por", "con", "una", "es", "al"),
    "pt": ("o", "os", "do", "da", "dos", "em", "um", "uma", "não", "ao", "é"),
    "fr": ("le", "les", "des", "du", "est", "une", "pour", "qui", "avec", "et", "aux"),
    "de": ("der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein"),
}
_WORD_LANGUAGE = {word: lang for lang, words in _LANGUAGE_WORDS.items() for word in words}


def guess_language(text: str) -> str | None:
    """Return an ISO 639-1 guess (en, es, pt, fr, de) from common words, or None if unsure."""
    words = text[:1000].casefold().split()
    if len(words) < 20:
        return None
    counts = Counter(map(_WORD_LANGUAGE.get, words))
    counts.pop(None, None)
    ranked = [*counts.most_common(2), (None, 0), (None, 0)]
    (lang, best), (_, second) = ranked[0], ranked[1]
    return lang if best >= 5 and best * 2 >= second * 3 else None

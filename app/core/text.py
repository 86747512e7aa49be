"""Text helpers for releases: clean bodies, proposed titles, ledes, duplicate keys.

Every function here is pure (str in, str out) and Qt-free. `clean_text` is the one place
that decides what a release body looks like: paragraphs joined by a blank line ("\\n\\n"),
a hard line break inside a paragraph kept as "\\n", Markdown and stray HTML turned into
plain text, and characters no document format can hold removed (and reported).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from html import unescape
from html.parser import HTMLParser

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
_ILLEGAL_UTF8 = re.compile(rb"\xc2[\x80-\x9f]|\xef\xbf[\xbc\xbe\xbf]")


def utf8_is_legal(data: bytes) -> bool:
    """Return True when UTF-8 `data` holds no character that remove_illegal would remove."""
    if len(data.translate(None, _C0_AND_DEL)) != len(data):
        return False
    # Lone surrogates cannot be valid UTF-8; C1 controls and U+FFFx start with these bytes.
    return not ((b"\xc2" in data or b"\xef\xbf" in data) and _ILLEGAL_UTF8.search(data))


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


class _HtmlText(HTMLParser):
    """Collect the visible text of stray HTML, leaving the surrounding Markdown alone."""

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "figure",
            "figcaption",
            "table",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "ul",
            "ol",
            "li",
            "blockquote",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "section",
            "article",
            "header",
            "footer",
            "pre",
            "dl",
            "dt",
            "dd",
        ]
    )
    HIDDEN = frozenset(("script", "style", "head", "title", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("  \n")
        elif tag in ("td", "th"):
            if self.cells:
                self.parts.append(" | ")
            self.cells += 1
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt.strip():
                self.parts.append(f" {alt.strip()} ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
            if tag == "tr":
                self.cells = 0
            elif tag == "li":
                self.parts.append("• ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in self.HIDDEN:
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """Return `text` with HTML tags replaced by their visible text and entities decoded."""
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def normalise_for_hash(text: str, *, clean: bool = False) -> str:
    """Return `text` normalised for duplicate detection (NFKC, casefolded, spaces collapsed).

    `clean=True` says `text` comes from clean_text (single spaces, paragraphs and lines
    split by "\\n"), which allows a much faster path with the same result.
    """
    if clean and unicodedata.is_normalized("NFKC", text):
        # Casefolding never makes whitespace, so only the line ends need turning into spaces.
        return text.casefold().replace("\n\n", "\n").replace("\n", " ")
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split())


# Words that end in a full stop without ending a sentence (compared casefolded, no dot).
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "prof",
        "rev",
        "hon",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "cpl",
        "pvt",
        "gov",
        "sen",
        "rep",
        "pres",
        "amb",
        "sec",
        "supt",
        "det",
        "insp",
        "fr",
        "mt",
        "ft",
        "ave",
        "blvd",
        "rd",
        "no",
        "nos",
        "vol",
        "vols",
        "pp",
        "pg",
        "fig",
        "art",
        "ch",
        "sec",
        "secs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "inc",
        "co",
        "corp",
        "ltd",
        "llc",
        "bros",
        "dept",
        "univ",
        "assn",
        "est",
        "approx",
        "etc",
        "vs",
        "al",
        "cf",
        "ed",
        "eds",
        "govt",
        "intl",
        "natl",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "d.c",
        "n.y",
        "n.j",
        "dc",
    ]
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-Þ¿¡])")
_WORD_BEFORE = re.compile(r"(\S+)$")
# A title cut is most readable just before one of these words or after a clause mark.
_BREAK_WORDS = re.compile(
    r"[,;:]?\s+(?=(?:to|on|in|at|and|for|with|that|which|who|whose|as|by|from|during|after|"
    r"before|while|amid|following|including|where|when|because|but|or|under|over|into|"
    r"through|across|against|about|between|since|than|via)\b)|[,;:]\s+|\s+[–—]\s+"
)
TITLE_LENGTH = 110


def first_sentence(text: str) -> str:
    """Return the first sentence of `text` (abbreviations and initials do not end one)."""
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        if text[end] == "." and _is_abbreviation(text[:end]):
            continue
        return text[: match.end()].strip()
    return text.strip()


def _is_abbreviation(before: str) -> bool:
    word = _WORD_BEFORE.search(before)
    if not word:
        return False
    token = word.group(1).lstrip("\"'“‘([").casefold()
    # A single letter is an initial (`Alejandro N. Mayorkas`); dotted forms are `U.S.`.
    return len(token) == 1 or token in _ABBREVIATIONS or "." in token


def propose_title(body: str, limit: int = TITLE_LENGTH) -> str:
    """Return a title proposed from the first sentence of `body`, at most `limit` chars."""
    paragraph = _first_paragraph(body, min_words=3)
    sentence = first_sentence(paragraph.replace("\n", " "))
    if len(sentence) <= limit:
        if sentence.endswith(".") and not _is_abbreviation(sentence[:-1]):
            sentence = sentence[:-1]
        return sentence.strip() or "Untitled release"
    return _cut(sentence, limit)


def _cut(text: str, limit: int) -> str:
    """Return `text` cut at a readable boundary no longer than `limit`, with an ellipsis."""
    window = text[: limit + 1]
    cut = 0
    for match in _BREAK_WORDS.finditer(window):
        if match.start() >= limit // 3:
            cut = match.start()
    if not cut:
        cut = window.rfind(" ")
    if cut <= 0:
        cut = limit
    return text[:cut].rstrip(" ,;:–—-") + "…"


def _first_paragraph(body: str, min_words: int) -> str:
    """Return the first paragraph with at least `min_words` words (else the first one)."""
    start, first = 0, None
    while True:
        end = body.find("\n\n", start)
        paragraph = body[start:] if end < 0 else body[start:end]
        if paragraph.strip():
            if paragraph.count(" ") + 1 >= min_words:
                return paragraph
            first = first if first is not None else paragraph
        if end < 0:
            return first or ""
        start = end + 2


SUMMARY_LENGTH = 600


def lede(body: str, limit: int = SUMMARY_LENGTH) -> str:
    """Return the lede of `body`: its first real paragraph, cut to whole sentences."""
    paragraph = _first_paragraph(body, min_words=12).replace("\n", " ").strip()
    if len(paragraph) <= limit:
        return paragraph
    end = 0
    for match in _SENTENCE_END.finditer(paragraph[: limit + 1]):
        if paragraph[match.start()] != "." or not _is_abbreviation(paragraph[: match.start()]):
            end = match.end()
    if end >= limit // 3:
        return paragraph[:end]
    return _cut(paragraph, limit)


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

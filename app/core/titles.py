"""Titles and ledes proposed from a clean release body (first sentences, readable cuts)."""

from __future__ import annotations

import re

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

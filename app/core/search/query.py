"""The search box's query language: a forgiving parser and a safe FTS5 MATCH builder.

Language (see README): words (all must match), "exact phrases", `a OR b`, `-excluded`
(or `NOT word`), `prefix*`, and the filters `tag:NAME`, `tag:"two words"`, `source:NAME`,
`since:DATE`, `until:DATE` (DATE is YYYY-MM-DD, YYYY-MM or YYYY). OR binds tighter than
the implicit AND: `migration mexico OR guatemala` means migration AND (mexico OR guatemala).

`parse` never raises. What it cannot use it drops and explains in `ParsedQuery.error`, in
plain words; the rest of the query still runs. `build_text_plan` quotes every user word, so
no FTS5 syntax from the user ever reaches MATCH unquoted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_CHARS = 1000
MAX_TERMS = 32
FILTER_KEYS = ("tag", "source", "since", "until")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# Scripts written without spaces between words: unicode61 keeps a whole run as one token,
# so a word inside it can only be found by a substring match.
_NO_SPACE_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x9FFF),  # CJK radicals, kana, CJK ideographs
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # half/full-width forms
    (0x20000, 0x3FFFF),  # CJK extensions
)


@dataclass(frozen=True)
class Term:
    """One searchable unit: a word or a phrase, optionally a prefix."""

    text: str
    phrase: bool = False  # typed in quotes
    prefix: bool = False  # ends with *

    def render(self) -> str:
        """Return the term in query-language syntax."""
        body = f'"{self.text}"' if self.phrase else self.text
        return body + ("*" if self.prefix else "")


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed search: OR groups that must all match, exclusions and filters."""

    groups: tuple[tuple[Term, ...], ...] = ()  # every group must match; any term of a group
    excluded: tuple[Term, ...] = ()
    tags: tuple[str, ...] = ()  # every tag must be on the release
    sources: tuple[str, ...] = ()  # the release's source is any of these
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    error: str | None = field(default=None, compare=False)  # what was ignored, and why

    @property
    def terms(self) -> tuple[Term, ...]:
        """Return the plain words that must match (groups of one, not phrases)."""
        return tuple(g[0] for g in self.groups if len(g) == 1 and not g[0].phrase)

    @property
    def phrases(self) -> tuple[Term, ...]:
        """Return the phrases that must match (groups of one)."""
        return tuple(g[0] for g in self.groups if len(g) == 1 and g[0].phrase)

    @property
    def or_groups(self) -> tuple[tuple[Term, ...], ...]:
        """Return the groups with alternatives (`a OR b`)."""
        return tuple(g for g in self.groups if len(g) > 1)

    @property
    def has_text(self) -> bool:
        """Return True when there is something to full-text search for."""
        return bool(self.groups or self.excluded)

    def to_text(self) -> str:
        """Return the query in canonical query-language text (parses back to itself)."""
        parts = [" OR ".join(t.render() for t in g) for g in self.groups]
        parts += ["-" + t.render() for t in self.excluded]
        parts += [f"tag:{_quote_value(v)}" for v in self.tags]
        parts += [f"source:{_quote_value(v)}" for v in self.sources]
        parts += [f"since:{self.since}"] if self.since else []
        parts += [f"until:{self.until}"] if self.until else []
        return " ".join(parts)


@dataclass(frozen=True)
class TextPlan:
    """How to run a query's text part: one FTS5 MATCH plus substring fallbacks."""

    match: str | None = None  # FTS5 expression every result matches (incl. NOT exclusions)
    # groups that contain a substring-only term: (FTS alternative or None, substrings)
    mixed: tuple[tuple[str | None, tuple[str, ...]], ...] = ()
    exclude_match: str | None = None  # FTS exclusions, when there is no positive match
    exclude_substrings: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Return True when the plan constrains nothing."""
        return not (self.match or self.mixed or self.exclude_match or self.exclude_substrings)


def _quote_value(value: str) -> str:
    return f'"{value}"' if any(c.isspace() for c in value) or not value else value


def _clean(text: str) -> str:
    """Return `text` NFC-normalised without control characters or lone surrogates."""
    text = "".join(
        " " if unicodedata.category(c) == "Cc" else c
        for c in text
        if not 0xD800 <= ord(c) <= 0xDFFF
    )
    return unicodedata.normalize("NFC", text)


def has_token_chars(text: str) -> bool:
    """Return True when `text` has a letter or digit the FTS tokenizer would index."""
    return any(unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "Co" for c in text)


def needs_substring(text: str) -> bool:
    """Return True when `text` can only be found by substring (CJK/Thai, or only symbols)."""
    if any(any(lo <= ord(c) <= hi for lo, hi in _NO_SPACE_RANGES) for c in text):
        return True
    return not has_token_chars(text)


def parse_date(value: str, *, end: bool) -> str | None:
    """Return YYYY-MM-DD for YYYY[-MM[-DD]] (first or last day when `end`), else None."""
    m = _DATE.fullmatch(value.strip())
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
    if not 1 <= month <= 12 or year < 1:
        return None
    last = _days_in_month(year, month)
    day_n = int(day) if day else (last if end else 1)
    if not 1 <= day_n <= last:
        return None
    return f"{year:04d}-{month:02d}-{day_n:02d}"


class _Lexer:
    """Splits cleaned text into (kind, value, negated, prefix) tokens."""

    def __init__(self, text: str):
        self.s, self.i, self.tokens = text, 0, []

    def run(self) -> list[tuple[str, str, bool, bool]]:
        s = self.s
        while self.i < len(s):
            if s[self.i].isspace():
                self.i += 1
                continue
            negated = False
            while self.i < len(s) and s[self.i] == "-":
                negated, self.i = True, self.i + 1
            if self.i >= len(s) or s[self.i].isspace():
                continue  # a lone "-" means nothing
            if s[self.i] == '"':
                self._phrase(negated)
            else:
                self._word(negated)
        return self.tokens

    def _quoted(self) -> str:
        """Return the text up to the closing quote (or the end) after an opening quote."""
        end = self.s.find('"', self.i + 1)
        end = len(self.s) if end < 0 else end
        value, self.i = self.s[self.i + 1 : end], end + 1
        return value

    def _star(self) -> bool:
        star = False
        while self.i < len(self.s) and self.s[self.i] == "*":
            star, self.i = True, self.i + 1
        return star

    def _phrase(self, negated: bool) -> None:
        value = " ".join(self._quoted().split())
        self.tokens.append(("phrase", value, negated, self._star()))

    def _word(self, negated: bool) -> None:
        s, start = self.s, self.i
        while self.i < len(s) and not s[self.i].isspace() and s[self.i] != '"':
            self.i += 1
        word = s[start : self.i]
        key = word[:-1].lower() if word.endswith(":") else ""
        if key in FILTER_KEYS:
            value = ""
            if self.i < len(s) and s[self.i] == '"':
                value = " ".join(self._quoted().split())
            self.tokens.append((key, value, negated, False))
            return
        key, _, value = word.partition(":")
        if key.lower() in FILTER_KEYS and value:
            self.tokens.append((key.lower(), value, negated, False))
            return
        stripped = word.rstrip("*")
        self.tokens.append(("word", stripped, negated, stripped != word))


class _Builder:
    """Turns tokens into a ParsedQuery, collecting plain-words notes on what was ignored."""

    def __init__(self) -> None:
        self.groups: list[list[Term]] = []
        self.excluded: list[Term] = []
        self.tags: list[str] = []
        self.sources: list[str] = []
        self.dates: dict[str, str] = {}
        self.notes: list[str] = []
        self.count = 0
        self.pending_or = False
        self.pending_not = False
        self.last_positive = False

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def add(self, kind: str, value: str, negated: bool, prefix: bool) -> None:
        if kind in FILTER_KEYS:
            self.add_filter(kind, value, negated)
        elif kind == "word" and not (negated or prefix) and value in ("OR", "AND", "NOT"):
            self.pending_or = value == "OR" and self.last_positive
            self.pending_not = value == "NOT"
        else:
            self.add_term(Term(value, kind == "phrase", prefix), negated)

    def add_term(self, term: Term, negated: bool) -> None:
        negated, self.pending_not = negated or self.pending_not, False
        if not term.text:
            self.last_positive = self.last_positive and not negated
            return
        if not has_token_chars(term.text) and term.text.isascii():
            self.note(f"“{term.text}” has no letters or digits to search for, so it was ignored.")
            return
        if self.count >= MAX_TERMS:
            self.note(f"Only the first {MAX_TERMS} words of a search are used.")
            return
        self.count += 1
        if negated:
            self.excluded.append(term)
        elif self.pending_or and self.groups:
            self.groups[-1].append(term)
        else:
            self.groups.append([term])
        self.pending_or, self.last_positive = False, not negated

    def add_filter(self, key: str, value: str, negated: bool) -> None:
        self.pending_or = self.last_positive = False
        if negated:
            self.note(f"Excluding with “-{key}:” is not supported, so it was ignored.")
        elif not value:
            what = "a name" if key in ("tag", "source") else "a date such as 2022-05-06"
            self.note(f"“{key}:” needs {what} after it, so it was ignored.")
        elif key == "tag":
            self.tags.append(value)
        elif key == "source":
            self.sources.append(value)
        else:
            date = parse_date(value, end=key == "until")
            if date is None:
                self.note(
                    f"“{key}:{value}” is not a date; use a date such as 2022-05-06, "
                    "2022-05 or 2022, so it was ignored."
                )
            else:
                self.dates[key] = date

    def result(self) -> ParsedQuery:
        since, until = self.dates.get("since"), self.dates.get("until")
        if since and until and since > until:
            self.note("“since:” is after “until:”, so nothing can match.")
        return ParsedQuery(
            groups=tuple(tuple(g) for g in self.groups),
            excluded=tuple(self.excluded),
            tags=tuple(dict.fromkeys(self.tags)),
            sources=tuple(dict.fromkeys(self.sources)),
            since=since,
            until=until,
            error=" ".join(self.notes) or None,
        )


def parse(text: object) -> ParsedQuery:
    """Return the ParsedQuery for search-box text; never raises (problems go to .error)."""
    try:
        raw = text if isinstance(text, str) else ("" if text is None else str(text))
        cleaned = _clean(raw)
        builder = _Builder()
        if len(cleaned) > MAX_CHARS:
            cleaned = cleaned[:MAX_CHARS]
            builder.note(f"Only the first {MAX_CHARS:,} characters of a search are used.")
        for token in _Lexer(cleaned).run():
            builder.add(*token)
        return builder.result()
    except Exception:  # a parser bug must never reach the search box as a traceback
        return ParsedQuery(error="This search could not be understood; try plain words.")


def fts_quote(term: Term) -> str:
    """Return `term` as a quoted FTS5 string (a prefix query when it ends with *)."""
    return '"' + term.text.replace('"', '""') + '"' + ("*" if term.prefix else "")


def _any(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def build_text_plan(query: ParsedQuery) -> TextPlan:
    """Return the TextPlan (FTS5 MATCH string and substring fallbacks) for `query`."""
    positives, mixed = [], []
    for group in query.groups:
        fts = [fts_quote(t) for t in group if not needs_substring(t.text)]
        subs = tuple(t.text for t in group if needs_substring(t.text))
        if subs:
            mixed.append((_any(fts) if fts else None, subs))
        else:
            positives.append(_any(fts))
    excluded = [fts_quote(t) for t in query.excluded if not needs_substring(t.text)]
    exclude_subs = tuple(t.text for t in query.excluded if needs_substring(t.text))
    match = " AND ".join(positives) or None
    exclude_match = None
    if excluded and match:
        match = f"({match}) NOT {_any(excluded)}"
    elif excluded:
        exclude_match = " OR ".join(excluded)
    return TextPlan(match, tuple(mixed), exclude_match, exclude_subs)


def _days_in_month(year: int, month: int) -> int:
    """Return how many days `month` of `year` has (leap years included)."""
    # not calendar.monthrange: importing calendar (and locale) cost ~3 ms of each launch
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31

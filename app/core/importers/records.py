"""The records the importers hand back: parsed releases, failures, and per-file results."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date as Date

from app.core import text as textlib


class ImportFailure(Exception):
    """A file (or one row of a bulk file) that cannot be imported, with a plain-words reason.

    `where` locates a row inside a bulk file ("row 3", "line 7"); it is "" for a whole file.
    """

    def __init__(self, reason: str, *, where: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason

    def __reduce__(self):  # keep `where` when a failure crosses a process boundary
        return (_failure, (self.reason, self.where))


def _failure(reason: str, where: str) -> ImportFailure:
    return ImportFailure(reason, where=where)


@dataclass(frozen=True)
class ParsedRelease:
    """One release read from a file, ready to store."""

    title: str
    title_proposed: bool
    date: str | None  # YYYY-MM-DD, validated
    source: str
    url: str
    language: str | None
    filename: str
    original: str  # the decoded text exactly as read (the row's text for bulk files)
    original_sha256: str  # hex digest of the original bytes
    encoding: str
    body: str  # clean paragraphs joined by "\n\n"
    removed: tuple[str, ...]  # characters removed from the body, described
    summary: str  # the lede
    norm_hash: str  # hex digest of the normalised body, for duplicate detection
    warnings: tuple[str, ...] = ()
    where: str = ""  # row or line within a bulk file ("row 3"); "" for a whole file
    tags: tuple[str, ...] = ()  # tags named by the file (front matter `tags`, a tags column)

    def __reduce__(self) -> tuple:
        """Return the compact pickle recipe (see app.core.parse_wire)."""
        from app.core.parse_wire import reduce_release

        return reduce_release(self)


@dataclass(frozen=True)
class ParseResult:
    """What one file gave: its releases, and the rows that failed (bulk files only).

    Iterating over a result or taking its len() goes over `records`; report `failures`.
    """

    records: tuple[ParsedRelease, ...] = ()
    failures: tuple[ImportFailure, ...] = field(default_factory=tuple)

    def __iter__(self) -> Iterator[ParsedRelease]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)


_SPACES = re.compile(r"[ \t\r\n]+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def check_date(value: object) -> str | None:
    """Return `value` as a valid YYYY-MM-DD string, None if empty; raise ImportFailure if bad."""
    if value is None or value == "":
        return None
    if isinstance(value, Date):  # also datetime: an unquoted YAML timestamp
        return value.isoformat()[:10]
    raw = str(value).strip()
    match = _ISO_DATE.fullmatch(raw[:10]) if len(raw) == 10 or raw[10:11] in "T " else None
    if not match:
        raise ImportFailure(f"the date {raw!r} is not a date in the form YYYY-MM-DD")
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ImportFailure(f"the date {raw[:10]} is impossible: there is no month {month}")
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        raise ImportFailure(
            f"the date {raw[:10]} is impossible: {_MONTHS[month - 1]} {year} has no day {day}"
        ) from None


def byte_checks(data: bytes, encoding: str) -> dict[str, bool]:
    """Return build()'s `legal` flag, checked on a text file's UTF-8 bytes (3x faster).

    Only for a body that is a part of the decoded bytes (not for JSON, whose escapes
    decode to characters the bytes do not hold): what holds for all of them holds for it.
    """
    return {"legal": encoding in ("utf-8", "utf-8-sig") and textlib.utf8_is_legal(data)}


def sha256_hex(data: bytes) -> str:
    """Return the hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def clean_title(title: object) -> str:
    """Return a front-matter or column title on one line, without unholdable characters."""
    if title is None:
        return ""
    value, _ = textlib.remove_illegal(str(title))
    # Runs of ordinary spaces and line ends collapse; a no-break space (YAML `\_`) stays.
    return _SPACES.sub(" ", value).strip(" ")


def build(
    *,
    body: str,
    markdown: bool,
    title: object,
    date: object,
    original: str,
    original_bytes: bytes,
    encoding: str,
    filename: str,
    source: object = "",
    url: object = "",
    language: object = None,
    warnings: tuple[str, ...] = (),
    where: str = "",
    tags: tuple[str, ...] = (),
    legal: bool = False,
) -> ParsedRelease:
    """Return a ParsedRelease: the body cleaned, the title proposed if missing, date checked.

    `legal=True`: the caller checked the bytes hold no unholdable character (faster).
    """
    try:
        checked_date = check_date(date)
    except ImportFailure as failure:
        raise ImportFailure(failure.reason, where=where) from None
    clean, removed = textlib.clean_text(body, markdown=markdown, legal=legal)
    if not clean.strip():
        raise ImportFailure("there is no text in the release body", where=where)
    good_title = clean_title(title)
    lang = str(language).strip().lower() if language else textlib.guess_language(clean)
    return ParsedRelease(
        title=good_title or textlib.propose_title(clean),
        title_proposed=not good_title,
        date=checked_date,
        source=clean_title(source),
        url=clean_title(url),
        language=lang or None,
        filename=filename,
        original=original,
        original_sha256=sha256_hex(original_bytes),
        encoding=encoding,
        body=clean,
        removed=removed,
        summary=textlib.lede(clean),
        norm_hash=sha256_hex(textlib.normalise_for_hash(clean, clean=True).encode("utf-8")),
        warnings=warnings,
        where=where,
        tags=tags,
    )

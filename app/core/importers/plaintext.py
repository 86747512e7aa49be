"""Plain-text releases: the seed format (" date YYYY-MM-DD " then the body) or no header."""

from __future__ import annotations

import re

from app.core import text as textlib
from app.core.importers.records import ImportFailure, ParsedRelease, build, byte_checks

# The seed format: optional spaces, the word "date", the date, then the body on that line.
_HEADER = re.compile(r"\A[ \t]*date[ \t]*:?[ \t]+(\d\S*)[ \t]*", re.I)


def split_header(text: str) -> tuple[str | None, str]:
    """Return (raw date or None, body) for a plain-text release."""
    match = _HEADER.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :]


def parse_plain(
    text: str, *, data: bytes, encoding: str, filename: str, warnings: tuple[str, ...]
) -> ParsedRelease:
    """Return the release in a plain-text file; its title is proposed from the text."""
    raw_date, body = split_header(textlib.normalise_newlines(text))
    if raw_date is not None and not raw_date[:1].isdigit():
        raise ImportFailure(f"the date {raw_date!r} is not a date in the form YYYY-MM-DD")
    return build(
        body=body,
        markdown=False,
        title=None,
        date=raw_date,
        original=text,
        original_bytes=data,
        encoding=encoding,
        filename=filename,
        warnings=warnings,
        **byte_checks(data, encoding),
    )

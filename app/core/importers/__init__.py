"""Pure parsers: release files in, ParsedRelease records or a plain-words failure out.

No database here. The contract the core codes against:

    discover(paths) -> Iterator[Path]
        Files as given; folders recursively (symbolic links followed, no loop, hidden files,
        images and notes such as README.md / LICENSE / rss.xml skipped).

    parse_file(path) -> ParseResult
        `ParseResult.records`: tuple[ParsedRelease, ...], one per release in the file
        (exactly one for .md/.txt/.docx; one per good row for .csv/.tsv/.jsonl/.ndjson).
        `ParseResult.failures`: tuple[ImportFailure, ...], one per bad row of a bulk file,
        each with `.where` and `.reason`; always () for single-release files. `.where` is
        "row N" for CSV as a spreadsheet numbers rows (the header is row 1, so the first
        release is row 2) and "line N" for JSON Lines; records carry the same `.where`.
        Iterating a ParseResult (or len()) goes over its records.
        Raises ImportFailure (`.reason`, plain words; `.where` == "") when the whole file
        cannot be imported: missing, unreadable, empty, binary, too large, broken front
        matter, impossible date, no text, unsupported format, a bulk file with no rows.
        Never raises anything else.

Formats: Markdown with YAML front matter (.md, .markdown; or any text file opening
with ---), the seed's plain-text format (" date YYYY-MM-DD " then the body), plain text
with no header (.txt, .text), Word (.docx), JSON Lines (.jsonl, .ndjson) and CSV (.csv,
.tsv) with title, date, body, url, source (and optional language, tags) columns.
Encodings: UTF-8 with or without BOM, UTF-16 with BOM, CRLF/CR line ends; anything else
is read as Windows-1252 with the warning "not valid UTF-8; read as Windows-1252".
"""

from __future__ import annotations

import os
from pathlib import Path

from app.core.importers.discover import RELEASE_SUFFIXES, discover, is_release_name
from app.core.importers.markdown import parse_markdown
from app.core.importers.plaintext import parse_plain
from app.core.importers.reading import MAX_BULK_BYTES, decode, read_bytes
from app.core.importers.records import ImportFailure, ParsedRelease, ParseResult

__all__ = [
    "RELEASE_SUFFIXES",
    "ImportFailure",
    "ParseResult",
    "ParsedRelease",
    "discover",
    "is_release_name",
    "parse_bytes",
    "parse_file",
]

_MARKDOWN = frozenset((".md", ".markdown"))
_BULK = frozenset((".csv", ".tsv", ".jsonl", ".ndjson"))
_HINTS = {
    ".doc": "old Word .doc files cannot be read: save it as .docx",
    ".pdf": "PDF files cannot be imported: export the text or save it as .docx",
    ".rtf": "RTF files cannot be read: save it as .docx or plain text",
    ".odt": "OpenDocument files cannot be read: save it as .docx",
    ".html": "web pages cannot be imported: save the page as text or Markdown",
    ".htm": "web pages cannot be imported: save the page as text or Markdown",
}


def parse_file(path: str | os.PathLike[str]) -> ParseResult:
    """Return the releases in the file at `path` (see the module docstring for the contract)."""
    path = Path(path)
    if path.is_dir():
        raise ImportFailure("this is a folder that cannot be read (permission denied?)")
    suffix = path.suffix.lower()
    limit = MAX_BULK_BYTES if suffix in _BULK else None
    data = read_bytes(path, limit=limit) if limit else read_bytes(path)
    return parse_bytes(data, path.name)


def parse_bytes(data: bytes, filename: str) -> ParseResult:
    """Return the releases in `data`, read as a file called `filename`."""
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".docx":
            from app.core.importers.word import parse_docx

            return ParseResult((parse_docx(data, filename=filename),))
        if suffix in _BULK:
            from app.core.importers.tabular import parse_tabular

            return parse_tabular(data, filename=filename)
        if suffix in _HINTS:
            raise ImportFailure(_HINTS[suffix])
        if suffix and suffix not in RELEASE_SUFFIXES:
            raise ImportFailure(f"{suffix} files are not releases Briefbook can read")
        return ParseResult((_parse_text(data, filename, suffix),))
    except ImportFailure:
        raise
    except (RecursionError, MemoryError, ValueError, TypeError, KeyError, OSError) as error:
        # A parser bug or a pathological file must cost one file, not the whole batch.
        raise ImportFailure(f"the file could not be parsed ({type(error).__name__})") from None


def _parse_text(data: bytes, filename: str, suffix: str) -> ParsedRelease:
    text, encoding, warnings = decode(data)
    kwargs = {"data": data, "encoding": encoding, "filename": filename, "warnings": warnings}
    if suffix in _MARKDOWN or text.startswith("---"):
        return parse_markdown(text, **kwargs)
    return parse_plain(text, **kwargs)

"""Word (.docx) releases, read with python-docx."""

from __future__ import annotations

import io
import re
import zipfile

from app.core.importers.plaintext import split_header
from app.core.importers.records import ImportFailure, ParsedRelease, build

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a zip bomb must not exhaust memory
_TITLE_STYLES = frozenset(("title", "heading 1"))
_NEWLINES = re.compile(r"[ \t]*\n")


def parse_docx(data: bytes, *, filename: str) -> ParsedRelease:
    """Return the release in a .docx file: its Title/Heading 1 (or document title) and text."""
    document = _open(data)
    blocks = _blocks(document)
    title = ""
    for index, (style, text) in enumerate(blocks[:3]):
        if style in _TITLE_STYLES and text.strip():
            title = text
            del blocks[index]
            break
    if not title:
        title = (document.core_properties.title or "").strip()
    # Line breaks inside a Word paragraph are deliberate: keep them as hard breaks.
    original = "\n\n".join(text for _, text in blocks)
    raw_date, body = split_header(original)
    body = _NEWLINES.sub("  \n", body)
    return build(
        body=body,
        markdown=False,
        title=title or None,
        date=raw_date,
        original=original,
        original_bytes=data,
        encoding="docx",
        filename=filename,
    )


def _open(data: bytes):  # -> docx.document.Document
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFailure(
            "this is not a valid Word .docx file (damaged or another format)"
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFailure("the Word file unpacks to more than 200 MB; it is not a release")
    import docx  # python-docx; imported here so plain-text imports do not pay for it

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for damaged packages
        raise ImportFailure(
            f"this Word file cannot be read ({type(error).__name__}); is it damaged?"
        ) from None


def _blocks(document) -> list[tuple[str, str]]:
    """Return (style name, text) for each paragraph and table row, in document order."""
    from docx.table import Table

    blocks: list[tuple[str, str]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = [cell.text.strip() for cell in row.cells]
                text = " | ".join(dict.fromkeys(c for c in cells if c))  # merged cells repeat
                if text:
                    blocks.append(("table", text))
        elif item.text.strip():
            style = (item.style.name if item.style is not None else "") or ""
            blocks.append((style.casefold(), item.text))
    return blocks

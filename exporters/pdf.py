"""Write a Book as a PDF briefing book (reportlab platypus).

Cover, contents with linked page numbers, bookmarks, one page-started part per section
and entry, marking and "Page X of Y" on every page. The file is written atomically: a
failed or cancelled export leaves the previous file as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

from exporters.atomic import atomic_path
from exporters.book import (
    Book,
    CancelCheck,
    ExportCancelled,
    ExportError,
    ExportReport,
    ProgressCallback,
)
from exporters.pdf_doc import BookDocTemplate
from exporters.pdf_story import Context, build_story

MAX_RETRIES = 6  # parts that fail during layout, each rebuilt in a simpler form


def write_pdf(
    book: Book,
    path: str | os.PathLike[str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    invariant: bool = False,
) -> ExportReport:
    """Return the report of writing `book` to `path` as PDF (ExportError, ExportCancelled)."""
    target = Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist.")
    ctx = Context(width=0, cancel=cancel)
    try:
        with atomic_path(target) as tmp:
            pages = _build_with_fallbacks(book, str(tmp), ctx, progress, cancel, invariant)
    except (ExportCancelled, ExportError):
        raise
    except OSError as error:
        raise ExportError(
            f"The PDF could not be written to {target}: {error.strerror or error}."
        ) from error
    except Exception as error:  # noqa: BLE001 - callers get one plain-words error type
        raise ExportError(f"The PDF could not be made: {_plain(error)}") from error
    if progress is not None:
        progress(len(book.entries), len(book.entries))
    return ExportReport(
        str(target), pages=pages, warnings=tuple(ctx.warnings) + _missing_warning(ctx)
    )


def _build_with_fallbacks(book, filename, ctx, progress, cancel, invariant) -> int:
    """Return the page count; a part that breaks layout is rebuilt simpler and retried."""
    for _attempt in range(MAX_RETRIES + 1):
        doc = BookDocTemplate(filename, book, progress=progress, cancel=cancel, invariant=invariant)
        ctx.width = doc.geo.frame_width
        story = build_story(book, ctx)
        try:
            doc.multiBuild(story, maxPasses=1)
            return doc.page_count
        except ExportCancelled:
            raise
        except Exception as error:  # noqa: BLE001 - decide below whether a retry can help
            key = doc.current
            if key is None or key in ctx.omitted:
                raise ExportError(f"The PDF could not be laid out: {_plain(error)}") from error
            title = _title_of(book, key)
            if key in ctx.simple:
                ctx.omitted.add(key)
                ctx.warnings.append(
                    f"“{title}” could not be laid out and was left out ({_plain(error)})."
                )
            else:
                ctx.simple.add(key)
                ctx.warnings.append(f"“{title}” was laid out in a simpler form ({_plain(error)}).")
    raise ExportError("The PDF could not be laid out: too many parts failed.")


def _title_of(book: Book, key: str) -> str:
    section_part, _, entry_part = key[1:].partition("e")
    section = book.sections[int(section_part)]
    text = section.entries[int(entry_part)].title if entry_part else section.heading
    return " ".join(text.split())[:80]


def _plain(error: Exception) -> str:
    text = " ".join(str(error).split())[:200]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _missing_warning(ctx: Context) -> tuple[str, ...]:
    if not ctx.missing:
        return ()
    shown = " ".join(f"U+{ord(c):04X}" for c in sorted(ctx.missing)[:20])
    more = "" if len(ctx.missing) <= 20 else f" and {len(ctx.missing) - 20} more"
    return (f"{len(ctx.missing)} character(s) no bundled font has were shown as □: {shown}{more}.",)

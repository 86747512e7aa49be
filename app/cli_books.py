"""Command line for books and exports: `briefbook book ...` and `briefbook export ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import (
    EXIT_OK,
    EXIT_USAGE,
    Context,
    UsageError,
    command,
    emit_json,
    iso_date,
    library_option,
    one_line,
)
from app.core.errors import LibraryError
from app.core.models import BookRecord, SectionRecord

DEFAULT_SECTION = "Press releases"
COVER_OPTIONS = (  # (option, BookRecord field, help)
    ("--title", "title", "the cover title"),
    ("--subtitle", "subtitle", "the line under the title"),
    ("--event", "event", "the meeting or event"),
    ("--date", "date", "the meeting date (YYYY-MM-DD)"),
    ("--location", "location", "where it takes place"),
    ("--prepared-for", "prepared_for", "who the book is for"),
    ("--prepared-by", "prepared_by", "who prepared it"),
    ("--marking", "marking", "handling marking shown on every page, e.g. UNCLASSIFIED"),
)
FORMATS = ("pdf", "docx")


@command("book", "create, fill and inspect briefing books")
def _configure_book(p: argparse.ArgumentParser) -> None:
    p.set_defaults(handler=lambda ctx: _usage(p))
    subs = p.add_subparsers(title="book commands", metavar="COMMAND")
    parent = library_option()

    def add(name: str, help: str) -> argparse.ArgumentParser:
        return subs.add_parser(name, help=help, description=help, parents=[parent])

    new = add("new", "create a book from the briefing template")
    new.add_argument("name", metavar="NAME")
    for option, dest, text in COVER_OPTIONS:
        kind = iso_date if dest == "date" else str
        new.add_argument(option, dest=dest, metavar=option[2].upper(), type=kind, help=text)
    new.set_defaults(handler=run_book_new)

    section = add("section", "add a section, or set the text of an existing one")
    section.add_argument("name", metavar="NAME")
    section.add_argument("heading", metavar="HEADING")
    section.add_argument("--text", metavar="TEXT", help="free text (talking points, schedule)")
    section.set_defaults(handler=run_book_section)

    put = add("add", "add releases to a section of a book")
    put.add_argument("name", metavar="NAME")
    put.add_argument("ids", nargs="+", type=int, metavar="ID")
    put.add_argument("--section", metavar="HEADING", help=f"default: “{DEFAULT_SECTION}”")
    put.add_argument("--summary-only", action="store_true", help="print only the summary")
    put.set_defaults(handler=run_book_add)

    listing = add("list", "list books")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=run_book_list, reads=True)

    show = add("show", "show a book's cover and outline")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=run_book_show, reads=True)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    print(
        f"{parser.prog}: error: choose a book command: new, section, add, list, show",
        file=sys.stderr,
    )
    return EXIT_USAGE


def run_book_new(ctx: Context) -> int:
    """Create a book with the cover fields given."""
    cover = {dest: getattr(ctx.args, dest) for _, dest, _ in COVER_OPTIONS}
    cover = {k: v for k, v in cover.items() if v is not None}
    change = ctx.lib.books.create(ctx.args.name, **cover)
    book = ctx.lib.books.get(change.created_id)
    headings = ", ".join(s.heading for s in book.sections)
    print(f"Created book “{book.name}” (id {book.id}) with sections: {headings}")
    return EXIT_OK


def run_book_section(ctx: Context) -> int:
    """Set the text of the section called HEADING, or add it at the end if there is none."""
    a = ctx.args
    book = ctx.lib.books.get(a.name)
    existing = _find_section(book, a.heading)
    if existing is None:
        ctx.lib.books.add_section(book.id, a.heading, a.text or "")
        print(f"Added section “{one_line(a.heading)}” to “{book.name}”")
    elif a.text is not None:
        ctx.lib.books.update_section(existing.id, text=a.text)
        print(f"Updated the text of “{existing.heading}” in “{book.name}”")
    else:
        print(f"“{book.name}” already has a section “{existing.heading}”")
    return EXIT_OK


def _find_section(book: BookRecord, heading: str) -> SectionRecord | None:
    wanted = " ".join(heading.split()).casefold()
    return next((s for s in book.sections if s.heading.casefold() == wanted), None)


def run_book_add(ctx: Context) -> int:
    """Add releases to a section (by default “Press releases”, created if missing)."""
    a = ctx.args
    lib = ctx.lib
    book = lib.books.get(a.name)
    section = _find_section(book, a.section or DEFAULT_SECTION)
    if section is None and a.section:
        known = ", ".join(f"“{s.heading}”" for s in book.sections) or "none"
        raise LibraryError(f"The book “{book.name}” has no section “{a.section}” (it has {known}).")
    with lib.mutation("Add to book") as step:
        if section is None:
            section_id = lib.books.add_section(book.id, DEFAULT_SECTION).created_id
        else:
            section_id = section.id
        before = lib.books.release_ids(book.id)
        change = lib.books.add_entries(section_id, a.ids, summary_only=a.summary_only)
        step.label = change.label
    added = [i for i in dict.fromkeys(a.ids) if i not in before]
    skipped = len(set(a.ids)) - len(added)
    note = f" ({skipped} already in the book)" if skipped else ""
    heading = section.heading if section else DEFAULT_SECTION
    print(f"Added {len(added)} to “{heading}” in “{book.name}”{note}")
    return EXIT_OK


def book_json(book: BookRecord, *, outline: bool) -> dict[str, Any]:
    """Return a book as a JSON-ready dict, with its sections and entries when `outline`."""
    item: dict[str, Any] = {
        "id": book.id,
        "name": book.name,
        "title": book.title,
        "subtitle": book.subtitle,
        "event": book.event,
        "date": book.date,
        "location": book.location,
        "prepared_for": book.prepared_for,
        "prepared_by": book.prepared_by,
        "marking": book.marking,
        "created_at": book.created_at,
        "modified_at": book.modified_at,
    }
    if outline:
        item["sections"] = [
            {
                "id": s.id,
                "heading": s.heading,
                "text": s.text,
                "entries": [
                    {
                        "id": e.id,
                        "release_id": e.release_id,
                        "title": e.title,
                        "summary_only": e.summary_only,
                        "include_notes": e.include_notes,
                        "include_highlights": e.include_highlights,
                    }
                    for e in s.entries
                ],
            }
            for s in book.sections
        ]
    return item


def run_book_list(ctx: Context) -> int:
    """Print every book."""
    books = ctx.lib.books.list()
    if ctx.args.json:
        emit_json([book_json(b, outline=False) for b in books])
        return EXIT_OK
    for book in books:
        title = f"  {one_line(book.title)}" if book.title else ""
        print(f"{book.id:>4}  {book.name}{title}")
    return EXIT_OK


def run_book_show(ctx: Context) -> int:
    """Print a book's cover fields and its outline of sections and entries."""
    book = ctx.lib.books.get(ctx.args.name)
    if ctx.args.json:
        emit_json(book_json(book, outline=True))
        return EXIT_OK
    print(f"{book.name} (id {book.id})")
    for _, dest, _ in COVER_OPTIONS:
        value = getattr(book, dest)
        if value:
            print(f"  {dest.replace('_', ' ').capitalize()}: {one_line(value)}")
    for section in book.sections:
        print(f"\n{section.position + 1}. {section.heading}")
        for line in section.text.splitlines():
            print(f"     {line}")
        for entry in section.entries:
            flags = " [summary]" if entry.summary_only else ""
            print(f"   - {entry.release_id:>6}  {one_line(entry.title)}{flags}")
    return EXIT_OK


@command("export", "write a book as PDF or Word")
def _configure_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME")
    p.add_argument("--format", choices=FORMATS, help="pdf or docx (default: from --output)")
    p.add_argument("--output", "-o", required=True, metavar="PATH", help="the file to write")
    p.add_argument("--page-size", choices=("A4", "Letter"), default="A4")
    p.add_argument("--no-notes", action="store_true", help="leave notes out")
    p.add_argument("--no-highlights", action="store_true", help="leave highlights out")
    p.add_argument("--clean", action="store_true", help="clean copy: no notes, highlights, tags")
    p.set_defaults(handler=run_export, reads=True)


def run_export(ctx: Context) -> int:
    """Assemble the book and write it with the PDF or DOCX writer."""
    from app.core.assemble import assemble
    from exporters.book import Options

    a = ctx.args
    output = Path(a.output).expanduser()
    kind = a.format or output.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise UsageError("export: give --format pdf or docx (or an --output ending in .pdf/.docx)")
    writer = _writer(kind)
    options = Options(
        page_size=a.page_size,
        include_notes=not a.no_notes,
        include_highlights=not a.no_highlights,
        clean_copy=a.clean,
    )
    book = assemble(ctx.lib, ctx.lib.books.get(a.name).id, options)
    report = writer(book, output)
    pages = f" ({report.pages} pages)" if getattr(report, "pages", None) else ""
    print(f"Wrote {report.path}{pages}")
    for warning in getattr(report, "warnings", ()):
        print(f"warning: {one_line(warning)}")
    return EXIT_OK


def _writer(kind: str) -> Any:
    """Return write_pdf or write_docx; raise a plain error if this build lacks it."""
    module, name = {
        "pdf": ("exporters.pdf", "write_pdf"),
        "docx": ("exporters.docx", "write_docx"),
    }[kind]
    try:
        found = getattr(__import__(module, fromlist=[name]), name, None)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        found = None
    if found is None:
        raise LibraryError(f"{kind.upper()} export is missing from this build of Briefbook.")
    return found

"""Command line for releases: import, list, search, show, tag, note, highlight."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli import (
    EXIT_FAILED,
    EXIT_OK,
    PROG,
    Context,
    UsageError,
    command,
    emit_json,
    iso_date,
    one_line,
    positive_int,
)
from app.core.models import ListQuery, Release, ReleaseRow

SNIPPET_START, SNIPPET_END = "\x02", "\x03"


def release_row_json(row: ReleaseRow) -> dict[str, Any]:
    """Return a listing row as a JSON-ready dict."""
    item = {
        "id": row.id,
        "title": row.title,
        "date": row.date,
        "source": row.source,
        "tags": [t.name for t in row.tags],
        "note_count": row.note_count,
        "highlight_count": row.highlight_count,
        "title_proposed": row.title_proposed,
    }
    if row.snippet:
        item["snippet"] = row.snippet.replace(SNIPPET_START, "").replace(SNIPPET_END, "")
    return item


def _row_line(row: ReleaseRow) -> str:
    tags = f"  [{', '.join(t.name for t in row.tags)}]" if row.tags else ""
    return f"{row.id:>6}  {row.date or '????-??-??'}  {one_line(row.title)}{tags}"


# Release commands -------------------------------------------------------------------------


@command("import", "import files and folders of releases")
def _configure_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursively)")
    p.add_argument("--source", metavar="NAME", help="source to record for these releases")
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="tag to apply")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=run_import)


def run_import(ctx: Context) -> int:
    """Import the given paths; exit 1 if any file failed (the good ones are still imported)."""
    args = ctx.args
    report = ctx.lib.import_paths(args.paths, source=args.source, tags=args.tag)
    failed = [o for o in report.outcomes if o.status == "failed"]
    if args.json:
        emit_json(
            {
                "imported": report.count("imported"),
                "duplicates": report.count("duplicate"),
                "failed": len(failed),
                "outcomes": [
                    {
                        "path": o.path,
                        "status": o.status,
                        "reason": o.reason,
                        "release_id": o.release_id,
                        "warnings": list(o.warnings),
                    }
                    for o in report.outcomes
                ],
            }
        )
    else:
        print(report.summary())
    for outcome in failed:
        print(f"{PROG}: {outcome.path}: {one_line(outcome.reason)}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


@command("list", "list releases, newest first")
def _configure_list(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tag", metavar="T", help="only releases with this tag")
    p.add_argument("--source", metavar="S", help="only releases from this source")
    p.add_argument("--since", metavar="D", type=iso_date, help="from this date (YYYY-MM-DD)")
    p.add_argument("--until", metavar="D", type=iso_date, help="up to this date (YYYY-MM-DD)")
    p.add_argument("--limit", metavar="N", type=positive_int, default=200, help="at most N")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run_list, reads=True)


def run_list(ctx: Context) -> int:
    """Print releases matching the filters."""
    a = ctx.args
    query = ListQuery(tag=a.tag, source=a.source, since=a.since, until=a.until, limit=a.limit)
    _print_rows(ctx.lib.search.list(query), a.json)
    return EXIT_OK


def _print_rows(rows: list[ReleaseRow], as_json: bool, *, snippets: bool = False) -> None:
    if as_json:
        emit_json([release_row_json(r) for r in rows])
        return
    for row in rows:
        print(_row_line(row))
        if snippets and row.snippet:
            marked = row.snippet.replace(SNIPPET_START, "*").replace(SNIPPET_END, "*")
            print(f"        {one_line(marked)}")


@command("search", 'full-text search (words, "phrases", OR, -word, prefix*, tag:, since:)')
def _configure_search(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", metavar="N", type=positive_int, default=50, help="at most N")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run_search, reads=True)


def run_search(ctx: Context) -> int:
    """Print the best matches for the query; exit 1 with the reason if it cannot be read."""
    a = ctx.args
    parsed = ctx.lib.search.parse(a.query)
    if parsed.error:  # a part of the query that was ignored; the rest still runs
        print(f"{PROG}: warning: {one_line(parsed.error)}", file=sys.stderr)
    rows = ctx.lib.search.list(
        ListQuery(text=a.query, sort="relevance", limit=a.limit, snippets=True)
    )
    _print_rows(rows, a.json, snippets=True)
    return EXIT_OK


@command("show", "show one release: body, tags, notes, highlights")
def _configure_show(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run_show, reads=True)


def run_show(ctx: Context) -> int:
    """Print one release with its notes and highlights."""
    lib = ctx.lib
    release = lib.releases.get(ctx.args.id)
    notes = lib.annotations.notes(release.id)
    highlights = lib.annotations.highlights(release.id)
    if ctx.args.json:
        emit_json(release_json(release, notes, highlights))
        return EXIT_OK
    _print_release(release, notes, highlights)
    return EXIT_OK


def release_json(release: Release, notes: list, highlights: list) -> dict[str, Any]:
    """Return a whole release with its annotations as a JSON-ready dict."""
    return {
        "id": release.id,
        "title": release.title,
        "title_proposed": release.title_proposed,
        "date": release.date,
        "source": release.source,
        "url": release.url,
        "language": release.language,
        "filename": release.filename,
        "imported_at": release.imported_at,
        "in_trash": release.deleted_at is not None,
        "tags": [t.name for t in release.tags],
        "summary": release.summary,
        "body": release.body,
        "notes": [{"id": n.id, "text": n.text, "created_at": n.created_at} for n in notes],
        "highlights": [
            {
                "id": h.id,
                "quote": h.quote,
                "start": h.start,
                "end": h.end,
                "comment": h.comment,
                "colour": h.colour,
                "found": h.found,
            }
            for h in highlights
        ],
    }


def _print_release(release: Release, notes: list, highlights: list) -> None:
    print(release.title + ("  (in the trash)" if release.deleted_at else ""))
    facts = [release.date or "date unknown", release.source, release.url]
    print("  ".join(f for f in facts if f))
    if release.tags:
        print("Tags: " + ", ".join(t.name for t in release.tags))
    print()
    print(release.body)
    if notes:
        print("\nNotes:")
        for note in notes:
            print(f"  [{note.id}] {note.text}")
    if highlights:
        print("\nHighlights:")
        for mark in highlights:
            lost = "" if mark.found else "  (no longer found in the text)"
            comment = f"  ({mark.comment})" if mark.comment else ""
            print(f"  [{mark.id}] “{one_line(mark.quote)}”{comment}{lost}")


@command("tag", "add or remove tags on releases")
def _configure_tag(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p.add_argument("--add", action="append", default=[], metavar="TAG", help="tag to add")
    p.add_argument("--remove", action="append", default=[], metavar="TAG", help="tag to remove")
    p.set_defaults(handler=run_tag)


def run_tag(ctx: Context) -> int:
    """Add and/or remove tags on the given releases."""
    a = ctx.args
    if not a.add and not a.remove:
        raise UsageError("tag: give at least one --add TAG or --remove TAG")
    for release_id in a.ids:
        ctx.lib.releases.get(release_id)  # a clear error for an unknown id, before any change
    if a.add:
        print(ctx.lib.tags.apply(a.ids, a.add).label)
    if a.remove:
        print(ctx.lib.tags.remove(a.ids, a.remove).label)
    return EXIT_OK


@command("note", "add a note to a release")
def _configure_note(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("text", metavar="TEXT")
    p.set_defaults(handler=run_note)


def run_note(ctx: Context) -> int:
    """Add a note to one release."""
    change = ctx.lib.annotations.add_note(ctx.args.id, ctx.args.text)
    print(f"Added note {change.created_id} to release {ctx.args.id}")
    return EXIT_OK


@command("highlight", "highlight the first occurrence of a passage in a release")
def _configure_highlight(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("quote", metavar="QUOTE", help="the exact text to highlight")
    p.add_argument("--comment", default="", metavar="TEXT", help="a comment on the passage")
    p.set_defaults(handler=run_highlight)


def run_highlight(ctx: Context) -> int:
    """Highlight a quoted passage of one release."""
    a = ctx.args
    change = ctx.lib.annotations.add_highlight_quote(a.id, a.quote, comment=a.comment)
    print(f"Added highlight {change.created_id} to release {a.id}")
    return EXIT_OK

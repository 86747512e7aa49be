"""SQL for listing and searching releases: filters, sorting, paging, snippets.

A page costs a fixed number of queries whatever its size: one for the rows (with note and
highlight counts computed only for the page), one for the page's tags, and, for a text
search, one or two for snippets (body windows; FTS5 snippet() for rows a window cannot
serve; substring windows for CJK and emoji). Sorting: date, title, source (both ignoring
case), imported, each with the id as tie-breaker so pages never overlap; unknown dates
sort as the oldest; relevance is always best first (bm25) and falls back to date when the
query has no full-text words. Views:
- all: live releases; trash: releases with `deleted_at` set (only this view shows them);
- recent: live releases imported during the 7 days up to the newest import (so it always
  shows the latest import batch, however long ago it was);
- annotated: live releases with a note or a highlight; untagged: live releases with no tag.
Ranked search uses FTS5's bm25 with the title weighted above notes and body.
Text in scripts written without spaces (CJK, Thai) and symbol-only words (emoji) are
matched by substring (`instr`, exact characters) because unicode61 cannot split them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from typing import TYPE_CHECKING

from app.core.errors import LibraryError
from app.core.models import ListQuery, ReleaseRow, Tag
from app.core.storage.releases import LIVE_COUNT, TRASHED

if TYPE_CHECKING:
    from app.core.search.query import ParsedQuery, TextPlan
    from app.core.storage.connection import Database

RECENT_DAYS = 7
RANK = "bm25(10.0, 1.0, 2.0)"  # weights for title, body, notes
SNIPPET = "snippet(releases_fts, -1, char(2), char(3), '…', 24)"
FTS_IDS = "SELECT rowid FROM releases_fts WHERE releases_fts MATCH ?"
IDS = "SELECT value FROM json_each(?)"  # a page of ids as one JSON parameter, any length
SUBSTRING = (
    "(instr(r.title, ?) > 0 OR instr(r.body, ?) > 0 OR EXISTS "
    "(SELECT 1 FROM notes n WHERE n.release_id = r.id AND instr(n.text, ?) > 0))"
)
ORDER = {
    "date": ("r.date", "p.date"),
    "title": ("r.title COLLATE NOCASE", "p.title COLLATE NOCASE"),
    "source": ("r.source COLLATE NOCASE", "p.source COLLATE NOCASE"),
    "imported": ("r.imported_at", "p.imported_at"),
}
ROW_COLUMNS = "r.id, r.title, r.date, r.source, r.title_proposed, r.imported_at"


def _view(db: Database, view: str) -> tuple[list[str], list]:
    """Return the conditions and parameters for a sidebar view."""
    # Trash membership is tested against the (small) set of trashed ids, never by reading
    # `deleted_at` from the row: it is stored after the body, so reading it walks the
    # body's overflow pages, which made a 100k listing ten times slower.
    if view == "trash":
        return [f"r.id IN ({TRASHED})"], []
    where: list[str] = [f"r.id NOT IN ({TRASHED})"]
    if view == "recent":
        newest = db.execute("SELECT max(imported_at) FROM releases").fetchone()[0] or ""
        try:
            day = dt.date.fromisoformat(newest[:10]) - dt.timedelta(days=RECENT_DAYS - 1)
        except ValueError:
            return where, []
        return [*where, "r.imported_at >= ?"], [day.isoformat()]
    # Views driven from the small annotation and tag tables, never by a per-row EXISTS:
    # a count over 100k releases stays a scan of those tables.
    if view == "annotated":
        where.append(
            "r.id IN (SELECT release_id FROM notes UNION SELECT release_id FROM highlights)"
        )
    elif view == "untagged":
        where.append("r.id NOT IN (SELECT release_id FROM release_tags)")
    return where, []


def _substring(needle: str) -> tuple[str, list]:
    return SUBSTRING, [needle, needle, needle]


def _text(plan: TextPlan, *, with_match: bool, probe: bool = True) -> tuple[list[str], list]:
    """Return the conditions for the text part (the main MATCH only when `with_match`)."""
    where, params = [], []
    if with_match and plan.match and not probe:
        where.append(f"r.id IN ({FTS_IDS})")
        params.append(plan.match)
    elif with_match and plan.match:
        # `+` keeps the planner walking the ORDER BY index and probing the set of matches,
        # which stops after one page; driving from the matches sorts all of them (130 ms
        # for a common word on 100k releases instead of 16 ms).
        where.append(f"+r.id IN ({FTS_IDS})")
        params.append(plan.match)
    for fts, needles in plan.mixed:
        parts, part_params = ([f"r.id IN ({FTS_IDS})"], [fts]) if fts else ([], [])
        for needle in needles:
            sql, p = _substring(needle)
            parts.append(sql)
            part_params += p
        where.append("(" + " OR ".join(parts) + ")")
        params += part_params
    if plan.exclude_match:
        where.append(f"r.id NOT IN ({FTS_IDS})")
        params.append(plan.exclude_match)
    for needle in plan.exclude_substrings:
        sql, p = _substring(needle)
        where.append("NOT " + sql)
        params += p
    return where, params


def _filters(q: ListQuery, parsed: ParsedQuery) -> tuple[list[str], list]:
    """Return the conditions for tags, sources and dates from the query and the form."""
    where, params = [], []
    for tag in dict.fromkeys([*([q.tag] if q.tag else []), *parsed.tags]):
        where.append(
            "r.id IN (SELECT rt.release_id FROM release_tags rt"
            " JOIN tags t ON t.id = rt.tag_id WHERE t.name = ?)"
        )
        params.append(tag)
    if q.source:
        where.append("r.source = ? COLLATE NOCASE")
        params.append(q.source)
    if parsed.sources:
        marks = ", ".join("?" * len(parsed.sources))
        where.append(f"r.source COLLATE NOCASE IN ({marks})")
        params += parsed.sources
    since = max(filter(None, (q.since, parsed.since)), default=None)
    until = min(filter(None, (q.until, parsed.until)), default=None)
    if since:
        where.append("r.date >= ?")
        params.append(since)
    if until:
        where.append("r.date <= ?")
        params.append(until)
    return where, params


def _where(db, q, parsed, plan, *, with_match, probe=True) -> tuple[str, list]:
    parts, params = [], []
    text = _text(plan, with_match=with_match, probe=probe)
    for where, p in (_view(db, q.view), _filters(q, parsed), text):
        parts += where
        params += p
    return " AND ".join(parts) or "1", params


def _order(sort: str, descending: bool, alias: int) -> str:
    """Return an ORDER BY clause that an index satisfies; ids break ties.

    Unknown dates sort as the oldest (SQLite's NULL order), which keeps the date index usable.
    """
    key = ORDER.get(sort, ORDER["date"])[alias]
    prefix = "r" if alias == 0 else "p"
    direction = "DESC" if descending else "ASC"
    return f"{key} {direction}, {prefix}.id {direction}"


def _page_sql(db, q: ListQuery, parsed, plan) -> tuple[str, list, bool]:
    """Return the SQL selecting one page (ordered), its parameters, and if it has snippets."""
    ranked = q.sort == "relevance" and plan.match
    if ranked:
        where, params = _where(db, q, parsed, plan, with_match=False)
        inner = (
            f"SELECT {ROW_COLUMNS}, f.rank AS rank"
            " FROM releases_fts f JOIN releases r ON r.id = f.rowid"
            f" WHERE releases_fts MATCH ? AND f.rank MATCH '{RANK}' AND {where}"
            " ORDER BY f.rank LIMIT ? OFFSET ?"
        )
        params = [plan.match, *params]
        outer_order = "p.rank, p.id"
    else:
        sort = "date" if q.sort == "relevance" else q.sort
        where, params = _where(db, q, parsed, plan, with_match=True)
        inner = (
            f"SELECT {ROW_COLUMNS}, 0 AS rank FROM releases r WHERE {where}"
            f" ORDER BY {_order(sort, q.descending, 0)} LIMIT ? OFFSET ?"
        )
        outer_order = _order(sort, q.descending, 1)
    sql = (
        # MATERIALIZED keeps the page a page: flattened, the counts would be computed for
        # every match before the sort.
        f"WITH p AS MATERIALIZED ({inner}) SELECT p.*,"
        " (SELECT count(*) FROM notes n WHERE n.release_id = p.id) AS note_count,"
        " (SELECT count(*) FROM highlights h WHERE h.release_id = p.id) AS highlight_count"
        f" FROM p ORDER BY {outer_order}"
    )
    return sql, [*params, max(0, q.limit), max(0, q.offset)], bool(ranked)


def list_rows(db: Database, q: ListQuery, parsed: ParsedQuery, plan: TextPlan) -> list[dict]:
    """Return one page of releases as dicts (ReleaseRow fields, `snippet` filled if ranked)."""
    sql, params, _ = _page_sql(db, q, parsed, plan)
    with _errors():
        cursor = db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def count(db: Database, q: ListQuery, parsed: ParsedQuery, plan: TextPlan) -> int:
    """Return how many releases match (all pages)."""
    filtered = _filters(q, parsed)[0] or plan.mixed or plan.exclude_match or plan.exclude_substrings
    if q.view == "all" and not filtered and not plan.match:
        # The whole library, as every launch shows it. Filtering every row against the
        # trash took 28 ms on 100k releases.
        with _errors():
            return db.execute(f"SELECT {LIVE_COUNT}").fetchone()[0]
    if plan.match and q.view == "all" and not filtered:
        # The index alone knows how many releases match; no release row is read.
        sql = f"SELECT count(*) FROM releases_fts WHERE releases_fts MATCH ? AND rowid NOT IN ({TRASHED})"
        with _errors():
            return db.execute(sql, [plan.match]).fetchone()[0]
    where, params = _where(db, q, parsed, plan, with_match=True, probe=False)
    with _errors():
        return db.execute(f"SELECT count(*) FROM releases r WHERE {where}", params).fetchone()[0]


def tags_for(db: Database, ids: list[int]) -> dict[int, tuple[Tag, ...]]:
    """Return each release id's tags (ordered by name), for a page of ids."""
    found: dict[int, list[Tag]] = {}
    if not ids:
        return {}
    sql = (
        "SELECT rt.release_id, t.id, t.name, t.colour FROM release_tags rt"
        f" JOIN tags t ON t.id = rt.tag_id WHERE rt.release_id IN ({IDS})"
        " ORDER BY t.name COLLATE NOCASE"
    )
    with _errors():
        for release_id, tag_id, name, colour in db.execute(sql, [json.dumps(ids)]):
            found.setdefault(release_id, []).append(Tag(tag_id, name, colour))
    return {k: tuple(v) for k, v in found.items()}


def fts_snippets(db: Database, match: str, ids: list[int]) -> dict[int, str]:
    """Return FTS5 snippets (matches between \\x02 and \\x03) for the given release ids."""
    if not ids or not match:
        return {}
    sql = (
        f"SELECT rowid, {SNIPPET} FROM releases_fts"
        # `+rowid`: a plain rowid IN makes FTS5 re-run the query once per id (1.1 s for a
        # prefix query on 100k releases); filtering one pass costs one query.
        f" WHERE releases_fts MATCH ? AND +rowid IN ({IDS})"
    )
    with _errors():
        return dict(db.execute(sql, [match, json.dumps(ids)]).fetchall())


def body_windows(
    db: Database, ids: list[int], needle: str, before: int, width: int
) -> dict[int, tuple[str, bool, bool]]:
    """Return {id: (window, clipped at start, clipped at end)} around `needle` in each body.

    `needle` is lower-case ASCII; bodies where it does not occur are left out.
    """
    if not ids or not needle:
        return {}
    # One expression, so each body is read once for instr and once for substr (a CTE
    # keeping the position and a join for the window was 1.6 times slower). The window
    # starts `before` characters ahead of the first hit unless it starts the body.
    sql = (
        "SELECT id, substr(body, max(1, instr(lower(body), ?) - ?), ?) FROM releases"
        f" WHERE id IN ({IDS})"
    )
    finder = re.compile(re.escape(needle), re.IGNORECASE | re.ASCII)
    found = {}
    with _errors():
        for release_id, window in db.execute(sql, [needle, before, width, json.dumps(ids)]):
            hit = finder.search(window)
            if hit:
                found[release_id] = (window, hit.start() == before, len(window) == width)
    return found


def texts_for(db: Database, ids: list[int]) -> dict[int, str]:
    """Return title, body and notes joined, per release id (for substring snippets)."""
    if not ids:
        return {}
    sql = (
        "SELECT r.id, r.title || char(10) || r.body || char(10) || r.notes"
        f" FROM releases r WHERE r.id IN ({IDS})"
    )
    with _errors():
        return dict(db.execute(sql, [json.dumps(ids)]).fetchall())


def sources(db: Database) -> list[str]:
    """Return the distinct non-empty sources of live releases, ordered case-insensitively."""
    # Grouping by the NOCASE collation reads only the source index.
    sql = (
        "SELECT min(source) FROM releases"
        f" WHERE source != '' AND id NOT IN ({TRASHED})"
        " GROUP BY source COLLATE NOCASE ORDER BY source COLLATE NOCASE"
    )
    with _errors():
        return [row[0] for row in db.execute(sql)]


def to_row(record: dict, tags: tuple[Tag, ...], snippet: str) -> ReleaseRow:
    """Return the ReleaseRow for one page record."""
    return ReleaseRow(
        id=record["id"],
        title=record["title"],
        date=record["date"],
        source=record["source"],
        tags=tags,
        note_count=record["note_count"],
        highlight_count=record["highlight_count"],
        title_proposed=bool(record["title_proposed"]),
        snippet=snippet,
    )


class _errors:
    """Turns SQLite errors into LibraryError with a plain-words message."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, trace) -> bool:
        if isinstance(error, sqlite3.Error):
            raise LibraryError(f"The search could not run: {error}.") from error
        return False

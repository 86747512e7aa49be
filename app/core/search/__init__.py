"""Listing and full-text search: the query language and the read side of the library.

`lib.search` (Search) lists, counts and searches releases; `lib.saved` (SavedSearches)
keeps named queries. All filtering, sorting and paging happens in SQL (app.core.storage).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from app.core.errors import LibraryError
from app.core.models import Change, ListQuery, ReleaseRow, SavedSearch
from app.core.search.query import ParsedQuery, Term, TextPlan, build_text_plan, parse
from app.core.search.snippet import (
    BEFORE,
    WINDOW,
    locator,
    substring_snippet,
    window_snippet,
    word_regex,
)
from app.core.storage import saved as saved_sql
from app.core.storage import search as search_sql

__all__ = ["ParsedQuery", "SavedSearches", "Search", "Term", "TextPlan", "parse"]

VIEWS = ("all", "recent", "annotated", "untagged", "trash")
SORTS = ("date", "title", "source", "imported", "relevance")
SAVED_FIELDS = ("view", "tag", "source", "since", "until", "sort", "descending")


class Search:
    """The read side of a library: list, count and search releases."""

    def __init__(self, lib: Any):
        self._lib = lib

    @property
    def _db(self) -> Any:
        return self._lib.db

    def parse(self, text: str) -> ParsedQuery:
        """Return the ParsedQuery for `text` (problems in `.error`; never raises)."""
        return parse(text)

    def list(self, q: ListQuery) -> list[ReleaseRow]:
        """Return one page of releases matching `q`, in order, with tags (snippets if asked)."""
        q = _checked(q)
        parsed = parse(q.text)
        plan = build_text_plan(parsed)
        records = search_sql.list_rows(self._db, q, parsed, plan)
        ids = [r["id"] for r in records]
        tags = search_sql.tags_for(self._db, ids)
        wanted = q.snippets and parsed.groups
        snippets = self._snippets(ids, parsed, plan) if wanted else {}
        return [
            search_sql.to_row(r, tags.get(r["id"], ()), snippets.get(r["id"], "")) for r in records
        ]

    def snippets(self, ids: list[int], text: str) -> dict[int, str]:
        """Return {id: snippet} for releases `ids` searched with `text` ("" if none)."""
        parsed = parse(text)
        if not parsed.groups or not ids:
            return {}
        return self._snippets([int(i) for i in ids], parsed, build_text_plan(parsed))

    def count(self, q: ListQuery) -> int:
        """Return how many releases match `q` across all pages."""
        q = _checked(q)
        parsed = parse(q.text)
        return search_sql.count(self._db, q, parsed, build_text_plan(parsed))

    def sources(self) -> list[str]:
        """Return the distinct sources of live releases, for the filter menu."""
        return search_sql.sources(self._db)

    def _snippets(self, ids: list[int], parsed: ParsedQuery, plan: TextPlan) -> dict[int, str]:
        """Return snippets for a page: a fast body window, else FTS5's, else substrings."""
        found: dict[int, str] = {}
        missing = list(ids)
        needle, regex = locator(parsed), word_regex(parsed)
        if missing and needle and regex:
            windows = search_sql.body_windows(self._db, missing, needle, BEFORE, WINDOW)
            for release_id, (window, clipped_start, clipped_end) in windows.items():
                found[release_id] = window_snippet(window, regex, clipped_start, clipped_end)
            missing = [i for i in missing if not found.get(i)]
        match = " OR ".join(filter(None, [plan.match, *(fts for fts, _ in plan.mixed)]))
        if match and missing:
            found.update(search_sql.fts_snippets(self._db, match, missing))
            missing = [i for i in missing if not found.get(i)]
        needles = tuple(n for _, group in plan.mixed for n in group)
        if needles and missing:
            texts = search_sql.texts_for(self._db, missing)
            found.update({i: substring_snippet(t, needles) for i, t in texts.items()})
        return found


class SavedSearches:
    """Named queries the user keeps in the sidebar."""

    def __init__(self, lib: Any):
        self._lib = lib

    def list(self) -> list[SavedSearch]:
        """Return every saved search, ordered by name."""
        return [
            SavedSearch(id=i, name=name, query=_query_from(text, filters))
            for i, name, text, filters in saved_sql.all_saved(self._lib.db)
        ]

    def save(self, name: str, q: ListQuery) -> Change:
        """Save `q` under `name` (replacing a search of that name); return the Change."""
        name = " ".join(str(name or "").split())
        if not name:
            raise LibraryError("A saved search needs a name.")
        filters = {f: getattr(q, f) for f in SAVED_FIELDS}
        saved_id = saved_sql.save(self._lib.db, name, q.text, filters)
        return Change(label=f"Save search “{name}”", saved_searches=True, created_id=saved_id)

    def delete(self, saved_id: int) -> Change:
        """Delete a saved search; return the Change (LibraryError if it does not exist)."""
        name = saved_sql.delete(self._lib.db, saved_id)
        return Change(label=f"Delete saved search “{name}”", saved_searches=True)


def _checked(q: ListQuery) -> ListQuery:
    """Return `q` unchanged; LibraryError for a view or sort order that does not exist."""
    if q.view not in VIEWS or q.sort not in SORTS:
        raise LibraryError(f"Unknown view “{q.view}” or sort order “{q.sort}”.")
    return q


def _query_from(text: str, filters: dict) -> ListQuery:
    """Return the ListQuery for stored text and filters, ignoring unknown or bad fields."""
    known = {f.name: f for f in dataclasses.fields(ListQuery)}
    values = {k: v for k, v in filters.items() if k in SAVED_FIELDS and k in known}
    if values.get("view") not in VIEWS:
        values.pop("view", None)
    if values.get("sort") not in SORTS:
        values.pop("sort", None)
    values["descending"] = bool(values.get("descending", True))
    for key in ("tag", "source", "since", "until"):
        if not isinstance(values.get(key), str | None):
            values.pop(key)
    return ListQuery(text=text or "", **values)

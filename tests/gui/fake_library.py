"""A small in-memory stand-in for the Library facade, for item-model and widget tests.

It follows the contract in notes/CONTRACT.md closely enough for the GUI: rows, counts,
tags, notes, highlights, saved searches and snapshot-based undo. No SQL, no search syntax
beyond "every word must appear".
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

from app.core.errors import LibraryError
from app.core.models import (
    Change,
    Highlight,
    ImportReport,
    ListQuery,
    Note,
    Release,
    ReleaseRow,
    SavedSearch,
    Tag,
)

PALETTE = ("#e57373", "#64b5f6", "#81c784", "#ffb74d", "#ba68c8")


class _Parsed:
    def __init__(self, text: str) -> None:
        self.error = "A quote is not closed; it was ignored." if text.count('"') % 2 else None


def make_release(
    i: int, *, title: str | None = None, body: str | None = None, date: str | None = None
) -> Release:
    """Return release number `i` with predictable fields."""
    return Release(
        id=i,
        title=title or f"Release {i}",
        title_proposed=False,
        date=date or f"2024-01-{(i % 28) + 1:02d}",
        source=f"Agency {i % 3}",
        url=f"https://example.org/{i}",
        language="en",
        filename=f"r{i}.md",
        imported_at="2024-02-01T00:00:00",
        body=body or f"Body of release {i}.",
        summary="",
        original_sha256="",
        encoding="utf-8",
    )


class FakeLibrary:
    """Implements the parts of the Library facade the GUI calls."""

    def __init__(self, count: int = 0) -> None:
        self.path: Path | None = None
        self.state = {
            "releases": {},
            "tags": {},
            "links": set(),
            "notes": {},
            "highlights": {},
            "saved": {},
            "next": 1,
        }
        for i in range(1, count + 1):
            self.state["releases"][i] = make_release(i)
        self.state["next"] = count + 1
        self._undo: list[tuple[dict, Change]] = []
        self._redo: list[tuple[dict, Change]] = []
        self.search = self.releases = self.tags = self.annotations = self.saved = self
        self.list_calls = 0

    # undo
    def _record(self, change: Change) -> Change:
        self._redo.clear()
        return change

    def _mutate(self, label: str, fn, **change) -> Change:
        before = copy.deepcopy(self.state)
        created = fn()
        result = Change(
            label=label, created_id=created if isinstance(created, int) else None, **change
        )
        self._undo.append((before, result))
        self._redo.clear()
        return result

    def undo(self) -> Change | None:
        if not self._undo:
            return None
        before, change = self._undo.pop()
        self._redo.append((copy.deepcopy(self.state), change))
        self.state = before
        return change

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        after, change = self._redo.pop()
        self._undo.append((copy.deepcopy(self.state), change))
        self.state = after
        return change

    def undo_label(self) -> str | None:
        return self._undo[-1][1].label if self._undo else None

    def redo_label(self) -> str | None:
        return self._redo[-1][1].label if self._redo else None

    def close(self) -> None:
        pass

    # search
    def parse(self, text: str) -> _Parsed:
        return _Parsed(text)

    def _matching(self, q: ListQuery) -> list[Release]:
        out = []
        words = [w.lower() for w in q.text.replace('"', " ").split()]
        for r in self.state["releases"].values():
            trashed = r.deleted_at is not None
            if (q.view == "trash") != trashed:
                continue
            tags = self._tags_of(r.id)
            if q.view == "untagged" and tags:
                continue
            if q.tag and q.tag not in {t.name for t in tags}:
                continue
            if q.since and (r.date or "") < q.since or q.until and (r.date or "") > q.until:
                continue
            if any(w not in (r.title + " " + r.body).lower() for w in words):
                continue
            out.append(r)
        key = {
            "date": lambda r: r.date or "",
            "title": lambda r: r.title.lower(),
            "source": lambda r: r.source,
        }
        return sorted(
            out, key=lambda r: (key.get(q.sort, key["date"])(r), r.id), reverse=q.descending
        )

    def list(self, q: ListQuery) -> list[ReleaseRow]:
        self.list_calls += 1
        page = self._matching(q)[q.offset : q.offset + q.limit]
        return [self._row(r) for r in page]

    def count(self, q: ListQuery) -> int:
        return len(self._matching(q))

    def _row(self, r: Release) -> ReleaseRow:
        notes = sum(1 for n in self.state["notes"].values() if n.release_id == r.id)
        marks = sum(1 for h in self.state["highlights"].values() if h.release_id == r.id)
        return ReleaseRow(
            r.id, r.title, r.date, r.source, self._tags_of(r.id), notes, marks, r.title_proposed
        )

    # releases
    def get(self, release_id: int) -> Release:
        if release_id not in self.state["releases"]:
            raise LibraryError("That release is not in the library.")
        return replace(self.state["releases"][release_id], tags=self._tags_of(release_id))

    def update(
        self, release_id, *, title=None, date=None, source=None, summary=None, confirm_title=False
    ):
        def run():
            r = self.get(release_id)
            self.state["releases"][release_id] = replace(
                r,
                title=title or r.title,
                date=date or r.date,
                source=source or r.source,
                title_proposed=r.title_proposed and not confirm_title and not title,
                tags=(),
            )

        return self._mutate("Edit release", run, releases=frozenset({release_id}))

    def trash(self, ids):
        def run():
            for i in ids:
                self.state["releases"][i] = replace(self.state["releases"][i], deleted_at="now")

        return self._mutate(
            f"Delete {len(ids)} releases", run, releases=frozenset(ids), library=True
        )

    def restore(self, ids):
        def run():
            for i in ids:
                self.state["releases"][i] = replace(self.state["releases"][i], deleted_at=None)

        return self._mutate(
            f"Restore {len(ids)} releases", run, releases=frozenset(ids), library=True
        )

    def empty_trash(self):
        def run():
            for i in [i for i, r in self.state["releases"].items() if r.deleted_at]:
                del self.state["releases"][i]

        return self._mutate("Empty trash", run, library=True)

    def count_all(self) -> dict:
        live = [r for r in self.state["releases"].values() if not r.deleted_at]
        return {
            "all": len(live),
            "trash": len(self.state["releases"]) - len(live),
            "tags": len(self.state["tags"]),
            "notes": len(self.state["notes"]),
            "highlights": len(self.state["highlights"]),
        }

    def import_paths(
        self, paths, *, source=None, tags=(), progress=None, cancel=None
    ) -> ImportReport:
        return ImportReport(())

    # tags
    def _tags_of(self, release_id: int) -> tuple[Tag, ...]:
        names = sorted(n for (rid, n) in self.state["links"] if rid == release_id)
        return tuple(self.get_tag(n) for n in names)

    def get_tag(self, name: str) -> Tag | None:
        tag = self.state["tags"].get(name)
        if tag is None:
            return None
        count = sum(1 for (rid, n) in self.state["links"] if n == name)
        return replace(tag, count=count)

    def all(self) -> list[Tag]:
        return [self.get_tag(n) for n in sorted(self.state["tags"])]

    def create(self, name: str, colour: str | None = None) -> Change:
        def run():
            tid = self.state["next"]
            self.state["next"] += 1
            self.state["tags"][name] = Tag(tid, name, colour or PALETTE[tid % len(PALETTE)])
            return tid

        return self._mutate(f"Create tag {name}", run, tags=True)

    def apply(self, ids, names) -> Change:
        def run():
            for name in names:
                if name not in self.state["tags"]:
                    tid = self.state["next"]
                    self.state["next"] += 1
                    self.state["tags"][name] = Tag(tid, name, PALETTE[tid % len(PALETTE)])
                self.state["links"].update((i, name) for i in ids)

        return self._mutate(f"Tag {len(ids)} releases", run, releases=frozenset(ids), tags=True)

    def remove(self, ids, names) -> Change:
        def run():
            self.state["links"] -= {(i, n) for i in ids for n in names}

        return self._mutate(f"Untag {len(ids)} releases", run, releases=frozenset(ids), tags=True)

    def toggle(self, ids, name) -> Change:
        if all((i, name) in self.state["links"] for i in ids):
            return self.remove(ids, [name])
        return self.apply(ids, [name])

    # annotations
    def notes(self, release_id: int) -> list[Note]:
        return [n for n in self.state["notes"].values() if n.release_id == release_id]

    def add_note(self, release_id: int, text: str) -> Change:
        def run():
            nid = self.state["next"]
            self.state["next"] += 1
            self.state["notes"][nid] = Note(nid, release_id, text, "now", "now")
            return nid

        return self._mutate("Add note", run, releases=frozenset({release_id}))

    def delete_note(self, note_id: int) -> Change:
        rid = self.state["notes"][note_id].release_id
        return self._mutate(
            "Delete note",
            lambda: self.state["notes"].pop(note_id) and None,
            releases=frozenset({rid}),
        )

    def highlights(self, release_id: int) -> list[Highlight]:
        return [h for h in self.state["highlights"].values() if h.release_id == release_id]

    def add_highlight(self, release_id, start, end, *, comment="", colour=None) -> Change:
        body = self.get(release_id).body
        if not 0 <= start < end <= len(body):
            raise LibraryError("That passage is not in the text.")

        def run():
            hid = self.state["next"]
            self.state["next"] += 1
            self.state["highlights"][hid] = Highlight(
                hid, release_id, body[start:end], start, end, comment, colour or "#fff176"
            )
            return hid

        return self._mutate("Highlight passage", run, releases=frozenset({release_id}))

    # saved searches
    def saved_list(self) -> list[SavedSearch]:
        return list(self.state["saved"].values())

    def save(self, name: str, q: ListQuery) -> Change:
        def run():
            sid = self.state["next"]
            self.state["next"] += 1
            self.state["saved"][sid] = SavedSearch(sid, name, q)
            return sid

        return self._mutate(f"Save search {name}", run, saved_searches=True)


class _Saved:
    def __init__(self, lib: FakeLibrary) -> None:
        self.lib = lib

    def list(self):
        return self.lib.saved_list()

    def save(self, name, q):
        return self.lib.save(name, q)


def fake_library(count: int = 0) -> FakeLibrary:
    """Return a FakeLibrary with `count` releases and a separate saved-search manager."""
    lib = FakeLibrary(count)
    lib.saved = _Saved(lib)
    lib.tags = _Tags(lib)
    return lib


class _Tags:
    def __init__(self, lib: FakeLibrary) -> None:
        self.lib = lib

    def all(self):
        return self.lib.all()

    def get(self, name):
        return self.lib.get_tag(name)

    def __getattr__(self, name):
        return getattr(self.lib, name)

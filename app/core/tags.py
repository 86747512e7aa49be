"""Tags: case-insensitive unique names with a colour each; apply, remove, rename, merge."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.core.errors import ConflictError, LibraryError, NotFoundError
from app.core.models import Change, Tag
from app.core.storage import releases as release_store
from app.core.storage import tags as store
from app.core.storage.database import translate_errors

if TYPE_CHECKING:
    from app.core.library import Library

# Soft, readable on white and on dark text; chosen least-used first so new tags differ.
PALETTE = (
    "#e57373",  # red
    "#64b5f6",  # blue
    "#81c784",  # green
    "#ffb74d",  # orange
    "#ba68c8",  # purple
    "#4db6ac",  # teal
    "#f06292",  # pink
    "#ffd54f",  # amber
    "#7986cb",  # indigo
    "#a1887f",  # brown
    "#aed581",  # lime
    "#90a4ae",  # blue grey
)
MAX_NAME = 80
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def normalise_colour(colour: str) -> str:
    """Return `colour` as lowercase "#rrggbb"; LibraryError if it is not a hex colour."""
    match = _HEX.fullmatch(colour.strip())
    if not match:
        raise LibraryError(f"“{colour}” is not a colour; use the form #rrggbb.")
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}"


def clean_name(name: str) -> str:
    """Return a tag name with spaces tidied; LibraryError if it is empty, too long or unprintable."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise LibraryError("A tag needs a name.")
    if _CONTROL.search(cleaned):
        raise LibraryError("A tag name cannot contain control characters.")
    if len(cleaned) > MAX_NAME:
        raise LibraryError(f"A tag name can be at most {MAX_NAME} characters long.")
    return cleaned


def _tag(row: dict) -> Tag:
    return Tag(id=row["id"], name=row["name"], colour=row["colour"], count=row["count"])


class Tags:
    """The tags of one library (`lib.tags`)."""

    def __init__(self, lib: Library) -> None:
        self._lib = lib

    @property
    def _db(self):
        return self._lib.db

    # -- reading -------------------------------------------------------------------------

    def all(self) -> list[Tag]:
        """Return every tag with its count of live releases, ordered by name."""
        with translate_errors():
            return [_tag(r) for r in store.all_tags(self._db)]

    def get(self, name: str) -> Tag | None:
        """Return the tag called `name` (any case), or None."""
        with translate_errors():
            tag_id = self._find(name)
            return _tag(store.by_id(self._db, tag_id)) if tag_id is not None else None

    def by_id(self, tag_id: int) -> Tag:
        """Return the tag with this id; NotFoundError if there is none."""
        with translate_errors():
            row = store.by_id(self._db, tag_id)
        if row is None:
            raise NotFoundError(f"There is no tag with id {tag_id}.")
        return _tag(row)

    def _find(self, name: str) -> int | None:
        """Return the id of the tag named `name`, compared by Unicode case folding."""
        wanted = " ".join(str(name).split()).casefold()
        for tag_id, existing in store.names(self._db):
            if existing.casefold() == wanted:
                return tag_id
        return None

    def pick_colour(self) -> str:
        """Return the palette colour fewest tags use (the first such, in palette order)."""
        used = Counter(store.colours_in_use(self._db))
        return min(PALETTE, key=lambda c: (used[c], PALETTE.index(c)))

    # -- changing ------------------------------------------------------------------------

    def create(self, name: str, colour: str | None = None) -> Change:
        """Create a tag (a palette colour when none is given); return a Change with created_id."""
        name = clean_name(name)
        with self._lib.mutation(f"Create tag “{name}”"):
            tag_id = self._create(name, colour)
        return Change(label=f"Create tag “{name}”", tags=True, created_id=tag_id)

    def _create(self, name: str, colour: str | None) -> int:
        if self._find(name) is not None:
            raise ConflictError(f"A tag named “{name}” already exists.")
        chosen = normalise_colour(colour) if colour else self.pick_colour()
        return store.insert(self._db, name, chosen)

    def rename(self, tag_id: int, new: str) -> Change:
        """Rename a tag; ConflictError if another tag already has that name (merge instead)."""
        new = clean_name(new)
        old = self.by_id(tag_id)
        label = f"Rename tag “{old.name}” to “{new}”"
        with self._lib.mutation(label):
            other = self._find(new)
            if other is not None and other != tag_id:
                raise ConflictError(
                    f"A tag named “{new}” already exists. Merge “{old.name}” into it instead."
                )
            store.rename(self._db, tag_id, new)
            affected = store.release_ids(self._db, tag_id)
        return Change(label=label, tags=True, releases=frozenset(affected))

    def recolour(self, tag_id: int, colour: str) -> Change:
        """Give a tag another colour."""
        colour = normalise_colour(colour)
        old = self.by_id(tag_id)
        label = f"Recolour tag “{old.name}”"
        with self._lib.mutation(label):
            store.recolour(self._db, tag_id, colour)
            affected = store.release_ids(self._db, tag_id)
        return Change(label=label, tags=True, releases=frozenset(affected))

    def merge(self, source_id: int, target_id: int) -> Change:
        """Move every release of `source_id` to `target_id` and delete `source_id`."""
        if source_id == target_id:
            raise LibraryError("A tag cannot be merged into itself.")
        source, target = self.by_id(source_id), self.by_id(target_id)
        label = f"Merge tag “{source.name}” into “{target.name}”"
        with self._lib.mutation(label):
            affected = store.release_ids(self._db, source_id)
            store.merge(self._db, source_id, target_id)
        return Change(label=label, tags=True, releases=frozenset(affected))

    def delete(self, tag_id: int) -> Change:
        """Delete a tag; it comes off every release (undoable)."""
        tag = self.by_id(tag_id)
        label = f"Delete tag “{tag.name}”"
        with self._lib.mutation(label):
            affected = store.release_ids(self._db, tag_id)
            store.delete(self._db, tag_id)
        return Change(label=label, tags=True, releases=frozenset(affected))

    def apply(self, release_ids: Iterable[int], names: Iterable[str] | str) -> Change:
        """Put the named tags on the releases, creating missing tags; return what changed."""
        ids, names = self._ids_and_names(release_ids, names)
        label = _tagging_label("Tag", len(ids), names)
        with self._lib.mutation(label):
            self._require_releases(ids)
            changed: set[int] = set()
            for name in names:
                tag_id = self._find(name)
                if tag_id is None:
                    tag_id = self._create(name, None)
                changed |= store.attach(self._db, ids, tag_id)
        return Change(label=label, tags=True, releases=frozenset(changed))

    def remove(self, release_ids: Iterable[int], names: Iterable[str] | str) -> Change:
        """Take the named tags off the releases (unknown names are ignored)."""
        ids, names = self._ids_and_names(release_ids, names)
        label = _tagging_label("Untag", len(ids), names)
        with self._lib.mutation(label):
            changed: set[int] = set()
            for name in names:
                tag_id = self._find(name)
                if tag_id is not None:
                    changed |= store.detach(self._db, ids, tag_id)
        return Change(label=label, tags=True, releases=frozenset(changed))

    def toggle(self, release_ids: Iterable[int], name: str) -> Change:
        """Remove the tag if every release carries it, else put it on all of them."""
        ids = list(dict.fromkeys(release_ids))
        with translate_errors():
            tag_id = self._find(name)
            everywhere = tag_id is not None and store.carrying(self._db, ids, tag_id) == set(ids)
        if everywhere and ids:
            return self.remove(ids, [name])
        return self.apply(ids, [name])

    def _ids_and_names(
        self, release_ids: Iterable[int], names: Iterable[str] | str
    ) -> tuple[list[int], list[str]]:
        if isinstance(names, str):
            names = [names]
        by_fold: dict[str, str] = {}
        for name in names:
            cleaned_name = clean_name(name)
            by_fold.setdefault(cleaned_name.casefold(), cleaned_name)
        cleaned = list(by_fold.values())
        return list(dict.fromkeys(int(i) for i in release_ids)), cleaned

    def _require_releases(self, ids: list[int]) -> None:
        missing = set(ids) - release_store.existing_ids(self._db, ids)
        if missing:
            shown = ", ".join(str(i) for i in sorted(missing)[:5])
            raise NotFoundError(f"There is no release with id {shown}.")


def _tagging_label(verb: str, count: int, names: list[str]) -> str:
    what = f"“{names[0]}”" if len(names) == 1 else f"{len(names)} tags"
    plural = "release" if count == 1 else "releases"
    if verb == "Tag":
        return f"Tag {count} {plural} with {what}"
    return f"Remove {what} from {count} {plural}"

"""Undo and redo for every user action, kept in the core so the GUI and CLI share it.

Each facade mutation runs inside `UndoHistory.step(label)`: one transaction and one undo
step. The storage layer's TEMP triggers record the inverse of every row change, so a step
covers whatever the action touched (cascades included) without the action knowing about
undo. Imports are not undoable (they run with recording off); trash what you imported
instead. History lives as long as the library stays open.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from app.core.errors import ConflictError, LibraryError
from app.core.models import Change
from app.core.storage import undo as store
from app.core.storage.database import translate_errors

MAX_STEPS = 200
ORPHAN_LABEL = "Edit"


@dataclass
class Step:
    """The step being recorded; an action may rename it once it knows what it did."""

    label: str


class UndoHistory:
    """The undo and redo stacks of one open library."""

    def __init__(self, db: Any) -> None:
        self._db = db
        store.install(db)

    @contextmanager
    def step(self, label: str) -> Iterator[Step]:
        """Run the block as one transaction and one undo step; sqlite errors become LibraryError."""
        db = self._db
        with translate_errors(), db.atomic():
            if store.current_step(db) is not None:
                # Nested action: it joins the step of the action that called it.
                yield Step(label)
                return
            store.adopt_orphans(db, ORPHAN_LABEL)
            step = Step(label)
            step_id = store.open_step(db, label)
            yield step
            store.relabel(db, step_id, step.label)
            if store.close_step(db, step_id):
                store.clear_stack(db, "redo")
                store.prune(db, MAX_STEPS)

    @contextmanager
    def unrecorded(self) -> Iterator[None]:
        """Run the block in one transaction without recording undo steps (imports)."""
        db = self._db
        with translate_errors(), db.atomic():
            if not store.recording(db):  # nested: the outer block puts recording back
                yield
                return
            store.adopt_orphans(db, ORPHAN_LABEL)
            store.uninstall_triggers(db)  # rolled back with the block if it fails
            yield
            store.install_triggers(db)
            # Redo steps could clash with what was just added; forget them like any new action.
            store.clear_stack(db, "redo")

    def undo_label(self) -> str | None:
        """Return the label of the action undo would revert, or None."""
        return self._label("undo")

    def redo_label(self) -> str | None:
        """Return the label of the action redo would repeat, or None."""
        return self._label("redo")

    def _label(self, stack: str) -> str | None:
        with translate_errors():
            if stack == "undo" and store.has_orphans(self._db):
                return ORPHAN_LABEL
            top = store.top(self._db, stack)
        return top[1] if top else None

    def undo(self) -> Change | None:
        """Revert the newest action; return what changed, or None when there is nothing to undo."""
        return self._replay("undo", "redo")

    def redo(self) -> Change | None:
        """Repeat the newest undone action; return what changed, or None when there is none."""
        return self._replay("redo", "undo")

    def _replay(self, source: str, target: str) -> Change | None:
        db = self._db
        with translate_errors(), db.atomic():
            store.adopt_orphans(db, ORPHAN_LABEL)
            top = store.top(db, source)
        if top is None:
            return None
        step_id, label = top
        try:
            with translate_errors(), db.atomic():
                logged = store.rows(db, step_id)
                store.defer_foreign_keys(db)
                new_step = store.open_step(db, label, target)
                for row in logged:
                    store.replay_inverse(db, row)
                store.close_step(db, new_step)
                store.forget_step(db, step_id)
        except LibraryError as error:
            # Forget the blocked step, so the ones below it stay reachable.
            with translate_errors(), db.atomic():
                store.forget_step(db, step_id)
            raise ConflictError(
                f"Cannot {source} “{label}”: the library has changed since ({error}) "
                f"It has been removed from the {source} list."
            ) from error
        return _change_of(label, logged)

    def clear(self) -> None:
        """Forget all history."""
        with translate_errors(), self._db.atomic():
            store.adopt_orphans(self._db, ORPHAN_LABEL)
            store.clear_stack(self._db, "undo")
            store.clear_stack(self._db, "redo")


def _change_of(label: str, logged: list[store.LoggedRow]) -> Change:
    """Return the Change describing a replayed step."""
    return Change(
        label=label,
        releases=frozenset(r.release_id for r in logged if r.release_id is not None),
        library=any(r.tbl == "releases" for r in logged),
        tags=any(r.tbl in ("tags", "release_tags") for r in logged),
        books=frozenset(r.book_id for r in logged if r.book_id is not None),
    )

"""The Library facade: the one object the GUI, the CLI and the tests talk to.

    lib = Library.open(path)          # creates or migrates; a NEW library imports seeds/
    lib = Library.memory(seed=False)  # for tests

One manager per concept: lib.releases, lib.tags, lib.annotations (this module's
neighbours), lib.search and lib.saved (app.core.search), lib.books (app.core.books).
Every mutation is one transaction and one undo step and returns a models.Change.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from functools import cached_property
from os import PathLike
from pathlib import Path
from typing import Any

from app import paths
from app.core import safety
from app.core.annotations import Annotations
from app.core.errors import LibraryError
from app.core.models import Change, ImportReport
from app.core.releases import Releases
from app.core.storage.database import close_database, open_database, session_wrote
from app.core.tags import Tags
from app.core.undo import Step, UndoHistory

__all__ = ["Library", "LibraryError"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


class Library:
    """An open library file (or an in-memory library) and its managers."""

    def __init__(self, db: Any, path: Path | None) -> None:
        self.db = db  # storage.connection.Database; only app/core/storage/* may run SQL on it
        self.path = path
        self.seed_report: ImportReport | None = None
        self.guard: safety.Guard | None = None
        self._undo = UndoHistory(db)
        self.releases = Releases(self)
        self.tags = Tags(self)
        self.annotations = Annotations(self)

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | PathLike[str],
        *,
        seed: bool = True,
        before_migrate: Callable[[Path], None] | None = None,
        read_only: bool = False,
    ) -> Library:
        """Return the library at `path`, created and seeded if new, migrated if older.

        app.core.safety guards the session: one writer (LibraryLockedError), checks and
        recovery (LibraryDamagedError), a backup when changed and before any migration.
        `read_only=True` opens an existing library without writing (and without the lock).
        """
        target = Path(path).expanduser()
        guard = safety.guard(target, read_only=read_only)
        try:
            db, is_new = open_database(
                target,
                before_migrate=_chain(guard.before_migrate, before_migrate),
                read_only=read_only,
            )
        except BaseException:
            guard.close()
            raise
        lib = cls(db, target)
        lib.guard = guard  # .notices: what the safety checks repaired, to tell the user
        if is_new and seed:
            lib._seed()
        return lib

    @classmethod
    def memory(cls, *, seed: bool = False) -> Library:
        """Return a new in-memory library (for tests), seeded if asked."""
        db, _ = open_database(None)
        lib = cls(db, None)
        if seed:
            lib._seed()
        return lib

    def _seed(self) -> None:
        """Import the sample releases and the sample book into a new library."""
        folder = paths.seeds_dir()
        if folder.is_dir():
            self.seed_report = self.import_paths([folder])
            failed = [o for o in self.seed_report.outcomes if o.status == "failed"]
            for outcome in failed:
                log.warning("seed %s not imported: %s", outcome.path, outcome.reason)
        books = _optional("app.core.books")
        create_sample_book = getattr(books, "create_sample_book", None)
        if create_sample_book is not None:
            try:
                create_sample_book(self)
            except LibraryError as error:
                log.warning("sample book not created: %s", error)
        self._undo.clear()  # a fresh library starts with nothing to undo

    def close(self) -> None:
        """Close the library file and mark a clean shutdown."""
        wrote = session_wrote(self.db)  # before closing: tells the guard a backup is due
        close_database(self.db)
        if self.guard is not None:
            self.guard.close(wrote=wrote)
            self.guard = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Library {self.path or ':memory:'}>"

    # -- managers written in their own modules -------------------------------------------

    @cached_property
    def search(self) -> Any:
        """Return the search manager (app.core.search.Search)."""
        return _manager("app.core.search", "Search", self)

    @cached_property
    def saved(self) -> Any:
        """Return the saved-search manager (app.core.search.SavedSearches)."""
        return _manager("app.core.search", "SavedSearches", self)

    @cached_property
    def books(self) -> Any:
        """Return the book manager (app.core.books.Books)."""
        return _manager("app.core.books", "Books", self)

    # -- import ----------------------------------------------------------------------------

    def import_paths(
        self,
        paths: Iterable[str | PathLike[str]],
        *,
        source: str | None = None,
        tags: Iterable[str] = (),
        progress: Progress | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Import files and folders; return what happened to each file (see app.core.importing)."""
        from app.core.importing import import_paths

        return import_paths(self, paths, source=source, tags=tags, progress=progress, cancel=cancel)

    # -- transactions and undo -----------------------------------------------------------

    def mutation(self, label: str) -> AbstractContextManager[Step]:
        """Return a context manager: one transaction and one undo step labelled `label`.

        Every change to the library goes through one:
            with lib.mutation("Add section") as step:
                storage_function(lib.db, ...)
                step.label = "Add section “Schedule”"   # optional, once known
        sqlite errors inside become LibraryError; an exception rolls everything back.
        Nested calls join the outer step.
        """
        return self._undo.step(label)

    def unrecorded(self) -> AbstractContextManager[None]:
        """Return a context manager: one transaction that is not undoable (imports)."""
        return self._undo.unrecorded()

    def undo(self) -> Change | None:
        """Revert the last action; return what changed, or None if there is nothing to undo."""
        return self._undo.undo()

    def redo(self) -> Change | None:
        """Repeat the last undone action; return what changed, or None."""
        return self._undo.redo()

    def undo_label(self) -> str | None:
        """Return the label of the action undo would revert (for "Undo …" menu text)."""
        return self._undo.undo_label()

    def redo_label(self) -> str | None:
        """Return the label of the action redo would repeat."""
        return self._undo.redo_label()

    def clear_history(self) -> None:
        """Forget every undo and redo step."""
        self._undo.clear()


def _chain(*hooks: Callable[[Path], None] | None) -> Callable[[Path], None]:
    """Return one before-migrate hook that calls each given hook in turn."""

    def run(path: Path) -> None:
        for hook in hooks:
            if hook is not None:
                hook(path)

    return run


def _optional(module: str) -> Any:
    """Return the module, or None if it is not written yet."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name and module.startswith(error.name):
            return None
        raise


def _manager(module: str, name: str, lib: Library) -> Any:
    found = getattr(_optional(module), name, None)
    if found is None:
        raise LibraryError(f"This build of Briefbook has no {module.rsplit('.', 1)[-1]} yet.")
    return found(lib)

"""Store a batch of files in the library: the one writer behind `Library.import_paths`.

Parsing is app.core.importers' job (pure functions, no database). Here each file is stored
inside its own savepoint within one transaction for the batch: a file that fails leaves
nothing behind and never stops the batch; a release whose normalised text is already in the
library (same norm_hash) is skipped and reported. Imports are not undoable.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import LibraryError
from app.core.models import FileOutcome, ImportReport
from app.core.parse_wire import storable_text
from app.core.parse_workers import Crash, parse_in_order
from app.core.releases import now_iso
from app.core.storage import releases as store
from app.core.storage import tags as tag_store
from app.core.tags import clean_name

if TYPE_CHECKING:
    from app.core.library import Library

Progress = Callable[[int, int, str], None]
INDEX_EVERY = 2000  # files stored between two additions to the search index (fewer, larger
# additions: FTS5 merges less; 500 cost about 1 s more on the corpus)
FILES_PER_SAVEPOINT = 100  # files stored in one savepoint (see _Batch.flush)
PRECHECK_MAX_BYTES = 16 * 1024 * 1024


def import_paths(
    lib: Library,
    paths: Iterable[str | PathLike[str]],
    *,
    source: str | None = None,
    tags: Iterable[str] = (),
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files and folders; return one outcome per file (per record for bulk files).

    progress(done, total, current_path) is called before each file and once at the end;
    cancel() returning True stops between files: what was stored stays, the rest is
    reported as skipped.
    """
    importers = _importers()
    given = [Path(p).expanduser() for p in paths]
    outcomes = [
        FileOutcome(str(p), "failed", "the file or folder does not exist")
        for p in given
        if not p.exists()
    ]
    try:
        files = list(importers.discover([p for p in given if p.exists()]))
    except importers.ImportFailure as failure:
        raise LibraryError(f"Cannot import: {failure}") from failure
    tag_names = list(dict.fromkeys(clean_name(t) for t in tags))
    with lib.unrecorded():
        trigger = store.suspend_fts_trigger(lib.db)
        outcomes += _store_files(lib, importers, files, source, tag_names, progress, cancel)
        store.restore_fts_trigger(lib.db, trigger)
    if progress:
        progress(len(files), len(files), "")
    return ImportReport(tuple(outcomes))


def _importers() -> Any:
    try:
        import app.core.importers as importers
    except ImportError as error:  # pragma: no cover - only before the importers land
        raise LibraryError("This build of Briefbook cannot import files yet.") from error
    return importers


class _TagCache:
    """Tag ids by folded name, creating tags on first use (imports name tags per file)."""

    def __init__(self, lib: Library) -> None:
        self._lib = lib
        self._ids = {name.casefold(): tag_id for tag_id, name in tag_store.names(lib.db)}
        self._created: list[str] = []  # created inside the current file's savepoint

    def id_of(self, name: str) -> int:
        """Return the id of the tag `name`, creating it if needed."""
        name = clean_name(name)
        key = name.casefold()
        if key not in self._ids:
            self._ids[key] = tag_store.insert(self._lib.db, name, self._lib.tags.pick_colour())
            self._created.append(key)
        return self._ids[key]

    def keep(self) -> None:
        """Keep the tags created since the last call (their file was stored)."""
        self._created.clear()

    def forget(self) -> None:
        """Forget tags created since the last call (their file was rolled back)."""
        for key in self._created:
            del self._ids[key]
        self._created.clear()


def _store_files(
    lib: Library,
    importers: Any,
    files: list[Path],
    source: str | None,
    tags: list[str],
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
) -> list[FileOutcome]:
    outcomes: list[FileOutcome] = []
    tag_cache = _TagCache(lib)
    for name in tags:  # created up front, outside any file's savepoint
        tag_cache.id_of(name)
    tag_cache.keep()
    batch = _Batch(lib, importers, source, tags, now_iso(), tag_cache)
    known = _stored_already(lib, files)
    parsed = parse_in_order([p for p in files if p not in known])
    indexed = store.max_id(lib.db)
    try:
        for done, path in enumerate(files):
            if done % INDEX_EVERY == 0:
                # Indexing as we go overlaps it with the parse helpers' work.
                outcomes += batch.flush()
                indexed = store.index_new(lib.db, indexed)
            if cancel is not None and cancel():
                outcomes += batch.flush()
                outcomes += [
                    FileOutcome(str(p), "skipped", "import cancelled") for p in files[done:]
                ]
                break
            if progress:
                progress(done, len(files), str(path))
            if path in known:
                reason = f"same text as release {known[path]}"
                outcomes += batch.add(
                    path, FileOutcome(str(path), "duplicate", reason, known[path])
                )
                continue
            outcomes += batch.add(path, next(parsed))
    finally:
        parsed.close()  # stops the helper processes, also on cancel or error
    outcomes += batch.flush()
    store.index_new(lib.db, indexed)
    return outcomes


def _stored_already(lib: Library, files: list[Path]) -> dict[Path, int]:
    """Return {path: release id} for files whose exact bytes are stored already.

    Re-importing a folder then costs a read and a hash per known file instead of a parse.
    Skipped for a new library (nothing to find) and for files too big to hash cheaply.
    """
    if not files or not store.max_id(lib.db):
        return {}
    hashes: dict[str, Path] = {}
    for path in files:
        try:
            if path.stat().st_size <= PRECHECK_MAX_BYTES:
                hashes.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path)
        except OSError:
            continue  # parse_file reports an unreadable file in plain words
    found = store.ids_by_original_sha256(lib.db, hashes)
    return {hashes[digest]: release_id for digest, release_id in found.items()}


class _Batch:
    """What every file of one import shares: the library, options, the time, the tag ids."""

    def __init__(
        self,
        lib: Library,
        importers: Any,
        source: str | None,
        tags: list[str],
        imported_at: str,
        tag_cache: _TagCache,
    ) -> None:
        self.lib, self.importers, self.source = lib, importers, source
        self.tags, self.imported_at, self.tag_cache = tags, imported_at, tag_cache
        self.pending: list[tuple[Path, Any]] = []
        self.tag_pairs: list[tuple[int, int]] = []  # (release, tag) to attach before release

    def add(self, path: Path, parsed: Any) -> list[FileOutcome]:
        """Queue one parsed file (or its ready outcome); return outcomes of a stored chunk."""
        self.pending.append((path, parsed))
        return self.flush() if len(self.pending) >= FILES_PER_SAVEPOINT else []

    def flush(self) -> list[FileOutcome]:
        """Store the queued files in one savepoint; return their outcomes, in order.

        A savepoint per file costs more than the file's own inserts, so a chunk shares one;
        if any file of the chunk fails, the chunk is rolled back and stored again file by
        file, each in its own savepoint, so a failure still leaves nothing of its file.
        """
        items, self.pending = self.pending, []
        if not items:
            return []
        try:
            with self.lib.db.atomic():
                outcomes = [o for path, parsed in items for o in self._store_bare(path, parsed)]
                self._attach_tags()
        except Exception as error:
            self._rolled_back(error)
            return [o for path, parsed in items for o in self.store_file(path, parsed)]
        self.tag_cache.keep()
        return outcomes

    def _store_bare(self, path: Path, parsed: Any) -> list[FileOutcome]:
        """Store one parsed file without a savepoint of its own (raises on a failure)."""
        if isinstance(parsed, FileOutcome):
            return [parsed]
        records, outcomes = self._records(path, parsed)
        return [self.store_release(path, record) for record in records] + outcomes

    def _records(self, path: Path, parsed: Any) -> tuple[tuple[Any, ...], list[FileOutcome]]:
        """Return (records to store, outcomes to report after them) for one parsed file."""
        if isinstance(parsed, self.importers.ImportFailure):
            return (), [FileOutcome(str(path), "failed", str(parsed))]
        if isinstance(parsed, Crash):
            return (), [FileOutcome(str(path), "failed", f"could not be read ({parsed.message})")]
        records = tuple(getattr(parsed, "records", parsed))
        failures = [
            FileOutcome(
                _where(path, getattr(f, "where", "")), "failed", getattr(f, "reason", str(f))
            )
            for f in getattr(parsed, "failures", ())
        ]
        if not records:
            return (), failures or [
                FileOutcome(str(path), "skipped", "no release found in the file")
            ]
        return records, failures

    def store_file(self, path: Path, parsed: Any) -> list[FileOutcome]:
        """Store one parsed file in its own savepoint; return one outcome per record."""
        if isinstance(parsed, FileOutcome):
            return [parsed]
        records, failures = self._records(path, parsed)
        if not records:
            return failures
        try:
            with self.lib.db.atomic():
                stored = [self.store_release(path, record) for record in records]
                self._attach_tags()
        except Exception as error:  # rolled back to the savepoint: nothing of this file remains
            self._rolled_back(error)
            return [FileOutcome(str(path), "failed", f"could not be stored ({error})")]
        self.tag_cache.keep()
        return stored + failures

    def _rolled_back(self, error: Exception) -> None:
        """Forget what the rolled-back savepoint held; raise if SQLite ended the import."""
        self.tag_pairs.clear()
        self.tag_cache.forget()
        if not store.in_transaction(self.lib.db):
            # SQLite gave up the whole batch (disk full, I/O error): stop, keep nothing.
            raise LibraryError(f"The import stopped and nothing was imported: {error}") from error

    def _attach_tags(self) -> None:
        # One executemany per chunk instead of a statement per release and tag.
        pairs, self.tag_pairs = self.tag_pairs, []
        tag_store.attach_pairs(self.lib.db, pairs)

    def store_release(self, path: Path, record: Any) -> FileOutcome:
        """Store one parsed release unless its text is already in the library.

        Its tags are queued in `tag_pairs`: the caller attaches them before its savepoint ends.
        """
        label = _where(path, getattr(record, "where", ""))
        warnings = tuple(record.warnings)
        db = self.lib.db
        existing = store.id_by_norm_hash(db, record.norm_hash)
        if existing is not None:
            reason = f"same text as release {existing}"
            return FileOutcome(label, "duplicate", reason, existing, warnings)
        release_id = store.insert(db, _row(record, self.source, self.imported_at))
        for name in dict.fromkeys([*getattr(record, "tags", ()), *self.tags]):
            self.tag_pairs.append((release_id, self.tag_cache.id_of(name)))
        return FileOutcome(label, "imported", "", release_id, warnings)


def _where(path: Path, where: str) -> str:
    return f"{path} ({where})" if where else str(path)


def _row(record: Any, source: str | None, imported_at: str) -> dict[str, Any]:
    return {
        "title": record.title,
        "title_proposed": int(bool(record.title_proposed)),
        "date": record.date,
        "source": source if source is not None else (record.source or ""),
        "url": record.url or "",
        "language": record.language,
        "filename": record.filename or "",
        "imported_at": imported_at,
        "original": storable_text(record, "original"),
        "original_sha256": record.original_sha256,
        "encoding": record.encoding or "utf-8",
        "body": storable_text(record, "body"),
        "removed": json.dumps(list(record.removed), ensure_ascii=False),
        "summary": storable_text(record, "summary"),
        "norm_hash": record.norm_hash,
    }

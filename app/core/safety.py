"""Nothing is ever lost: the open-time guard, backups, restore, checks and recovery.

Qt-free functions the GUI and the CLI call (`briefbook backup/restore/check`), and the
`Guard` that `Library.open` holds for the whole session:

1. leftover temporary files of crashed writes are removed;
2. the library's lock is taken (a second process gets LibraryLockedError);
3. the file is checked, at the level the last session's record calls for:
   - after an unclean shutdown (or a failed backup copy): the full check (integrity,
     foreign keys, search index);
   - when the file changed outside Briefbook since its last clean close (its fingerprint
     differs), or the last full walk of the file is older than FULL_CHECK_EVERY (7 days):
     SQLite's quick_check, which reads every page (O(file size));
   - otherwise (clean close, file untouched since): a cheap sanity check whose cost does
     not grow with the library: the header (magic, page size, whole pages), the schema, and
     the first page of every table and index. A garbage header is always caught;
4. a damaged file is moved aside, never overwritten; a copy with its indexes rebuilt from
   the tables replaces it if that copy passes every check, otherwise LibraryDamagedError
   offers the newest good backup;
5. a verified backup is made when the library holds changes no backup has yet: a session
   committed a write (SQLite's total_changes on close), the previous session crashed, or
   the file changed outside Briefbook. Opening an unchanged library copies nothing. At most
   one automatic backup per MIN_BACKUP_INTERVAL (10 minutes), so a script calling the CLI
   in a loop does not copy the library each time; the changes stay pending and the first
   open after the interval backs them up. Before a migration there is always a backup;
6. on close, the lock file records a clean shutdown, whether changes await a backup, the
   file's fingerprint and when it was last walked in full; the lock is released.

The backup's integrity_check reads every page of the copy, so a backup counts as a full walk.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from os import PathLike
from pathlib import Path

from app.core.errors import LibraryError
from app.core.storage import backup as backups
from app.core.storage import health
from app.core.storage import lock as locks
from app.core.storage.backup import BackupError, BackupInfo
from app.core.storage.health import CheckReport
from app.core.storage.lock import LibraryLockedError
from exporters.atomic import TEMP_PREFIX, remove_stale_temporaries

__all__ = [
    "BackupError",
    "BackupInfo",
    "CheckReport",
    "Guard",
    "LibraryDamagedError",
    "LibraryLockedError",
    "backup",
    "changed_since_backup",
    "check",
    "guard",
    "list_backups",
    "recover",
    "restore",
]

log = logging.getLogger(__name__)

MIN_BACKUP_INTERVAL = timedelta(minutes=10)  # between automatic backups (not before migrations)
FULL_CHECK_EVERY = timedelta(days=7)  # walk every page at least this often


class LibraryDamagedError(LibraryError):
    """The library was damaged; it was moved aside and a backup may be restored."""

    def __init__(self, library: Path, damaged: Path, good: BackupInfo | None, why: str) -> None:
        self.library = library
        self.damaged_path = damaged
        self.backup = good
        if good is not None:
            offer = (
                f"The newest good backup is from {good.describe()} ({good.path}). "
                f"Restore it with `briefbook restore {good.path}`; changes made after that "
                "backup are only in the damaged file."
            )
        else:
            offer = "There is no good backup to restore."
        super().__init__(
            f"The library {library} is damaged ({why}). It was moved to {damaged} and "
            f"nothing was deleted. {offer}"
        )


@dataclass
class Guard:
    """The safety side of an open library session (see the module docstring)."""

    library: Path
    lock: locks.LibraryLock | None
    notices: list[str] = field(default_factory=list)  # plain words to show the user once
    backed_up: bool = False
    pending: bool = True  # the file holds changes no backup has yet
    walked: str = ""  # ISO time of the last check that read every page

    @property
    def read_only(self) -> bool:
        """Return True when this session may not write to the library."""
        return self.lock is None

    def before_migrate(self, path: Path) -> None:
        """Back the library up before a migration changes it; returns nothing."""
        if not self.backed_up:
            backups.make_backup(path)
            self.backed_up = True

    def close(self, *, clean: bool = True, wrote: bool = True) -> None:
        """Record a clean shutdown (if `clean`) and release the lock; returns nothing.

        `wrote` says whether the session committed any change (True when unknown).
        """
        if self.lock is None:
            return
        record = {
            "pending": "yes" if self.pending or wrote else "no",
            "fingerprint": health.fingerprint(self.library),
            "walked": self.walked,
        }
        self.lock.release(clean=clean, record=record)


def guard(path: str | PathLike[str], *, read_only: bool = False) -> Guard:
    """Return a Guard for the library at `path`: locked, checked, recovered, backed up."""
    library = Path(path).expanduser()
    if library.is_dir():
        raise LibraryError(f"{library} is a folder, not a library file.")
    if read_only:
        return _read_only_guard(library)
    lock = locks.acquire(library)
    session = Guard(library, lock)
    try:
        remove_stale_temporaries(library.parent)
        if library.exists():
            _open_existing(session, lock.previous)
    except BaseException:
        # Keep the "open" mark: the next start must check fully again.
        session.close(clean=False)
        raise
    return session


def _open_existing(session: Guard, previous: dict[str, str]) -> None:
    """Check the library at the level `previous` (the last session's record) calls for,
    then back it up if it holds changes no backup has; fills in `session`."""
    library = session.library
    level = _check_level(library, previous)
    session.pending = _pending(library, previous)
    session.walked = previous.get("walked", "") if level == "sanity" else _now()
    notices = _ensure_sound(library, full=level == "full", quick=level == "quick")
    if notices:
        session.pending = True  # the file was replaced by its repaired copy
    session.notices += notices
    if _backup_due(library, session.pending):
        session.notices += _automatic_backup(session)


def _check_level(library: Path, previous: dict[str, str]) -> str:
    """Return "full", "quick" or "sanity": how closely to check (see the module docstring)."""
    if previous.get("state") == "open":
        return "full"
    if previous.get("fingerprint") != health.fingerprint(library):
        return "quick"
    walked = _parse_time(previous.get("walked", ""))
    if walked is None or not timedelta(0) <= datetime.now() - walked < FULL_CHECK_EVERY:
        return "quick"
    return "sanity"


def _backup_due(library: Path, pending: bool) -> bool:
    """Return True when an automatic backup should be made now."""
    existing = backups.list_backups(library)
    if not existing:
        return True
    if not pending:
        return False
    age = datetime.now() - existing[0].taken_at
    # A clock set back (a newest backup "in the future") must not stop backups for good.
    return not timedelta(0) <= age < MIN_BACKUP_INTERVAL


def changed_since_backup(lib_path: str | PathLike[str]) -> bool:
    """Return True when the library holds changes that no automatic backup has yet."""
    library = Path(lib_path).expanduser()
    if not backups.list_backups(library):
        return True
    return _pending(library, locks.read_state(library))


def _pending(library: Path, previous: dict[str, str]) -> bool:
    """Return True unless the last session closed cleanly, left no change to back up, and
    the file is as it left it (a periodic walk alone says nothing about changes)."""
    return (
        previous.get("state") != "closed"
        or previous.get("pending") != "no"
        or previous.get("fingerprint") != health.fingerprint(library)
    )


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _automatic_backup(session: Guard) -> list[str]:
    """Back up a changed library; return notices. Its integrity check doubles as a full check."""
    try:
        backups.make_backup(session.library)
    except BackupError as error:
        if not error.damaged:
            # The library itself is fine: open it and tell the user why there is no backup.
            log.warning("automatic backup failed: %s", error)
            return [f"{error} Briefbook will try again the next time the library opens."]
        notices = _ensure_sound(session.library, full=True)
        backups.make_backup(session.library)
        session.backed_up = True
        session.pending = False
        session.walked = _now()
        return notices
    session.backed_up = True
    session.pending = False
    session.walked = _now()  # the copy's integrity_check read every page
    return []


def _read_only_guard(library: Path) -> Guard:
    if not library.exists():
        raise LibraryError(f"There is no library at {library}.")
    quick = _check_level(library, locks.read_state(library)) != "sanity"
    problems = health.quick_problems(library) if quick else health.sanity_problems(library)
    if problems:
        raise LibraryError(
            f"The library {library} is damaged ({problems[0]}). Open it normally "
            "(not read-only) to recover it from a backup."
        )
    return Guard(library, None)


def _ensure_sound(library: Path, *, full: bool, quick: bool = True) -> list[str]:
    """Return notices; repair or move aside a damaged library (LibraryDamagedError).

    `full`: every check; `quick`: quick_check; neither: the cheap sanity check.
    """
    if full:
        structural, derived = health.full_problems(library)
        log.info("full check after an unclean shutdown of %s", library)
    elif quick:
        structural, derived = health.quick_problems(library), []
    else:
        structural, derived = health.sanity_problems(library), []
    problems = structural + derived
    if not problems:
        return []
    log.warning("library %s failed its check: %s", library, problems[:5])
    # Repair into a staged copy first, so the library is never missing for long.
    staged = library.with_name(f"{TEMP_PREFIX}repair-{library.name}")
    try:
        backups.repair_copy(library, staged)
    except LibraryError as error:
        log.warning("repair of %s failed: %s", library, error)
        damaged = health.move_aside(library)
        good, bad = backups.newest_good_backup(library)
        for info in bad:
            log.warning("backup %s failed its check; skipped", info.path)
        raise LibraryDamagedError(library, damaged, good, _why(problems)) from None
    damaged = health.move_aside(library)
    os.replace(staged, library)
    return [
        f"The library's indexes were damaged ({_why(problems)}) and have been rebuilt from "
        f"its data; nothing was lost. The damaged file was kept as {damaged}."
    ]


def _why(problems: list[str]) -> str:
    first = problems[0]
    return first if len(problems) == 1 else f"{first}; {len(problems) - 1} more problems"


def backup(lib_path: str | PathLike[str], to: str | PathLike[str] | None = None) -> Path:
    """Return the path of a new verified backup of the library (into `to` if given)."""
    library = Path(lib_path).expanduser()
    if to is None:
        return backups.make_backup(library).path
    return backups.backup_to(library, Path(to).expanduser())


def list_backups(lib_path: str | PathLike[str]) -> list[BackupInfo]:
    """Return the automatic backups of the library, newest first."""
    return backups.list_backups(Path(lib_path).expanduser())


def restore(lib_path: str | PathLike[str], backup_path: str | PathLike[str]) -> str:
    """Replace the library with the backup at `backup_path`; return what happened in words.

    The backup is checked first. The current library (if any) is moved aside, never
    deleted. Refused while the library is open in Briefbook.
    """
    library = Path(lib_path).expanduser()
    source = Path(backup_path).expanduser()
    if not source.is_file():
        raise BackupError(f"There is no backup at {source}.")
    if source.resolve() == library.resolve():
        raise BackupError(f"{source} is the library itself, not a backup of it.")
    if not health.is_library(source):
        raise BackupError(f"{source} is not a Briefbook library; the library was not changed.")
    structural, derived = health.full_problems(source)
    if structural or derived:
        raise BackupError(
            f"The backup {source} is damaged ({_why(structural + derived)}); "
            "the library was not changed. Choose another backup."
        )
    lock = locks.acquire(library)
    try:
        # Stage the verified copy first, so a failed copy leaves the library where it was.
        staged = library.with_name(f"{TEMP_PREFIX}restore-{library.name}")
        backups.copy_into(source, staged)
        kept = health.move_aside(library, "before-restore") if library.exists() else None
        os.replace(staged, library)
    finally:
        lock.release(clean=True)
    message = f"Restored the library {library} from {source}."
    if kept is not None:
        message += f" The library as it was before is kept as {kept}."
    return message


def recover(lib_path: str | PathLike[str], backup_path: str | PathLike[str] | None = None) -> str:
    """Restore the newest good backup (or `backup_path`); return what happened in words."""
    library = Path(lib_path).expanduser()
    if backup_path is None:
        good, _ = backups.newest_good_backup(library)
        if good is None:
            raise BackupError(f"There is no good backup of {library} to restore.")
        backup_path = good.path
    return restore(library, backup_path)


def check(lib_path: str | PathLike[str]) -> CheckReport:
    """Return the full check of the library (integrity, links, search index) in plain words."""
    library = Path(lib_path).expanduser()
    report = health.check(library, full=True)
    holder = locks.holder(library) if library.exists() else None
    if holder:
        report.lines.append(
            f"(The library is open in Briefbook, pid {holder.get('pid', '?')}; "
            "changes it has not yet saved are not covered.)"
        )
    good = backups.list_backups(library)
    if good:
        report.lines.append(f"Newest backup: {good[0].describe()} ({good[0].path}).")
    else:
        report.lines.append("There is no automatic backup yet.")
    return report

"""Verified, rotated backups of a library file, made with SQLite's online backup API.

Backups live in `<library folder>/backups/<stem>-YYYYMMDD-HHMMSS.db`. Each one is copied
into a temporary file beside its target, switched to a self-contained rollback journal,
checked with `PRAGMA integrity_check` and only then renamed into place; a copy that fails
its check never replaces anything. KEEP automatic backups are kept: the newest
KEEP_RECENT, then the newest of each earlier day. Only files named exactly
`<stem>-YYYYMMDD-HHMMSS[-N].db` belong to a library: the backups of `corpus-x7.db` are never
listed (or rotated away) as backups of `corpus.db`.
"""

from __future__ import annotations

import contextlib
import glob
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.errors import LibraryError
from app.core.storage import health
from exporters.atomic import atomic_path, remove_stale_temporaries

BACKUP_DIR = "backups"
KEEP = 7
KEEP_RECENT = 3  # the newest backups kept whatever their day; the rest is one per day
_STAMP = r"-(\d{8}-\d{6})(?:-\d+)?\.db"


class BackupError(LibraryError):
    """A backup or restore could not be made; nothing was changed.

    `damaged` is True when the reason is damage in the file being copied.
    """

    def __init__(self, message: str, *, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged


@dataclass(frozen=True)
class BackupInfo:
    """One backup file and when it was taken."""

    path: Path
    taken_at: datetime

    def describe(self) -> str:
        """Return the backup's date and time in words, e.g. "27 Nov 2026 at 14:03"."""
        return f"{self.taken_at:%d %b %Y} at {self.taken_at:%H:%M}"


def backups_dir(library: Path) -> Path:
    """Return the folder holding the automatic backups of `library`."""
    return Path(library).parent / BACKUP_DIR


def list_backups(library: Path) -> list[BackupInfo]:
    """Return the automatic backups of `library`, newest first."""
    folder = backups_dir(library)
    if not folder.is_dir():
        return []
    stem = Path(library).stem
    pattern = re.compile(re.escape(stem) + _STAMP)
    found = []
    for path in folder.glob(f"{glob.escape(stem)}-*.db"):
        match = pattern.fullmatch(path.name)
        with contextlib.suppress(ValueError):  # a stamp that is no date is no backup
            if match:
                taken = _stamp_time(match.group(1))
                found.append(BackupInfo(path, taken))
    return sorted(found, key=lambda b: (b.taken_at, b.path.stat().st_mtime_ns), reverse=True)


def _stamp_time(stamp: str) -> datetime:
    """Return the time in a "YYYYmmdd-HHMMSS" stamp; ValueError if it is no real time."""
    # Not datetime.strptime: its first call builds locale regexes (about 10 ms at launch).
    day, clock = stamp.split("-")
    numbers = (day[:4], day[4:6], day[6:8], clock[:2], clock[2:4], clock[4:6])
    return datetime(*(int(n) for n in numbers))


def make_backup(library: Path, *, keep: int = KEEP) -> BackupInfo:
    """Return a new verified backup of `library` in its backups folder, older ones rotated."""
    folder = backups_dir(library)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise BackupError(
            f"Cannot make a backup in {folder} ({error.strerror or error}). "
            "The library is unchanged."
        ) from None
    remove_stale_temporaries(folder)
    now = datetime.now()
    target = folder / f"{Path(library).stem}-{now:%Y%m%d-%H%M%S}.db"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{Path(library).stem}-{now:%Y%m%d-%H%M%S}-{counter}.db"
    backup_to(library, target)
    rotate(library, keep)
    return BackupInfo(target, now.replace(microsecond=0))


def backup_to(library: Path, target: Path) -> Path:
    """Copy `library` to `target` through the backup API, verified; return `target`."""
    library, target = Path(library), Path(target)
    if not library.is_file():
        raise BackupError(f"There is no library at {library} to back up.")
    if target.is_dir():
        target = target / f"{library.stem}-{datetime.now():%Y%m%d-%H%M%S}.db"
    if not target.parent.is_dir():
        raise BackupError(f"Cannot write the backup: the folder {target.parent} does not exist.")
    copy_into(library, target)
    return target


def copy_into(source: Path, target: Path) -> None:
    """Replace `target` atomically with a verified copy of the database `source`."""
    try:
        with atomic_path(target) as tmp:
            _copy_verified(source, tmp)
    except sqlite3.DatabaseError as error:
        raise _copy_error(source, target, str(error)) from None
    except OSError as error:
        raise _copy_error(source, target, error.strerror or str(error)) from None


def rotate(library: Path, keep: int = KEEP) -> list[Path]:
    """Delete the automatic backups `kept` would drop; return what went."""
    removed = []
    chosen = {b.path for b in kept(list_backups(library), keep)}
    for old in list_backups(library):
        if old.path not in chosen:
            with contextlib.suppress(OSError):
                old.path.unlink()
                removed.append(old.path)
    return removed


def kept(backups: list[BackupInfo], keep: int = KEEP) -> list[BackupInfo]:
    """Return which of `backups` (newest first) to keep: the newest KEEP_RECENT, then the
    newest of each earlier day, `keep` in all.

    A burst of short sessions (a script calling the CLI) then cannot push every backup
    older than today out of the rotation.
    """
    chosen = backups[: min(KEEP_RECENT, keep)]
    days = {b.taken_at.date() for b in chosen}
    for info in backups[len(chosen) :]:
        if len(chosen) >= keep:
            break
        if info.taken_at.date() not in days:
            chosen.append(info)
            days.add(info.taken_at.date())
    return chosen


def newest_good_backup(library: Path) -> tuple[BackupInfo | None, list[BackupInfo]]:
    """Return (the newest backup that passes every check, the newer ones that failed)."""
    bad = []
    for info in list_backups(library):
        structural, derived = health.full_problems(info.path)
        if not structural and not derived:
            return info, bad
        bad.append(info)
    return None, bad


def _copy_verified(source: Path, tmp: Path) -> None:
    src = sqlite3.connect(health.uri(source, "ro"), uri=True, timeout=10)
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
            # One self-contained file: no -wal beside a backup.
            dst.execute("PRAGMA journal_mode = DELETE").fetchone()
            problems = [str(r[0]) for r in dst.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("the copy failed its integrity check: " + problems[0])
        finally:
            dst.close()
    finally:
        src.close()


def _copy_error(source: Path, target: Path, reason: str) -> BackupError:
    lowered = reason.lower()
    damaged = False
    if "full" in lowered or "no space" in lowered:
        reason = "the disk is full"
    elif "read-only" in lowered or "readonly" in lowered or "permission" in lowered:
        reason = f"the folder {target.parent} is read-only"
    elif "not a database" in lowered or "malformed" in lowered or "integrity" in lowered:
        reason = f"{source} is damaged ({reason})"
        damaged = True
    message = f"Cannot copy {source} to {target}: {reason}. Nothing was replaced."
    return BackupError(message, damaged=damaged)


def repair_copy(damaged: Path, target: Path) -> None:
    """Write to `target` a copy of `damaged` with its indexes rebuilt, if it then passes.

    Raises BackupError when the copy still fails a check, or holds a different number of
    rows in any table than the damaged file reads (table data is damaged).
    """
    try:
        with atomic_path(target) as tmp:
            src = sqlite3.connect(health.uri(damaged, "ro"), uri=True, timeout=10)
            try:
                dst = sqlite3.connect(str(tmp))
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode = DELETE").fetchone()
                finally:
                    dst.close()
            finally:
                src.close()
            health.rebuild_derived(tmp)
            structural, derived = health.full_problems(tmp)
            if structural or derived:
                raise sqlite3.DatabaseError((structural + derived)[0])
            lost = health.row_count_differences(damaged, tmp)
            if lost:
                raise sqlite3.DatabaseError(f"the repaired copy differs: {lost[0]}")
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The library {damaged} cannot be repaired: {error}.") from None
    except OSError as error:
        raise _copy_error(damaged, target, error.strerror or str(error)) from None

"""One writer per library: a lock file beside the library, held while the app has it open.

The lock is an OS lock (flock on POSIX, msvcrt on Windows) on `<library>.lock`, so the
operating system releases it when the process dies, even by SIGKILL: a stale lock from a
crashed app is simply taken over. The file's text says who holds it (pid, host) for the
message a second instance shows, and whether the last session ended cleanly: it reads
`state=open` while a session runs and `state=closed` after a clean close, so a new session
that finds `state=open` knows the previous one crashed.

A clean close may also record facts about the session for the next one (`record`): the
safety guard keeps there whether changes await a backup, the file's fingerprint and when
it was last fully checked. Keys a session does not rewrite are carried over.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.core.errors import LibraryError

LOCK_SUFFIX = ".lock"
READ_ONLY_ERRORS = (errno.EACCES, errno.EPERM, errno.EROFS)
SESSION_KEYS = ("pid", "host", "since", "state")  # rewritten by every session


class LibraryLockedError(LibraryError):
    """Another Briefbook process has the library open for writing."""

    def __init__(self, library: Path, holder: dict[str, str]) -> None:
        self.library = library
        self.holder = holder
        pid = holder.get("pid", "unknown")
        host = holder.get("host", "")
        where = f" on {host}" if host and host != host_name() else ""
        super().__init__(
            f"The library {library} is open in another Briefbook window (pid {pid}{where}). "
            "Close it first."
        )


def host_name() -> str:
    """Return this computer's network name, as the lock file records it."""
    try:
        return os.uname().nodename
    except AttributeError:  # Windows; importing socket costs ~5 ms of every launch elsewhere
        import socket

        return socket.gethostname()


def lock_path(library: Path) -> Path:
    """Return the path of the lock file that guards `library`."""
    return library.with_name(library.name + LOCK_SUFFIX)


@dataclass
class LibraryLock:
    """A held lock on one library; `previous_unclean` tells if the last session crashed."""

    library: Path
    fd: int
    previous_unclean: bool
    previous: dict[str, str] = field(default_factory=dict)  # the lock file as found

    def release(self, *, clean: bool = True, record: dict[str, str] | None = None) -> None:
        """Mark the session closed (if `clean`, with `record`) and let go; returns nothing.

        Without `record`, the facts of earlier sessions are dropped, which makes the next
        session check and back up as if it knew nothing (the safe side).
        """
        if self.fd < 0:
            return
        try:
            if clean:
                with contextlib.suppress(OSError):
                    _write(self.fd, _content("closed", record or {}))
            _unlock(self.fd)
        finally:
            os.close(self.fd)
            self.fd = -1

    @property
    def held(self) -> bool:
        """Return True while this object holds the lock."""
        return self.fd >= 0


def acquire(library: Path) -> LibraryLock:
    """Return the held lock for `library`; raise LibraryLockedError if another process has it."""
    path = lock_path(library)
    if not library.parent.is_dir():
        raise LibraryError(
            f"Cannot open the library {library}: the folder {library.parent} does not exist."
        )
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        if error.errno not in READ_ONLY_ERRORS:
            raise LibraryError(
                f"Cannot open the library {library}: its lock file cannot be created "
                f"({error.strerror or error})."
            ) from None
        raise LibraryError(
            f"Cannot open the library {library} for changes: the folder {library.parent} is "
            "read-only. Copy the library to a folder you can write to, or open it read-only."
        ) from None
    try:
        locked = _try_lock(fd)
    except LibraryError:
        os.close(fd)
        raise
    if not locked:
        holder = _parse(_read(fd))
        os.close(fd)
        raise LibraryLockedError(library, holder)
    previous = _parse(_read(fd))
    try:
        _write(fd, _content("open", _carried(previous)))
    except OSError as error:
        _unlock(fd)
        os.close(fd)
        raise LibraryError(
            f"Cannot open the library {library}: cannot write beside it "
            f"({error.strerror or error})."
        ) from None
    unclean = previous.get("state") == "open"
    return LibraryLock(library, fd, previous_unclean=unclean, previous=previous)


def read_state(library: Path) -> dict[str, str]:
    """Return the lock file's last recorded facts (empty when there is none); takes no lock."""
    try:
        return _parse(lock_path(library).read_text("utf-8", "replace"))
    except OSError:
        return {}


def holder(library: Path) -> dict[str, str] | None:
    """Return who holds the lock on `library` (pid, host, since), or None if nobody does."""
    path = lock_path(library)
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        if _try_lock(fd):
            _unlock(fd)
            return None
        return _parse(_read(fd))
    except LibraryError:
        return None
    finally:
        os.close(fd)


def _content(state: str, extra: dict[str, str] | None = None) -> str:
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    text = f"pid={os.getpid()}\nhost={host_name()}\nsince={stamp}\nstate={state}\n"
    for key, value in (extra or {}).items():
        if key not in SESSION_KEYS:
            text += f"{key}={value}\n"
    return text


def _carried(previous: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in previous.items() if k not in SESSION_KEYS}


def _parse(text: str) -> dict[str, str]:
    pairs = (line.partition("=") for line in text.splitlines())
    return {key.strip(): value.strip() for key, sep, value in pairs if sep}


def _read(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 4096).decode("utf-8", "replace")


def _write(fd: int, text: str) -> None:
    data = text.encode("utf-8")
    # Write first, then truncate: a crash in between leaves the new text in the first bytes.
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)
    os.ftruncate(fd, len(data))
    os.fsync(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        # msvcrt locks a byte range; lock one byte far past the text so reads still work.
        os.lseek(fd, 1 << 20, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 1 << 20, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as error:
            raise LibraryError(
                f"Cannot lock the library ({error.strerror or error}): its folder does not "
                "support file locks. Move the library to a local folder, or open it read-only."
            ) from None
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)

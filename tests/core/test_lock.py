"""One writer per library: the lock file, its messages, and takeover after a crash."""

from __future__ import annotations

import os

import pytest
from safety_helpers import count, hold_open, kill, make_library

from app.core.errors import LibraryError
from app.core.library import Library
from app.core.storage import lock as locks
from app.core.storage.lock import LibraryLockedError


def test_second_lock_in_same_process_is_refused_with_pid(tmp_path):
    library = tmp_path / "lib.db"
    held = locks.acquire(library)
    with pytest.raises(LibraryLockedError, match=f"pid {os.getpid()}"):
        locks.acquire(library)
    held.release()


def test_released_lock_can_be_taken_again_and_was_clean(tmp_path):
    library = tmp_path / "lib.db"
    locks.acquire(library).release()
    again = locks.acquire(library)
    assert not again.previous_unclean
    again.release()


def test_lock_released_without_clean_mark_reports_unclean(tmp_path):
    library = tmp_path / "lib.db"
    locks.acquire(library).release(clean=False)
    again = locks.acquire(library)
    assert again.previous_unclean
    again.release()


def test_holder_names_the_pid_while_held_and_none_after(tmp_path):
    library = tmp_path / "lib.db"
    held = locks.acquire(library)
    assert locks.holder(library)["pid"] == str(os.getpid())
    held.release()
    assert locks.holder(library) is None


def test_missing_folder_gives_a_clear_message(tmp_path):
    with pytest.raises(LibraryError, match="does not exist"):
        locks.acquire(tmp_path / "nowhere" / "lib.db")


def test_read_only_folder_gives_a_clear_message(tmp_path, monkeypatch):
    # Root ignores file modes, so the refusal the OS would give is simulated.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(locks.os, "open", refuse)
    with pytest.raises(LibraryError, match="read-only"):
        locks.acquire(tmp_path / "lib.db")


def test_second_library_open_in_same_process_is_refused(tmp_path):
    library = make_library(tmp_path / "lib.db")
    with Library.open(library, seed=False), pytest.raises(LibraryLockedError):
        Library.open(library, seed=False)


def test_second_process_refuses_to_write_and_may_read(tmp_path):
    library = make_library(tmp_path / "lib.db")
    child = hold_open(library)
    try:
        with pytest.raises(LibraryLockedError, match=f"pid {child.pid}"):
            Library.open(library, seed=False)
        with Library.open(library, read_only=True) as reader:
            assert reader.releases.count_all()["all"] == 4
            with pytest.raises(LibraryError):
                reader.tags.create("refused")
    finally:
        kill(child)
    assert count(library, "tags") == 1


def test_after_sigkill_of_the_first_a_new_process_opens_normally(tmp_path):
    library = make_library(tmp_path / "lib.db")
    child = hold_open(library)
    kill(child)
    with Library.open(library, seed=False) as lib:
        assert lib.guard.lock.previous_unclean
        assert lib.releases.count_all()["all"] == 4
        lib.tags.create("after the crash")
    assert count(library, "tags") == 2


def test_clean_close_is_recorded_in_the_lock_file(tmp_path):
    library = make_library(tmp_path / "lib.db")
    assert "state=closed" in locks.lock_path(library).read_text()
    with Library.open(library, seed=False):
        assert "state=open" in locks.lock_path(library).read_text()


def test_folder_without_file_locks_gives_a_clear_message(tmp_path, monkeypatch):
    def no_locks(fd, operation):
        raise OSError(37, "No locks available")

    monkeypatch.setattr(locks.fcntl, "flock", no_locks)
    with pytest.raises(LibraryError, match="does not support file locks"):
        locks.acquire(tmp_path / "lib.db")

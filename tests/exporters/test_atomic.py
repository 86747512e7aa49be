"""The one atomic write helper: all or nothing, no temporary left, permissions kept."""

from __future__ import annotations

import os

import pytest

from exporters.atomic import TEMP_PREFIX, atomic_path, atomic_write_bytes, remove_stale_temporaries


def test_write_replaces_the_target(tmp_path):
    target = tmp_path / "book.pdf"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"


def test_failure_keeps_the_target_and_removes_the_temporary(tmp_path):
    target = tmp_path / "book.pdf"
    target.write_bytes(b"old")
    with pytest.raises(OSError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise OSError(28, "No space left on device")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.pdf"]


def test_overwrite_keeps_the_target_permissions(tmp_path):
    target = tmp_path / "book.pdf"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    atomic_write_bytes(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_new_file_follows_the_umask_not_private(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "book.pdf", b"new")
    finally:
        os.umask(old)
    assert (tmp_path / "book.pdf").stat().st_mode & 0o777 == 0o644


def test_stale_temporaries_are_removed_and_nothing_else(tmp_path):
    (tmp_path / f"{TEMP_PREFIX}abc.pdf").write_bytes(b"crashed")
    (tmp_path / "book.pdf").write_bytes(b"kept")
    removed = remove_stale_temporaries(tmp_path)
    assert [p.name for p in removed] == [f"{TEMP_PREFIX}abc.pdf"]
    assert [p.name for p in tmp_path.iterdir()] == ["book.pdf"]

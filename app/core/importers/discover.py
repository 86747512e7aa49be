"""Finding the release files under the paths a user picked."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

# What parse_file reads; anything else found inside a folder is not a release.
RELEASE_SUFFIXES = frozenset(
    (".md", ".markdown", ".txt", ".text", ".docx", ".jsonl", ".ndjson", ".csv", ".tsv")
)
# Notes that sit beside releases (a corpus's README.md, LICENSE, rss.xml) are not releases.
NOT_RELEASES = frozenset(
    ("readme", "license", "licence", "copying", "notice", "changelog", "authors", "rss")
)


def is_release_name(name: str) -> bool:
    """Return True when a file called `name`, found in a folder, may be a release."""
    if name.startswith((".", "~$", "~")):  # hidden files, Office lock files, backups
        return False
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return False
    return f".{suffix.lower()}" in RELEASE_SUFFIXES and stem.lower() not in NOT_RELEASES


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield the release files in `paths` (files as given, folders searched recursively).

    Files named explicitly are yielded as they are, so that parse_file can say why one
    cannot be read. Inside folders, hidden files and anything that is not a release are
    skipped, symbolic links are followed but no folder or file is visited twice (no loop),
    and a folder that cannot be listed is yielded itself so its failure is reported.
    """
    seen: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, seen)
        elif _first_visit(path, seen):
            yield path


def _first_visit(path: Path, seen: set[tuple[int, int]]) -> bool:
    try:
        stat = path.stat()
    except OSError:
        return True  # missing or unreadable: let parse_file report it
    key = (stat.st_dev, stat.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    if not _first_visit(folder, seen):
        return
    try:
        with os.scandir(folder) as entries:
            items = sorted(entries, key=lambda e: e.name)
    except OSError:
        yield folder
        return
    for entry in items:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()  # follows symbolic links; `seen` stops loops
        except OSError:
            continue
        path = Path(entry.path)
        if is_dir:
            yield from _walk(path, seen)
        elif is_release_name(entry.name) and _first_visit(path, seen):
            yield path

"""Fixtures for core tests: a fresh in-memory library per test, with a few sample releases.

lib          Library.memory(seed=False) holding the SAMPLES below (ids in `sample_ids`);
             its undo history starts empty.
empty_lib    the same without any release.
sample_ids   dict: sample key -> release id in `lib`.
add_release  add_release(lib, title=..., body=..., **fields) -> id, for more releases.
"""

from __future__ import annotations

import pytest

from app.core.library import Library

SAMPLES = {
    "migration": {
        "title": "Joint Statement on Migration and Protection",
        "date": "2022-06-10",
        "source": "The White House",
        "url": "https://example.org/la-declaration",
        "body": (
            "Leaders of the Americas met in Los Angeles to sign the declaration on migration.\n\n"
            "The United States and Mexico will expand lawful pathways for workers.\n\n"
            "Canada, Costa Rica and Ecuador join the commitment to protect refugees."
        ),
    },
    "summit": {
        "title": "Fact Sheet: The Summit of the Americas",
        "date": "2022-06-08",
        "source": "The White House",
        "url": "https://example.org/summit",
        "body": (
            "The Ninth Summit of the Americas opens in Los Angeles this week.\n\n"
            "Heads of state from across the hemisphere will discuss health, climate and trade."
        ),
    },
    "emoji": {
        "title": "Statement with an emoji 🌎 in it",
        "date": None,
        "source": "State Department",
        "url": "",
        "body": (
            "Our hemisphere 🌎 stands together 🤝 on migration.\n\n"
            "The Secretary will travel to México and Guatemala next month."
        ),
    },
}


def add_release(lib: Library, *, title: str = "", body: str, **fields) -> int:
    """Store a release through the facade and return its id (not left on the undo stack)."""
    change = lib.releases.add(title, body, **fields)
    lib.clear_history()
    return change.created_id


@pytest.fixture
def empty_lib():
    """Return an empty in-memory library, closed after the test."""
    library = Library.memory(seed=False)
    yield library
    library.close()


@pytest.fixture
def sample_ids(empty_lib) -> dict[str, int]:
    """Return {sample key: release id} after storing SAMPLES in `empty_lib`."""
    return {key: add_release(empty_lib, **fields) for key, fields in SAMPLES.items()}


@pytest.fixture
def lib(empty_lib, sample_ids) -> Library:
    """Return an in-memory library holding the three SAMPLES."""
    return empty_lib


@pytest.fixture
def samples() -> dict[str, dict]:
    """Return SAMPLES: the fields of the releases in `lib`, by key."""
    return SAMPLES


@pytest.fixture(name="add_release")
def add_release_fixture():
    """Return the add_release(lib, title=..., body=..., **fields) helper."""
    return add_release

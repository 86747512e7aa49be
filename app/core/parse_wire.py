"""Parsed releases as they cross from a parse helper to the importing process.

Pickling a ParsedRelease sends its long texts (original, body, summary) as UTF-8 bytes and
rebuilds it on arrival as an ArrivedRelease that keeps them as bytes: storing binds them as
they are, where decoding them into str and encoding them again for SQLite cost about a
second of CPU per corpus import. Read as str, an ArrivedRelease's texts decode on demand.
"""

from __future__ import annotations

from typing import Any

LONG_TEXTS = ("original", "body", "summary")
SHORT_FIELDS = (
    "title",
    "title_proposed",
    "date",
    "source",
    "url",
    "language",
    "filename",
    "original_sha256",
    "encoding",
    "removed",
    "norm_hash",
    "warnings",
    "where",
    "tags",
)


def reduce_release(release: Any) -> tuple[Any, tuple[Any, ...]]:
    """Return the pickle recipe of a ParsedRelease: short fields, then UTF-8 long texts."""
    short = tuple(getattr(release, name) for name in SHORT_FIELDS)
    texts = tuple(getattr(release, name).encode("utf-8", "surrogatepass") for name in LONG_TEXTS)
    return ArrivedRelease, (short, texts)


class ArrivedRelease:
    """A parsed release received from a parse helper; long texts held as UTF-8 bytes."""

    __slots__ = (*SHORT_FIELDS, "original_utf8", "body_utf8", "summary_utf8")

    def __init__(self, short: tuple[Any, ...], texts: tuple[bytes, bytes, bytes]) -> None:
        for name, value in zip(SHORT_FIELDS, short, strict=True):
            setattr(self, name, value)
        self.original_utf8, self.body_utf8, self.summary_utf8 = texts

    @property
    def original(self) -> str:
        """Return the original text."""
        return self.original_utf8.decode("utf-8", "surrogatepass")

    @property
    def body(self) -> str:
        """Return the clean body."""
        return self.body_utf8.decode("utf-8", "surrogatepass")

    @property
    def summary(self) -> str:
        """Return the summary (the lede)."""
        return self.summary_utf8.decode("utf-8", "surrogatepass")


def storable_text(release: Any, name: str) -> str | bytes:
    """Return a long text of `release` as storage binds it: UTF-8 bytes if it has them."""
    if isinstance(release, ArrivedRelease):
        return getattr(release, f"{name}_utf8")
    return getattr(release, name)

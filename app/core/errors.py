"""The one exception the core raises to its callers: a plain-words message to show a user."""

from __future__ import annotations


class LibraryError(Exception):
    """Something the user asked for cannot be done, or the library is in a bad state.

    `str(error)` is a complete sentence the GUI and CLI show as it is.
    """


class NotFoundError(LibraryError):
    """A release, tag, note, highlight, book or section that was asked for does not exist."""


class ConflictError(LibraryError):
    """A name is already taken, or the library changed in a way that blocks the request."""

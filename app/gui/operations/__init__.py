"""One small function per user action: call the core, report errors, apply the Change.

Each function takes the main window (`win`: has `.lib` and `.apply_change`) first and its
arguments by keyword. Questions to the user live in app.gui.prompts, so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from app.core.errors import LibraryError
from app.core.models import Change
from app.gui import errors


class Window(Protocol):
    lib: object

    def apply_change(self, change: Change) -> None: ...


def perform(win: Window, call: Callable[[], Change | None]) -> Change | None:
    """Run one core mutation; show a LibraryError in plain words; return the Change applied."""
    try:
        change = call()
    except LibraryError as error:
        errors.show_error(win, str(error))
        return None
    if change is not None:
        win.apply_change(change)
    return change

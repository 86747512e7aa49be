"""The one place that knows where bundled resources and user data live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Briefbook"
LIBRARY_ENV = "BRIEFBOOK_LIBRARY"
_CHECKOUT = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    """Return the bundled folder `name`: beside the code in a checkout, else under share/."""
    local = _CHECKOUT / name
    if local.is_dir():
        return local
    return Path(sys.prefix) / "share" / "briefbook" / name


def resources_dir() -> Path:
    """Return the folder holding fonts, icons and the stylesheet."""
    return _bundled("resources")


def fonts_dir() -> Path:
    """Return the folder of bundled TrueType fonts."""
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    """Return the folder of bundled icons."""
    return resources_dir() / "icons"


def seeds_dir() -> Path:
    """Return the folder of sample releases a new library starts with."""
    return _bundled("seeds")


def user_data_dir() -> Path:
    """Return the per-user data folder (created on demand)."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_file() -> Path:
    """Return the path of the application's log file."""
    return user_data_dir() / "briefbook.log"


def default_library(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the library path: `explicit`, else $BRIEFBOOK_LIBRARY, else the user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(LIBRARY_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return user_data_dir() / "library.db"

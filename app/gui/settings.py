"""QSettings read with explicit types (INI files turn False into the true string 'false')."""

from __future__ import annotations

from app.gui.qt import QByteArray, QSettings

ORGANISATION = "Briefbook"
APPLICATION = "Briefbook"


def settings() -> QSettings:
    """Return the application's settings store."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def read_bytes(key: str) -> QByteArray:
    """Return a saved byte array (geometry, splitter or header state), empty if unset."""
    value = settings().value(key, QByteArray(), type=QByteArray)
    return value if isinstance(value, QByteArray) else QByteArray()


def read_str(key: str, default: str = "") -> str:
    """Return a saved string or `default`."""
    return str(settings().value(key, default, type=str))


def read_bool(key: str, default: bool = False) -> bool:
    """Return a saved flag or `default`."""
    return bool(settings().value(key, default, type=bool))


def write(key: str, value: object) -> None:
    """Store `value` under `key`."""
    settings().setValue(key, value)

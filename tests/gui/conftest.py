"""GUI test settings: settings and user data in a temporary folder, a fake or real library."""

from __future__ import annotations

import pytest

from app.gui import errors
from app.gui.qt import QSettings


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, monkeypatch):
    """Keep QSettings, the log and the default library out of the real user folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield


@pytest.fixture
def shown_errors(monkeypatch):
    """Collect error dialogs instead of showing them."""
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, message, **kw: shown.append(message))
    return shown

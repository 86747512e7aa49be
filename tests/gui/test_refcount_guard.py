"""PySide6 6.12.0 on Python 3.11 loses a reference to None per void call: the guard holds."""

from __future__ import annotations

import sys

import pytest

from app.gui.qt import QWidget
from app.gui.refcount_guard import HEADROOM, protect_singletons

needs_311 = pytest.mark.skipif(sys.version_info >= (3, 12), reason="immortal singletons")


@needs_311
def test_singletons_have_headroom_once_qt_is_imported():
    assert sys.getrefcount(None) > HEADROOM // 2
    assert sys.getrefcount(True) > HEADROOM // 2 and sys.getrefcount(False) > HEADROOM // 2


@needs_311
def test_many_void_calls_do_not_bring_none_near_zero(qapp):
    widget = QWidget()
    for _ in range(50_000):  # without the guard this aborts the interpreter
        widget.setEnabled(True)
    assert sys.getrefcount(None) > HEADROOM // 2


def test_protecting_twice_adds_nothing():
    first = sys.getrefcount(None)
    protect_singletons()
    assert abs(sys.getrefcount(None) - first) < 1000

"""Every Qt name the GUI uses comes in through this one module (as Anki's aqt.qt does)."""

from __future__ import annotations

__all__ = [name for name in dir() if name.startswith("Q") or name in {"Qt", "Signal", "Slot"}]

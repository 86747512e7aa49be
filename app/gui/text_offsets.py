"""Convert between Python code-point offsets (the core's) and Qt's UTF-16 positions."""

from __future__ import annotations


def _units(ch: str) -> int:
    """Return how many UTF-16 code units `ch` takes."""
    return 2 if ord(ch) > 0xFFFF else 1


def to_utf16(text: str, index: int) -> int:
    """Return the UTF-16 position of code-point `index` in `text`."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def from_utf16(text: str, position: int) -> int:
    """Return the code-point index of UTF-16 `position` in `text` (a split pair rounds down)."""
    units = 0
    for index, ch in enumerate(text):
        units += _units(ch)
        if units > position:
            return index
    return len(text)

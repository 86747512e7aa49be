"""Code points (core) against UTF-16 units (Qt): the conversion at the GUI's boundary."""

from __future__ import annotations

from app.gui.text_offsets import from_utf16, to_utf16

TEXT = "Hi 👋 there 🇺🇸 flag"


def test_positions_before_an_emoji_are_unchanged():
    assert to_utf16(TEXT, 3) == 3


def test_an_emoji_shifts_later_positions_by_one_unit():
    index = TEXT.index("there")
    assert to_utf16(TEXT, index) == index + 1


def test_round_trip_for_every_code_point():
    for index in range(len(TEXT) + 1):
        assert from_utf16(TEXT, to_utf16(TEXT, index)) == index


def test_utf16_length_maps_to_the_end():
    units = len(TEXT.encode("utf-16-le")) // 2
    assert from_utf16(TEXT, units) == len(TEXT)

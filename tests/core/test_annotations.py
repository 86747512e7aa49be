"""Notes and highlights, with anchoring in code points (an emoji counts as one)."""

from __future__ import annotations

import pytest

from app.core.annotations import CONTEXT, locate, make_anchor
from app.core.errors import LibraryError, NotFoundError


def _body(lib, release_id):
    return lib.releases.get(release_id).body


# -- notes ---------------------------------------------------------------------------------


def test_add_note_returns_its_id(lib, sample_ids):
    change = lib.annotations.add_note(sample_ids["summit"], "Ask about the agenda")
    notes = lib.annotations.notes(sample_ids["summit"])
    assert [n.id for n in notes] == [change.created_id]
    assert change.releases == {sample_ids["summit"]}


def test_notes_are_oldest_first(lib, sample_ids):
    for text in ("one", "two", "three"):
        lib.annotations.add_note(sample_ids["summit"], text)
    assert [n.text for n in lib.annotations.notes(sample_ids["summit"])] == ["one", "two", "three"]


def test_empty_note_is_refused(lib, sample_ids):
    with pytest.raises(LibraryError, match="empty"):
        lib.annotations.add_note(sample_ids["summit"], "  \n ")


def test_note_on_missing_release_is_not_found(lib):
    with pytest.raises(NotFoundError):
        lib.annotations.add_note(999, "x")


def test_edit_note(lib, sample_ids):
    note_id = lib.annotations.add_note(sample_ids["summit"], "draft").created_id
    lib.annotations.edit_note(note_id, "final")
    assert lib.annotations.notes(sample_ids["summit"])[0].text == "final"


def test_delete_note(lib, sample_ids):
    note_id = lib.annotations.add_note(sample_ids["summit"], "draft").created_id
    lib.annotations.delete_note(note_id)
    assert lib.annotations.notes(sample_ids["summit"]) == []


def test_edit_missing_note_is_not_found(lib):
    with pytest.raises(NotFoundError):
        lib.annotations.edit_note(5, "x")


# -- highlights ----------------------------------------------------------------------------


def test_highlight_after_emoji_uses_code_points(lib, sample_ids):
    rid = sample_ids["emoji"]
    body = _body(lib, rid)
    start = body.index("stands together")
    assert body.index("🌎") < start  # an emoji comes first
    lib.annotations.add_highlight(rid, start, start + len("stands together"))
    (highlight,) = lib.annotations.highlights(rid)
    assert body[highlight.start : highlight.end] == "stands together" == highlight.quote
    assert highlight.found


def test_highlight_quote_after_two_emoji(lib, sample_ids):
    rid = sample_ids["emoji"]
    lib.annotations.add_highlight_quote(rid, "on migration", comment="key line")
    (highlight,) = lib.annotations.highlights(rid)
    body = _body(lib, rid)
    assert (highlight.start, highlight.end) == (
        body.index("on migration"),
        body.index("on migration") + 12,
    )
    assert highlight.comment == "key line"


def test_highlight_can_cover_an_emoji(lib, sample_ids):
    rid = sample_ids["emoji"]
    body = _body(lib, rid)
    at = body.index("🤝")
    lib.annotations.add_highlight(rid, at, at + 1)
    assert lib.annotations.highlights(rid)[0].quote == "🤝"


def test_highlight_quote_absent_is_refused(lib, sample_ids):
    with pytest.raises(LibraryError, match="not in the text"):
        lib.annotations.add_highlight_quote(sample_ids["summit"], "no such words here")


def test_highlight_outside_text_is_refused(lib, sample_ids):
    length = len(_body(lib, sample_ids["summit"]))
    with pytest.raises(LibraryError, match="not inside the text"):
        lib.annotations.add_highlight(sample_ids["summit"], length - 2, length + 5)


def test_empty_highlight_is_refused(lib, sample_ids):
    with pytest.raises(LibraryError):
        lib.annotations.add_highlight(sample_ids["summit"], 3, 3)


def test_whitespace_only_highlight_is_refused(lib, sample_ids):
    body = _body(lib, sample_ids["summit"])
    at = body.index(" ")
    with pytest.raises(LibraryError, match="not only spaces"):
        lib.annotations.add_highlight(sample_ids["summit"], at, at + 1)


def test_highlight_default_colour_and_edit(lib, sample_ids):
    hid = lib.annotations.add_highlight_quote(sample_ids["summit"], "Los Angeles").created_id
    assert lib.annotations.highlights(sample_ids["summit"])[0].colour == "#fff176"
    lib.annotations.edit_highlight(hid, comment="venue", colour="#80deea")
    (highlight,) = lib.annotations.highlights(sample_ids["summit"])
    assert (highlight.comment, highlight.colour) == ("venue", "#80deea")


def test_delete_highlight(lib, sample_ids):
    hid = lib.annotations.add_highlight_quote(sample_ids["summit"], "Los Angeles").created_id
    lib.annotations.delete_highlight(hid)
    assert lib.annotations.highlights(sample_ids["summit"]) == []


def test_highlights_on_missing_release_is_not_found(lib):
    with pytest.raises(NotFoundError):
        lib.annotations.highlights(999)


def _replace_body(lib, release_id, body):
    """Change a body behind the facade's back (no API edits bodies; a later version might)."""
    with lib.db.atomic():
        lib.db.execute("UPDATE releases SET body = ? WHERE id = ?", (body, release_id))


def test_highlight_is_found_again_after_body_changes(lib, sample_ids):
    rid = sample_ids["emoji"]
    lib.annotations.add_highlight_quote(rid, "México and Guatemala")
    _replace_body(lib, rid, "New opening 🎉🎉.\n\n" + _body(lib, rid))
    (highlight,) = lib.annotations.highlights(rid)
    assert highlight.found
    assert _body(lib, rid)[highlight.start : highlight.end] == "México and Guatemala"


def test_lost_highlight_is_reported_not_found(lib, sample_ids):
    rid = sample_ids["emoji"]
    lib.annotations.add_highlight_quote(rid, "México and Guatemala")
    _replace_body(lib, rid, "Short.")
    (highlight,) = lib.annotations.highlights(rid)
    assert not highlight.found
    assert highlight.end <= len("Short.")


# -- anchoring (pure functions) ------------------------------------------------------------


def test_anchor_keeps_context_of_limited_length():
    body = "x" * 100 + "QUOTE" + "y" * 100
    quote, prefix, suffix = make_anchor(body, 100, 105)
    assert (quote, prefix, suffix) == ("QUOTE", "x" * CONTEXT, "y" * CONTEXT)


def test_locate_at_stored_offsets():
    body = "alpha beta gamma"
    assert locate(body, "beta", "alpha ", " gamma", 6) == (6, 10)


def test_locate_moved_quote_when_text_inserted_before():
    old = "Intro. The key passage is here. End."
    quote, prefix, suffix = make_anchor(old, 7, 30)
    new = "A new first paragraph 🌎.\n\n" + old
    start, end = locate(new, quote, prefix, suffix, 7)
    assert new[start:end] == quote


def test_locate_chooses_occurrence_by_context():
    old = "one: the plan. two: the plan. three: the plan."
    start = old.index("the plan", old.index("two"))
    quote, prefix, suffix = make_anchor(old, start, start + 8)
    new = "zero: the plan. " + old
    expected = new.index("the plan", new.index("two"))
    assert locate(new, quote, prefix, suffix, start) == (expected, expected + 8)


def test_locate_ignores_changed_whitespace():
    assert locate("the  key\npassage", "the key passage", "", "", 0) == (0, 16)


def test_locate_lost_quote_is_none():
    assert locate("completely different", "the plan", "", "", 0) is None

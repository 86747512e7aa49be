"""assemble(): a stored book becomes the exporters' Book model, ready for a writer."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.core.assemble import assemble, map_highlights, paragraph_starts
from app.core.library import Library
from app.core.models import Highlight
from exporters.book import Highlight as BookHighlight
from exporters.book import Options

BODY_A = "😀 First paragraph of A.\n\nSecond paragraph of A.\n\nThird paragraph of A."


@pytest.fixture
def alib(tmp_path):
    """A library with two releases (ids `alib.a`, `alib.b`) and a book "Trip"."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f" date 2022-05-06 {BODY_A}\n", encoding="utf-8")
    (folder / "b.txt").write_text("Release B has no date.\n\nIts second paragraph.\n")
    lib = Library.memory(seed=False)
    report = lib.import_paths([folder])
    by_name = {o.path.rsplit("/", 1)[-1]: o.release_id for o in report.outcomes}
    lib.a, lib.b = by_name["a.txt"], by_name["b.txt"]
    lib.book_id = lib.books.create(
        "Trip", title="Dialogue", date="2022-05-10", marking="UNCLASSIFIED"
    ).created_id
    yield lib
    lib.close()


def _section_id(lib, heading):
    return next(s.id for s in lib.books.get(lib.book_id).sections if s.heading == heading)


def _add(lib, heading, ids, **kwargs):
    lib.books.add_entries(_section_id(lib, heading), ids, **kwargs)


def _only_entry(lib, options=None):
    return assemble(lib, lib.book_id, options).entries[0]


def test_cover_comes_from_the_book_record(alib):
    book = assemble(alib, alib.book_id, Options())
    assert book.cover.title == "Dialogue"
    assert book.cover.date == date(2022, 5, 10)
    assert book.marking == "UNCLASSIFIED"


def test_cover_title_falls_back_to_the_book_name(alib):
    alib.books.update(alib.book_id, title="")
    assert assemble(alib, alib.book_id).cover.title == "Trip"


def test_generated_at_is_now_with_a_time_zone(alib):
    before = datetime.now().astimezone()
    generated = assemble(alib, alib.book_id).cover.generated_at
    assert generated.tzinfo is not None and generated >= before


def test_sections_and_entries_keep_the_book_order(alib):
    _add(alib, "Press releases", [alib.b, alib.a])
    book = assemble(alib, alib.book_id)
    assert [s.heading for s in book.sections][-1] == "Press releases"
    assert [e.title for e in book.sections[-1].entries][1].startswith("😀 First")


def test_keys_are_stable_and_derived_from_ids(alib):
    _add(alib, "Background", [alib.a])
    stored = alib.books.get(alib.book_id).sections[3]
    section = assemble(alib, alib.book_id).sections[3]
    assert section.key == f"s{stored.id}"
    assert section.entries[0].key == f"e{stored.entries[0].id}"


def test_section_text_is_passed_through(alib):
    alib.books.update_section(_section_id(alib, "Talking points"), text="• One\n• Two")
    assert assemble(alib, alib.book_id).sections[2].text == "• One\n• Two"


def test_entry_has_paragraphs_date_and_tags(alib):
    alib.tags.apply([alib.a], ["Mexico", "Migration"])
    _add(alib, "Background", [alib.a])
    entry = _only_entry(alib)
    assert entry.paragraphs == tuple(BODY_A.split("\n\n"))
    assert entry.date == date(2022, 5, 6)
    assert set(entry.tags) == {"Mexico", "Migration"}


def test_unknown_date_becomes_none(alib):
    _add(alib, "Background", [alib.b])
    assert _only_entry(alib).date is None


def test_summary_only_entry_carries_the_summary(alib):
    alib.releases.update(alib.a, summary="A short summary.")
    _add(alib, "Background", [alib.a], summary_only=True)
    entry = _only_entry(alib)
    assert entry.paragraphs == ("A short summary.",)
    assert entry.summary_only is True


def test_notes_are_included_when_the_entry_asks(alib):
    alib.annotations.add_note(alib.a, "Ask about Title 42.")
    _add(alib, "Background", [alib.a])
    assert _only_entry(alib).notes == ("Ask about Title 42.",)


def test_notes_are_left_out_when_the_entry_excludes_them(alib):
    alib.annotations.add_note(alib.a, "Ask about Title 42.")
    _add(alib, "Background", [alib.a])
    entry_id = alib.books.get(alib.book_id).sections[3].entries[0].id
    alib.books.update_entry(entry_id, include_notes=False)
    assert _only_entry(alib).notes == ()


def test_clean_copy_drops_notes_highlights_and_tags(alib):
    alib.annotations.add_note(alib.a, "private")
    alib.annotations.add_highlight_quote(alib.a, "Second paragraph")
    alib.tags.apply([alib.a], ["Mexico"])
    _add(alib, "Background", [alib.a])
    entry = _only_entry(alib, Options(clean_copy=True))
    assert (entry.notes, entry.highlights, entry.tags) == ((), (), ())


def test_highlight_after_an_emoji_maps_to_its_paragraph(alib):
    alib.annotations.add_highlight_quote(alib.a, "paragraph of A", comment="key")
    _add(alib, "Background", [alib.a])
    entry = _only_entry(alib)
    mark = entry.highlights[0]
    assert entry.paragraphs[mark.paragraph][mark.start : mark.end] == "paragraph of A"
    assert mark.comment == "key"


def test_trashed_releases_are_skipped(alib):
    _add(alib, "Background", [alib.a, alib.b])
    alib.releases.trash([alib.b])
    entries = assemble(alib, alib.book_id).entries
    assert [e.title for e in entries] == [alib.releases.get(alib.a).title]


def test_book_can_be_named_instead_of_numbered(alib):
    assert assemble(alib, "trip").cover.title == "Dialogue"


def test_options_are_carried_into_the_book(alib):
    options = Options(page_size="Letter", include_notes=False)
    assert assemble(alib, alib.book_id, options).options == options


# map_highlights: pure, no library ------------------------------------------------------------


def _mark(start, end, comment="", found=True):
    return Highlight(1, 1, "q", start, end, comment=comment, found=found)


STARTS = paragraph_starts("abcde\n\nfghij\n\nklmno")


def test_paragraph_starts_skip_the_breaks():
    assert STARTS == [(0, "abcde"), (7, "fghij"), (14, "klmno")]


def test_a_highlight_crossing_paragraphs_is_split():
    spans = map_highlights(STARTS, [_mark(3, 9, comment="c")])
    assert [(s.paragraph, s.start, s.end) for s in spans] == [(0, 3, 5), (1, 0, 2)]
    assert [s.comment for s in spans] == ["c", ""]


def test_a_lost_highlight_is_skipped():
    assert map_highlights(STARTS, [_mark(0, 2, found=False)]) == ()


def test_a_highlight_on_a_paragraph_break_only_is_dropped():
    assert map_highlights(STARTS, [_mark(5, 7)]) == ()


def test_highlights_come_out_sorted():
    spans = map_highlights(STARTS, [_mark(15, 16), _mark(1, 2)])
    assert [(s.paragraph, s.start) for s in spans] == [(0, 1), (2, 1)]


def test_overlapping_highlights_are_trimmed():
    spans = map_highlights(STARTS, [_mark(0, 3), _mark(2, 5)])
    assert [(s.start, s.end) for s in spans] == [(0, 3), (3, 5)]


def test_a_contained_highlight_gives_its_comment_to_the_outer_one():
    spans = map_highlights(STARTS, [_mark(0, 5, "outer"), _mark(1, 2, "inner")])
    assert spans == (BookHighlight(0, 0, 5, comment="outer\ninner"),)

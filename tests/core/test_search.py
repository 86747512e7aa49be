"""Listing and full-text search on a small library: lib.search and lib.saved."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import LibraryError, NotFoundError
from app.core.library import Library
from app.core.models import ListQuery

HOSTILE = [
    "R&D",
    '"',
    "NEAR(",
    ")",
    "",
    "😀",
    "-",
    "*",
    "OR",
    "AND",
    "tag:",
    "since:notadate",
    "a\x00b",
    "中",
    "NOT",
    "x" * 3000,
    '- OR * tag:"',
    "col:x ^y {a b}",
]
TITLES = [
    "Joint Statement on Migration and Protection",
    "Fact Sheet: The Summit of the Americas",
    "Statement with an emoji 🌎 in it",
]


def ids(lib, text="", **fields) -> set[int]:
    """Return the ids listed for `text` and filters (and check count agrees)."""
    q = ListQuery(text=text, **fields)
    rows = lib.search.list(q)
    assert lib.search.count(q) == len(rows)
    return {r.id for r in rows}


@pytest.fixture
def s(sample_ids):
    """Return the sample ids under short names."""
    return sample_ids


def test_empty_search_lists_every_live_release(lib, s):
    assert ids(lib) == set(s.values())


def test_all_words_must_match(lib, s):
    assert ids(lib, "summit trade") == {s["summit"]}
    assert ids(lib, "summit refugees") == set()


def test_phrase_matches_words_in_order(lib, s):
    assert ids(lib, '"los angeles"') == {s["migration"], s["summit"]}
    assert ids(lib, '"angeles los"') == set()


def test_or_matches_either_word(lib, s):
    assert ids(lib, "guatemala OR ecuador") == {s["migration"], s["emoji"]}


def test_minus_excludes_a_word(lib, s):
    assert ids(lib, "migration -guatemala") == {s["migration"]}


def test_only_exclusions_list_the_rest(lib, s):
    assert ids(lib, "-migration") == {s["summit"]}


def test_prefix_matches_word_starts(lib, s):
    assert ids(lib, "hemi*") == {s["summit"], s["emoji"]}


def test_unaccented_word_finds_accented_text(lib, s):
    assert s["emoji"] in ids(lib, "mexico -united")


def test_accented_query_finds_unaccented_text(lib, s):
    assert s["migration"] in ids(lib, "méxico")


def test_title_is_searched(lib, s):
    assert ids(lib, "fact sheet") == {s["summit"]}


def test_notes_are_searched(lib, s):
    lib.annotations.add_note(s["summit"], "Ask about the zebra crossing")
    assert ids(lib, "zebra") == {s["summit"]}


def test_edited_note_is_searched_by_its_new_text(lib, s):
    note_id = lib.annotations.add_note(s["summit"], "first words").created_id
    lib.annotations.edit_note(note_id, "giraffe")
    assert ids(lib, "giraffe") == {s["summit"]}
    assert ids(lib, "first") == set()


def test_trash_is_excluded_from_search(lib, s):
    lib.releases.trash([s["summit"]])
    assert ids(lib, "summit") == set()
    assert s["summit"] not in ids(lib)


def test_trash_view_lists_and_searches_trashed_releases(lib, s):
    lib.releases.trash([s["summit"]])
    assert ids(lib, view="trash") == {s["summit"]}
    assert ids(lib, "summit", view="trash") == {s["summit"]}
    assert ids(lib, "migration", view="trash") == set()


def test_cjk_text_is_found_by_substring(lib, add_release):
    release = add_release(lib, title="外交部声明", body="中华人民共和国外交部发言人今天表示欢迎。")
    assert ids(lib, "外交部") == {release}
    assert ids(lib, "发言人 -欢迎") == set()


def test_cjk_search_respects_other_filters(lib, add_release):
    add_release(lib, title="声明", body="外交部发言人", date="2020-01-01")
    assert ids(lib, "外交部 since:2021") == set()


def test_emoji_is_found_by_substring(lib, s):
    assert ids(lib, "🤝") == {s["emoji"]}


def test_substring_match_has_a_marked_snippet(lib, s):
    (row,) = lib.search.list(ListQuery(text="🤝", snippets=True))
    assert "\x02🤝\x03" in row.snippet


def test_snippet_marks_the_matched_words(lib, s):
    (row,) = lib.search.list(ListQuery(text="refugees", sort="relevance", snippets=True))
    assert "\x02refugees\x03" in row.snippet


def test_snippet_is_filled_when_sorted_by_date(lib, s):
    (row,) = lib.search.list(ListQuery(text="refugees", sort="date", snippets=True))
    assert "\x02refugees\x03" in row.snippet


def test_plain_listing_has_no_snippets(lib):
    assert all(r.snippet == "" for r in lib.search.list(ListQuery()))


def test_tag_filter_from_the_query(lib, s):
    lib.tags.apply([s["migration"], s["summit"]], ["americas"])
    assert ids(lib, "tag:Americas") == {s["migration"], s["summit"]}
    assert ids(lib, "tag:americas refugees") == {s["migration"]}


def test_tag_filter_with_two_words(lib, s):
    lib.tags.apply([s["emoji"]], ["central america"])
    assert ids(lib, 'tag:"central america"') == {s["emoji"]}


def test_tag_filter_from_the_form(lib, s):
    lib.tags.apply([s["summit"]], ["trade"])
    assert ids(lib, tag="trade") == {s["summit"]}


def test_two_tags_must_both_be_present(lib, s):
    lib.tags.apply([s["summit"], s["migration"]], ["a"])
    lib.tags.apply([s["summit"]], ["b"])
    assert ids(lib, "tag:a tag:b") == {s["summit"]}


def test_unknown_tag_matches_nothing(lib):
    assert ids(lib, "tag:nosuch") == set()


def test_source_filter_ignores_case(lib, s):
    assert ids(lib, 'source:"state department"') == {s["emoji"]}
    assert ids(lib, source="the white house") == {s["migration"], s["summit"]}


def test_date_range_is_inclusive_and_skips_unknown_dates(lib, s):
    assert ids(lib, "since:2022-06-08 until:2022-06-09") == {s["summit"]}
    assert ids(lib, since="2022-06-09") == {s["migration"]}


def test_bad_date_is_ignored_and_reported(lib, s):
    assert lib.search.parse("since:notadate").error
    assert ids(lib, "since:notadate summit") == {s["summit"]}


def test_sort_by_date_descending_puts_unknown_dates_last(lib, s):
    rows = lib.search.list(ListQuery(sort="date", descending=True))
    assert [r.id for r in rows] == [s["migration"], s["summit"], s["emoji"]]


def test_sort_by_date_ascending(lib, s):
    rows = lib.search.list(ListQuery(sort="date", descending=False))
    assert [r.id for r in rows][-2:] == [s["summit"], s["migration"]]


def test_sort_by_title_ignores_case(lib, s):
    rows = lib.search.list(ListQuery(sort="title", descending=False))
    assert [r.title for r in rows] == sorted(TITLES, key=str.lower)


def test_sort_by_source(lib, s):
    rows = lib.search.list(ListQuery(sort="source", descending=False))
    assert rows[0].id == s["emoji"]


def test_relevance_ranks_title_matches_first(empty_lib, add_release):
    body_only = add_release(empty_lib, title="Remarks", body="A word on tariffs. " * 3)
    in_title = add_release(empty_lib, title="Tariffs", body="Remarks on trade and tariffs.")
    rows = empty_lib.search.list(ListQuery(text="tariffs", sort="relevance"))
    assert [r.id for r in rows] == [in_title, body_only]


def test_relevance_without_text_sorts_by_date(lib, s):
    rows = lib.search.list(ListQuery(sort="relevance"))
    assert rows[0].id == s["migration"]


def test_pages_do_not_overlap_and_cover_everything(empty_lib, add_release):
    for i in range(7):
        add_release(empty_lib, title=f"Release {i}", body=f"Body number {i} on trade.")
    pages = [
        [r.id for r in empty_lib.search.list(ListQuery(text="trade", limit=3, offset=o))]
        for o in (0, 3, 6)
    ]
    flat = [i for page in pages for i in page]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert len(set(flat)) == 7


def test_rows_carry_tags_and_annotation_counts(lib, s):
    lib.tags.apply([s["summit"]], ["americas", "trade"])
    lib.annotations.add_note(s["summit"], "one")
    lib.annotations.add_note(s["summit"], "two")
    lib.annotations.add_highlight_quote(s["summit"], "Los Angeles")
    row = next(r for r in lib.search.list(ListQuery()) if r.id == s["summit"])
    assert [t.name for t in row.tags] == ["americas", "trade"]
    assert (row.note_count, row.highlight_count) == (2, 1)


def test_a_page_costs_a_fixed_number_of_queries(empty_lib, add_release):
    for i in range(30):
        rid = add_release(empty_lib, title=f"R{i}", body=f"trade item {i}")
        empty_lib.tags.apply([rid], [f"t{i % 3}"])
    statements = []
    empty_lib.db.conn.set_trace_callback(statements.append)
    try:
        empty_lib.search.list(ListQuery(text="trade", sort="date"))
    finally:
        empty_lib.db.conn.set_trace_callback(None)
    assert len([s for s in statements if not s.startswith("--")]) <= 4  # skip FTS5 internals


def test_annotated_view(lib, s):
    lib.annotations.add_highlight_quote(s["migration"], "Los Angeles")
    lib.annotations.add_note(s["emoji"], "check")
    assert ids(lib, view="annotated") == {s["migration"], s["emoji"]}


def test_untagged_view(lib, s):
    lib.tags.apply([s["summit"]], ["x"])
    assert ids(lib, view="untagged") == {s["migration"], s["emoji"]}


def test_recent_view_shows_the_week_up_to_the_newest_import(lib, s):
    lib.db.execute(
        "UPDATE releases SET imported_at = '2020-01-01T00:00:00+00:00' WHERE id = ?",
        [s["summit"]],
    )
    assert ids(lib, view="recent") == {s["migration"], s["emoji"]}


def test_unknown_view_is_a_library_error(lib):
    with pytest.raises(LibraryError):
        lib.search.list(ListQuery(view="nope"))


def test_sources_are_distinct_and_sorted(lib):
    assert lib.search.sources() == ["State Department", "The White House"]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:24]))
def test_hostile_input_lists_without_raising(lib, text):
    q = ListQuery(text=text, sort="relevance")
    assert isinstance(lib.search.list(q), list)
    assert lib.search.count(q) >= 0


@pytest.fixture(scope="module")
def shared_lib():
    library = Library.memory(seed=False)
    for i, title in enumerate(TITLES):
        library.releases.add(
            title, f"Body {i} of {title} with R&D 中文 😀", date=f"2022-06-0{i + 1}"
        )
    yield library
    library.close()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=80), sort=st.sampled_from(["relevance", "date", "title"]))
def test_arbitrary_text_never_raises(shared_lib, text, sort):
    q = ListQuery(text=text, sort=sort)
    assert len(shared_lib.search.list(q)) == shared_lib.search.count(q)


# --- saved searches -----------------------------------------------------------------------


def test_saved_search_round_trips(empty_lib):
    q = ListQuery(text="migration -trade", view="annotated", tag="x", since="2022-01-01")
    change = empty_lib.saved.save("Migration", q)
    (saved,) = empty_lib.saved.list()
    assert (saved.id, saved.name) == (change.created_id, "Migration")
    assert saved.query == ListQuery(
        text="migration -trade", view="annotated", tag="x", since="2022-01-01"
    )
    assert change.saved_searches


def test_saving_under_an_existing_name_replaces_it(empty_lib):
    empty_lib.saved.save("Mine", ListQuery(text="a"))
    empty_lib.saved.save("mine", ListQuery(text="b"))
    assert [(s.name, s.query.text) for s in empty_lib.saved.list()] == [("mine", "b")]


def test_saved_searches_are_ordered_by_name(empty_lib):
    for name in ("beta", "Alpha", "gamma"):
        empty_lib.saved.save(name, ListQuery())
    assert [s.name for s in empty_lib.saved.list()] == ["Alpha", "beta", "gamma"]


def test_saved_search_needs_a_name(empty_lib):
    with pytest.raises(LibraryError):
        empty_lib.saved.save("  ", ListQuery())


def test_deleting_a_saved_search(empty_lib):
    saved_id = empty_lib.saved.save("x", ListQuery()).created_id
    assert empty_lib.saved.delete(saved_id).saved_searches
    assert empty_lib.saved.list() == []


def test_deleting_a_missing_saved_search_is_not_found(empty_lib):
    with pytest.raises(NotFoundError):
        empty_lib.saved.delete(999)


def test_damaged_saved_filters_fall_back_to_defaults(empty_lib):
    empty_lib.db.execute(
        "INSERT INTO saved_searches(name, query, filters) VALUES ('bad', 'x', '{\"view\": 3, \"tag\": []}')"
    )
    (saved,) = empty_lib.saved.list()
    assert saved.query == ListQuery(text="x")


# --- snippets -----------------------------------------------------------------------------


def snippet_for(lib, text):
    (row,) = lib.search.list(ListQuery(text=text, sort="relevance", snippets=True))
    return row.snippet


def test_search_without_snippets_asked_has_none(lib, s):
    assert all(r.snippet == "" for r in lib.search.list(ListQuery(text="refugees")))


def test_snippets_for_chosen_ids_mark_the_match(lib, s):
    (row,) = lib.search.list(ListQuery(text="refugees"))
    assert "\x02refugees\x03" in lib.search.snippets([row.id], "refugees")[row.id]


def test_snippets_for_a_plain_listing_are_empty(lib, s):
    (row, *_) = lib.search.list(ListQuery())
    assert lib.search.snippets([row.id], "") == {}


def test_snippet_marks_accented_text_for_an_unaccented_query(empty_lib, add_release):
    add_release(empty_lib, title="Visit", body="The delegation flew to México City on Monday.")
    assert "\x02México\x03" in snippet_for(empty_lib, "mexico")


def test_snippet_marks_whole_words_only(empty_lib, add_release):
    add_release(empty_lib, title="Law", body="In fact it passed. " * 20 + "The act was signed.")
    snippet = snippet_for(empty_lib, "act")
    assert "\x02act\x03" in snippet
    assert "f\x02act" not in snippet


def test_snippet_marks_a_phrase_across_punctuation(empty_lib, add_release):
    add_release(empty_lib, title="Briefing", body="Press Secretary Karine Jean-Pierre spoke.")
    assert "\x02Jean-Pierre\x03" in snippet_for(empty_lib, "jean-pierre")


def test_snippet_of_a_long_body_is_a_window_with_ellipses(empty_lib, add_release):
    add_release(
        empty_lib, title="Long", body="filler words here. " * 100 + "zebra " + "tail. " * 100
    )
    snippet = snippet_for(empty_lib, "zebra")
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 300


def test_snippet_comes_from_a_note_when_only_the_note_matches(lib, s):
    lib.annotations.add_note(s["summit"], "Ask about the okapi")
    assert "\x02okapi\x03" in snippet_for(lib, "okapi")


def test_snippet_for_a_word_or_a_cjk_alternative(empty_lib, add_release):
    latin = add_release(empty_lib, title="Visit", body="A visit to Mexico today.")
    cjk = add_release(empty_lib, title="访问", body="今天访问中国。")
    rows = {
        r.id: r.snippet
        for r in empty_lib.search.list(ListQuery(text="mexico OR 中国", snippets=True))
    }
    assert "\x02Mexico\x03" in rows[latin]
    assert "\x02中国\x03" in rows[cjk]

"""The query language: parsing, hostile input, and the FTS5 MATCH strings it builds."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.search.query import (
    MAX_TERMS,
    ParsedQuery,
    Term,
    build_text_plan,
    parse,
    parse_date,
)

HOSTILE = [
    "R&D",
    '"',
    '""',
    "NEAR(",
    "NEAR(a b, 3)",
    ")",
    "(",
    "",
    "   ",
    "😀",
    "-",
    "*",
    "OR",
    "AND",
    "NOT",
    "tag:",
    'tag:"',
    "since:notadate",
    "until:2022-02-30",
    "a OR",
    "OR a",
    "a OR OR b",
    "-a",
    "--a",
    "- -",
    "**",
    '"a" "b',
    "col:val",
    "title:mexico",
    "^start",
    "a + b",
    "{a b}",
    "multi-agent",
    "don't",
    "ubuntu 20.04",
    "\x00\x01\x1f",
    "a\ud800b",
    "中文",
    "e\u0301",
    "NEAR/3",
    "'",
    "a:b:c",
    "x" * 5000,
    " ".join(["w"] * 500),
]

FTS_TABLE = (
    "CREATE VIRTUAL TABLE releases_fts USING fts5("
    "title, body, notes, tokenize = 'unicode61 remove_diacritics 2')"
)


@pytest.fixture(scope="module")
def fts():
    conn = sqlite3.connect(":memory:")
    conn.execute(FTS_TABLE)
    conn.execute(
        "INSERT INTO releases_fts(rowid, title, body, notes) VALUES (1, 'México', 'R&D budget', '')"
    )
    yield conn
    conn.close()


def _run_plan(conn, text):
    """Run every MATCH string the plan for `text` contains; return the rows."""
    plan = build_text_plan(parse(text))
    rows = []
    for match in [plan.match, plan.exclude_match, *(m for m, _ in plan.mixed)]:
        if match:
            sql = "SELECT rowid FROM releases_fts WHERE releases_fts MATCH ?"
            rows += conn.execute(sql, (match,)).fetchall()
    return rows


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:24]))
def test_hostile_input_parses_without_raising(text):
    assert isinstance(parse(text), ParsedQuery)


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:24]))
def test_hostile_input_builds_a_match_fts5_accepts(fts, text):
    assert isinstance(_run_plan(fts, text), list)


def test_non_string_input_gives_an_empty_query():
    assert parse(None) == ParsedQuery()


def test_words_must_all_match():
    q = parse("mexico border")
    assert q.terms == (Term("mexico"), Term("border"))
    assert build_text_plan(q).match == '"mexico" AND "border"'


def test_phrase_is_one_term():
    q = parse('"summit of the americas" migration')
    assert q.phrases == (Term("summit of the americas", phrase=True),)
    assert q.terms == (Term("migration"),)


def test_or_binds_tighter_than_and():
    q = parse("migration mexico OR guatemala")
    assert q.groups == ((Term("migration"),), (Term("mexico"), Term("guatemala")))
    assert build_text_plan(q).match == '"migration" AND ("mexico" OR "guatemala")'


def test_lowercase_or_is_a_word():
    assert parse("this or that").terms == (Term("this"), Term("or"), Term("that"))


def test_dangling_or_is_ignored():
    assert parse("OR a OR").groups == ((Term("a"),),)


def test_minus_excludes_a_word():
    q = parse("mexico -trade")
    assert q.excluded == (Term("trade"),)
    assert build_text_plan(q).match == '("mexico") NOT "trade"'


def test_not_excludes_the_next_word():
    assert parse("mexico NOT trade").excluded == (Term("trade"),)


def test_only_exclusions_use_a_separate_match():
    plan = build_text_plan(parse("-trade -tariff"))
    assert plan.match is None
    assert plan.exclude_match == '"trade" OR "tariff"'


def test_star_makes_a_prefix():
    q = parse("migra*")
    assert q.terms == (Term("migra", prefix=True),)
    assert build_text_plan(q).match == '"migra"*'


def test_lone_star_and_minus_are_ignored():
    assert not parse("* -").has_text


def test_fts_syntax_is_quoted():
    match = build_text_plan(parse("NEAR(a b) col:val R&D ^x")).match
    assert match == '"NEAR(a" AND "b)" AND "col:val" AND "R&D" AND "^x"'


def test_quote_inside_a_word_starts_a_phrase():
    assert parse('ab"cd ef"').groups == ((Term("ab"),), (Term("cd ef", phrase=True),))


def test_unterminated_quote_runs_to_the_end():
    assert parse('"white house').phrases == (Term("white house", phrase=True),)


def test_punctuation_only_word_is_ignored_with_a_message():
    q = parse("&")
    assert not q.has_text
    assert "&" in q.error


def test_tag_source_and_dates_are_filters():
    q = parse("tag:mexico source:whitehouse.gov since:2022-05-01 until:2022-06 summit")
    assert (q.tags, q.sources, q.since, q.until) == (
        ("mexico",),
        ("whitehouse.gov",),
        "2022-05-01",
        "2022-06-30",
    )
    assert q.terms == (Term("summit"),)


def test_filter_keys_ignore_case():
    assert parse("TAG:x Since:2022").tags == ("x",)


def test_quoted_tag_name_keeps_its_spaces():
    assert parse('tag:"central america" migration').tags == ("central america",)


def test_empty_tag_is_reported():
    q = parse("tag: mexico")
    assert q.tags == ()
    assert "tag:" in q.error
    assert q.terms == (Term("mexico"),)


def test_bad_date_is_reported_and_the_rest_still_runs():
    q = parse("since:notadate mexico")
    assert q.since is None
    assert "notadate" in q.error
    assert q.terms == (Term("mexico"),)


def test_negated_filter_is_reported():
    assert "-tag:" in parse("-tag:x").error


def test_since_after_until_is_reported():
    assert "since" in parse("since:2023 until:2022").error


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("2022", False, "2022-01-01"),
        ("2022", True, "2022-12-31"),
        ("2024-02", True, "2024-02-29"),
        ("2023-02", True, "2023-02-28"),
        ("1900-02", True, "1900-02-28"),
        ("2000-02-29", False, "2000-02-29"),
        ("2022-04-31", False, None),
        ("2022-11", True, "2022-11-30"),
        ("2022-5-6", False, "2022-05-06"),
        ("2022-02-30", False, None),
        ("2022-13", False, None),
        ("May 2022", False, None),
    ],
)
def test_dates_accept_year_month_day(value, end, expected):
    assert parse_date(value, end=end) == expected


def test_long_input_is_cut_with_a_message():
    q = parse(" ".join(f"w{i}" for i in range(100)))
    assert len(q.groups) == MAX_TERMS
    assert str(MAX_TERMS) in q.error


def test_cjk_term_falls_back_to_substring():
    plan = build_text_plan(parse("中国 trade"))
    assert plan.match == '"trade"'
    assert plan.mixed == ((None, ("中国",)),)


def test_emoji_term_falls_back_to_substring():
    assert build_text_plan(parse("😀")).mixed == ((None, ("😀",)),)


def test_control_characters_never_reach_match():
    assert "\x00" not in (build_text_plan(parse('a\x00b "c\x00')).match or "")


# --- property tests -------------------------------------------------------------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéñ0123456789", min_size=1, max_size=8)
_term = st.builds(
    Term,
    text=st.one_of(_word, st.lists(_word, min_size=2, max_size=3).map(" ".join)),
    phrase=st.booleans(),
    prefix=st.booleans(),
).map(lambda t: t if t.phrase or " " not in t.text else Term(t.text, True, t.prefix))
_name = st.one_of(_word, st.lists(_word, min_size=2, max_size=2).map(" ".join))
_date = st.dates().map(lambda d: d.isoformat()).filter(lambda d: d[:4] != "0000")
_query = st.builds(
    ParsedQuery,
    groups=st.lists(st.lists(_term, min_size=1, max_size=3).map(tuple), max_size=4).map(tuple),
    excluded=st.lists(_term, max_size=2).map(tuple),
    tags=st.lists(_name, max_size=2, unique=True).map(tuple),
    sources=st.lists(_name, max_size=2, unique=True).map(tuple),
    since=st.none() | _date,
    until=st.none() | _date,
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises_and_fts5_accepts_it(text):
    conn = sqlite3.connect(":memory:")
    conn.execute(FTS_TABLE)
    _run_plan(conn, text)


@settings(max_examples=300, deadline=None)
@given(_query)
def test_normal_queries_round_trip(query):
    assert parse(query.to_text()) == query


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_canonical_text_is_a_fixed_point(text):
    first = parse(text)
    assert parse(first.to_text()) == first

"""A parsed release crossing from a parse helper keeps every field, and stores the same row."""

from __future__ import annotations

import pickle

from app.core import importing
from app.core.importers import parse_file
from app.core.library import Library
from app.core.parse_wire import LONG_TEXTS, SHORT_FIELDS, ArrivedRelease

TEXT = (
    "---\ntitle: Cumbre de las Américas\ndate: 2022-06-09\ntags: [summit, mexico]\n---\n\n"
    "Los líderes 🌎 firmaron la Declaración de Los Ángeles.\n\nSecond paragraph “quoted”.\n"
)


def _parsed(tmp_path):
    path = tmp_path / "cumbre.md"
    path.write_text(TEXT, encoding="utf-8")
    (record,) = parse_file(path).records
    return path, record


def test_the_wire_names_every_field_of_a_parsed_release():
    from dataclasses import fields

    from app.core.importers.records import ParsedRelease

    assert sorted((*SHORT_FIELDS, *LONG_TEXTS)) == sorted(f.name for f in fields(ParsedRelease))


def test_every_field_survives_the_trip(tmp_path):
    _, record = _parsed(tmp_path)
    arrived = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(arrived, ArrivedRelease)
    for name in (*SHORT_FIELDS, *LONG_TEXTS):
        assert getattr(arrived, name) == getattr(record, name), name
    assert arrived.body_utf8 == record.body.encode("utf-8")
    again = pickle.loads(pickle.dumps(arrived))  # an arrived release pickles too
    assert again.original == record.original


def _stored_row(lib, release_id):
    return lib.db.execute(
        "SELECT typeof(original), original, typeof(body), body, typeof(summary), summary "
        "FROM releases WHERE id = ?",
        [release_id],
    ).fetchone()


def test_arrived_and_local_releases_store_the_same_text(tmp_path):
    path, record = _parsed(tmp_path)
    arrived = pickle.loads(pickle.dumps(record))
    rows = []
    for parsed in (record, arrived):
        with Library.memory(seed=False) as lib:
            batch = importing._Batch(lib, None, None, [], "2026-11-27T00:00:00Z", None)
            batch.tag_cache = importing._TagCache(lib)
            outcome = batch.store_release(path, parsed)
            rows.append(_stored_row(lib, outcome.release_id))
    assert rows[0] == rows[1]
    assert rows[0][0::2] == ("text", "text", "text")
    assert rows[0][3] == record.body and "🌎" in rows[0][3]

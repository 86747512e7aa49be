"""Parsing in helper processes: same results, same order, and a failed helper costs nothing."""

from __future__ import annotations

import subprocess

from app.core import parse_workers
from app.core.importers import ImportFailure
from app.core.parse_workers import Crash, parse_in_order, parse_safely


def _files(tmp_path, count):
    paths = []
    for i in range(count):
        path = tmp_path / f"r{i:02}.md"
        path.write_text(f"---\ntitle: Release {i}\n---\n\nText number {i} of the batch.\n")
        paths.append(path)
    return paths


def test_helpers_give_the_same_results_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(parse_workers, "FILES_PER_TASK", 2)
    files = _files(tmp_path, 7)
    (tmp_path / "r03.md").write_text("")  # a bad file in the middle
    files[3] = tmp_path / "r03.md"
    here = list(parse_in_order(files, helpers=0))
    there = list(parse_in_order(files, helpers=2))
    assert [type(r).__name__ for r in there] == [type(r).__name__ for r in here]
    assert isinstance(there[3], ImportFailure) and str(there[3]) == str(here[3])
    assert [r.records[0].title for i, r in enumerate(there) if i != 3] == [
        f"Release {i}" for i in range(7) if i != 3
    ]


def test_helper_that_cannot_start_falls_back_to_parsing_here(tmp_path, monkeypatch):
    def no_process(*args, **kwargs):
        raise OSError("no processes allowed")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    results = list(parse_in_order(_files(tmp_path, 3), helpers=2))
    assert [r.records[0].title for r in results] == ["Release 0", "Release 1", "Release 2"]


def test_small_batches_parse_here():
    assert parse_workers.helper_count(3) == 0


def test_parser_bug_becomes_a_crash_record(tmp_path, monkeypatch):
    import app.core.importers as importers

    monkeypatch.setattr(importers, "parse_file", lambda path: 1 / 0)
    result = parse_safely(tmp_path / "x.md")
    assert isinstance(result, Crash) and "ZeroDivisionError" in result.message


def test_stopping_early_ends_the_helpers(tmp_path, monkeypatch):
    monkeypatch.setattr(parse_workers, "FILES_PER_TASK", 1)
    started = []
    real_start = parse_workers._Helper.start

    def start():
        helper = real_start()
        started.append(helper.process)
        return helper

    monkeypatch.setattr(parse_workers._Helper, "start", staticmethod(start))
    results = parse_in_order(_files(tmp_path, 6), helpers=2)
    next(results)
    results.close()
    assert started and all(p.poll() is not None for p in started)

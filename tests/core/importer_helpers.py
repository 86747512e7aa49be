"""Helpers shared by the importer tests: write a file, parse one release, read a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.importers import ImportFailure, ParsedRelease, parse_file


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def one(path: Path) -> ParsedRelease:
    result = parse_file(path)
    assert len(result.records) == 1 and result.failures == ()
    return result.records[0]


def failure(path: Path) -> str:
    with pytest.raises(ImportFailure) as caught:
        parse_file(path)
    assert caught.value.where == ""
    return caught.value.reason

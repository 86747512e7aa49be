"""Bulk files of many releases: CSV/TSV (one row each) and JSON Lines (one object a line).

Columns or keys: title, date, body, url, source, and optionally language and tags (case
and spaces in names do not matter; `text`/`content` for body, `link` for url and a few
more aliases work too). A bad row fails alone; the other rows still import.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping

from app.core.importers.reading import decode
from app.core.importers.records import ImportFailure, ParsedRelease, ParseResult, build

_ALIASES = {
    "body": ("body", "text", "content", "full_text"),
    "title": ("title", "headline", "subject"),
    "date": ("date", "published", "published_date", "pubdate"),
    "url": ("url", "link", "source_url"),
    "source": ("source", "agency", "publisher"),
    "language": ("language", "lang"),
    "tags": ("tags", "keywords"),
}
_FIELD_LIMIT = 64 * 1024 * 1024  # csv's default (128 KB) is smaller than real releases


def parse_tabular(data: bytes, *, filename: str) -> ParseResult:
    """Return a result with one release per good row and one failure per bad row."""
    text, encoding, warnings = decode(data)
    lower = filename.lower()
    if lower.endswith((".jsonl", ".ndjson")):
        rows = _json_lines(text)
    else:
        rows = _csv_rows(text, tab=lower.endswith(".tsv"))
    records: list[ParsedRelease] = []
    failures: list[ImportFailure] = []
    for where, original, row in rows:
        if isinstance(row, ImportFailure):
            failures.append(row)
            continue
        try:
            records.append(_release(row, where, original, encoding, filename, warnings))
        except ImportFailure as failure:
            failures.append(failure)
    if not records and not failures:
        raise ImportFailure("the file holds no releases (no rows after the header)")
    return ParseResult(tuple(records), tuple(failures))


def _release(
    row: Mapping[str, object],
    where: str,
    original: str,
    encoding: str,
    filename: str,
    warnings: tuple[str, ...],
) -> ParsedRelease:
    fields = {key: _pick(row, names) for key, names in _ALIASES.items()}
    body = fields["body"]
    if not isinstance(body, str) or not body.strip():
        raise ImportFailure("the row has no body text", where=where)
    return build(
        body=body,
        markdown=False,
        title=_text(fields["title"]),
        date=_text(fields["date"]),
        original=original,
        original_bytes=original.encode("utf-8", "surrogatepass"),
        encoding=encoding,
        filename=filename,
        source=_text(fields["source"]),
        url=_text(fields["url"]),
        language=_text(fields["language"]),
        warnings=warnings,
        where=where,
        tags=_tags(fields["tags"]),
    )


def _pick(row: Mapping[str, object], names: Iterable[str]) -> object:
    for name in names:
        value = row.get(name)
        if value not in (None, ""):
            return value
    return None


def _text(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _tags(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if not isinstance(value, list | tuple):
        return ()
    return tuple(t for t in (str(v).strip() for v in value if v is not None) if t)


def _key(name: str) -> str:
    return name.strip().lstrip("\ufeff").casefold().replace(" ", "_").replace("-", "_")


def _json_lines(text: str):
    """Yield (where, original line, row or ImportFailure) for each non-blank line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield where, line, ImportFailure(f"not valid JSON ({error.msg})", where=where)
            continue
        if not isinstance(value, dict):
            reason = "expected a JSON object with title, date, body fields"
            yield where, line, ImportFailure(reason, where=where)
            continue
        yield where, line, {_key(str(k)): v for k, v in value.items()}


def _csv_rows(text: str, *, tab: bool):
    """Yield (where, original record text, row or ImportFailure) for each data row.

    `where` is "row N" as a spreadsheet shows it: the header is row 1.
    """
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    lines = text.splitlines(keepends=True)
    if not lines:
        return
    delimiter = "\t" if tab else _delimiter(lines[0])
    reader = csv.reader(iter(lines), delimiter=delimiter)
    try:
        header = [_key(name) for name in next(reader)]
    except (csv.Error, StopIteration) as error:
        raise ImportFailure(f"the CSV header cannot be read ({error})") from None
    if not any(name in header for name in _ALIASES["body"]):
        found = ", ".join(h for h in header if h) or "none"
        raise ImportFailure(f"the CSV file has no 'body' column (columns found: {found})")
    consumed = reader.line_num
    number = 1
    while True:
        number += 1
        where = f"row {number}"
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield (
                where,
                "",
                ImportFailure(f"the CSV cannot be read from here on ({error})", where=where),
            )
            return
        original = "".join(lines[consumed : reader.line_num])
        consumed = reader.line_num
        if not any(f.strip() for f in fields):
            continue  # an empty row still counts as a spreadsheet row
        if len(fields) > len(header):
            reason = f"the row has {len(fields)} fields but the header names {len(header)}"
            yield where, original, ImportFailure(reason, where=where)
            continue
        yield where, original, dict(zip(header, fields, strict=False))


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.__getitem__) if any(counts.values()) else ","

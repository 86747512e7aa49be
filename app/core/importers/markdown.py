"""Markdown releases with an optional YAML front matter block (the corpus format)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import yaml

from app.core import text as textlib
from app.core.importers.records import ImportFailure, ParsedRelease, build, byte_checks

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_Base):  # type: ignore[misc, valid-type]
    """Safe YAML without implicit timestamps.

    Dates stay strings so that `check_date` judges them in plain words (an unquoted
    2022-02-30 would otherwise raise deep inside the constructor), and building datetime
    objects we do not use costs time on every file.
    """


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_CLOSING = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)")  # a literal start: a fast search
_OPENING = re.compile(r"---[ \t]*\n")
_H1 = re.compile(r"\A\s*#[ \t]+(.+?)[ \t#]*(?:\n|\Z)")

TITLE_KEYS = ("title", "headline", "name")
DATE_KEYS = ("date", "published_time", "published", "pubdate", "created")
URL_KEYS = ("source_url", "url", "link", "canonical_url")
SOURCE_KEYS = ("source", "publisher", "agency", "author")
LANGUAGE_KEYS = ("lang", "language")


def split_front_matter(text: str) -> tuple[dict, str]:
    """Return (front matter mapping, body); raise ImportFailure if the block is broken."""
    opening = _OPENING.match(text)
    if not opening:
        return {}, text
    closing = _CLOSING.search(text, opening.end() - 1)
    if not closing:
        raise ImportFailure("the front matter block (opened by ---) is never closed")
    try:
        front = text[opening.end() : closing.start() + 1]
        meta = yaml.load(front, Loader=_FrontMatterLoader)
    except yaml.YAMLError as error:
        raise ImportFailure(
            f"the front matter is not valid YAML ({_yaml_problem(error)})"
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ImportFailure("the front matter is not a list of 'key: value' fields")
    return meta, text[closing.end() :]


def _yaml_problem(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or "cannot be read"
    if mark is not None:
        return f"line {mark.line + 2}: {problem}"  # +1 for 1-based, +1 for the --- line
    return str(problem)


def _first(meta: dict, keys: tuple[str, ...]) -> object:
    for key in keys:
        value = meta.get(key)
        if value not in (None, ""):
            return value
    return None


def site_name(url: str) -> str:
    """Return the host of `url` without a leading "www." ("" if there is none)."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _tags(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        return ()
    return tuple(t for t in (str(v).strip() for v in value if v is not None) if t)


def parse_markdown(
    text: str, *, data: bytes, encoding: str, filename: str, warnings: tuple[str, ...]
) -> ParsedRelease:
    """Return the release in a Markdown file; the front matter gives title, date, URL."""
    meta, body = split_front_matter(textlib.normalise_newlines(text))
    title = _first(meta, TITLE_KEYS)
    if title is None and (heading := _H1.match(body)):
        title, body = heading.group(1), body[heading.end() :]
    url = _first(meta, URL_KEYS)
    url = url if isinstance(url, str) else ""
    source = _first(meta, SOURCE_KEYS)
    release = build(
        body=body,
        markdown=True,
        title=title,
        date=_first(meta, DATE_KEYS),
        original=text,
        original_bytes=data,
        encoding=encoding,
        filename=filename,
        source=source if isinstance(source, str) else site_name(url),
        url=url,
        language=_first(meta, LANGUAGE_KEYS),
        warnings=warnings,
        tags=_tags(meta.get("tags", meta.get("keywords"))),
        **byte_checks(data, encoding),
    )
    return release

"""Search and listing benchmarks on the real corpus (run on demand, not collected by pytest).

    /work/venv/bin/python tests/benchmarks/bench_search.py [--corpus DIR] [--copies 7]
        [--cache DIR] [--rebuild] [--only corpus|100k] [--mmap MB] [--verbose]

Builds (once, cached) a library of the corpus Markdown files (title, date, url, body read
with PyYAML's C loader and inserted straight into the schema), and a ~100,000-release
library (the corpus inserted `--copies` times, each copy with a suffix word and its own
norm_hash). Then measures, side by side in one run:
- `lib.search.list` (relevance, first page of 200, with snippets and tags) against raw
  FTS5 (`SELECT rowid, title ... MATCH ? ORDER BY rank LIMIT 200`) on ~30 typical queries;
- `lib.search.count` on the same queries;
- on the 100k library: the first listing page (sort by date, limit 200), count(), search.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import re
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

import yaml
from sqlite_utils import Database

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.core.models import ListQuery  # noqa: E402
from app.core.search import Search  # noqa: E402
from app.core.search.query import build_text_plan, parse  # noqa: E402
from app.core.storage import search as search_sql  # noqa: E402
from app.core.storage.schema import migrations  # noqa: E402

QUERIES = [
    "biden",
    "harris",
    "mexico",
    "ukraine",
    "covid vaccine",
    '"climate change"',
    "infrastructure",
    "guatemala migration",
    "zelenskyy",
    "china tariffs",
    '"summit of the americas"',
    "jean-pierre",
    "inflation reduction act",
    '"inflation reduction act"',
    "kamala harris",
    "nato",
    "israel gaza",
    "hurricane",
    "supply chain",
    "semiconductors",
    '"chips act"',
    "border security",
    "student loans",
    "putin",
    "afghanistan",
    "tribal nations",
    "opioid",
    "mayorkas",
    "g7 summit",
    '"paris agreement"',
    "honduras OR guatemala",
    "vaccin*",
]
TAGS = ["migration", "mexico", "economy", "climate", "security"]
FRONT = re.compile(r"\A---\n(.*?)\n---\n?(.*)\Z", re.S)


def read_corpus(corpus: Path) -> list[dict]:
    """Return title/date/url/body dicts for every Markdown release in `corpus`."""
    rows = []
    for path in sorted(corpus.glob("*/*/*.md")):
        m = FRONT.match(path.read_text(encoding="utf-8"))
        if not m:
            continue
        meta = yaml.load(m[1], Loader=yaml.CLoader) or {}
        rows.append(
            {
                "title": str(meta.get("title") or path.stem),
                "date": str(meta.get("date") or "") or None,
                "url": str(meta.get("source_url") or ""),
                "source": str(meta.get("tags") or ""),
                "body": m[2].strip(),
            }
        )
    return rows


def build(path: Path, rows: list[dict], copies: int) -> None:
    """Create a library at `path` with `rows` inserted `copies` times (index rebuilt once)."""
    db = Database(path)
    migrations.apply(db)
    trigger = db.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'releases_fts_insert'"
    ).fetchone()[0]
    db.execute("DROP TRIGGER releases_fts_insert")
    rng = random.Random(7)
    with db.atomic():
        n = 0
        for k in range(copies):
            suffix = f" batch{k}" if k else ""
            stamp = f"2026-{1 + k:02d}-15T12:00:00+00:00"
            for i, row in enumerate(rows):
                n += 1
                body = row["body"] + suffix
                db.execute(
                    "INSERT INTO releases(id, title, date, source, url, imported_at, original,"
                    " original_sha256, body, norm_hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [
                        n,
                        row["title"] + suffix,
                        row["date"],
                        row["source"],
                        row["url"],
                        stamp,
                        body,
                        "x",
                        body,
                        f"{k}-{i}",
                    ],
                )
        db.execute(
            "INSERT INTO releases_fts(rowid, title, body, notes)"
            " SELECT id, title, body, '' FROM releases"
        )
        for t, name in enumerate(TAGS, 1):
            db.execute("INSERT INTO tags(id, name) VALUES (?, ?)", [t, name])
        ids = rng.sample(range(1, n + 1), n // 10)
        db.conn.executemany(
            "INSERT INTO release_tags(release_id, tag_id) VALUES (?, ?)",
            [(i, 1 + i % len(TAGS)) for i in ids],
        )
        db.conn.executemany(
            "INSERT INTO notes(release_id, text, created_at, modified_at) VALUES (?,?,'t','t')",
            [(i, "check the briefing notes zebra") for i in ids[:500]],
        )
    db.execute(trigger)
    db.execute("INSERT INTO releases_fts(releases_fts) VALUES ('optimize')")
    db.conn.commit()
    db.close()


def timed(fn, repeat: int = 3) -> float:
    """Return the best of `repeat` runs of fn(), in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def summary(name: str, values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"{name:<40} median {statistics.median(values):7.1f} ms  p95 {p95:7.1f} ms  max {values[-1]:7.1f} ms"


RAW = "SELECT rowid, title FROM releases_fts WHERE releases_fts MATCH ? ORDER BY rank LIMIT 200"
RAW_SNIPPET = (
    "SELECT rowid, title, snippet(releases_fts, -1, char(2), char(3), '…', 24)"
    " FROM releases_fts WHERE releases_fts MATCH ? ORDER BY rank LIMIT 200"
)


def rows_only(db: Database, q: ListQuery) -> None:
    """Run the page and tag queries of search.list without making snippets."""
    parsed = parse(q.text)
    records = search_sql.list_rows(db, q, parsed, build_text_plan(parsed))
    search_sql.tags_for(db, [r["id"] for r in records])


def bench_queries(db: Database, label: str, verbose: bool) -> None:
    """Print search, raw FTS5 and count figures for QUERIES on `db`."""
    search = Search(types.SimpleNamespace(db=db))
    figures: dict[str, list[float]] = {}
    for text in QUERIES:
        match = build_text_plan(parse(text)).match
        q = ListQuery(text=text, sort="relevance", limit=200)
        row = {
            "raw FTS5 (rowid, title; rank; 200)": timed(
                lambda m=match: db.execute(RAW, [m]).fetchall()
            ),
            "raw FTS5 + snippet()": timed(lambda m=match: db.execute(RAW_SNIPPET, [m]).fetchall()),
            "search.list relevance (200)": timed(lambda q=q: search.list(q)),
            "  of which rows + tags (no snippets)": timed(lambda q=q: rows_only(db, q)),
            "search.list relevance + snippets (200)": timed(
                lambda q=q: search.list(dataclasses.replace(q, snippets=True))
            ),
            "search.list by date (200)": timed(
                lambda t=text: search.list(ListQuery(text=t, sort="date"))
            ),
            "search.count": timed(lambda q=q: search.count(q)),
        }
        if verbose:
            print(f"{text:<28}", "  ".join(f"{v:6.1f}" for v in row.values()))
        for name, value in row.items():
            figures.setdefault(name, []).append(value)
    print(f"\n== {label}: {len(QUERIES)} queries, best of 3 each")
    for name, values in figures.items():
        print(summary(name, values))
    pairs = [
        ("search.list relevance (200)", "raw FTS5 (rowid, title; rank; 200)"),
        ("search.list relevance (200)", "raw FTS5 + snippet()"),
        ("  of which rows + tags (no snippets)", "raw FTS5 (rowid, title; rank; 200)"),
    ]
    for name, base in pairs:
        ours, raw = figures[name], figures[base]
        ratios = [o / r for o, r in zip(ours, raw, strict=True) if r > 0]
        print(
            f"{'ratio ' + name.strip() + ' / ' + base:<48} median {statistics.median(ratios):5.2f}x"
            f"  sum {sum(ours) / sum(raw):5.2f}x"
        )


def bench_listing(db: Database) -> None:
    """Print listing figures (first page, count, views) on `db`."""
    search = Search(types.SimpleNamespace(db=db))
    cases = {
        "list all, date desc, 200": ListQuery(),
        "list all, date asc, 200": ListQuery(descending=False),
        "list all, title, 200": ListQuery(sort="title", descending=False),
        "list all, source, 200": ListQuery(sort="source", descending=False),
        "list all, page at offset 50,000": ListQuery(offset=50_000),
        "list tag:migration": ListQuery(tag="migration"),
        "list since/until 2022-05": ListQuery(since="2022-05-01", until="2022-05-31"),
        "list view recent": ListQuery(view="recent"),
        "list view annotated": ListQuery(view="annotated"),
        "list view untagged": ListQuery(view="untagged"),
        "list view trash": ListQuery(view="trash"),
    }
    print("\n== listing (best of 3)")
    for name, q in cases.items():
        page, total = timed(lambda q=q: search.list(q)), timed(lambda q=q: search.count(q))
        print(f"{name:<38} list {page:7.1f} ms  count {total:7.1f} ms")
    print(f"{'sources()':<38} {timed(search.sources):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/corpus/wh-briefings"))
    parser.add_argument("--copies", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "bb-bench")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print each query's figures")
    parser.add_argument("--only", choices=["corpus", "100k"], help="run one library only")
    parser.add_argument("--mmap", type=int, default=0, help="PRAGMA mmap_size in MB (0: off)")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    small, big = args.cache / "corpus.db", args.cache / f"corpus-x{args.copies}.db"
    if args.rebuild or not (small.exists() and big.exists()):
        for p in (small, big):
            p.unlink(missing_ok=True)
        start = time.perf_counter()
        rows = read_corpus(args.corpus)
        build(small, rows, 1)
        build(big, rows, args.copies)
        print(
            f"built {len(rows)} / {len(rows) * args.copies} releases in {time.perf_counter() - start:.0f} s"
        )
    paths = {"corpus": [small], "100k": [big]}.get(args.only, [small, big])
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    for path in paths:
        db = Database(path)
        if args.mmap:
            db.execute(f"PRAGMA mmap_size = {args.mmap * 1024 * 1024}")
        n = db.execute("SELECT count(*) FROM releases").fetchone()[0]
        bench_queries(db, f"{path.name} ({n:,} releases)", args.verbose)
        bench_listing(db)
        db.close()
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

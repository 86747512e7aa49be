"""Word export benchmark on books built from the corpus (run on demand, not collected).

    /work/venv/bin/python tests/benchmarks/bench_export_docx.py [--corpus DIR] [--rounds 3]

Side by side in one run:
- docx-50:   exporters.docx.write_docx on a 50-release book (notes, highlights with
             comments, tags), median of --rounds, each in a fresh child process (the
             timing covers write_docx only, not building the Book);
- pandoc-50: `pandoc -f markdown -t docx` on a Markdown file of the same text (headings,
             meta lines, notes, bodies), median of --rounds, timed around pandoc alone;
- docx-500:  write_docx on a 500-release book in a child process, with its peak RSS.
Targets (issue 3): docx-50 <= pandoc-50; docx-500 peak memory < 600 MB. Exits 1 if missed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from exporters.book import Book, Cover, Entry, Highlight, Section  # noqa: E402

DEFAULT_CORPUS = Path("/work/corpus/wh-briefings")
TALKING_POINTS = "Open with thanks for the invitation.\n- Trade: progress since March\n- Energy\n  - supply chains\n\nClose with the joint statement."


def _release_files(corpus: Path, count: int) -> list[Path]:
    files = sorted(p for p in corpus.rglob("*.md") if p.parent != corpus)
    step = max(1, len(files) // count)
    return files[::step][:count]


def _parse(path: Path) -> tuple[dict, list[str]]:
    import yaml

    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    meta = yaml.load(front, Loader=yaml.CLoader) or {}
    paragraphs = [" ".join(block.split()) for block in body.split("\n\n")]
    return meta, [p for p in paragraphs if p]


def build_book(corpus: Path, count: int) -> Book:
    """Return a book of `count` corpus releases, with a note and highlights on each."""
    entries = []
    for index, path in enumerate(_release_files(corpus, count)):
        meta, paragraphs = _parse(path)
        highlights = []
        for number, paragraph in enumerate(paragraphs[:3]):
            end = min(len(paragraph), 40)
            highlights.append(Highlight(number, 0, end, f"Comment {number} on release {index}"))
        raw_date = str(meta.get("date", ""))[:10]
        entries.append(
            Entry(
                key=f"r{index}",
                title=str(meta.get("title", path.stem)),
                date=date.fromisoformat(raw_date) if raw_date else None,
                source="The White House",
                url=str(meta.get("source_url", "")),
                tags=(str(meta.get("tags", "release")), "benchmark"),
                paragraphs=tuple(paragraphs),
                notes=(f"Note for release {index}: check the figures.",),
                highlights=tuple(highlights),
            )
        )
    sections = (
        Section("tp", "Talking points", TALKING_POINTS),
        Section("pr", "Press releases", "Newest first.", tuple(entries)),
    )
    cover = Cover(title=f"Benchmark book ({count} releases)", prepared_by="Benchmark")
    return Book(cover=cover, marking="UNCLASSIFIED", sections=sections)


def book_markdown(book: Book) -> str:
    """Return the same text as Markdown for pandoc."""
    lines = [f"% {book.cover.title}", ""]
    for section in book.sections:
        lines += [f"# {section.heading}", "", section.text, ""]
        for entry in section.entries:
            lines += [
                f"## {entry.title}",
                "",
                f"{entry.date} · {entry.source} · {', '.join(entry.tags)}",
                "",
            ]
            lines += [f"<{entry.url}>", ""] if entry.url else []
            lines += [f"> {note}" for note in entry.notes] + [""]
            for paragraph in entry.paragraphs:
                lines += [paragraph, ""]
    return "\n".join(lines)


def child(corpus: Path, count: int, out: Path) -> None:
    """Build the book, write it, print seconds and peak RSS as JSON (child process)."""
    from exporters.docx import write_docx

    book = build_book(corpus, count)
    start = time.perf_counter()
    write_docx(book, out)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "bytes": out.stat().st_size}))


def _run_child(corpus: Path, count: int, out: Path) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        str(count),
        "--corpus",
        str(corpus),
        "--out",
        str(out),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _pandoc(markdown: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "docx", "-o", str(out), str(markdown)], check=True
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", type=int)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.corpus, args.child, args.out)
        return 0
    if shutil.which("pandoc") is None:
        print("pandoc is not installed (apt-get install -y pandoc)")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = build_book(args.corpus, 50)
        markdown = folder / "book.md"
        markdown.write_text(book_markdown(book), encoding="utf-8")
        characters = sum(len(p) for e in book.entries for p in e.paragraphs)
        ours, theirs = [], []
        for _ in range(args.rounds):
            ours.append(_run_child(args.corpus, 50, folder / "ours.docx")["seconds"])
            theirs.append(_pandoc(markdown, folder / "pandoc.docx"))
        big = _run_child(args.corpus, 500, folder / "big.docx")
    docx_50, pandoc_50 = statistics.median(ours), statistics.median(theirs)
    print(f"50-release book: {characters:,} body characters")
    print(f"  docx-50    {docx_50:6.3f} s   (rounds: {', '.join(f'{s:.3f}' for s in ours)})")
    print(f"  pandoc-50  {pandoc_50:6.3f} s   (rounds: {', '.join(f'{s:.3f}' for s in theirs)})")
    print(f"  ratio docx/pandoc = {docx_50 / pandoc_50:.2f} (target <= 1.00)")
    print(
        f"500-release book: docx-500 {big['seconds']:.2f} s, peak RSS {big['peak_mb']:.0f} MB "
        f"(target < 600 MB), file {big['bytes'] / 1e6:.1f} MB"
    )
    ok = docx_50 <= pandoc_50 and big["peak_mb"] < 600
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

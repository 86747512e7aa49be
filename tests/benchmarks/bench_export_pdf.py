"""PDF export benchmark on books built from the corpus (run on demand, not collected).

    /work/venv/bin/python tests/benchmarks/bench_export_pdf.py [--corpus DIR] [--rounds 3]

Side by side in one run, each measurement in a fresh child process, timed around the
export call alone (building the Book from the corpus is not timed). Verdicts compare
median CPU seconds (the machine is shared and wall time swings with others' load);
wall seconds of every round are printed too:
- pdf-50:    exporters.pdf.write_pdf on the 50-release book of bench_export_docx (notes,
             highlights with comments, tags), median of --rounds;
- bare-50:   a bare reportlab build of the same titles and paragraphs (SimpleDocTemplate,
             built-in Helvetica, escaped text; no cover, contents, fonts or marking);
- lo-50:     LibreOffice converting our own DOCX of the same book to PDF (soffice
             --headless --convert-to pdf, warm profile), when exporters.docx is present;
- pdf-500:   write_pdf on the 500-release book, with the child's peak RSS.
Targets (issue 3): pdf-50 <= 3 x bare-50; lo-50 >= 3 x pdf-50; pdf-500 peak < 600 MB.
Exits 1 if a target is missed.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_export_docx import DEFAULT_CORPUS, build_book  # noqa: E402  (the same books)


def _child(kind: str, count: int, corpus: Path, out: Path) -> dict:
    """Run one measurement in this (child) process; return its figures."""
    book = build_book(corpus, count)
    start, cpu_start = time.perf_counter(), time.process_time()
    pages = None
    if kind == "pdf":
        from exporters.pdf import write_pdf

        pages = write_pdf(book, out).pages
    elif kind == "bare":
        pages = _bare_reportlab(book, out)
    elif kind == "docx":
        from exporters.docx import write_docx

        write_docx(book, out)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "pages": pages}


def _bare_reportlab(book, out: Path) -> int:
    """Return the page count of the plainest reportlab build of the book's text."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    sheet = getSampleStyleSheet()
    story = []
    for entry in book.entries:
        story.append(Paragraph(escape(entry.title), sheet["Heading2"]))
        story += [Paragraph(escape(p), sheet["BodyText"]) for p in entry.paragraphs]
        story.append(PageBreak())
    doc = SimpleDocTemplate(str(out), pagesize=A4)
    doc.build(story)
    return doc.page


def _run_child(kind: str, count: int, corpus: Path, out: Path) -> dict:
    args = [
        sys.executable,
        __file__,
        "--child",
        kind,
        str(count),
        str(out),
        "--corpus",
        str(corpus),
    ]
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _libreoffice(docx: Path, outdir: Path, profile: Path) -> tuple[float, float]:
    """Return (wall, CPU) seconds LibreOffice takes to convert `docx` to PDF."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    args = [
        soffice,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(docx),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, timeout=900)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "COUNT", "OUT"))
    args = parser.parse_args()
    if args.child:
        kind, count, out = args.child
        print(json.dumps(_child(kind, int(count), args.corpus, Path(out))))
        return 0

    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    rows: dict[str, list[tuple[float, float]]] = {"pdf": [], "bare": [], "lo": []}
    pages: dict[str, int] = {}
    has_docx = _has_docx()
    has_lo = bool(shutil.which("soffice") or shutil.which("libreoffice"))
    if has_docx and has_lo:
        docx = work / "book50.docx"
        _run_child("docx", 50, args.corpus, docx)
        _libreoffice(docx, work / "lo", work / "lo-profile")  # warm-up: profile creation
    for _ in range(args.rounds):
        for kind in ("pdf", "bare"):
            result = _run_child(kind, 50, args.corpus, work / f"{kind}50.pdf")
            rows[kind].append((result["seconds"], result["cpu"]))
            pages[kind] = result["pages"]
        if has_docx and has_lo:
            rows["lo"].append(_libreoffice(docx, work / "lo", work / "lo-profile"))
    big = _run_child("pdf", 500, args.corpus, work / "book500.pdf")

    # The machine is shared: wall time swings with other people's load, CPU time does not.
    # Verdicts use median CPU seconds; wall seconds are printed beside them.
    cpu = {kind: statistics.median(c for _, c in values) for kind, values in rows.items() if values}
    for kind, label in (("pdf", "pdf-50 "), ("bare", "bare-50"), ("lo", "lo-50  ")):
        if rows[kind]:
            walls = _fmt([w for w, _ in rows[kind]])
            extra = f"({pages[kind]} pages)" if kind in pages else "(LibreOffice, our DOCX -> PDF)"
            print(f"{label}  CPU {cpu[kind]:6.2f} s  wall rounds: {walls}  {extra}")
    ok = True
    ratio = cpu["pdf"] / cpu["bare"]
    ok &= _verdict(f"pdf-50 / bare-50 = {ratio:.2f} (target <= 3)", ratio <= 3)
    if rows["lo"]:
        speedup = cpu["lo"] / cpu["pdf"]
        ok &= _verdict(f"lo-50 / pdf-50 = {speedup:.2f} (target >= 3)", speedup >= 3)
    else:
        why = "exporters.docx missing" if not has_docx else "LibreOffice not installed"
        print(f"lo-50    skipped: {why}")
    print(
        f"pdf-500  CPU {big['cpu']:6.2f} s  wall {big['seconds']:.2f} s  ({big['pages']} pages), "
        f"peak RSS {big['peak_mb']:.0f} MB"
    )
    ok &= _verdict(f"pdf-500 peak {big['peak_mb']:.0f} MB (target < 600)", big["peak_mb"] < 600)
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


def _has_docx() -> bool:
    try:
        import exporters.docx  # noqa: F401
    except ImportError:
        return False
    return True


def _fmt(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def _verdict(text: str, passed: bool) -> bool:
    print(("PASS  " if passed else "FAIL  ") + text)
    return passed


if __name__ == "__main__":
    sys.exit(main())

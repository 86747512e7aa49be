"""Import benchmark on the real corpus (run on demand, not collected by pytest).

    /work/venv/bin/python tests/benchmarks/bench_import.py [--corpus DIR] [--rounds 1]

Runs, side by side in one run and each in a fresh child process (so peak memory is its own):
- floor:    the least work an import must do: read each Markdown file, parse its front
            matter with PyYAML's C loader, insert title, date, url, body into SQLite with an
            FTS5 index, in one transaction (WAL file on disk);
- parse:    app.core.importers.discover + parse_file on every file, no database (IMPORT's
            share of the pipeline);
- import:   Library.open(new file, seed=False).import_paths([corpus]) - the whole pipeline
            (parsing runs in helper processes, storing in the importing process);
- reimport: the same import again into that library (everything is a duplicate).
Prints wall and CPU seconds and peak RSS per mode, and the import/floor wall-time ratio
(target <= 1.5x, < 300 MB for the importing process plus its helpers). Wall times are only
meaningful on an otherwise idle machine; run --rounds 3 for medians.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = Path("/work/corpus/wh-briefings")
MODES = ("floor", "parse", "import")


def _cpu_seconds() -> float:
    """Return CPU seconds used so far by this process and its finished helper processes."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _own_cpu_seconds() -> float:
    """Return CPU seconds used by this process alone (the importing process)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    """Return this process's peak resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _helper_peak_mb() -> float:
    """Return the largest peak resident memory of any finished helper process."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _markdown_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.md") if p.parent != corpus)


def run_floor(corpus: Path, db_path: Path) -> dict:
    """Return timings of the floor import."""
    import yaml

    start = time.perf_counter()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE r (id INTEGER PRIMARY KEY, title TEXT, date TEXT, url TEXT, body TEXT)"
    )
    conn.execute("CREATE VIRTUAL TABLE r_fts USING fts5(title, body)")
    conn.execute("BEGIN")
    count = 0
    for path in _markdown_files(corpus):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---", 2)
        meta = yaml.load(front, Loader=yaml.CLoader) or {}
        row = (
            str(meta.get("title", "")),
            str(meta.get("date", "")),
            meta.get("source_url", ""),
            body,
        )
        rowid = conn.execute(
            "INSERT INTO r (title, date, url, body) VALUES (?, ?, ?, ?)", row
        ).lastrowid
        conn.execute(
            "INSERT INTO r_fts (rowid, title, body) VALUES (?, ?, ?)", (rowid, row[0], body)
        )
        count += 1
    conn.execute("COMMIT")
    conn.close()
    return {"seconds": time.perf_counter() - start, "files": count}


def run_parse(corpus: Path) -> dict:
    """Return timings of parsing every file with the app's importers (no database)."""
    from app.core.importers import ImportFailure, discover, parse_file

    start = time.perf_counter()
    count = failed = 0
    for path in discover([corpus]):
        try:
            count += len(parse_file(path))
        except ImportFailure:
            failed += 1
    return {"seconds": time.perf_counter() - start, "files": count, "failed": failed}


def run_import(corpus: Path, db_path: Path) -> dict:
    """Return timings of the app's import, then of importing the same folder again."""
    from app.core.library import Library

    start, cpu_start, own_start = time.perf_counter(), _cpu_seconds(), _own_cpu_seconds()
    with Library.open(db_path, seed=False) as lib:
        report = lib.import_paths([corpus])
        first, first_cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
        own_cpu = _own_cpu_seconds() - own_start
        again_start = time.perf_counter()
        again = lib.import_paths([corpus])
        second = time.perf_counter() - again_start
    return {
        "seconds": first,
        "cpu": first_cpu,
        "own_cpu": own_cpu,
        "files": len(report.outcomes),
        "summary": report.summary(),
        "reimport_seconds": second,
        "reimport_summary": again.summary(),
    }


def child(mode: str, corpus: Path) -> None:
    """Run one mode and print its figures as JSON (called in a fresh process)."""
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        cpu_start = _cpu_seconds()
        if mode == "floor":
            result = run_floor(corpus, db_path)
        elif mode == "parse":
            result = run_parse(corpus)
        else:
            result = run_import(corpus, db_path)
        result.setdefault("cpu", _cpu_seconds() - cpu_start)
        result["peak_mb"] = _peak_mb()
        result["helper_peak_mb"] = _helper_peak_mb()
        if db_path.exists():
            result["db_mb"] = db_path.stat().st_size / 2**20
    print(json.dumps(result))


def _spawn(mode: str, corpus: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--corpus", str(corpus)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def helper_count(files: int) -> int:
    """Return how many parse helpers the app uses for a batch of `files`."""
    sys.path.insert(0, str(ROOT))
    from app.core.parse_workers import helper_count as count

    return count(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", choices=MODES)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpus)
        return
    results: dict[str, list[dict]] = {m: [] for m in MODES}
    for _ in range(args.rounds):
        for mode in MODES:  # interleaved, so machine load affects every mode alike
            results[mode].append(_spawn(mode, args.corpus))
    _report(results)


def _report(results: dict[str, list[dict]]) -> None:
    wall = {m: statistics.median(r["seconds"] for r in rs) for m, rs in results.items()}
    cpu = {m: statistics.median(r["cpu"] for r in rs) for m, rs in results.items()}
    peak = {m: max(r["peak_mb"] for r in rs) for m, rs in results.items()}
    helper_peak = max(r["helper_peak_mb"] for r in results["import"])
    print(f"{'mode':8} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}  files")
    for mode in MODES:
        last = results[mode][-1]
        print(f"{mode:8} {wall[mode]:8.2f} {cpu[mode]:8.2f} {peak[mode]:8.1f}  {last['files']}")
    last = results["import"][-1]
    print(f"import:   {last['summary']}")
    print(f"reimport: {last['reimport_seconds']:.2f} s wall, {last['reimport_summary']}")
    helpers = helper_count(last["files"])
    total_peak = peak["import"] + helpers * helper_peak
    ratio = wall["import"] / wall["floor"]
    speed = "met" if ratio <= 1.5 else "NOT MET"
    memory = "met" if total_peak < 300 else "NOT MET"
    print(
        f"import / floor = {ratio:.2f}x wall (target <= 1.5x: {speed}); memory: importing "
        f"process {peak['import']:.0f} MB + {helpers} parse helpers of <= {helper_peak:.0f} MB "
        f"each = <= {total_peak:.0f} MB (target < 300 MB: {memory})"
    )
    own = statistics.median(r["own_cpu"] for r in results["import"])
    print(
        f"cpu: import, all processes {cpu['import'] / cpu['floor']:.2f}x the floor; "
        f"the importing process alone (storing, the critical path when cores are free) "
        f"{own:.2f} s = {own / cpu['floor']:.2f}x; parsing alone {cpu['parse'] / cpu['floor']:.2f}x"
    )
    print(
        f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"on {os.cpu_count()} cores (wall times need an idle machine)"
    )


if __name__ == "__main__":
    main()

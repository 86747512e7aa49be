"""Parse throughput of app.core.importers over the real corpus (run on demand).

    /work/venv/bin/python tests/benchmarks/bench_parse.py [--corpus DIR] [--rounds 3]

Reports files/s for discover + parse_file (no database), CPU time next to wall time (the
machine may be shared), and the slowest files. The corpus is $BRIEFBOOK_CORPUS or
/work/corpus/wh-briefings.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.core.importers import ImportFailure, discover, parse_file  # noqa: E402

DEFAULT = Path(os.environ.get("BRIEFBOOK_CORPUS", "/work/corpus/wh-briefings"))


def run(corpus: Path) -> dict:
    """Return timings of one discover + parse pass over `corpus`."""
    wall, cpu = time.perf_counter(), time.process_time()
    files = list(discover([corpus]))
    discovered = time.perf_counter() - wall
    failures, slowest = 0, []
    for path in files:
        start = time.perf_counter()
        try:
            parse_file(path)
        except ImportFailure:
            failures += 1
        slowest.append((time.perf_counter() - start, path.name))
    return {
        "files": len(files),
        "failures": failures,
        "discover_s": discovered,
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
        "slowest": sorted(slowest, reverse=True)[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus}")
    results = [run(args.corpus) for _ in range(args.rounds)]
    for number, result in enumerate(results, start=1):
        print(
            f"round {number}: {result['files']} files, {result['failures']} failures, "
            f"wall {result['wall_s']:.2f} s ({result['files'] / result['wall_s']:.0f} files/s), "
            f"cpu {result['cpu_s']:.2f} s ({result['files'] / result['cpu_s']:.0f} files/s), "
            f"discover {result['discover_s']:.2f} s"
        )
    best = min(results, key=lambda r: r["cpu_s"])
    print(f"best: {best['files'] / best['cpu_s']:.0f} files/s of CPU time")
    print("slowest:", ", ".join(f"{name} {t * 1000:.0f} ms" for t, name in best["slowest"]))


if __name__ == "__main__":
    main()

"""Parsing many files ahead of the caller in worker processes.

Storing a release (SQLite, FTS5) and parsing the next ones (pure Python) can run at the
same time on two cores; threads cannot, because parsing holds the GIL. Each worker is a
plain child process (`python -m app.core.importers.worker`, see worker.py): no fork of a
process that may hold Qt threads or SQLite connections, and no re-import of the caller's
main script. Results come back in the order of the paths, and only a few chunks are in
flight at any time, so memory stays flat however large the batch.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from app.core.importers.frames import read_frame, write_frame
from app.core.importers.records import ImportFailure, ParseResult

Outcome = ParseResult | ImportFailure
MIN_FILES_FOR_WORKERS = 200  # below this, starting processes costs more than it saves
CHUNK = 32  # files per request: amortises the hand-over, keeps the flow steady
AHEAD = 2  # requests in flight per worker (a few KB each: never fills a pipe)
_ROOT = Path(__file__).resolve().parents[3]  # the folder holding the `app` package


def default_workers() -> int:
    """Return how many worker processes to use: one core stays with the caller."""
    return max(1, min(3, (os.cpu_count() or 1) - 1))


def parse_one(path: str | os.PathLike[str]) -> Outcome:
    """Return the ParseResult of `path`, or the ImportFailure that explains why not."""
    from app.core.importers import parse_file

    try:
        return parse_file(path)
    except ImportFailure as failure:
        return failure
    except Exception as error:  # a parser bug must cost one file, never the batch
        return ImportFailure(f"the file could not be parsed ({type(error).__name__})")


def parse_many(
    paths: Iterable[str | os.PathLike[str]], *, workers: int | None = None
) -> Iterator[tuple[Path, Outcome]]:
    """Yield (path, ParseResult or ImportFailure) for every path, in order.

    Parses ahead in `workers` child processes (None: default_workers(); 0: in this
    process). Small batches are parsed here; if a worker cannot start or dies, the rest
    is parsed here. Never raises for a bad file; closing the iterator stops the workers.
    """
    items = [Path(p) for p in paths]
    count = default_workers() if workers is None else workers
    if count <= 0 or len(items) < MIN_FILES_FOR_WORKERS or getattr(sys, "frozen", False):
        yield from _inline(items)
        return
    yield from _pooled(items, count)


def _inline(items: Iterable[Path]) -> Iterator[tuple[Path, Outcome]]:
    for path in items:
        yield path, parse_one(path)


def _start(count: int) -> list[subprocess.Popen[bytes]]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "app.core.importers.worker"]
    return [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        for _ in range(count)
    ]


def _pooled(items: list[Path], count: int) -> Iterator[tuple[Path, Outcome]]:
    chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    try:
        workers = _start(min(count, len(chunks)))
    except OSError:
        yield from _inline(items)
        return
    sent = done = 0
    try:
        # Chunk i goes to worker i % n, so reading the workers in turn keeps the order.
        while sent < min(len(chunks), len(workers) * AHEAD):
            _send(workers[sent % len(workers)], chunks[sent])
            sent += 1
        while done < len(chunks):
            outcomes = read_frame(workers[done % len(workers)].stdout)
            if not isinstance(outcomes, list) or len(outcomes) != len(chunks[done]):
                break  # the worker died: parse what is left here
            if sent < len(chunks):
                _send(workers[sent % len(workers)], chunks[sent])
                sent += 1
            yield from zip(chunks[done], outcomes, strict=True)
            done += 1
    except (OSError, EOFError, ValueError):
        pass
    finally:
        _stop(workers)
    yield from _inline(path for chunk in chunks[done:] for path in chunk)


def _send(worker: subprocess.Popen[bytes], chunk: list[Path]) -> None:
    write_frame(worker.stdin, [str(path) for path in chunk])


def _stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        with contextlib.suppress(OSError):
            worker.stdin.close()
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        worker.stdout.close()

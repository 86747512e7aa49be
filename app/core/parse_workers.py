"""Parse files in helper processes while the caller stores what is already parsed.

Parsing is pure Python and the slowest part of a large import; SQLite work stays in the
calling process (on its thread). Helpers are plain `python -c` child processes fed over
pipes, not `multiprocessing`: spawning that way would re-run an unguarded main script in
every helper, and forking a process that runs Qt threads is unsafe.

`parse_in_order(files)` yields, for each file in order, a ParseResult, an ImportFailure or
a `Crash`, and never raises for a bad file. Small batches, single-core machines and any
trouble with a helper fall back to parsing in this process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import app

PARALLEL_MIN_FILES = 1000  # below this, starting helpers costs more than it saves
MAX_HELPERS = 4
FILES_PER_TASK = 16
TASKS_AHEAD = 8  # per helper; bounds the parsed text waiting in pipes and memory
_FRAME = struct.Struct("<Q")  # each result message: its length, then the pickle
_HELPER_CODE = "from app.core.parse_workers import helper_main; helper_main()"


class Crash:
    """A parser bug met on one file (kept as text: the exception may not pickle)."""

    def __init__(self, message: str) -> None:
        self.message = message


def parse_safely(path: Path) -> Any:
    """Return parse_file(path), or the ImportFailure, or a Crash; never raise."""
    import app.core.importers as importers

    try:
        return importers.parse_file(path)
    except importers.ImportFailure as failure:
        return failure
    except Exception as error:  # a parser bug must cost one file, not the batch
        return Crash(f"{type(error).__name__}: {error}")


def helper_count(files: int) -> int:
    """Return how many helper processes suit a batch of `files` (0: parse here)."""
    if files < PARALLEL_MIN_FILES or getattr(sys, "frozen", False):
        # A frozen app's sys.executable is the app itself, not a Python to run helpers with.
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return min(MAX_HELPERS, cores) if cores > 1 else 0


def parse_in_order(files: list[Path], helpers: int | None = None) -> Iterator[Any]:
    """Yield the parse result of each file, in order (see the module docstring)."""
    count = helper_count(len(files)) if helpers is None else helpers
    if count <= 0:
        yield from (parse_safely(p) for p in files)
        return
    tasks = [files[i : i + FILES_PER_TASK] for i in range(0, len(files), FILES_PER_TASK)]
    pool = [_Helper.start() for _ in range(count)]
    try:
        sent = 0
        for index, task in enumerate(tasks):
            # Keep every helper busy a few tasks ahead; task i always goes to helper i % count.
            while sent < len(tasks) and sent < index + count * TASKS_AHEAD:
                pool[sent % count].send(tasks[sent])
                sent += 1
            results = pool[index % count].receive()
            yield from results if results is not None else (parse_safely(p) for p in task)
    finally:
        for helper in pool:
            helper.stop()


class _Helper:
    """One helper process; if it cannot start or dies, its tasks are parsed here.

    A thread drains the helper's output as it comes, so the helper never waits on a full
    pipe while the importing process is busy storing (the reads release the GIL; the
    unpickling happens in the caller's thread).
    """

    def __init__(self, process: subprocess.Popen | None) -> None:
        self.process = process
        self.waiting = 0  # tasks sent and not yet received
        self.results: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.reader: threading.Thread | None = None
        if process is not None:
            self.reader = threading.Thread(target=self._drain, args=(process.stdout,), daemon=True)
            self.reader.start()

    @classmethod
    def start(cls) -> _Helper:
        root = str(Path(app.__file__).resolve().parent.parent)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
        }
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _HELPER_CODE],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
        except OSError:
            return cls(None)
        return cls(process)

    def _drain(self, stream: IO[bytes]) -> None:
        """Queue each result message read from `stream`; queue None at its end."""
        try:
            while len(head := stream.read(_FRAME.size)) == _FRAME.size:
                (size,) = _FRAME.unpack(head)
                data = stream.read(size)
                if len(data) != size:
                    break
                self.results.put(data)
        except (OSError, ValueError):  # the pipe closed under us (stop)
            pass
        self.results.put(None)

    def send(self, paths: list[Path]) -> None:
        if self.process is not None:
            try:
                pickle.dump([str(p) for p in paths], self.process.stdin)
                self.process.stdin.flush()
            except OSError:
                self._broken()
        self.waiting += 1

    def receive(self) -> list[Any] | None:
        """Return the results of the oldest task sent, or None if this helper failed."""
        self.waiting -= 1
        if self.process is None:
            return None
        data = self.results.get()
        try:
            if data is None:
                raise EOFError
            return pickle.loads(data)
        except Exception:  # EOF, a crash, a result that would not unpickle
            self._broken()
            return None

    def _broken(self) -> None:
        self.stop()
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        # Results still coming are not wanted: end the helper now rather than after the
        # tasks waiting in its input (it holds no state worth a clean exit).
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        self.process.kill()
        self.process.wait()
        if self.reader is not None:
            self.reader.join(timeout=5)  # the kill closed the pipe: the reader sees its end
        with contextlib.suppress(OSError):
            self.process.stdout.close()


def helper_main(stdin: IO[bytes] | None = None, stdout: IO[bytes] | None = None) -> None:
    """Run as a helper: read lists of paths, write lists of parse results, until EOF."""
    source = stdin or sys.stdin.buffer
    sink = stdout or sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but results may reach the pipe
    while True:
        try:
            paths = pickle.load(source)
        except EOFError:
            return
        results = [parse_safely(Path(p)) for p in paths]
        try:
            data = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # one result will not pickle: send a Crash in its place
            data = pickle.dumps([_picklable(r) for r in results], protocol=pickle.HIGHEST_PROTOCOL)
        try:
            sink.write(_FRAME.pack(len(data)) + data)
            sink.flush()
        except OSError:  # the importing process stopped listening (cancel, error)
            return


def _picklable(result: Any) -> Any:
    """Return `result`, or a Crash if it cannot be passed back to the importing process."""
    try:
        pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        return Crash(f"result could not be passed back ({type(error).__name__})")
    return result

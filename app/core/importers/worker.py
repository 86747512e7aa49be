"""A parsing worker: `python -m app.core.importers.worker`, driven by parallel.parse_many.

Reads frames (an 8-byte length, then a pickled list of paths) on stdin and answers each
with a frame holding the pickled list of outcomes (ParseResult or ImportFailure). Stops at
the end of stdin or on an empty list. Only the parent that started it writes to it.
"""

from __future__ import annotations

import os
import sys

from app.core.importers.frames import read_frame, write_frame


def main() -> None:
    """Answer parse requests until stdin ends."""
    from app.core.importers.parallel import parse_one

    # Frames go to the real stdout; anything a library prints goes to stderr instead.
    sink = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    source = sys.stdin.buffer
    while True:
        paths = read_frame(source)
        if not paths:
            return
        write_frame(sink, [parse_one(path) for path in paths])


if __name__ == "__main__":
    main()

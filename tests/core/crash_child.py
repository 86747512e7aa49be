"""Child process for test_crash_loop: makes changes forever and prints each committed one.

Usage: python crash_child.py LIBRARY IMPORT_DIR ROUND. Each line on stdout is printed only
after the change's transaction committed:  tag <release id> <tag name> |
note <release id> <text> | import <release id> <marker>.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.core.library import Library  # noqa: E402


def main(library: str, import_dir: str, round_no: str) -> None:
    """Change the library until killed."""
    rng = random.Random(round_no)
    lib = Library.open(library, seed=False)
    release_ids = [row.id for row in _ids(lib)]
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        key = f"r{round_no}x{n}"
        kind = rng.choice(("tag", "note", "import"))
        target = rng.choice(release_ids)
        if kind == "tag":
            lib.tags.apply([target], [f"tag-{key}"])
            print(f"tag {target} tag-{key}", flush=True)
        elif kind == "note":
            lib.annotations.add_note(target, f"note {key}")
            print(f"note {target} note {key}", flush=True)
        else:
            path = Path(import_dir) / f"{key}.md"
            body = f"Imported release {key}.\n\n" + f"Paragraph {key}. " * rng.randint(1, 400)
            path.write_text(f"# Import {key}\n\n{body}\n", encoding="utf-8")
            report = lib.import_paths([path])
            (release_id,) = report.imported_ids
            release_ids.append(release_id)
            print(f"import {release_id} {key}", flush=True)


def _ids(lib: Library) -> list:
    from app.core.models import ListQuery

    return lib.search.list(ListQuery(limit=1000))


if __name__ == "__main__":
    main(*sys.argv[1:4])

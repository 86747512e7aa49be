"""Every release of the real corpus parses, with its title and date from its front matter.

The corpus is found at $BRIEFBOOK_CORPUS, else /work/corpus/wh-briefings, else unpacked from
the archive ../shared/corpus/wh-briefings.tar.xz beside the checkout (about 15 s); without
any of them the test is skipped and says so.
"""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

import pytest
import yaml

from app.core.importers import ImportFailure, discover, parse_file

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = [Path("/work/corpus/wh-briefings")]
ARCHIVES = [
    ROOT.parent / "shared" / "corpus" / "wh-briefings.tar.xz",
    Path("/work/shared/corpus/wh-briefings.tar.xz"),
]
CORPUS_SIZE = 14396
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    if os.environ.get("BRIEFBOOK_CORPUS"):
        return Path(os.environ["BRIEFBOOK_CORPUS"])
    for folder in FOLDERS:
        if folder.is_dir():
            return folder
    for archive in ARCHIVES:
        if archive.is_file():
            target = tmp_path_factory.mktemp("corpus")
            with tarfile.open(archive) as tar:
                tar.extractall(target, filter="data")
            return target / "wh-briefings"
    pytest.skip("corpus not found: set BRIEFBOOK_CORPUS or provide wh-briefings.tar.xz")


def _front_matter(path: Path) -> dict:
    """Read the front matter independently of the importer (the YAML block only)."""
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("---\n", 2)[1], Loader=Loader)


@pytest.mark.slow
def test_every_corpus_release_parses_with_front_matter_title_and_date(corpus):
    files = list(discover([corpus]))
    assert len(files) == CORPUS_SIZE
    assert not {"README.md", "LICENSE", "rss.xml"} & {p.name for p in files}
    failures, mismatches = [], []
    for path in files:
        try:
            (release,) = parse_file(path).records
        except ImportFailure as failure:
            failures.append(f"{path.name}: {failure}")
            continue
        meta = _front_matter(path)
        # Runs of spaces collapse in titles; no-break spaces (YAML `\_`) stay; U+FFFC (in
        # 53 titles, an object placeholder no document can show) goes.
        title = str(meta["title"]).replace("\ufffc", "")
        title = " ".join(part for part in title.split(" ") if part)
        if (release.title, release.date) != (title, str(meta["date"])) or release.title_proposed:
            mismatches.append(f"{path.name}: {release.title!r} {release.date}")
        if not release.body:
            failures.append(f"{path.name}: empty body")
    assert failures == []
    assert mismatches == []

"""Hostile input at scale: arbitrary text through import, search, tags, notes and exports.

Nothing may raise except a plain-words LibraryError refusing a name or note (blank, or
holding control characters), and exported text must come back as it was stored (minus the characters no file
format can hold). PDF text is compared for scripts that extract in logical order.
"""

from __future__ import annotations

import string
import tempfile
import unicodedata
from pathlib import Path

import docx
import pypdf
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from safety_helpers import book_of

from app.core.errors import LibraryError
from app.core.library import Library
from app.core.models import ListQuery
from exporters.docx import write_docx
from exporters.fonts import runs_by_script
from exporters.pdf import write_pdf
from exporters.text import clean

# No "explain" phase: it re-runs failing examples under tracing, minutes per export.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink]
SETTINGS = settings(
    max_examples=12, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.too_slow]
)
# Scripts reportlab lays out left to right, one glyph per character, that pypdf reads back.
LATIN_GREEK_CYRILLIC = (
    string.ascii_letters
    + string.digits
    + string.punctuation
    + "     \n\n"
    + "éèàçñüößÆØÅœ€—–“”‘’…«»"
    + "αβγδλΩΣ"
    + "абвгджЖЯ"
)
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
hostile = st.sampled_from(
    ["S&P 500", "<b>bold</b>", '<img src="/etc/passwd"/>', "R&D", "\x00\x0b\ufffe", '"', ""]
)
body_text = st.lists(st.one_of(any_text, hostile), min_size=1, max_size=4).map("\n\n".join)
readable = st.text(st.sampled_from(LATIN_GREEK_CYRILLIC), min_size=1, max_size=300)


def _import(lib: Library, folder: Path, body: str) -> int | None:
    """Import `body` as a plain-text file; return the release id, None if nothing to store."""
    path = folder / "release.txt"
    path.write_text(body, encoding="utf-8")
    report = lib.import_paths([path])
    outcome = report.outcomes[0]
    assert outcome.status in {"imported", "failed"}, outcome
    return outcome.release_id


def _squash(text: str) -> str:
    """Return text comparable across formats: NFKC, without any whitespace."""
    text = unicodedata.normalize("NFKC", text).replace("\u200b", "")
    return "".join(text.split())


def _as_drawn(text: str) -> str:
    """Return `text` as the writers draw it: cleaned, and a box where no bundled font has a
    glyph (the writers report those characters in their warnings)."""
    return _squash("".join(run for _, run in runs_by_script(clean(text))))


def _annotate(lib: Library, release_id: int, title: str, tag: str, note: str) -> None:
    """Retitle, tag and annotate; a refusal must be a plain-words LibraryError."""
    actions = (
        lambda: lib.releases.update(release_id, title=title),
        lambda: lib.tags.apply([release_id], [tag]),
        lambda: lib.annotations.add_note(release_id, note),
    )
    for action in actions:
        try:
            action()
        except LibraryError as error:
            message = str(error)
            assert message.endswith(".") and "sqlite" not in message.lower(), message


@SETTINGS
@given(body=body_text, title=any_text, tag=any_text, note=any_text, query=any_text)
def test_arbitrary_text_goes_through_import_tags_notes_and_search(body, title, tag, note, query):
    with tempfile.TemporaryDirectory() as folder, Library.memory() as lib:
        release_id = _import(lib, Path(folder), body)
        if release_id is not None:
            _annotate(lib, release_id, title, tag, note)
        lib.search.parse(query)
        lib.search.list(ListQuery(text=query))
        lib.search.count(ListQuery(text=query, tag=tag or None))


@settings(max_examples=40, deadline=None, phases=PHASES)
@given(query=st.one_of(any_text, hostile))
def test_arbitrary_search_queries_never_raise(query):
    with Library.memory() as lib:
        lib.releases.add("Known", "Some text R&D that can be found.")
        assert lib.search.count(ListQuery(text=query)) >= 0


def _book_text_docx(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def _book_text_pdf(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def _export_and_read(lib: Library, release_id: int, folder: Path) -> tuple[str, str]:
    book = book_of(lib, [release_id])
    write_pdf(book, folder / "book.pdf")
    write_docx(book, folder / "book.docx")
    return _book_text_pdf(folder / "book.pdf"), _book_text_docx(folder / "book.docx")


@SETTINGS
@given(body=body_text, title=any_text, note=any_text)
def test_docx_gives_back_arbitrary_text(body, title, note):
    with tempfile.TemporaryDirectory() as folder, Library.memory() as lib:
        release_id = _import(lib, Path(folder), body)
        if release_id is None:
            return
        _annotate(lib, release_id, title, "tag", note)
        release = lib.releases.get(release_id)
        _, text = _export_and_read(lib, release_id, Path(folder))
        exported = _squash(text)
        for paragraph in release.paragraphs:
            assert _as_drawn(paragraph) in exported
        assert _as_drawn(release.title) in exported
        for stored in lib.annotations.notes(release_id):
            assert _as_drawn(stored.text) in exported


@SETTINGS
@given(body=readable, title=readable)
def test_pdf_gives_back_latin_greek_and_cyrillic_text(body, title):
    with tempfile.TemporaryDirectory() as folder, Library.memory() as lib:
        release_id = _import(lib, Path(folder), body)
        if release_id is None:
            return
        _annotate(lib, release_id, title, "tag", "note")
        release = lib.releases.get(release_id)
        text, _ = _export_and_read(lib, release_id, Path(folder))
        exported = _squash(text)
        for paragraph in release.paragraphs:
            assert _as_drawn(paragraph) in exported
        assert _as_drawn(release.title) in exported

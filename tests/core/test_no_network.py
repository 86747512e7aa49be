"""Nothing touches the network: the whole workflow runs with every socket call refused."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from safety_helpers import book_of

from app.core import safety
from app.core.library import Library
from app.core.models import ListQuery
from exporters.docx import write_docx
from exporters.pdf import write_pdf

CORPUS = Path("/work/corpus/wh-briefings/fact-sheets")


@pytest.fixture
def no_network(monkeypatch):
    """Refuse (and record) every attempt to resolve a name or open a connection."""
    attempts: list[str] = []

    def refuse(name):
        def blocked(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network blocked in this test: {name}")

        return blocked

    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(name))
    for method in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, method, refuse(f"socket.{method}"))
    return attempts


def _releases_to_import(tmp_path: Path) -> list[Path]:
    files = sorted(CORPUS.rglob("*.md"))[:5] if CORPUS.is_dir() else []
    own = tmp_path / "own.md"
    own.write_text("# Own release\n\nWritten for the network test: R&D <b>not bold</b>.\n")
    return [*files, own]


@pytest.mark.slow
def test_whole_workflow_runs_without_network(no_network, tmp_path):
    with Library.open(tmp_path / "lib.db") as lib:  # a new library imports seeds/
        report = lib.import_paths(_releases_to_import(tmp_path))
        assert report.count("imported") >= 1
        found = lib.search.list(ListQuery(text="R&D"))
        assert found
        release_id = found[0].id
        lib.tags.apply([release_id], ["offline"])
        lib.annotations.add_note(release_id, "read on the plane")
        lib.annotations.add_highlight_quote(release_id, "Written for the network test")
        book = book_of(lib, [row.id for row in lib.search.list(ListQuery(limit=6))])
        write_pdf(book, tmp_path / "book.pdf")
        write_docx(book, tmp_path / "book.docx")
    assert safety.backup(tmp_path / "lib.db").exists()
    assert safety.check(tmp_path / "lib.db").ok
    assert (tmp_path / "book.pdf").stat().st_size > 0
    assert (tmp_path / "book.docx").stat().st_size > 0
    assert no_network == []


def test_the_block_really_refuses_connections(no_network):
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    assert no_network == ["create_connection"]

"""Readers that are not ours, for the PDF tests: pypdf, poppler's pdftotext, qpdf."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest

_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils missing"
)
needs_qpdf = pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf missing")


def page_texts(path: Path, *, layout: bool = False) -> list[str]:
    """Return the text of every page as poppler's pdftotext extracts it."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def normalise(text: str) -> str:
    """Return extracted text comparable with the source: NFKC, no bidi marks, single spaces."""
    text = unicodedata.normalize("NFKC", _BIDI_MARKS.sub("", text))
    return " ".join(text.split())


def outline(path: Path) -> list[tuple[int, str, int]]:
    """Return the bookmarks as (depth, title, 1-based page) in order."""
    reader = pypdf.PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def link_targets(path: Path, page_number: int) -> list[int]:
    """Return the 1-based pages the internal links on `page_number` lead to."""
    reader = pypdf.PdfReader(path)
    pages = {page.indirect_reference.idnum: i + 1 for i, page in enumerate(reader.pages)}
    targets = []
    for annotation in reader.pages[page_number - 1].get("/Annots", []) or []:
        annotation = annotation.get_object()
        dest = annotation.get("/Dest")
        if annotation.get("/Subtype") == "/Link" and dest is not None:
            targets.append(pages[dest[0].idnum])
    return targets


def qpdf_check(path: Path) -> subprocess.CompletedProcess:
    """Return the finished `qpdf --check` run on `path`."""
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)

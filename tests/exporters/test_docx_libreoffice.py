"""LibreOffice, a word processor that is not ours, opens the Word book and prints it to PDF.

One conversion of the sample book (about 5-10 s) serves every test here. The bundled fonts
are given to LibreOffice through a private fontconfig file, so the check does not depend
on what fonts the machine happens to have.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from exporters.docx import write_docx
from exporters.fonts import fonts_dir

pytestmark = pytest.mark.slow

_converted: dict[str, list[str]] = {}


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing: CI must install it (.ci/run)")
        pytest.skip(f"{tool} is not installed (/work/shared/tools/install-look-tools)")


def _convert(docx: Path, workdir: Path) -> Path:
    conf = workdir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        f"<dir>{fonts_dir()}</dir><cachedir>{workdir / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(workdir))
    command = [
        "soffice",
        f"-env:UserInstallation={(workdir / 'profile').as_uri()}",  # never share a profile
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(workdir),
        str(docx),
    ]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=240)
    pdf = workdir / (docx.stem + ".pdf")
    assert pdf.stat().st_size > 0, "LibreOffice produced no PDF"
    return pdf


@pytest.fixture
def pdf_pages(sample_book, tmp_path_factory) -> list[str]:
    """The text of each page of the sample book as LibreOffice prints it."""
    _require("soffice")
    _require("pdftotext")
    if "pages" not in _converted:
        workdir = tmp_path_factory.mktemp("libreoffice")
        docx = workdir / "sample.docx"
        write_docx(sample_book, docx)
        pdf = _convert(docx, workdir)
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        _converted["pages"] = [page for page in text.split("\f") if page.strip()]
    return _converted["pages"]


def _flat(text: str) -> str:
    # Drop the bidi embedding marks pdftotext adds and fold line wrapping.
    for mark in "\u202a\u202b\u202c\u202d\u202e\u200e\u200f":
        text = text.replace(mark, "")
    return " ".join(text.split())


def test_every_script_comes_out_as_text(pdf_pages, script_samples):
    text = _flat("\n".join(pdf_pages))
    for name, sentence in script_samples.items():
        # pdftotext splits the Arabic lam-alef ligature into its letters in reverse order.
        words = [w for w in sentence.split() if "\u0644\u0627" not in w]
        missing = [w for w in words if w not in text]
        assert not missing, (name, missing)


def test_markup_comes_out_literally(pdf_pages, hostile_samples):
    text = _flat("\n".join(pdf_pages))
    for sample in hostile_samples:
        assert _flat(sample) in text


def test_marking_is_on_every_page(pdf_pages, sample_book):
    for number, page in enumerate(pdf_pages, start=1):
        assert page.count(sample_book.marking) == 2, number  # header and footer


def test_footer_counts_pages_but_not_on_the_cover(pdf_pages):
    total = len(pdf_pages)
    assert "Page " not in pdf_pages[0]
    assert f"Page {total} of {total}" in pdf_pages[-1]
    assert f"Page 2 of {total}" in pdf_pages[1]


def test_the_cover_shows_its_fields(pdf_pages, sample_book):
    cover = _flat(pdf_pages[0])
    for value in (
        sample_book.cover.title,
        sample_book.cover.subtitle,
        sample_book.cover.location,
        sample_book.cover.prepared_for,
        "3 December 2026",
        "Generated 27 November 2026",
    ):
        assert value in cover

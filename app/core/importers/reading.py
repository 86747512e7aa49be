"""Reading a file's bytes and decoding them: UTF-8 (BOM or not), UTF-16 with BOM, else
Windows-1252 with a warning. Binary, empty and unreadable files fail in plain words."""

from __future__ import annotations

import codecs
import errno
from pathlib import Path

from app.core.importers.records import ImportFailure

MAX_RELEASE_BYTES = 20 * 1024 * 1024  # one release; the largest real one is 252 KB
MAX_BULK_BYTES = 512 * 1024 * 1024  # a CSV or JSON Lines file of many releases
CP1252_WARNING = "not valid UTF-8; read as Windows-1252"


def read_bytes(path: Path, *, limit: int = MAX_RELEASE_BYTES) -> bytes:
    """Return the bytes of `path`; raise ImportFailure saying why they cannot be read."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise ImportFailure("the file does not exist (moved or deleted?)") from None
    except IsADirectoryError:
        raise ImportFailure("this is a folder, not a file") from None
    except PermissionError:
        raise ImportFailure("permission denied: the file cannot be read") from None
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise ImportFailure("the file name is too long to open") from None
        raise ImportFailure(f"the file cannot be read ({error.strerror or error})") from None
    if len(data) > limit:
        raise ImportFailure(f"the file is too large (over {limit // (1024 * 1024)} MB)")
    return data


def decode(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Return (text, encoding name, warnings) for `data`; raise ImportFailure if not text."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig"), "utf-8-sig", ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16", ()
    if not data.strip():
        raise ImportFailure("the file is empty")
    if _binary(data[:8192]):
        raise ImportFailure("this is a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")  # 5 bytes are unassigned: U+FFFD
    if _looks_binary(text):
        raise ImportFailure("this is a binary file, not text")
    return text, "cp1252", (CP1252_WARNING,)


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFailure(f"the file starts like {encoding} text but is not valid") from None
    if not text.lstrip("\ufeff").strip():
        raise ImportFailure("the file is empty")
    return text.lstrip("\ufeff")


# Bytes that text files practically never hold; tab, line ends and form feed are allowed.
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x0b"


def _binary(sample: bytes) -> bool:
    """Return True when control bytes make up more than 1 % of `sample` (a stray one is cleaned)."""
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls * 100 > len(sample)


def _looks_binary(text: str) -> bool:
    """Return True when a Windows-1252 reading is mostly unassigned bytes."""
    sample = text[:8192]
    return sample.count("\ufffd") * 20 > len(sample)

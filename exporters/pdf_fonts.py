"""Bundled fonts registered with reportlab, on demand, one family per script.

Large CJK fonts take a moment to parse, so a family is registered only when a book
uses its script. Shaped scripts (Arabic, Hebrew, Thai) go through HarfBuzz.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph as rl_paragraph

from exporters import fonts

BODY = "bb-serif"  # Noto Serif: body text
SANS = "bb-sans"  # Noto Sans: headings, running heads, metadata

_lock = threading.Lock()
_registered: set[str] = set()


def family(script: str) -> str:
    """Return the reportlab family name for `script`, registering its fonts first."""
    name = BODY if script == fonts.LATIN else f"bb-{script}"
    _ensure(name, fonts.font_for(script))
    return name


def ensure_base_fonts() -> None:
    """Register the body and heading families every book uses."""
    _ensure(BODY, fonts.font_for(fonts.LATIN))
    _ensure(SANS, fonts.HEADING_FACE)


def _ensure(name: str, face: fonts.FontFace) -> None:
    if name in _registered:
        return
    with _lock:
        if name in _registered:
            return
        folder = fonts.fonts_dir()
        # Shaping is switched on per paragraph (ParagraphStyle.shaping); the body and
        # heading faces must be shapable too because reportlab asks the style's font.
        shapable = face.script in fonts.SHAPED_SCRIPTS or face.script == fonts.LATIN
        by_file: dict[str, str] = {}  # a style the family lacks maps to an existing font
        for bold_, italic_, suffix in ((0, 0, ""), (1, 0, "-b"), (0, 1, "-i"), (1, 1, "-bi")):
            # The book never sets text in italics: italic styles map to upright files,
            # which saves parsing three fonts per export.
            file_name = face.file(bold=bool(bold_))
            if file_name not in by_file:
                by_file[file_name] = name + suffix
                path = str(folder / file_name)
                pdfmetrics.registerFont(TTFont(name + suffix, path, shapable=shapable))
            addMapping(name, bold_, italic_, by_file[file_name])
        _registered.add(name)


_original_shape = ttfonts.shapeFragWord


def _shape_per_font(word, *args, **kwargs):
    """Shape a frag word font by font (reportlab shapes a whole word with its first font)."""
    groups: list[list] = []
    for pair in word[1:]:
        style = pair[0]
        key = None if hasattr(style, "cbDefn") else (style.fontName, style.fontSize)
        if groups and groups[-1][0] == key and key is not None:
            groups[-1][1].append(pair)
        else:
            groups.append([key, [pair]])
    if len(groups) < 2:
        return _original_shape(word, *args, **kwargs)
    merged: list = [0]
    changed = False
    for key, pairs in groups:
        if key is None:
            merged.extend(pairs)
            merged[0] += getattr(pairs[0][0], "width", 0)
            continue
        width = sum(pdfmetrics.stringWidth(text, key[0], key[1]) for _, text in pairs)
        sub = word.__class__([width, *pairs])
        shaped = _original_shape(sub, *args, **kwargs)
        changed = changed or shaped is not sub
        merged[0] += shaped[0]
        merged.extend(shaped[1:])
    if not changed:
        return word
    return ttfonts.makeShapedFragWord(word)(merged)


# reportlab's paragraph module imported shapeFragWord by name; shaping per font keeps
# "(عربي)" with Latin parentheses drawable. Applied once, only where the hook exists.
if getattr(rl_paragraph, "shapeFragWord", None) is _original_shape:
    rl_paragraph.shapeFragWord = _shape_per_font

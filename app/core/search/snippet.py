"""Snippets for substring matches (CJK, emoji), shaped like FTS5's: \x02match\x03 in plain text."""

from __future__ import annotations

START, END, ELLIPSIS = "\x02", "\x03", "…"


def substring_snippet(text: str, needles: tuple[str, ...], width: int = 120) -> str:
    """Return a window of `text` around the first needle found, every needle marked."""
    hits = [(text.find(n), n) for n in needles if n and n in text]
    if not hits:
        return ""
    first = min(hits)[0]
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    window = " ".join(text[start:end].split())
    for needle in sorted({n for _, n in hits}, key=len, reverse=True):
        window = window.replace(needle, START + needle + END)
    # a shorter needle inside a longer one would nest markers; keep the outermost pair
    window = _flatten_markers(window)
    return (ELLIPSIS if start else "") + window + (ELLIPSIS if end < len(text) else "")


def _flatten_markers(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch == START:
            depth += 1
            if depth > 1:
                continue
        elif ch == END:
            depth -= 1
            if depth > 0:
                continue
        out.append(ch)
    return "".join(out)

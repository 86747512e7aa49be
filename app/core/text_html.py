"""Stray HTML inside Markdown release bodies, turned into its visible text."""

from __future__ import annotations

from html.parser import HTMLParser


class _HtmlText(HTMLParser):
    """Collect the visible text of stray HTML, leaving the surrounding Markdown alone."""

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "figure",
            "figcaption",
            "table",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "ul",
            "ol",
            "li",
            "blockquote",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "section",
            "article",
            "header",
            "footer",
            "pre",
            "dl",
            "dt",
            "dd",
        ]
    )
    HIDDEN = frozenset(("script", "style", "head", "title", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("  \n")
        elif tag in ("td", "th"):
            if self.cells:
                self.parts.append(" | ")
            self.cells += 1
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt.strip():
                self.parts.append(f" {alt.strip()} ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
            if tag == "tr":
                self.cells = 0
            elif tag == "li":
                self.parts.append("• ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in self.HIDDEN:
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """Return `text` with HTML tags replaced by their visible text and entities decoded."""
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)

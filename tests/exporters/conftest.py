"""Shared books for the writer tests: every script, hostile markup, control characters.

Fixtures:
- `sample_book`: cover, marking, three sections (free text with bullets, then entries),
  entries with notes, highlights with comments, tags, an all-scripts entry, a hostile
  entry and a 100,000-character word.
- `small_book`: one section, one plain entry (fast tests).
- `script_samples`: {script: sentence} as they appear in the all-scripts entry.
- `hostile_samples`: markup strings that must come out literally.
- `long_word`: the 100,000-character word.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from exporters.book import Book, Cover, Entry, Highlight, Options, Section

SCRIPT_SAMPLES = {
    "latin": "Café crème, naïve façade — “quoted” ‘text’ in Zürich and São Paulo.",
    "greek": "Η Ελλάδα συμμετέχει στη σύνοδο κορυφής.",
    "cyrillic": "Министр иностранных дел прибыл в Киев.",
    "chinese": "中华人民共和国外交部发言人表示欢迎。",
    "japanese": "日本政府はこの合意を歓迎します。カタカナとひらがな。",
    "korean": "대한민국 정부는 이번 합의를 환영합니다.",
    "arabic": "وزارة الخارجية ترحب بالاتفاق الجديد",
    "hebrew": "משרד החוץ מברך על ההסכם",
    "thai": "กระทรวงการต่างประเทศยินดีต้อนรับข้อตกลง",
}

HOSTILE_SAMPLES = (
    "<b>not bold</b>",
    "&amp;",
    '<img src="/etc/passwd"/>',
    "S&P 500",
    "<font size=40>big</font>",
    "a < b > c",
)

CONTROL_CHARACTERS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\ufffe\uffff\ud800"

LONG_WORD = "https://example.org/" + "x" * (100_000 - 20)

GENERATED_AT = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def _highlight(paragraphs: tuple[str, ...], index: int, quote: str, comment: str, colour: str):
    start = paragraphs[index].index(quote)
    return Highlight(index, start, start + len(quote), comment=comment, colour=colour)


def _plain_entry() -> Entry:
    paragraphs = (
        "WASHINGTON — The President met today with the Prime Minister to discuss trade, "
        "energy security and the upcoming summit. Both leaders reaffirmed their commitment "
        "to an open and secure supply chain.",
        "The two leaders agreed to convene a joint working group on critical minerals "
        "before the end of the year, and to report back at the next ministerial.",
        "They also discussed regional security, humanitarian assistance and the situation "
        "at sea, and welcomed progress on visa facilitation for students.",
    )
    return Entry(
        key="entry-101",
        title="Readout of the President’s Meeting with the Prime Minister",
        date=date(2026, 11, 20),
        source="The White House",
        url="https://www.whitehouse.gov/briefing-room/readout-101/",
        tags=("trade", "energy"),
        paragraphs=paragraphs,
        notes=("Ask about the critical minerals timeline.", "Second note\nwith a line break."),
        highlights=(
            _highlight(paragraphs, 0, "energy security", "Key ask for our side", "#fff176"),
            _highlight(paragraphs, 1, "joint working group", "Who chairs it?", "#a5d6a7"),
        ),
    )


def _scripts_entry() -> Entry:
    paragraphs = tuple(SCRIPT_SAMPLES.values()) + (
        "Mixed: the minister said " + SCRIPT_SAMPLES["arabic"] + " (2026) in Cairo.",
    )
    return Entry(
        key="entry-202",
        title="Statements in many languages — Ελληνικά, Русский, 中文, 한국어, العربية, עברית, ไทย",
        date=date(2026, 11, 21),
        source="Ministry of Foreign Affairs",
        url="https://example.org/statements/202",
        tags=("languages", "trade"),
        paragraphs=paragraphs,
        highlights=(_highlight(paragraphs, 2, "Министр", "Cyrillic highlight", "#90caf9"),),
    )


def _hostile_entry() -> Entry:
    paragraphs = (
        "Markup must stay text: " + " ".join(HOSTILE_SAMPLES) + ".",
        "Control characters" + CONTROL_CHARACTERS + "are removed, the words around them stay.",
        "Unclosed <i>italic and a lone & ampersand; entity &lt;tag&gt; and &#169; stay literal.",
    )
    return Entry(
        key="entry-303",
        title='Hostile <b>title</b> & S&P 500 <img src="/etc/passwd"/>',
        date=date(2026, 11, 22),
        source="Source <i>with</i> markup & co",
        url='https://example.org/?a=1&b=<2>"',
        tags=("<tag>", "R&D"),
        paragraphs=paragraphs,
        notes=("Note with <b>markup</b> & S&P 500",),
        highlights=(
            _highlight(paragraphs, 0, "S&P 500", "Comment with <i>markup</i> & more", "#ffcc80"),
        ),
    )


def _long_word_entry() -> Entry:
    return Entry(
        key="entry-404",
        title="A release with an endless link",
        date=date(2026, 11, 23),
        source="Robot",
        url=LONG_WORD[:300],
        paragraphs=("Before the word.", LONG_WORD, "After the word."),
    )


def _summary_entry() -> Entry:
    return Entry(
        key="entry-505",
        title="Fact Sheet: Summary Only",
        date=None,
        source="The White House",
        paragraphs=("Only the lede of this release is in the book.",),
        summary_only=True,
    )


def _cover(title: str = "State Visit Briefing Book") -> Cover:
    return Cover(
        title=title,
        subtitle="Meetings with the Prime Minister",
        event="State Visit",
        date=date(2026, 12, 3),
        location="Washington, D.C.",
        prepared_for="The Secretary",
        prepared_by="Office of Policy Planning",
        generated_at=GENERATED_AT,
    )


def build_sample_book(options: Options | None = None) -> Book:
    """Return the full sample book (also usable outside fixtures)."""
    schedule = Section(
        key="section-1",
        heading="Schedule",
        text="09:00  Arrival\n10:00  Bilateral meeting\n\n12:30  Working lunch",
    )
    points = Section(
        key="section-2",
        heading="Talking points",
        text="• Welcome the Prime Minister\n• Raise critical minerals\n  – timeline\n"
        "- Thank them for <b>support</b> & S&P 500",
    )
    releases = Section(
        key="section-3",
        heading="Press releases",
        text="Background reading, newest first.",
        entries=(
            _plain_entry(),
            _scripts_entry(),
            _hostile_entry(),
            _long_word_entry(),
            _summary_entry(),
        ),
    )
    return Book(
        cover=_cover(),
        marking="UNCLASSIFIED // FOR OFFICIAL USE ONLY",
        sections=(schedule, points, releases),
        options=options or Options(),
    )


def build_small_book(options: Options | None = None) -> Book:
    """Return a book with one section holding one plain entry."""
    section = Section(key="section-9", heading="Press releases", entries=(_plain_entry(),))
    return Book(cover=_cover("Small Book"), sections=(section,), options=options or Options())


@pytest.fixture
def sample_book() -> Book:
    return build_sample_book()


@pytest.fixture
def small_book() -> Book:
    return build_small_book()


@pytest.fixture
def script_samples() -> dict[str, str]:
    return dict(SCRIPT_SAMPLES)


@pytest.fixture
def hostile_samples() -> tuple[str, ...]:
    return HOSTILE_SAMPLES


@pytest.fixture
def long_word() -> str:
    return LONG_WORD


@pytest.fixture(scope="session")
def sample_book_builder():
    """Return `build_sample_book` itself, for session-scoped fixtures and option variants."""
    return build_sample_book


@pytest.fixture(scope="session")
def small_book_builder():
    """Return `build_small_book` itself."""
    return build_small_book

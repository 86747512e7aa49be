"""The ready-made sample book a new library starts with, so a newcomer can export at once.

It is built from whatever the seed import brought in: the releases are picked by subject
(migration, Mexico and Central America, the Summit of the Americas, spring 2022), so the
book stays sensible if the seed selection changes.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from app.core.errors import LibraryError
from app.core.storage import books as store

if TYPE_CHECKING:
    from app.core.library import Library

SAMPLE_NAME = "Sample: U.S.-Mexico Migration Dialogue"
MEETING_DATE = date(2022, 5, 10)
PRESS_COUNT = 4
BACKGROUND_COUNT = 5
PRESS_WINDOW = 21  # days before the meeting that count as current press
MIN_SCORE = 4  # below this a release is only loosely on the subject

COVER = {
    "title": "U.S.-Mexico Migration Dialogue",
    "subtitle": "Briefing book for the bilateral meeting on regional migration",
    "event": "High-Level Dialogue on Migration with Mexico",
    "date": MEETING_DATE.isoformat(),
    "location": "Washington, D.C.",
    "prepared_for": "The Secretary",
    "prepared_by": "Office of the Executive Secretariat",
    "marking": "UNCLASSIFIED",
}

SCHEDULE = """\
09:00  Arrival and greeting
09:15  Restricted meeting: Secretary, Foreign Minister, both ambassadors
10:00  Expanded meeting with delegations
11:15  Joint press availability
12:00  Departure"""

PARTICIPANTS = """\
United States
• Secretary of Homeland Security Alejandro N. Mayorkas
• Commissioner Chris Magnus, U.S. Customs and Border Protection
• U.S. Ambassador to Mexico Ken Salazar

Mexico
• Foreign Minister Marcelo Ebrard
• Ambassador of Mexico to the United States Esteban Moctezuma"""

# One bullet per line: the writers wrap long lines themselves.
TALKING_POINTS = "\n".join(
    (
        "• Thank the Foreign Minister for Mexico's partnership in managing migration across "
        "the region.",
        "• Title 42: explain our whole-of-government preparations for the end of the order "
        "on May 23.",
        "• Ask for continued joint work to manage borders, extend humanitarian relief to those "
        "who qualify, and return those who do not.",
        "• Propose stepped-up joint action against the human smuggling networks that exploit "
        "migrants.",
        "• Root causes: economic development and job creation in southern Mexico and Central "
        "America.",
        "• Look ahead: a regional declaration on migration at the Summit of the Americas in June.",
    )
)

BACKGROUND_TEXT = "Summaries of recent releases on migration in the region."
PRESS_TEXT = "Statements and readouts closest to the meeting, in full."

# Subject words and their weights; a match in the title counts three times.
KEYWORDS = {
    "migration": 3,
    "migrant": 2,
    "mexico": 3,
    "mexican": 2,
    "central america": 3,
    "summit of the americas": 3,
    "los angeles declaration": 3,
    "guatemala": 1,
    "honduras": 1,
    "el salvador": 1,
    "root causes": 2,
    "border": 1,
    "title 42": 2,
    "asylum": 1,
    "smuggling": 1,
    "ebrard": 3,
}
HIGHLIGHT_QUOTE = "human smuggling networks"
NOTE = "Ask what Mexico needs from us to sustain enforcement along its southern border."


def create_sample_book(lib: Library) -> int | None:
    """Create the sample book from the library's releases; return its id, or None if the
    library has no releases or already has a book of that name."""
    candidates = store.sample_candidates(lib.db)
    if not candidates or store.book_id_by_name(lib.db, SAMPLE_NAME) is not None:
        return None
    press, background = _choose(candidates)
    with lib.mutation("Create the sample book"):
        book_id = lib.books.create(SAMPLE_NAME, **COVER).created_id
        sections = {s.heading: s.id for s in lib.books.get(book_id).sections}
        texts = {
            "Schedule": SCHEDULE,
            "Participants": PARTICIPANTS,
            "Talking points": TALKING_POINTS,
            "Background": BACKGROUND_TEXT,
            "Press releases": PRESS_TEXT,
        }
        for heading, text in texts.items():
            lib.books.update_section(sections[heading], text=text)
        if background:
            lib.books.add_entries(sections["Background"], background, summary_only=True)
        if press:
            lib.books.add_entries(sections["Press releases"], press)
            _annotate(lib, press[0])
    return book_id


def _choose(candidates: list[dict[str, Any]]) -> tuple[list[int], list[int]]:
    """Return (press release ids, background ids): on subject, and from before the meeting
    when the library has enough such releases."""
    scores = {c["id"]: score(c) for c in candidates}
    ranked = sorted(candidates, key=lambda c: (_after(c), -scores[c["id"]], _distance(c), c["id"]))
    relevant = [c for c in ranked if scores[c["id"]] >= MIN_SCORE] or ranked
    near = [c for c in relevant if not _after(c) and _distance(c) <= PRESS_WINDOW][:PRESS_COUNT]
    press_ids = [c["id"] for c in sorted(near, key=lambda c: (_distance(c), c["id"]))]
    rest = [c for c in relevant if c["id"] not in press_ids][:BACKGROUND_COUNT]
    background = sorted(rest, key=lambda c: (c["date"] or "", c["id"]), reverse=True)
    if not press_ids and background:
        press_ids, background = [background[0]["id"]], background[1:]
    return press_ids, [c["id"] for c in background]


def score(candidate: dict[str, Any]) -> int:
    """Return how well a release fits the sample book's subject (0 = not at all)."""
    title = _folded(candidate["title"])
    body = _folded(candidate["body"][:4000])
    total = 0
    for word, weight in KEYWORDS.items():
        pattern = rf"\b{re.escape(word)}"
        if re.search(pattern, title):
            total += 3 * weight
        if re.search(pattern, body):
            total += weight
    return total


def _folded(text: str) -> str:
    # "New Mexico" is a state of the union, not the neighbour this book is about.
    return " ".join(text.lower().split()).replace("new mexico", "")


def _after(candidate: dict[str, Any]) -> bool:
    """Return True if a release is dated after the meeting (a book cannot cite it yet)."""
    return bool(candidate["date"]) and candidate["date"] > MEETING_DATE.isoformat()


def _distance(candidate: dict[str, Any]) -> int:
    """Return how many days a release lies from the meeting (large when undated)."""
    try:
        return abs((date.fromisoformat(candidate["date"]) - MEETING_DATE).days)
    except (TypeError, ValueError):
        return 100_000


def _annotate(lib: Library, release_id: int) -> None:
    """Give the lead release a highlight and a note, so the export shows both."""
    try:
        lib.annotations.add_highlight_quote(
            release_id, HIGHLIGHT_QUOTE, comment="Raise joint enforcement here."
        )
    except LibraryError:
        return  # the seed changed: a sample book without a highlight is still useful
    lib.annotations.add_note(release_id, NOTE)

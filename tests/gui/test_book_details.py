"""The editor's detail panels on their own: typed text survives refreshes; toggles are reported."""

from __future__ import annotations

from app.core.models import EntryRecord, SectionRecord
from app.gui.book_details import EntryPanel, SectionPanel

POINTS = SectionRecord(5, 1, 2, "Talking points", "• one\n• two")


def test_showing_a_section_fills_its_text_without_marking_it_typed(qtbot):
    panel = SectionPanel()
    qtbot.addWidget(panel)
    panel.show_section(POINTS)
    assert panel.text.toPlainText() == "• one\n• two"
    assert not panel.dirty


def test_text_being_typed_survives_a_refresh_of_the_same_section(qtbot):
    panel = SectionPanel()
    qtbot.addWidget(panel)
    panel.show_section(POINTS)
    with qtbot.waitSignal(panel.typed):
        panel.text.appendPlainText("• three")
    panel.show_section(POINTS)  # the book was read again (another edit, undo...)
    assert panel.text.toPlainText().endswith("• three") and panel.dirty


def test_another_section_replaces_the_text(qtbot):
    panel = SectionPanel()
    qtbot.addWidget(panel)
    panel.show_section(POINTS)
    panel.show_section(SectionRecord(6, 1, 0, "Schedule", "09:00 Arrival"))
    assert panel.text.toPlainText() == "09:00 Arrival" and panel.section_id == 6


def test_entry_toggles_are_reported_only_when_the_user_clicks(qtbot):
    panel = EntryPanel()
    qtbot.addWidget(panel)
    seen = []
    panel.flag_toggled.connect(lambda flag, on: seen.append((flag, on)))
    panel.show_entry(EntryRecord(1, 2, 3, 0, "A release", summary_only=True))
    assert seen == [] and panel.boxes["summary_only"].isChecked()
    panel.boxes["include_notes"].click()
    assert seen == [("include_notes", False)]

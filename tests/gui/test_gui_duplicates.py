"""Possible same person in the desktop program: the case list's marker, the
case screen's panel, the side-by-side comparison where a supervisor links or
marks different (audited, both cases kept)."""

from __future__ import annotations

from typing import Any

from gui_support import screenshot, shown
from PySide6.QtCore import Qt

from screening_app.domain import Consent, Gender, Person
from screening_app.gui.case_detail import CaseDetailView
from screening_app.gui.case_table import COLUMNS
from screening_app.gui.cases import CasesView
from screening_app.gui.duplicates import ComparisonDialog, DuplicateNote
from screening_app.gui.interview import InterviewView

CONSENT = Consent(interview=True, record=True, share_for_referral=True)


def _pair(session: Any) -> tuple[Any, Any, Any]:
    a = session.cases.create(Person(family_name="សុខ", given_name="ចាន់ថា", latin_name="",
                                    gender=Gender.FEMALE, nationality="KH", estimated_age=16,
                                    languages=["km"]), CONSENT)
    b = session.cases.create(Person(family_name="โสก", given_name="จันทา",
                                    latin_name="Sok Chanta", gender=Gender.FEMALE,
                                    nationality="KH", estimated_age=17, languages=["th"]),
                             CONSENT)
    c = session.cases.create(Person(latin_name="Nguyen Van Minh", gender=Gender.MALE,
                                    nationality="VN", estimated_age=30), CONSENT)
    return a, b, c


def test_marker_panel_and_comparison(qtbot: Any, data_dir_factory: Any,
                                     artifacts_dir: Any) -> None:
    made = data_dir_factory()
    session = made.open("supervisor")
    try:
        a, b, c = _pair(session)
        cases = shown(qtbot, CasesView(), session)
        name = [k for k, _h in COLUMNS].index("display_name")
        marked, icons = {}, {}
        for row in range(cases.model.rowCount()):
            index = cases.model.index(row, name)
            marked[cases.model.case_id(row)] = index.data(Qt.ItemDataRole.ToolTipRole)
            icons[cases.model.case_id(row)] = index.data(Qt.ItemDataRole.DecorationRole)
        assert marked[c.id] is None and icons[c.id] is None
        assert "same person" in marked[a.id] and "same person" in marked[b.id]
        assert not icons[a.id].isNull() and icons[a.id].cacheKey() == icons[b.id].cacheKey()
        screenshot(cases, artifacts_dir, "duplicates-case-list")

        view = shown(qtbot, CaseDetailView(), session)
        view.open_case(b.id)
        panel = view.duplicates
        assert panel.isVisible() and a.reference in panel.text.text()
        dialog = ComparisonDialog(session, b.id, panel.found[0], view)
        qtbot.addWidget(dialog)
        dialog.show()
        texts = [dialog.grid.itemAt(i).widget().text() for i in range(dialog.grid.count())]
        assert any("សុខ" in t for t in texts) and any("โสก" in t for t in texts)
        assert any("Cambodia" in t for t in texts)
        assert "names sound alike in Latin" in dialog.reasons.text()
        screenshot(dialog, artifacts_dir, "duplicates-comparison")
        dialog.link.click()
        assert dialog.decided == "same" and "Both cases are kept" in dialog.state.text()
        assert session.cases.get(a.id).person.family_name == "សុខ"
        assert next(e["action"] for e in session.audit.entries(b.id, limit=3)) == \
            "duplicate_link"
        view.open_case(a.id)
        assert b.reference in view.duplicates.text.text()      # cross-referenced
        view.open_case(b.id)       # the supervisor's audit tab says it in words
        audit = view.audit.toPlainText()
        assert "Linked as the same person as another case" in audit
        assert "duplicate_" not in audit
        cases.refresh()
        row = [cases.model.case_id(r) for r in range(cases.model.rowCount())].index(a.id)
        assert cases.model.index(row, name).data(Qt.ItemDataRole.ToolTipRole) is None
    finally:
        session.close()


def test_officer_compares_but_cannot_decide(qtbot: Any, data_dir_factory: Any) -> None:
    made = data_dir_factory()
    session = made.open("officer")
    try:
        a, b, _c = _pair(session)
        note = DuplicateNote()
        qtbot.addWidget(note)
        note.check(session, b.id)                       # what the interview shows on save
        assert a.reference in note.text()
        view = shown(qtbot, CaseDetailView(), session)
        view.open_case(b.id)
        dialog = ComparisonDialog(session, b.id, view.duplicates.found[0], view)
        qtbot.addWidget(dialog)
        assert not dialog.link.isEnabled() and not dialog.different.isEnabled()
        assert "Only a supervisor" in dialog.state.text()
    finally:
        session.close()


def test_administrator_sets_retention_in_settings(qtbot: Any, data_dir_factory: Any,
                                                  artifacts_dir: Any) -> None:
    from screening_app.gui.settings import SettingsView
    from screening_app.storage import retention

    made = data_dir_factory()
    session = made.open("admin")
    try:
        view = shown(qtbot, SettingsView(), session)
        box = view.retention
        assert box.isVisible() and not box.enabled.isChecked()
        box.enabled.setChecked(True)
        box.days.setValue(7)
        box.apply.click()
        assert retention.erase_after_days(session) == 7
        screenshot(view, artifacts_dir, "settings-retention")
        box.enabled.setChecked(False)
        box.apply.click()
        assert retention.erase_after_days(session) is None
    finally:
        session.close()
    officer = made.open("officer")
    try:
        view = shown(qtbot, SettingsView(), officer)
        assert not view.retention.isVisible()
    finally:
        officer.close()


def test_the_interview_notes_a_possible_same_person_of_the_case_it_shows(
        qtbot: Any, data_dir_factory: Any) -> None:
    """Resuming a case with an undecided candidate says so at once; another case,
    or a new interview, never shows the note of the case shown before."""
    made = data_dir_factory()
    session = made.open("officer")
    try:
        a, b, c = _pair(session)
        view = shown(qtbot, InterviewView(), session)
        view.open_case(b.id)
        assert view.duplicate_note.isVisible() and a.reference in view.duplicate_note.text()
        view.open_case(c.id)
        assert not view.duplicate_note.isVisible()
        view.open_case(a.id)
        assert b.reference in view.duplicate_note.text()
        view.start_new()
        assert not view.duplicate_note.isVisible() and view.duplicate_note.text() == ""
    finally:
        session.close()

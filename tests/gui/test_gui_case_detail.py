"""Case screen: profile, answers in words, outcome history with the decision,
referrals; the audit trail only for supervisors."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.screening")

from gui_support import screenshot, shown
from test_gui_outcome import scored_case

from screening_app.gui.case_detail import CaseDetailView
from screening_app.screening import confirm


def test_officer_sees_answers_in_words_and_the_decision(qtbot, session, artifacts_dir):
    case_id = scored_case(session)
    session.cases.set_decision(case_id, confirm(session.cases.get(case_id).outcome, "officer"))
    view = shown(qtbot, CaseDetailView(), session)
    view.open_case(case_id)
    assert "Dara" in view.profile.toPlainText()
    answers = view.answers.toPlainText()
    assert "Do you need a doctor or medical help right now?" in answers
    assert "Work in a factory" in answers or "factory" in answers.lower()
    assert "Decision: Presumed victim by officer" in view.outcomes.toPlainText()
    assert not view.tabs.isTabVisible(4)                 # no audit trail for officers
    assert view.referral_button.isEnabled()
    view.tabs.setCurrentIndex(1)
    screenshot(view, artifacts_dir, "case-answers")


def test_supervisor_sees_the_audit_trail(qtbot, data_dir_factory):
    made = data_dir_factory()
    with made.open("officer") as officer:
        case_id = scored_case(officer)
    supervisor = made.open("supervisor")
    try:
        view = shown(qtbot, CaseDetailView(), supervisor)
        view.open_case(case_id)
        assert view.tabs.isTabVisible(4)
        trail = view.audit.toPlainText()
        assert "officer" in trail and "create" in trail
    finally:
        supervisor.close()

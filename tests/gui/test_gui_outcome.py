"""Outcome screen: suggestion with reasons, urgent needs on top, confirm or
override with a mandatory reason."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.storage")   # runs once storage and screening are merged
pytest.importorskip("screening_app.screening")

from gui_support import screenshot, shown

from screening_app.domain import Answer, Consent, OutcomeKind, Person
from screening_app.gui.outcome import OutcomeView

PRESUMED_ADULT = {
    "urgent_medical": "yes", "urgent_danger": "no", "urgent_child_alone": "no",
    "urgent_cannot_go_on": "no", "interpreter_used": "no", "consent_interview": "yes",
    "consent_record": "yes", "consent_share": "yes", "consent_how": "verbal",
    "birth": {"age": 24, "certainty": "sure"}, "age_doubt": "no",
    "deceived_job": "yes", "deceived_travel": "yes", "work_types": ["factory"],
    "long_days": "yes", "pay": "not_paid", "bad_housing": "yes", "dangerous_work": "yes",
    "locked_in": "yes", "free_to_leave": "no", "threatened": "yes", "hit_at_work": "yes",
}


def scored_case(session):
    from screening_app.screening import evaluate_interview, load_form

    form = load_form("identification")
    case = session.cases.create(Person(given_name="Dara"), Consent(interview=True, record=True,
                                                                   share_for_referral=True),
                                form_id=form.id, form_version=form.version)
    for qid, value in PRESUMED_ADULT.items():
        session.cases.save_answer(case.id, Answer(qid, value))
    session.cases.add_outcome(case.id, evaluate_interview(form, PRESUMED_ADULT))
    return case.id


@pytest.fixture
def view(qtbot, session):
    return shown(qtbot, OutcomeView(), session)


def test_outcome_shows_urgent_needs_first_and_the_reasons(view, session, artifacts_dir):
    view.open_case(scored_case(session))
    assert view.urgent.isVisibleTo(view)
    assert "medical help" in view.urgent.text()
    assert "Presumed victim" in view.suggestion.text()
    assert "Coercion at destination: positive" in view.reasons.text()
    assert "Provisional" in view.provisional.text()
    screenshot(view, artifacts_dir, "outcome")


def test_confirming_records_the_decision(qtbot, view, session):
    case_id = scored_case(session)
    view.open_case(case_id)
    with qtbot.waitSignal(view.decided):
        view.confirm.click()
    decision = session.cases.get(case_id).decision
    assert decision.decided is OutcomeKind.PRESUMED_VICTIM and not decision.overridden


def test_override_needs_a_reason(qtbot, view, session):
    case_id = scored_case(session)
    view.open_case(case_id)
    view.decision.setCurrentIndex(view.decision.findData("indicators_present"))
    assert view.reason.isEnabled()
    with qtbot.assertNotEmitted(view.decided):
        view.confirm.click()
    assert "reason" in view.message.text()
    assert session.cases.get(case_id).decision is None
    view.reason.setPlainText("Second interview planned with a female officer.")
    with qtbot.waitSignal(view.decided):
        view.confirm.click()
    decision = session.cases.get(case_id).decision
    assert decision.overridden and decision.reason.startswith("Second interview")

"""GUI forms that edit a person or a case go through the validation layer: a
refused value is named in a message box and nothing of it is stored."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from gui_support import answer, shown

from screening_app.domain import Consent, Person


@pytest.fixture
def warnings(monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: seen.append(a[2]))
    return seen


def test_interview_refuses_a_name_with_a_direction_override(qtbot, session, warnings) -> None:
    from test_gui_interview import _start, _through_consent

    from screening_app.gui.interview import InterviewView
    from screening_app.i18n import set_language

    view = shown(qtbot, InterviewView(), session)
    try:
        _start(view)
        _through_consent(qtbot, view)
        view.go_next()
        answer(qtbot, view, "given_name", "Sok\u202eDara")
        assert warnings and "given_name" in warnings[0] and "U+202E" in warnings[0]
        assert "given_name" not in session.cases.get(view.case_id).answer_values()
        box = next(b for b in view.boxes if b.qid == "given_name")
        box.input.line.clear()                  # the officer corrects the name
        answer(qtbot, view, "given_name", "Sok Dara")
        assert len(warnings) == 1
        view.save_and_close()
        assert session.cases.get(view.case_id).person.given_name == "Sok Dara"
    finally:
        set_language("en")


def test_referral_screen_refuses_an_overlong_exception(qtbot, data_dir_factory,
                                                      warnings) -> None:
    from screening_app.gui.referral import ReferralView

    made = data_dir_factory(agency_name="Border checkpoint", country="TH",
                            agency_type="LawEnforcement")
    session = made.open("officer")
    try:
        view = shown(qtbot, ReferralView(), session)
        case = session.cases.create(Person(given_name="Mai", estimated_age=12),
                                    Consent(interview=True, record=True))
        view.open_case(case.id)
        view.list.setCurrentRow(0)
        view.exception.setText("x" * 2001)
        view.exception_button.click()
        assert warnings and "consent.lawful_exception" in warnings[0] and "2000" in warnings[0]
        assert session.cases.get(case.id).consent.lawful_exception is None
        assert not view.save_button.isEnabled()          # nothing was recorded
    finally:
        session.close()

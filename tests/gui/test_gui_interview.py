"""Interview screen: generated from the form; nothing stored before consent;
every answer saved as given; skip logic; inline validation; bilingual text."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.storage")   # runs once storage and screening are merged
pytest.importorskip("screening_app.screening")

from gui_support import answer, screenshot, shown, type_text
from PySide6.QtCore import Qt

from screening_app.gui.interview import InterviewView
from screening_app.i18n import set_language, translate

SAFE = {"urgent_medical": "no", "urgent_danger": "no", "urgent_child_alone": "no",
        "urgent_cannot_go_on": "no"}


@pytest.fixture
def view(qtbot, session):
    yield shown(qtbot, InterviewView(), session)
    set_language("en")


def _start(view, language: str = "km") -> None:
    view.start_new()
    view.start_page.language.setCurrentIndex(view.start_page.language.findData(language))
    view.go_next()


def _through_consent(qtbot, view, agree: bool = True) -> None:
    for qid, value in SAFE.items():
        answer(qtbot, view, qid, value)
    view.go_next()
    answer(qtbot, view, "interpreter_used", "no")
    answer(qtbot, view, "consent_interview", "yes" if agree else "no")
    if agree:
        answer(qtbot, view, "consent_record", "yes")
        answer(qtbot, view, "consent_share", "yes")
    answer(qtbot, view, "consent_how", "verbal")


def test_first_page_asks_urgent_needs_in_both_languages(qtbot, view, artifacts_dir):
    _start(view, "km")
    assert view.heading.text() == "Safety and urgent needs"
    box = view.boxes[0]
    assert box.officer_text.text().startswith("Do you need a doctor")
    khmer = translate(str(box.question.text), "km")
    if khmer != box.question.text:
        assert box.interviewee_text.text() == khmer      # Khmer, larger
        assert box.interviewee_text.font().pointSizeF() > box.officer_text.font().pointSizeF()
    else:                                                # catalog not translated yet
        assert box.interviewee_text.isHidden()
        assert view.untranslated.isVisibleTo(view)
    screenshot(view, artifacts_dir, "interview-safety-km")


def test_nothing_is_stored_before_consent_and_all_after(qtbot, view, session):
    _start(view)
    for qid, value in SAFE.items():
        answer(qtbot, view, qid, value)
    assert view.case is None and session.cases.count() == 0
    view.go_next()
    answer(qtbot, view, "interpreter_used", "no")
    answer(qtbot, view, "consent_interview", "yes")
    assert session.cases.count() == 0
    answer(qtbot, view, "consent_record", "yes")
    assert session.cases.count() == 1
    stored = session.cases.get(view.case_id)
    assert stored.answer_values()["urgent_medical"] == "no"     # kept from before consent
    assert stored.consent.interview and stored.consent.record


def test_refused_consent_records_nothing(qtbot, view, session, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[1]))
    _start(view)
    _through_consent(qtbot, view, agree=False)
    with qtbot.waitSignal(view.cancelled):
        view.go_next()
    assert shown and session.cases.count() == 0


def test_required_question_blocks_next_with_an_inline_message(qtbot, view):
    _start(view)
    answer(qtbot, view, "urgent_medical", "no")
    view.go_next()
    assert view.heading.text() == "Safety and urgent needs"
    box = next(b for b in view.boxes if b.qid == "urgent_danger")
    assert box.error.text() == "This question needs an answer."


def test_skip_logic_and_validation_on_the_profile_page(qtbot, view, session, artifacts_dir):
    _start(view)
    _through_consent(qtbot, view)
    view.go_next()
    assert view.heading.text() == "About you"
    doubt = next(b for b in view.boxes if b.qid == "age_doubt")
    assert doubt.isHidden()
    answer(qtbot, view, "birth", {"age": 30, "certainty": "fairly_sure"})
    assert not doubt.isHidden()                 # asked only of someone said to be adult
    answer(qtbot, view, "given_name", "សុខា")
    answer(qtbot, view, "citizenship", ["KH", "TH"])      # 1.1: every country (HTCDS 2.0)
    saved = session.cases.get(view.case_id).answer_values()
    assert saved["given_name"] == "សុខា" and saved["citizenship"] == ["KH", "TH"]
    birth = next(b for b in view.boxes if b.qid == "birth")
    birth.input.age.clear()
    answer(qtbot, view, "birth", {"date": "2999-01-01"})
    assert "future" in birth.error.text()
    screenshot(view, artifacts_dir, "interview-profile")


def test_keyboard_only_next_and_back(qtbot, view):
    _start(view)
    for qid, value in SAFE.items():
        answer(qtbot, view, qid, value)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)      # shortcuts work in the active window
    focus = view.boxes[-1].first_input()
    focus.setFocus()
    qtbot.keyClick(focus, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.heading.text() == "Consent"
    first = view.boxes[0].first_input()
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert view.heading.text() == "Safety and urgent needs"


def test_zawgyi_burmese_is_stored_as_unicode(qtbot, view, session):
    from screening_app.i18n.zawgyi import convert_zawgyi

    _start(view, "my")
    _through_consent(qtbot, view)
    view.go_next()
    zawgyi = "ေအာင္"                       # "Aung" typed with a Zawgyi keyboard
    answer(qtbot, view, "given_name", zawgyi)
    stored = session.cases.get(view.case_id).answer_values()["given_name"]
    assert stored == convert_zawgyi(zawgyi) != zawgyi
    box = next(b for b in view.boxes if b.qid == "given_name")
    assert box.note.isVisibleTo(view) and "Zawgyi" in box.note.text()


def test_repeat_question_saves_its_entries(qtbot, view, session):
    _start(view)
    _through_consent(qtbot, view)
    view.go_next()                                   # profile
    view.go_next()                                   # journey
    box = next(b for b in view.boxes if b.qid == "events")
    view.body.ensureWidgetVisible(box)
    box.input.add_button.click()
    entry = box.input.entries[0][1]
    stage = next(s for s in entry if s.qid == "stage")
    button = next(b for b, v, _l, _s in stage.input.items if v == "recruitment")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    place = next(s for s in entry if s.qid == "place")
    type_text(place.input.line, "ปอยเปต")
    qtbot.keyClick(place.input.line, Qt.Key.Key_Return)
    saved = session.cases.get(view.case_id).answer_values()["events"]
    assert saved == [{"stage": "recruitment", "place": "ปอยเปต"}]

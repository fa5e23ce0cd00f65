"""End to end: unlock → new interview in Thai with a Khmer-speaking interviewee →
answers of a presumed adult victim → outcome confirmed → referral chosen → idle
lock and unlock: the draft and the outcome are still there."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.exchange.directory")   # runs once exchange is merged

from gui_support import answer, main_window, screenshot, type_text, unlock
from PySide6.QtCore import Qt

from screening_app.domain import Gender, OutcomeKind
from screening_app.gui.settings import apply_text_size
from screening_app.i18n import set_language, translate

ANSWERS = {
    "urgent_medical": "no", "urgent_danger": "no", "urgent_child_alone": "no",
    "urgent_cannot_go_on": "no",
    "interpreter_used": "yes", "interpreter_language": "km", "consent_interview": "yes",
    "consent_record": "yes", "consent_share": "yes", "consent_how": "verbal",
    "given_name": "សុខា", "family_name": "ចាន់", "latin_name": "Sokha Chan",
    "gender": "Feminine", "birth": {"age": 24, "certainty": "sure"}, "age_doubt": "no",
    "citizenship": ["KH"],                          # identification 1.1: HTCDS 2.0
    "deceived_job": "yes", "deceived_travel": "yes",
    "work_types": ["factory"], "long_days": "yes", "pay": "not_paid", "bad_housing": "yes",
    "dangerous_work": "yes", "locked_in": "yes", "free_to_leave": "no",
    "threatened": "yes", "hit_at_work": "yes",
}


@pytest.fixture
def window(qtbot, data_dir_factory):
    made = data_dir_factory(agency_name="Border checkpoint", country="TH",
                            agency_type="LawEnforcement")
    yield main_window(qtbot, made)
    set_language("en")
    apply_text_size(100)


def interview_until(qtbot, win, stop_at: str | None = None) -> None:
    """Answer page after page (Next) until the outcome, or until page `stop_at`."""
    interview = win.workspace.interview
    for _page in range(20):
        if win.workspace.pages.currentWidget() is not interview:
            return
        section = interview.sections[interview.step - 1].id if interview.step else "start"
        if section == stop_at:
            return
        if section == "start":
            interview.start_page.language.setCurrentIndex(
                interview.start_page.language.findData("km"))
        for box in list(interview.boxes):
            if box.qid in ANSWERS and not box.isHidden():
                answer(qtbot, interview, box.qid, ANSWERS[box.qid])
        interview.next.click()
    raise AssertionError("the interview did not end")


def test_full_interview_in_thai_for_a_khmer_speaker(qtbot, window, artifacts_dir):
    win = window
    win.unlock_view.language.setCurrentIndex(win.unlock_view.language.findData("th"))
    screenshot(win, artifacts_dir, "flow-1-unlock-th")
    unlock(qtbot, win)
    screenshot(win, artifacts_dir, "flow-2-cases-th")

    assert win.workspace.new_button.text() == translate("&New interview", "th") != (
        "&New interview")                               # the officer reads Thai
    win.workspace.new_button.click()
    interview_until(qtbot, win, stop_at="profile")
    box = next(b for b in win.workspace.interview.boxes if b.qid == "given_name")
    khmer = translate(str(box.question.text), "km")
    assert box.officer_text.text() == translate(str(box.question.text), "th")
    assert box.interviewee_text.text() == khmer != box.question.text   # the person, Khmer
    screenshot(win, artifacts_dir, "flow-3-interview-profile-th-km")
    interview_until(qtbot, win)
    # No personal data in the window title (task bars, window lists).
    assert "ចាន់" not in win.windowTitle() and "Sokha" not in win.windowTitle()

    outcome = win.workspace.outcome
    assert win.workspace.pages.currentWidget() is outcome
    assert outcome.outcome.kind is OutcomeKind.PRESUMED_VICTIM
    assert outcome.outcome.indicator_set == "adult_labour"
    screenshot(win, artifacts_dir, "flow-4-outcome-th")
    outcome.confirm.click()

    referral = win.workspace.referral
    assert win.workspace.pages.currentWidget() is referral
    referral.country.setCurrentIndex(referral.country.findData("TH"))
    referral.kind.setCurrentIndex(referral.kind.findData("SocialService"))
    referral.list.setCurrentRow(0)
    assert referral.languages() == ["th", "km"]
    referral.save_button.click()
    screenshot(win, artifacts_dir, "flow-5-referral-th")
    case_id = referral.case_id

    # Idle lock: the session closes, the screen shows no case data.
    win.idle.set_minutes(0.002)
    qtbot.waitUntil(lambda: win.session is None, timeout=5000)
    assert win.current_screen() is win.unlock_view
    assert win.workspace.referral.case is None and win.workspace.cases.model.rowCount() == 0
    win.idle.set_minutes(5)
    unlock(qtbot, win)
    assert win.workspace.pages.currentWidget() is referral      # back where we were
    case = win.session.cases.get(case_id)
    assert case.person.display_name == "ចាន់ សុខា"
    assert case.person.gender is Gender.FEMININE and case.person.citizenship == ["KH"]
    assert case.outcome.kind is OutcomeKind.PRESUMED_VICTIM
    assert case.decision is not None and not case.decision.overridden
    assert [r.agency_id for r in case.referrals] == ["th-msdhs"]
    assert case.interviewee_language == "km" and case.officer_language == "th"

    win.workspace.show_case(case_id)
    # the agency by name, in its own language when the officer works in it (Thai here)
    assert "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์" in win.workspace.detail.referrals.toPlainText()
    screenshot(win, artifacts_dir, "flow-6-case-th")


def test_idle_lock_keeps_the_interview_in_progress(qtbot, window, artifacts_dir):
    win = window
    unlock(qtbot, win)
    win.workspace.new_button.click()
    interview_until(qtbot, win, stop_at="profile")
    interview = win.workspace.interview
    name = next(b for b in interview.boxes if b.qid == "given_name")
    type_text(name.input.line, "ສົມພອນ")          # typed, Enter not pressed yet
    case_id, step = interview.case_id, interview.step
    win.idle_lock()
    assert win.session is None and interview.boxes == []
    unlock(qtbot, win)
    assert win.workspace.pages.currentWidget() is interview
    assert (interview.case_id, interview.step) == (case_id, step)
    restored = next(b for b in interview.boxes if b.qid == "given_name")
    assert restored.value() == "ສົມພອນ"              # saved at the lock, read back
    screenshot(win, artifacts_dir, "interview-after-unlock")


def test_panic_button_hides_everything(qtbot, window, artifacts_dir):
    from PySide6.QtWidgets import QApplication, QMessageBox

    win = window
    unlock(qtbot, win)
    QApplication.clipboard().setText("ចាន់ សុខា")          # an explicit copy of a name
    open_dialog = QMessageBox(QMessageBox.Icon.Information, "x", "x", parent=win)
    open_dialog.show()
    qtbot.mouseClick(win.workspace.lock_button, Qt.MouseButton.LeftButton)
    assert win.session is None
    assert not open_dialog.isVisible()
    assert QApplication.clipboard().text() == ""
    assert win.current_screen() is win.neutral
    assert win.windowTitle() == "Locked"
    screenshot(win, artifacts_dir, "panic")


def test_an_administrator_lands_on_user_administration(qtbot, window):
    win = window
    unlock(qtbot, win, "admin", "admin passphrase")
    assert win.session.user.name == "admin"
    assert win.workspace.pages.currentWidget() is win.workspace.settings
    assert win.workspace.settings.users_box.isVisibleTo(win)
    assert not win.workspace.new_button.isEnabled()

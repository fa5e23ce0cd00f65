"""The officer's walk (issue 19): a refused screen never writes, "New interview"
throws nothing away, the decision starts at the suggestion, a lock forgets the
search. Each scenario drives the real window on a real encrypted data directory."""

from __future__ import annotations

import os
import stat

import pytest

pytest.importorskip("screening_app.exchange.directory")

from gui_support import MessageBoxes, answer, main_window, stored_rows, type_text, unlock
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from screening_app.domain import Answer, Consent, ConsentMethod, Gender, OutcomeKind, Person
from screening_app.gui.settings import apply_text_size
from screening_app.i18n import set_language
from screening_app.screening import evaluate_interview, load_form

SAFE = {"urgent_medical": "no", "urgent_danger": "no", "urgent_child_alone": "no",
        "urgent_cannot_go_on": "no"}
CONSENT = {"interpreter_used": "no", "consent_interview": "yes", "consent_record": "yes",
           "consent_share": "yes", "consent_how": "verbal"}


def _person(given: str, family: str, latin: str) -> Person:
    return Person(given_name=given, family_name=family, latin_name=latin, gender=Gender.FEMALE,
                  nationality="KH", estimated_age=31, languages=["km"])


def _consent() -> Consent:
    return Consent(interview=True, record=True, share_for_referral=True,
                   how=ConsentMethod.VERBAL)


def _real_draft(session, given: str, latin: str, extra: dict | None = None) -> str:
    """A draft on the installed identification form, answered up to the profile."""
    form = load_form("identification")
    case = session.cases.create(_person(given, "សុខ", latin), _consent(), form_id=form.id,
                                form_version=form.version, interviewee_language="km")
    answers = {**SAFE, **CONSENT, "given_name": given, "family_name": "សុខ",
               "latin_name": latin, **(extra or {})}
    for qid, value in answers.items():
        session.cases.save_answer(case.id, Answer(qid, value))
    return str(case.id)


@pytest.fixture
def made(data_dir_factory):
    return data_dir_factory(agency_name="Border checkpoint", country="TH",
                            agency_type="LawEnforcement")


@pytest.fixture
def window(qtbot, made):
    yield main_window(qtbot, made)
    set_language("en")
    apply_text_size(100)


def _select(win, case_id: str) -> None:
    cases = win.workspace.cases
    row = next(r for r in range(cases.model.rowCount()) if cases.model.case_id(r) == case_id)
    cases.table.selectRow(row)


# --- 1. a refused resume writes nothing -----------------------------------------

@pytest.fixture
def legacy(made):
    """A draft taken with a form version this device does not have, and a draft on
    the real form. Storage refuses to record a case on a form that is not installed
    (issue 15), so the first comes as it would from a device with a newer form (its
    database restored here): written on the real form, its version changed in the
    stored row."""
    with made.open("officer") as session:
        newer = _real_draft(session, "ស្រីមុំ", "Sok Sreymom")
        session.connection.execute(
            "UPDATE cases SET form_version = ? WHERE id = ?", ("9.0", newer))
        real = _real_draft(session, "ដារា", "Dara Sok")
    return newer, real


def _officer_presses_on(win) -> None:
    """What an officer does on the interview screen when it is shown: Next three
    times, then Save and close."""
    ws = win.workspace
    if ws.pages.currentWidget() is ws.interview:
        for _n in range(3):
            ws.interview.next.click()
        ws.interview.close_button.click()


@pytest.mark.parametrize("before", ["fresh login", "after another interview"])
def test_a_refused_resume_changes_no_case_and_no_screen(qtbot, window, legacy, before):
    win = window
    refused_id, real_id = legacy
    win.unlock_view.language.setCurrentIndex(win.unlock_view.language.findData("km"))
    unlock(qtbot, win)
    ws = win.workspace
    if before == "after another interview":
        ws.cases.resume_case.emit(real_id)
        assert ws.pages.currentWidget() is ws.interview
        step, shown = ws.interview.step, [b.qid for b in ws.interview.boxes]
        ws.show_cases()
    before_rows = stored_rows(win.session)

    _select(win, refused_id)
    with MessageBoxes() as boxes:
        ws.cases.resume_button.click()
        _officer_presses_on(win)
    assert ws.pages.currentWidget() is ws.cases            # the refusal left us here
    assert stored_rows(win.session) == before_rows          # nothing written, anywhere
    assert len(boxes.texts) == 1
    message = boxes.texts[0]
    assert "forms:" not in message and "no such form" not in message
    assert "ករណី" in message or "ទម្រង់" in message         # said in Khmer
    if before == "after another interview":
        # The interview screen is still the other case's, where it was.
        assert ws.interview.case_id == real_id and ws.interview.step == step
        assert [b.qid for b in ws.interview.boxes] == shown
    else:
        assert ws.interview.case_id is None and ws.interview.boxes == []
    # Even pressed where nothing is shown, the buttons neither fail nor write.
    ws.interview.go_next()
    ws.interview.save_and_close()
    assert stored_rows(win.session) == before_rows


# --- 2. "New interview" throws nothing away ------------------------------------

def _start_unrecorded(qtbot, win) -> None:
    """A new interview in Khmer with the urgent needs answered: memory only."""
    ws = win.workspace
    ws.new_button.click()
    start = ws.interview.start_page
    start.language.setCurrentIndex(start.language.findData("km"))
    ws.interview.next.click()
    for qid, value in SAFE.items():
        answer(qtbot, ws.interview, qid, value)


def test_new_interview_asks_before_dropping_unrecorded_answers(qtbot, window):
    win = window
    unlock(qtbot, win)
    ws = win.workspace
    _start_unrecorded(qtbot, win)
    step = ws.interview.step
    with MessageBoxes(QMessageBox.ButtonRole.RejectRole) as boxes:   # "continue it"
        ws.new_button.click()
    assert len(boxes.texts) == 1
    assert ws.pages.currentWidget() is ws.interview and ws.interview.step == step
    assert ws.interview.answers() == SAFE and ws.interview.language == "km"
    # Away to the case list and back: the interview in progress is offered again.
    ws.cases_button.click()
    with MessageBoxes(QMessageBox.ButtonRole.RejectRole):
        ws.new_button.click()
    assert ws.interview.answers() == SAFE and ws.interview.step == step
    with MessageBoxes(QMessageBox.ButtonRole.DestructiveRole) as boxes:   # "discard"
        ws.new_button.click()
    assert len(boxes.texts) == 1
    assert ws.interview.step == 0 and ws.interview.answers() == {}
    assert win.session.cases.count() == 0          # before consent nothing was stored


def test_new_interview_keeps_a_recorded_interview_as_a_draft(qtbot, window):
    win = window
    unlock(qtbot, win)
    ws = win.workspace
    _start_unrecorded(qtbot, win)
    ws.interview.next.click()
    for qid, value in CONSENT.items():
        answer(qtbot, ws.interview, qid, value)
    ws.interview.next.click()
    answer(qtbot, ws.interview, "given_name", "ស្រីមុំ")
    name = next(b for b in ws.interview.boxes if b.qid == "family_name")
    type_text(name.input.line, "សុខ")                  # typed, Enter not pressed
    case_id = ws.interview.case_id
    with MessageBoxes() as boxes:
        ws.new_button.click()
    assert boxes.texts == []                          # nothing to lose: no question
    assert ws.interview.step == 0 and ws.interview.case_id is None
    stored = win.session.cases.get(case_id)
    assert stored.draft
    assert stored.answer_values()["family_name"] == "សុខ"
    assert stored.person.display_name == "សុខ ស្រីមុំ"   # the profile follows the answers
    assert stored.interviewee_language == "km"


def test_tab_goes_from_the_answers_to_back_and_next_then_the_top_bar(qtbot, window):
    win = window
    unlock(qtbot, win)
    ws = win.workspace
    _start_unrecorded(qtbot, win)
    view = ws.interview
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    last = [b for b in view.boxes if not b.isHidden()][-1]
    last.first_input().setFocus()
    order = []
    for _n in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
        if order[-1] is ws.cases_button:
            break
    buttons = [w for w in order if w in (view.back, view.next, view.close_button,
                                          ws.cases_button)]
    names = [type(w).__name__ + ':' + str(getattr(w, 'text', lambda: '')()) for w in order]
    assert buttons[:2] == [view.back, view.next], names
    assert ws.cases_button in order
    assert order.index(view.next) < order.index(ws.cases_button)
    # nothing of the top bar between the answers and Back/Next
    assert not any(w in (ws.new_button, ws.settings_button)
                   for w in order[:order.index(view.next)])


# --- 3. the decision starts at the suggestion ----------------------------------

def _finished(session, given: str, latin: str, answers: dict) -> tuple[str, OutcomeKind]:
    case_id = _real_draft(session, given, latin, answers)
    form = load_form("identification")
    case = session.cases.get(case_id)
    outcome = evaluate_interview(form, case.answer_values())
    case.draft = False
    session.cases.update(case)
    session.cases.add_outcome(case_id, outcome)
    return case_id, outcome.kind


def test_the_decision_starts_at_each_cases_suggestion(qtbot, window, made):
    present = {"deceived_job": "yes"}
    victim = {"deceived_job": "yes", "deceived_travel": "yes", "work_types": ["factory"],
              "long_days": "yes", "pay": "not_paid", "bad_housing": "yes",
              "dangerous_work": "yes", "locked_in": "yes", "free_to_leave": "no",
              "threatened": "yes", "hit_at_work": "yes", "gender": "Female",
              "birth": {"age": 31, "certainty": "sure"}, "age_doubt": "no",
              "nationality": "KH"}
    with made.open("officer") as session:
        cases = [_finished(session, "ដារា", "Dara", {}),
                 _finished(session, "សុភា", "Sophea", present),
                 _finished(session, "ស្រីមុំ", "Sreymom", victim),
                 _finished(session, "វណ្ណា", "Vanna", {})]
    kinds = [k for _c, k in cases]
    assert len(set(kinds)) >= 2, kinds               # different suggestions, one after another
    win = window
    unlock(qtbot, win)
    outcome = win.workspace.outcome
    for case_id, kind in cases:
        win.workspace.go_to("outcome", case_id, 0)
        assert outcome.chosen() is kind
        assert outcome.confirm.text().replace("&", "") == "Confirm suggestion"
        # Choose another outcome: an override needs a reason ...
        other = next(k for k in OutcomeKind if k is not kind)
        outcome.decision.setCurrentIndex(outcome.decision.findData(other.value))
        outcome.confirm.click()
        assert outcome.message.text()
        assert win.workspace.pages.currentWidget() is outcome     # nothing recorded
        # ... and choosing the suggestion again clears that message.
        outcome.decision.setCurrentIndex(outcome.decision.findData(kind.value))
        assert outcome.message.text() == ""
        assert outcome.confirm.text().replace("&", "") == "Confirm suggestion"
    # The chosen outcome survives a language switch, too.
    set_language("km")
    assert outcome.chosen() is cases[-1][1]


# --- 4. a lock forgets the search ----------------------------------------------

@pytest.mark.parametrize("who", ["same user", "another user"])
def test_a_lock_forgets_the_search(qtbot, window, made, who):
    with made.open("officer") as session:
        for given, latin in (("ស្រីមុំ", "Sreymom"), ("ដារា", "Dara"), ("សុភា", "Sophea")):
            _real_draft(session, given, latin)
    with made.open("supervisor") as session:
        _real_draft(session, "វណ្ណា", "Vanna")
    win = window
    unlock(qtbot, win)
    cases = win.workspace.cases
    assert cases.model.rowCount() == 3
    type_text(cases.search, "ស្រីមុំ")
    cases.status.setCurrentIndex(1)
    cases.apply_query()
    assert cases.model.rowCount() <= 1
    win.panic_lock()
    # Nothing of the search is left while locked: not the box, not its undo, not the model.
    assert cases.search.text() == "" and not cases.search.isUndoAvailable()
    assert cases.model.search_text == "" and cases.model.filters is None
    assert cases.status.currentIndex() == 0
    win.show_unlock()
    if who == "same user":
        unlock(qtbot, win)
        expected = 3
    else:
        unlock(qtbot, win, "supervisor", made.passphrases["supervisor"])
        expected = 4
    assert cases.model.rowCount() == expected
    assert cases.count.text() == f"{expected} cases"
    set_language("km")
    assert cases.model.rowCount() == expected


# --- settings that hold -------------------------------------------------------------

def test_the_unlock_screen_shows_the_language_in_use(qtbot, window):
    win = window
    win.unlock_view.language.setCurrentIndex(win.unlock_view.language.findData("km"))
    unlock(qtbot, win)
    settings = win.workspace.settings
    win.workspace.show_settings()
    settings.language.setCurrentIndex(settings.language.findData("en"))   # back to English
    win.idle_lock()
    assert win.unlock_view.language.currentData() == "en"
    assert win.unlock_view.button.text() == "&Unlock"


def test_the_default_interviewee_language_stores_what_the_officer_sees(qtbot, window):
    from screening_app.gui.settings import INTERVIEWEE_KEY, default_interviewee_language

    win = window
    unlock(qtbot, win)
    settings = win.workspace.settings
    win.workspace.show_settings()
    box = settings.interviewee
    assert box.currentData() == "en"             # nothing stored: the program's language
    box.activated.emit(box.currentIndex())       # the officer picks the shown value
    assert win.session.settings.get(INTERVIEWEE_KEY) == "en"
    set_language("km")                           # it does not follow the program any more
    assert default_interviewee_language(win.session) == "en"


def test_enter_and_return_unlock_like_space(qtbot, window):
    win = window
    unlock(qtbot, win)
    win.panic_lock()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.neutral.button.setFocus()
    qtbot.keyClick(win.neutral.button, Qt.Key.Key_Return)
    assert win.current_screen() is win.unlock_view
    view = win.unlock_view
    type_text(view.passphrase, win.passphrase)
    view.button.setFocus()
    qtbot.keyClick(view.button, Qt.Key.Key_Enter)          # on the focused Unlock button
    assert win.session is not None


def test_the_last_user_who_unlocked_is_preselected_never_the_first_name(qtbot, made):
    first = main_window(qtbot, made)
    qtbot.waitUntil(lambda: first.unlock_view.user.count() == 3)
    assert first.unlock_view.user.currentText() == ""      # nobody, not "admin"
    first.unlock_view.user.setCurrentText("supervisor")
    type_text(first.unlock_view.passphrase, made.passphrases["supervisor"])
    first.unlock_view.try_unlock()
    assert first.session is not None
    remembered = made.path / "last-user"
    if os.name == "posix":          # owner-only, as every file the program writes
        assert stat.S_IMODE(remembered.stat().st_mode) == 0o600
    assert not [p for p in made.path.iterdir() if p.name.startswith(".last-user")]
    first.close()
    again = main_window(qtbot, made)
    qtbot.waitUntil(lambda: again.unlock_view.user.count() == 3)
    assert again.unlock_view.user.currentText() == "supervisor"

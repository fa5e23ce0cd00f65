"""A recorded interview keeps its words (issue 21): a case taken with identification
1.0 shows its questions as they were asked then, a case taken with 1.1 the corrected
wording, in Thai and Vietnamese. In the interview, the person hears "I don't know"
while the officer's column keeps "Does not know" (issue 16)."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.screening")

from gui_support import screenshot, shown

from screening_app.domain import Answer, Consent, Person
from screening_app.gui.case_detail import CaseDetailView
from screening_app.gui.questions import QuestionBox
from screening_app.i18n import set_language
from screening_app.screening import load_form

# Asked in both versions; the translations of "the recruiter" were corrected in 1.1.
ANSWERS = {"consent_interview": "yes", "before_no_papers": "yes", "before_dependent": "yes",
           "before_papers_used": "refused"}
# (language, 1.0 wording, 1.1 wording) of before_dependent
WORDING = [
    ("th", "คุณต้องพึ่งนายหน้าในทุกเรื่องไหม",
     "คุณต้องพึ่งคนที่ชวนหรือพาคุณไปในทุกเรื่องไหม"),
    ("vi", "Anh/chị có phải dựa vào người môi giới trong mọi việc không",
     "Anh/chị có phải dựa vào người đã rủ/đưa anh/chị đi trong mọi việc không"),
]


def _case(session, version: str) -> str:  # type: ignore[no-untyped-def]
    case = session.cases.create(Person(given_name="Dara"),
                                Consent(interview=True, record=True),
                                form_id="identification", form_version=version)
    for qid, value in ANSWERS.items():
        session.cases.save_answer(case.id, Answer(qid, value))
    return case.id


@pytest.mark.parametrize(("lang", "old", "new"), WORDING)
def test_each_case_shows_the_words_of_its_form_version(qtbot, session, artifacts_dir,
                                                       lang, old, new):
    cases = {v: _case(session, v) for v in ("1.0", "1.1")}
    try:
        set_language(lang)
        view = shown(qtbot, CaseDetailView(), session)
        view.tabs.setCurrentIndex(1)
        seen = {}
        for version, case_id in cases.items():
            view.open_case(case_id)
            seen[version] = view.answers.toPlainText()
            screenshot(view, artifacts_dir, f"case-answers-{lang}-{version}")
    finally:
        set_language("en")
    assert old in seen["1.0"] and new not in seen["1.0"]
    assert new in seen["1.1"] and old not in seen["1.1"]
    broker = {"th": "นายหน้า", "vi": "môi giới"}[lang]
    assert broker not in seen["1.1"]      # no question of the 1.1 case says "broker"


def _buttons(box: QuestionBox) -> list[tuple[str, str]]:
    """(officer's column, interviewee's column) of each answer button: the officer's
    words are the label beside the button (it wraps; a button's own text cannot)."""
    return [(words.text(), other.text())
            for (_b, _v, _l, other), words in zip(box.input.items, box.input.words, strict=True)]


def test_the_person_hears_the_first_person_and_the_officer_keeps_his_label(
        qtbot, artifacts_dir):
    new = shown(qtbot, QuestionBox(load_form("identification", "1.1").question("urgent_danger"),
                                   "th"))
    assert _buttons(new) == [("Yes", "ใช่"), ("No", "ไม่ใช่"),
                             ("Does not know", "ไม่รู้"), ("Prefers not to say", "ไม่อยากบอก")]
    screenshot(new, artifacts_dir, "question-yes-no-1.1-th")
    # 1.0 had no interviewee wording: the officer's labels in both columns.
    old = shown(qtbot, QuestionBox(load_form("identification", "1.0").question("urgent_danger"),
                                   "th"))
    assert _buttons(old)[2:] == [("Does not know", "ไม่ทราบ"),
                                 ("Prefers not to say", "ไม่ขอตอบ")]
    # The officer working in Vietnamese sees the officer's wording in Vietnamese.
    try:
        set_language("vi")
        officer_vi = shown(qtbot, QuestionBox(
            load_form("identification", "1.1").question("before_knew_work"), "th"))
        assert ("Không muốn trả lời", "ไม่อยากบอก") in _buttons(officer_vi)
    finally:
        set_language("en")

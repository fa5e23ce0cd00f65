"""Interview screen: the consent gate, then one page per form section, generated
from the form definition (skip logic, inline validation, progress, back/next,
keyboard only). Every answer is saved through storage as soon as it is given;
leaving, locking or a crash loses nothing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from screening_app.errors import Refused
from screening_app.gui import layers
from screening_app.gui.common import CaseScreen, show_refusal, unavailable_tip, wrapped_label
from screening_app.gui.consent import ConsentPage
from screening_app.gui.questions import QuestionBox
from screening_app.i18n import AUTONYMS, _, current_language

CONSENT_STEP = 0
LAST_STEP = -1      # "where the interview left off" when resuming


def default_form() -> Any:
    return layers.load("screening_app.screening").load_form()


def form_of(case: Any) -> Any:
    """The form version the case was taken with (a case always renders with it)."""
    load_form = layers.load("screening_app.screening").load_form
    if case.form_id:
        return load_form(case.form_id, case.form_version)
    return load_form()


def visible_ids(form: Any, answers: dict[str, Any]) -> set[str]:
    return {str(q.id) for q in form.visible_questions(answers)}


def validation_message(form: Any, question: Any, value: Any, answers: dict[str, Any]) -> str | None:
    try:
        result = form.validate_answer(question, value, answers)
    except Refused as refused:
        return refused.message
    if not result:
        return None
    if isinstance(result, list | tuple):
        return " ".join(_(str(m)) for m in result)
    return _(str(result))


class InterviewView(CaseScreen):
    finished = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interview")
        self.form: Any = None
        self.step = CONSENT_STEP
        self.boxes: list[QuestionBox] = []
        self.consent_page: ConsentPage | None = None

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.languages = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.back = QPushButton()
        self.next = QPushButton()
        self.next.setDefault(True)
        self.close_button = QPushButton()
        self.notice = wrapped_label()
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.close_button.clicked.connect(self.save_and_close)
        for keys, slot in (("Ctrl+Return", self.go_next), ("Ctrl+PgDown", self.go_next),
                           ("Ctrl+PgUp", self.go_back)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        footer = QHBoxLayout()
        footer.addWidget(self.close_button)
        footer.addStretch(1)
        footer.addWidget(self.back)
        footer.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.languages)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)
        layout.addWidget(self.body, 1)
        layout.addLayout(footer)
        self.retranslate()

    # --- state ----------------------------------------------------------------
    def forget(self) -> None:
        self.boxes = []
        self.consent_page = None
        old = self.body.takeWidget()
        if old is not None:
            old.deleteLater()
        self.heading.clear()
        self.languages.clear()
        self.notice.clear()

    @property
    def sections(self) -> list[Any]:
        return list(getattr(self.form, "sections", []) or [])

    def answers(self) -> dict[str, Any]:
        return {} if self.case is None else self.case.answer_values()

    def interviewee_language(self) -> str:
        if self.case is not None and self.case.interviewee_language:
            return str(self.case.interviewee_language)
        from screening_app.gui.settings import default_interviewee_language

        return default_interviewee_language(self.session)

    # --- opening --------------------------------------------------------------
    def start_new(self) -> None:
        """A new interview starts at the consent gate; no case exists until consent."""
        self.case = None
        self.case_id = None
        self.form = None
        ready = layers.has("screening_app.screening")
        self.notice.setText("" if ready else unavailable_tip(_("The interview form")))
        self.next.setEnabled(ready)
        if ready:
            self.form = default_form()
        self.show_step(CONSENT_STEP)

    def open_case(self, case_id: str, step: int = LAST_STEP) -> None:
        """Open a saved case where it was left (or at `step`), from the database."""
        self.load_case(case_id)
        self.form = form_of(self.case)
        self.notice.clear()
        self.next.setEnabled(True)
        if step == LAST_STEP or step <= CONSENT_STEP:
            step = self._first_open_step()
        self.show_step(step)

    def _first_open_step(self) -> int:
        """The first section with a visible, unanswered question (else the last)."""
        answers = self.answers()
        shown = visible_ids(self.form, answers)
        steps = self._steps()
        for step in steps:
            questions = self.sections[step - 1].questions
            if any(str(q.id) in shown and str(q.id) not in answers for q in questions):
                return step
        return steps[-1] if steps else CONSENT_STEP

    def _steps(self) -> list[int]:
        """Section steps (1-based) that have at least one visible question now."""
        shown = visible_ids(self.form, self.answers())
        return [i + 1 for i, section in enumerate(self.sections)
                if any(str(q.id) in shown for q in section.questions)]

    # --- pages ----------------------------------------------------------------
    def show_step(self, step: int) -> None:
        self.step = step
        old = self.body.takeWidget()
        if old is not None:
            old.deleteLater()
        self.boxes = []
        self.consent_page = None
        page = QWidget()
        page_layout = QVBoxLayout(page)
        if step == CONSENT_STEP:
            self.consent_page = ConsentPage(self.interviewee_language())
            page_layout.addWidget(self.consent_page)
        else:
            answers = self.answers()
            shown = visible_ids(self.form, answers)
            for question in self.sections[step - 1].questions:
                box = QuestionBox(question, self.interviewee_language(),
                                  answers.get(str(question.id)))
                box.answered.connect(self.on_answer)
                box.setVisible(str(question.id) in shown)
                self.boxes.append(box)
                page_layout.addWidget(box)
        page_layout.addStretch(1)
        self.body.setWidget(page)
        self.retranslate()
        first = self.consent_page.language if self.consent_page else next(
            (b.first_input() for b in self.boxes if b.isVisibleTo(page)), self.next)
        first.setFocus()

    def retranslate(self) -> None:
        self.back.setText(_("&Back"))
        self.close_button.setText(_("Save and &close"))
        self.close_button.setToolTip(_("Every answer is already saved; come back to this "
                                       "draft from the case list."))
        steps = self._steps() if self.form is not None and self.case is not None else []
        last = bool(steps) and self.step == steps[-1]
        self.next.setText(_("&Finish") if last else _("&Next"))
        self.back.setEnabled(self.step != CONSENT_STEP)
        total = len(self.sections) + 1
        if self.step == CONSENT_STEP:
            self.heading.setText(_("Consent"))
            self.progress.setRange(0, total)
            self.progress.setValue(0)
        elif self.form is not None and 0 < self.step <= len(self.sections):
            section = self.sections[self.step - 1]
            title = str(getattr(section, "title", "") or "")
            self.heading.setText(_(title))
            position = steps.index(self.step) + 1 if self.step in steps else self.step
            self.progress.setRange(0, len(steps) + 1)
            self.progress.setValue(position)
        self.progress.setFormat(_("Step {n} of {total}").format(
            n=self.progress.value() + 1, total=self.progress.maximum() + 1))
        self.progress.setAccessibleName(_("Progress"))
        officer = AUTONYMS.get(current_language(), current_language())
        if self.session is not None:
            lang = self.interviewee_language()
            self.languages.setText(_("Officer: {officer} · Interviewee: {interviewee}").format(
                officer=officer, interviewee=AUTONYMS.get(lang, lang)))

    # --- answers --------------------------------------------------------------
    def on_answer(self, question: Any, value: Any) -> None:
        """Validate, save at once, then update which questions are shown."""
        from screening_app.domain import Answer

        if self.case is None:
            return
        box = next((b for b in self.boxes if b.question is question), None)
        answers = self.answers()
        message = None if value is None else validation_message(self.form, question, value,
                                                                  answers)
        if box is not None:
            box.show_error(message)
        if message is not None or value is None:
            return
        answer = Answer(str(question.id), value, answered_by=self.session.user.name)
        try:
            self.session.cases.save_answer(self.case.id, answer)
        except Refused as refused:
            show_refusal(self, refused)
            return
        self.case.answers[answer.question_id] = answer
        if box is not None:
            box.mark_saved()
        shown = visible_ids(self.form, self.case.answer_values())
        for other in self.boxes:
            other.setVisible(other.qid in shown)
        self.retranslate()

    def flush(self) -> None:
        """Save text typed but not yet handed over (before a lock or leaving)."""
        for box in self.boxes:
            if box.pending_text():
                self.on_answer(box.question, box.value())

    # --- navigation -----------------------------------------------------------
    def go_next(self) -> None:
        if not self.next.isEnabled():
            return
        if self.step == CONSENT_STEP:
            if self.case is None and not self._create_case():
                return
        else:
            self.flush()
            if any(b.error.isVisible() for b in self.boxes if not b.isHidden()):
                return
        steps = self._steps()
        later = [s for s in steps if s > self.step]
        if later:
            self.show_step(later[0])
        else:
            self._finish()

    def go_back(self) -> None:
        if self.step == CONSENT_STEP:
            return
        self.flush()
        earlier = [s for s in self._steps() if s < self.step]
        self.show_step(earlier[-1] if earlier else CONSENT_STEP)

    def _create_case(self) -> bool:
        from screening_app.domain import Person

        assert self.consent_page is not None
        why = self.consent_page.gate()
        self.consent_page.gate_message.setText(why or "")
        if why is not None:
            return False
        lang = self.consent_page.interviewee_language()
        try:
            self.case = self.session.cases.create(
                Person(languages=[lang]), self.consent_page.consent(),
                form_id=getattr(self.form, "id", None),
                form_version=str(getattr(self.form, "version", "") or "") or None,
                officer_language=current_language(), interviewee_language=lang)
        except Refused as refused:
            show_refusal(self, refused)
            return False
        self.case_id = str(self.case.id)
        return True

    def save_and_close(self) -> None:
        self.flush()
        self.cancelled.emit()

    def _finish(self) -> None:
        """Compute the outcome, record it with the profile, and show it."""
        screening = layers.load("screening_app.screening")
        answers = self.case.answer_values()
        try:
            outcome = screening.evaluate_interview(self.form, answers)
            person = screening.profile_from_answers(self.form, answers)
            if person is not None:
                self.case.person = person
            self.case.draft = False
            self.session.cases.update(self.case)
            self.session.cases.add_outcome(self.case.id, outcome)
        except Refused as refused:
            show_refusal(self, refused)
            return
        self.finished.emit(str(self.case.id))

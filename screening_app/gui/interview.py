"""Interview screen: a language page, then one page per visible form section,
generated from the form definition (skip logic, inline validation, progress,
back/next, keyboard only).

No case exists until the person agrees to the interview and to recording (the
form's consent questions). Until then the few answers given (urgent needs first)
live only in memory; from then on every answer is saved through storage as soon
as it is given, so leaving, an idle lock or a crash loses nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from screening_app.domain import Answer
from screening_app.errors import Refused
from screening_app.gui.case_forms import DEFAULT_FORM, form_of, newest_form
from screening_app.gui.common import CaseScreen, show_refusal, wrapped_label
from screening_app.gui.duplicates import DuplicateNote
from screening_app.gui.interview_state import LAST_STEP, START_STEP, OpenInterview
from screening_app.gui.questions import QuestionBox
from screening_app.gui.start import StartPage
from screening_app.i18n import AUTONYMS, _, current_language


class InterviewView(CaseScreen):
    finished = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interview")
        self.bound: OpenInterview | None = None           # set only by bind()
        self.step = START_STEP
        self.boxes: list[QuestionBox] = []
        self.start_page: StartPage | None = None

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.intro = wrapped_label()
        self.intro.setObjectName("help")
        self.languages = QLabel()
        self.progress = QProgressBar()
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.back = QPushButton()
        self.next = QPushButton()
        self.next.setDefault(True)
        self.close_button = QPushButton()
        self.notice = wrapped_label()
        self.duplicate_note = DuplicateNote()     # possible same person (gui/duplicates.py)
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.close_button.clicked.connect(self.save_and_close)
        for keys, slot in (("Ctrl+Return", self.go_next), ("Ctrl+PgDown", self.go_next),
                           ("Ctrl+PgUp", self.go_back)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self.untranslated = wrapped_label()
        self.untranslated.setObjectName("help")
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
        layout.addWidget(self.duplicate_note)
        layout.addWidget(self.body, 1)
        layout.addLayout(footer)
        self.retranslate()

    # --- state ----------------------------------------------------------------
    @property
    def case(self) -> Any:
        return None if self.bound is None else self.bound.case

    @property
    def form(self) -> Any:
        return None if self.bound is None else self.bound.form

    @property
    def language(self) -> str | None:
        return None if self.bound is None else self.bound.language

    @property
    def pending(self) -> dict[str, Answer]:
        return {} if self.bound is None else self.bound.pending

    def forget(self) -> None:
        self.duplicate_note.clear_note()
        self.bound = None
        self.step = START_STEP
        self.boxes = []
        self.start_page = None
        self._drop_page()
        for label in (self.heading, self.languages, self.notice, self.intro,
                      self.untranslated):
            label.clear()

    def _drop_page(self) -> None:
        # setWidget() lets Qt delete the old page itself. The section intro and
        # the translation note scroll with the page but outlive it.
        self.boxes = []
        for label in (self.intro, self.untranslated):
            label.setParent(self)
            label.hide()
        self.body.setWidget(QWidget())

    @property
    def sections(self) -> list[Any]:
        return [] if self.bound is None else self.bound.sections

    def answers(self) -> dict[str, Any]:
        return {} if self.bound is None else self.bound.answers()

    def interviewee_language(self) -> str:
        if self.language:
            return self.language
        from screening_app.gui.settings import default_interviewee_language

        return default_interviewee_language(self.session)

    def has_unrecorded(self) -> bool:
        """An interview in progress whose answers exist only in memory (before the
        person agreed to recording): starting another one would throw them away."""
        return self.bound is not None and (self.bound.unrecorded or (
            self.bound.case is None and self.step != START_STEP))

    # --- opening --------------------------------------------------------------
    def load(self, case_id: str | None = None) -> OpenInterview:
        """What `bind` needs to show a saved case (or, without an id, a new interview).
        Raises Refused, in the officer's language, and changes nothing."""
        if case_id is None:
            return OpenInterview(newest_form())
        case = self.read_case(case_id)
        return OpenInterview(form_of(case), case, case.interviewee_language)

    def bind(self, bound: OpenInterview, step: int = LAST_STEP) -> None:
        """Show `bound` (from `load`) at `step`: from now on this is what the screen saves."""
        self.bound = bound
        self.notice.clear()
        # a possible same person of this case (none for a new interview): never the
        # note of the case shown before
        self.duplicate_note.check(self.session, self.case_id)
        self.next.setEnabled(True)
        if bound.case is None:
            step = START_STEP
        elif step not in self._steps():
            step = bound.first_open_step()
        self.show_step(step)

    def start_new(self) -> None:
        """A new interview starts with the language page; no case exists yet."""
        self.bind(self.load(None), START_STEP)

    def open_case(self, case_id: str, step: int = LAST_STEP) -> None:
        """Open a saved case where it was left (or at `step`), from the database."""
        self.bind(self.load(case_id), step)

    def _steps(self) -> list[int]:
        """Section steps (1-based) visible with the answers given so far."""
        return [] if self.bound is None else self.bound.steps()

    # --- pages ----------------------------------------------------------------
    def show_step(self, step: int) -> None:
        self.step = step
        self._drop_page()
        self.boxes = []
        self.start_page = None
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(self.intro)
        page_layout.addWidget(self.untranslated)
        if step == START_STEP:
            self.start_page = StartPage(self.interviewee_language())
            page_layout.addWidget(self.start_page)
        else:
            answers = self.answers()
            shown = {q.id for q in self.form.visible_questions(answers)}
            for question in self.sections[step - 1].questions:
                box = QuestionBox(question, self.interviewee_language(), answers.get(question.id))
                box.answered.connect(self.on_answer)
                box.setVisible(question.id in shown)
                self.boxes.append(box)
                page_layout.addWidget(box)
        page_layout.addStretch(1)
        self.body.setWidget(page)
        self.body.verticalScrollBar().setValue(0)
        self._tab_order(page)
        self.retranslate()
        first = self.start_page.language if self.start_page else next(
            (b.first_input() for b in self.boxes if not b.isHidden()), self.next)
        first.setFocus()

    def _tab_order(self, page: QWidget) -> None:
        """Tab goes from the last answer to Back, Next and Save and close, and only
        then to the top bar (the page is built after them, so by default Tab
        jumped from the last answer straight to the top bar)."""
        chain = [self.back, self.next, self.close_button]
        # (Qt ignores setTabOrder for widgets that take no focus, such as labels.)
        last: QWidget | None = None
        following = page.nextInFocusChain()
        while following is not None and page.isAncestorOf(following):
            if following.focusPolicy() != Qt.FocusPolicy.NoFocus:
                last = following
            following = following.nextInFocusChain()
        if last is None:
            return
        for widget in chain:
            QWidget.setTabOrder(last, widget)
            last = widget

    def retranslate(self) -> None:
        self.back.setText(_("&Back"))
        self.close_button.setText(_("Save and &close"))
        self.close_button.setToolTip(_("Every recorded answer is already saved; come back to "
                                       "this draft from the case list."))
        self.back.setAccessibleName(_("Back"))
        self.progress.setAccessibleName(_("Progress"))
        steps = self._steps()
        # Before consent the later sections are hidden: the last visible page is not
        # the end of the interview yet.
        last = self.case is not None and bool(steps) and self.step == steps[-1]
        self.next.setText(_("&Finish") if last else _("&Next"))
        self.next.setAccessibleName(_("Finish") if last else _("Next"))
        self.back.setEnabled(self.step != START_STEP and not (
            self.case is not None and steps and self.step == steps[0]))
        position = 1 + (steps.index(self.step) + 1 if self.step in steps else 0)
        # Before consent most sections are hidden: count them all, so progress never
        # jumps backwards when they appear.
        total = 1 + (len(steps) if self.case is not None else len(self.sections))
        self.progress.setRange(0, total)
        self.progress.setValue(position)
        self.progress.setFormat(_("Step {n} of {total}").format(n=position, total=total))
        missing = [b for b in self.boxes if b.untranslated()]
        lang = self.language or ""
        self.untranslated.setText(_(
            "Some questions on this page are not yet translated into {language}: the "
            "interpreter translates them.").format(language=AUTONYMS.get(lang, lang))
            if missing else "")
        self.untranslated.setVisible(bool(missing))
        if self.step == START_STEP:
            self.heading.setText(_("New interview"))
            self.intro.clear()
        elif self.form is not None:
            section = self.sections[self.step - 1]
            self.heading.setText(_(str(section.title)))
            self.intro.setText(_(str(section.intro)) if section.intro else "")
        self.intro.setVisible(bool(self.intro.text()))
        if self.session is not None:
            lang = self.interviewee_language()
            officer = current_language()
            self.languages.setText(_("Officer: {officer} · Interviewee: {interviewee}").format(
                officer=AUTONYMS.get(officer, officer), interviewee=AUTONYMS.get(lang, lang)))
        if self.case is not None:
            self.notice.setText(_("Case {ref}: every answer is saved as you go.").format(
                ref=self.case.reference))
        self.notice.setVisible(bool(self.notice.text()))

    # --- answers --------------------------------------------------------------
    def on_answer(self, question: Any, value: Any) -> None:
        """Validate, save at once (or keep in memory before consent), update skip logic."""
        bound = self.bound
        if bound is None or self.session is None:
            return
        box = next((b for b in self.boxes if b.question is question), None)
        answers = self.answers()
        errors = [] if value is None else list(bound.form.validate_answer(question, value,
                                                                          answers))
        if box is not None:
            box.show_error(" ".join(errors))
        if errors:
            return
        answer = Answer(question.id, value, answered_by=self.session.user.name)
        try:
            bound.record(self.session, answer, self.interviewee_language())
        except Refused as refused:
            show_refusal(self, refused)
            return
        if box is not None:
            box.mark_saved()
        shown = {q.id for q in bound.form.visible_questions(self.answers())}
        for other in self.boxes:
            other.setVisible(other.qid in shown)
        self.retranslate()

    def flush(self) -> None:
        """Save text typed but not yet handed over (before a lock or leaving)."""
        for box in self.boxes:
            if box.pending_text():
                self.on_answer(box.question, box.value())

    def save_draft(self) -> None:
        """Leaving the screen (lock, top bar, another case): save what is typed and
        bring the profile up to date. Unrecorded answers stay in memory only."""
        self.flush()
        self._sync_profile()

    def _sync_profile(self) -> None:
        if self.bound is None or self.session is None:
            return
        try:
            changed = self.bound.sync_profile(self.session)
        except Refused as refused:          # the validation layer names the field
            show_refusal(self, refused)
            return
        if changed:
            self.duplicate_note.check(self.session, self.case_id)

    # --- navigation -----------------------------------------------------------
    def go_next(self) -> None:
        bound = self.bound
        if bound is None or not self.next.isEnabled():
            return
        if self.step == START_STEP:
            if self.start_page is None:
                return
            bound.language = self.start_page.interviewee_language()
        else:
            self.flush()
            if not self._page_complete():
                return
            if bound.case is None and self._consent_refused(bound):
                return
            self._sync_profile()
        later = [s for s in self._steps() if s > self.step]
        if later:
            self.show_step(later[0])
        else:
            self._finish()

    def _page_complete(self) -> bool:
        """Required questions answered and no answer with a problem on this page."""
        missing = {q.id for q in self.form.missing_required(self.answers())}
        complete = True
        for box in self.boxes:
            if box.isHidden():
                continue
            if box.qid in missing:
                box.show_error(_("This question needs an answer."))
            if not box.error.isHidden():
                complete = False
        if not complete:
            first = next(b for b in self.boxes if not b.isHidden() and not b.error.isHidden())
            self.body.ensureWidgetVisible(first)
            first.first_input().setFocus()
        return complete

    def _consent_refused(self, bound: OpenInterview) -> bool:
        """After the consent questions: without agreement nothing is recorded."""
        consent_ids = set(self.form.consent.values())
        asked = {q.id for q in self.sections[self.step - 1].questions}
        if not consent_ids & asked:
            return False
        consent = bound.consent()
        if consent.interview and consent.record:
            return False
        QMessageBox.information(self, _("Nothing recorded"), _(
            "The person did not agree to the interview or to recording, so nothing has been "
            "stored. Offer the help that does not need a record (urgent needs, information, "
            "a hotline)."))
        self.forget()
        self.cancelled.emit()
        return True

    def go_back(self) -> None:
        if self.bound is None or self.step == START_STEP:
            return
        self.flush()
        earlier = [s for s in self._steps() if s < self.step]
        if earlier:
            self.show_step(earlier[-1])
        elif self.case is None:
            self.show_step(START_STEP)

    def save_and_close(self) -> None:
        """Back to the case list. Recorded answers are saved; answers given before the
        person agreed to recording stay in memory only ("New interview" offers them)."""
        self.save_draft()
        self.cancelled.emit()

    def _finish(self) -> None:
        """Compute the outcome, record it with the profile, and show it."""
        bound = self.bound
        if bound is None or bound.case is None:
            return
        try:
            bound.finish(self.session)
        except Refused as refused:
            show_refusal(self, refused)
            return
        self.finished.emit(str(bound.case.id))


# DEFAULT_FORM and form_of moved to gui.case_forms; these names keep working here.
__all__ = ["DEFAULT_FORM", "LAST_STEP", "START_STEP", "InterviewView", "OpenInterview", "form_of"]

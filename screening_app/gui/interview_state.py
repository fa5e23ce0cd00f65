"""The interview in progress, without widgets: what the interview screen shows and
saves to, and how an answer is recorded (or held in memory before consent).

`OpenInterview` is set on the screen as one piece, and only once loading the case
and its form succeeded, so a screen can only ever save what it loaded. Every
method that writes raises `Refused` (storage's translated line) and leaves the
database as it was; the screen shows the refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from screening_app.domain import Answer
from screening_app.gui.case_forms import screening
from screening_app.i18n import current_language

START_STEP = 0      # the language page of a new interview
LAST_STEP = -1      # "where the interview left off" when resuming


@dataclass
class OpenInterview:
    """The form, the case (None until the person agrees to the interview and to
    recording), the interviewee's language, and the answers held in memory
    before that agreement."""

    form: Any
    case: Any = None
    language: str | None = None
    pending: dict[str, Answer] = field(default_factory=dict)

    @property
    def unrecorded(self) -> bool:
        """Answers or a language given that exist nowhere but in memory."""
        return self.case is None and (bool(self.pending) or self.language is not None)

    @property
    def sections(self) -> list[Any]:
        return list(self.form.sections)

    def answers(self) -> dict[str, Any]:
        values = {} if self.case is None else self.case.answer_values()
        values.update({qid: a.value for qid, a in self.pending.items()})
        return values

    # --- pages ----------------------------------------------------------------
    def steps(self) -> list[int]:
        """Section steps (1-based) visible with the answers given so far."""
        visible = {s.id for s in self.form.visible_sections(self.answers())}
        return [i + 1 for i, s in enumerate(self.sections) if s.id in visible]

    def first_open_step(self) -> int:
        """The first section with a visible question still unanswered (else the last)."""
        answers = self.answers()
        shown = {q.id for q in self.form.visible_questions(answers)}
        steps = self.steps()
        for step in steps:
            if any(q.id in shown and q.id not in answers
                   for q in self.sections[step - 1].questions):
                return step
        return steps[-1] if steps else START_STEP

    def consent(self) -> Any:
        return screening().consent_from_answers(self.form, self.answers())

    # --- recording ------------------------------------------------------------
    def record(self, session: Any, answer: Answer, interviewee_language: str) -> None:
        """Save the answer at once; before consent keep it in memory, and create the
        case (with every answer held so far) the moment the person agrees."""
        if self.case is not None:
            session.cases.save_answer(self.case.id, answer)
            self.case.answers[answer.question_id] = answer
            return
        self.pending[answer.question_id] = answer
        consent = self.consent()
        if not (consent.interview and consent.record):
            return
        person = screening().person_from_answers(self.form, self.answers())
        with session.transaction():
            case = session.cases.create(
                person, consent, form_id=self.form.id, form_version=self.form.version,
                officer_language=current_language(),
                interviewee_language=interviewee_language)
            for held in self.pending.values():
                session.cases.save_answer(case.id, held)
                case.answers[held.question_id] = held
        self.case, self.pending = case, {}

    def sync_profile(self, session: Any) -> bool:
        """Keep the case's profile and consent in step with the answers (the case
        list and search show the name as soon as it is given). True when the person
        changed (then the screen looks for a possible same person)."""
        if self.case is None:
            return False
        person = screening().person_from_answers(self.form, self.answers())
        consent = self.consent()
        consent.given_at = self.case.consent.given_at or consent.given_at
        if person == self.case.person and consent == self.case.consent:
            return False
        changed = person != self.case.person
        # the case in memory changes only once storage has it (the validation
        # layer may refuse a value)
        self.case = session.cases.update(replace(self.case, person=person, consent=consent))
        return changed

    def finish(self, session: Any) -> None:
        """Compute the outcome and record it with the finished case."""
        outcome = screening().evaluate_interview(self.form, self.answers())
        self.case.draft = False
        try:
            with session.transaction():
                session.cases.update(self.case)
                session.cases.add_outcome(self.case.id, outcome)
        except BaseException:
            self.case.draft = True             # nothing was stored
            raise


__all__ = ["LAST_STEP", "START_STEP", "OpenInterview"]

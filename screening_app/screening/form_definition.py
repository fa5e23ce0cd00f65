"""A whole form (FormDefinition): its sections and questions, and what a set of
answers means under it: which questions show, what is missing or wrong, which
indicators the answers evidence and which raise the urgent-referral flag.

A case keeps the form id and version it was taken with; `form_files.load_form`
gives exactly that version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from screening_app.i18n import _
from screening_app.screening.answer_checks import check_type
from screening_app.screening.form_model import (
    Question,
    QuestionType,
    Section,
    answered,
    chosen_options,
)
from screening_app.screening.skip_logic import FormEnvironment


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: str
    status: str
    title: str
    description: str = ""
    sections: tuple[Section, ...] = ()
    rule_set: str = "ilo_2009_default"
    rule_set_version: str | None = None     # None: the newest
    profile: dict[str, str] = field(default_factory=dict)   # Person field -> question id
    consent: dict[str, str] = field(default_factory=dict)   # Consent field -> question id
    file: str = ""

    # ------------------------------------------------------------ structure
    def questions(self) -> list[Question]:
        """Every top-level question in interview order."""
        return [q for s in self.sections for q in s.questions]

    def question(self, question_id: str) -> Question:
        for q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def section_of(self, question: Question) -> Section:
        for s in self.sections:
            if s.id == question.section_id:
                return s
        raise KeyError(question.section_id)

    def indicator_refs(self) -> dict[str, list[str]]:
        """indicator reference -> ids of the questions whose options evidence it."""
        out: dict[str, list[str]] = {}
        for q in self.questions():
            for qid, sub in [(q.id, q), *((f"{q.id}.{s.id}", s) for s in q.questions)]:
                for o in sub.options:
                    for ref in o.indicators:
                        out.setdefault(ref, [])
                        if qid not in out[ref]:
                            out[ref].append(qid)
        return out

    # ------------------------------------------------------------ skip logic
    def environment(self, answers: dict[str, Any], today: date | None = None) -> FormEnvironment:
        return FormEnvironment(self, answers, today or date.today())

    def is_visible(self, question: Question, answers: dict[str, Any],
                   today: date | None = None) -> bool:
        return self.environment(answers, today).visible(question.id)

    def text_for(self, question: Question, answers: dict[str, Any],
                 today: date | None = None) -> str:
        """The wording to ask (English msgid): the child wording when the person is
        presumed a child and the form has one."""
        if question.child_text and self.environment(answers, today).value("presumed_child"):
            return question.child_text
        return question.text

    def visible_questions(self, answers: dict[str, Any], today: date | None = None
                          ) -> list[Question]:
        env = self.environment(answers, today)
        return [q for q in self.questions() if env.visible(q.id)]

    def visible_sections(self, answers: dict[str, Any], today: date | None = None
                         ) -> list[Section]:
        env = self.environment(answers, today)
        return [s for s in self.sections
                if env.section_visible(s) and any(env.visible(q.id) for q in s.questions)]

    def visible_answers(self, answers: dict[str, Any], today: date | None = None
                        ) -> dict[str, Any]:
        """The answers of visible questions only: hidden answers never count."""
        env = self.environment(answers, today)
        return {q.id: answers[q.id] for q in self.questions()
                if q.id in answers and env.visible(q.id) and answers[q.id] is not None}

    def missing_required(self, answers: dict[str, Any], today: date | None = None
                         ) -> list[Question]:
        return [q for q in self.visible_questions(answers, today)
                if q.required and not answered(answers.get(q.id))]

    # ------------------------------------------------------------ validation
    def validate_answer(self, question: Question, value: Any, answers: dict[str, Any],
                        today: date | None = None) -> list[str]:
        """Translated messages saying what is wrong with `value` (empty when fine)."""
        day = today or date.today()
        if not answered(value):
            return [_("This question needs an answer.")] if question.required else []
        errors = check_type(question, value, day)
        if errors:
            return errors
        if question.validate:
            env = FormEnvironment(self, {**answers, question.id: value}, day, value)
            for v in question.validate:
                if not v.rule.is_true(env):
                    errors.append(_(v.message))
        return errors

    def validate_answers(self, answers: dict[str, Any], today: date | None = None
                         ) -> dict[str, list[str]]:
        """question id -> messages, for every answer with a problem (and unknown ids)."""
        known = {q.id: q for q in self.questions()}
        out: dict[str, list[str]] = {}
        for qid, value in answers.items():
            q = known.get(qid)
            if q is None:
                out[qid] = [_("There is no such question in this form.")]
                continue
            errs = self.validate_answer(q, value, answers, today) if answered(value) else []
            if errs:
                out[qid] = errs
        return out

    # ------------------------------------------------------------ what answers say
    def evidence(self, answers: dict[str, Any], today: date | None = None
                 ) -> dict[str, list[str]]:
        """indicator reference -> ids of the visible questions whose answers evidence it."""
        out: dict[str, list[str]] = {}
        for qid, q, value in self._chosen(answers, today):
            for o in chosen_options(q, value):
                for ref in o.indicators:
                    out.setdefault(ref, [])
                    if qid not in out[ref]:
                        out[ref].append(qid)
        return out

    def urgent_reasons(self, answers: dict[str, Any], today: date | None = None) -> list[str]:
        """Ids of the visible questions whose answers raise the urgent-referral flag."""
        out: list[str] = []
        for qid, q, value in self._chosen(answers, today):
            if any(o.urgent for o in chosen_options(q, value)) and qid not in out:
                out.append(qid)
        return out

    def exploitation(self, answers: dict[str, Any], today: date | None = None) -> set[str]:
        """The forms of exploitation ("labour", "sexual") the answers report."""
        out: set[str] = set()
        for _qid, q, value in self._chosen(answers, today):
            for o in chosen_options(q, value):
                out.update(o.exploitation)
        return out

    def _chosen(self, answers: dict[str, Any], today: date | None
                ) -> list[tuple[str, Question, Any]]:
        out: list[tuple[str, Question, Any]] = []
        for qid, value in self.visible_answers(answers, today).items():
            q = self.question(qid)
            if q.type is QuestionType.REPEAT and isinstance(value, list):
                for item in value:
                    if not isinstance(item, dict):
                        continue
                    for sub in q.questions:
                        if answered(item.get(sub.id)):
                            out.append((f"{q.id}.{sub.id}", sub, item[sub.id]))
            else:
                out.append((qid, q, value))
        return out

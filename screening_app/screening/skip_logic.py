"""Skip logic: which questions and sections an interview shows, given the answers
so far, and the values (`age`, `presumed_child`, `value`) its expressions read.

A hidden question's answer reads as unanswered, so a later question that depends
on it is hidden too; the loader refuses cycles in these dependencies.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from screening_app.screening.form_model import VALUE_NAME, Question, Section, answered
from screening_app.screening.profile import person_from_answers


class FormShape(Protocol):
    """What skip logic reads of a form (a FormDefinition has it)."""

    @property
    def sections(self) -> tuple[Section, ...]: ...

    @property
    def profile(self) -> dict[str, str]: ...

    @property
    def file(self) -> str: ...


class FormEnvironment:
    """What skip logic and validation read: visible answers, age, the checked value."""

    def __init__(self, form: FormShape, answers: dict[str, Any], today: date,
                 checked: Any = None) -> None:
        self.form = form
        self.answers = answers
        self.today = today
        self.checked = checked
        self._questions: dict[str, Question] = {
            q.id: q for s in form.sections for q in s.questions}
        self._sections = {s.id: s for s in form.sections}
        self._visible: dict[str, bool] = {}

    def section_visible(self, section: Section) -> bool:
        return section.visible_if is None or section.visible_if.is_true(self)

    def visible(self, qid: str) -> bool:
        if qid in self._visible:
            return self._visible[qid]
        q = self._questions.get(qid)
        if q is None:
            return False
        self._visible[qid] = False      # the loader refuses cycles; this only guards
        section = self._sections[q.section_id]
        shown = self.section_visible(section) and (
            q.visible_if is None or q.visible_if.is_true(self))
        self._visible[qid] = shown
        return shown

    def value(self, name: str) -> Any:
        if name == VALUE_NAME:
            return self.checked
        if name == "age":
            return self.age()
        if name == "presumed_child":
            return person_from_answers(self.form, self.answers).is_presumed_child(self.today)
        if name in self._questions and not self.visible(name):
            return None
        return self.answers.get(name)

    def answered(self, name: str) -> bool:
        return answered(self.value(name))

    def count(self, name: str) -> int:
        v = self.value(name)
        return len(v) if isinstance(v, list) else 0

    def age(self) -> int | None:
        return person_from_answers(self.form, self.answers).age_on(self.today)

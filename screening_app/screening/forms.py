"""Form definitions (forms/<form id>/<form id>-<version>.yaml): the model, the loader
and its schema checks, skip logic and answer validation.

A case keeps the form id and version it was taken with; `load_form(id, version)`
returns exactly that version, `load_form(id)` the newest. Texts (title, text, help,
label, intro, message) are English source strings: show them through `_()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from screening_app.i18n import N_, _
from screening_app.screening import places
from screening_app.screening.expressions import Expression, ParseError, parse, truthy
from screening_app.screening.files import (
    ID_PATTERN,
    VERSION_PATTERN,
    Collector,
    FormError,
    Problem,
    read_yaml,
    text_field,
    version_key,
    yaml_files,
)
from screening_app.screening.indicators import EXPLOITATIONS, known_indicators


class QuestionType(StrEnum):
    YES_NO = "yes_no"              # yes / no / unknown / refused
    SINGLE = "single"              # one option
    MULTIPLE = "multiple"          # a list of options
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"                  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    DATE_OR_AGE = "date_or_age"    # {"date": "YYYY-MM-DD"} or {"age": 16}, + "certainty"
    COUNTRY = "country"            # ISO 3166-1 alpha-2 ("KH"); a list if multiple
    LANGUAGE = "language"          # CLDR language code ("km"); a list if multiple
    REPEAT = "repeat"              # a list of {sub-question id: value}


YES_NO_VALUES = ("yes", "no", "unknown", "refused")
YES_NO_LABELS = {
    "yes": N_("Yes"),
    "no": N_("No"),
    "unknown": N_("Does not know"),
    "refused": N_("Prefers not to say"),
}
CERTAINTY_VALUES = ("sure", "fairly_sure", "not_sure")
CERTAINTY_LABELS = {
    "sure": N_("Sure (document or clear knowledge)"),
    "fairly_sure": N_("Fairly sure"),
    "not_sure": N_("Not sure"),
}
FORM_STATUSES = ("draft", "provisional", "approved", "retired")
# Names an expression may read besides question ids.
BUILTIN_NAMES = frozenset({"age", "presumed_child"})
VALUE_NAME = "value"                       # the answer being checked, in `validate`
RESERVED = BUILTIN_NAMES | {VALUE_NAME, "and", "or", "not", "in", "true", "false", "null"}
OPTION_VALUE = re.compile(r"^[A-Za-z0-9_./-]+$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
TEXT_MAX = 4000
PROFILE_FIELDS: dict[str, tuple[QuestionType, ...]] = {
    "given_name": (QuestionType.TEXT,),
    "family_name": (QuestionType.TEXT,),
    "latin_name": (QuestionType.TEXT,),
    "gender": (QuestionType.SINGLE,),
    "birth": (QuestionType.DATE_OR_AGE,),
    "age_in_doubt": (QuestionType.YES_NO,),
    "citizenship": (QuestionType.COUNTRY,),
    "nationality": (QuestionType.COUNTRY,),     # before HTCDS 2.0: citizenship
    "languages": (QuestionType.LANGUAGE,),
    "phone": (QuestionType.TEXT,),
}
CONSENT_FIELDS: dict[str, tuple[QuestionType, ...]] = {
    "interview": (QuestionType.YES_NO,),
    "record": (QuestionType.YES_NO,),
    "share_for_referral": (QuestionType.YES_NO,),
    "how": (QuestionType.SINGLE,),
    "interpreter_used": (QuestionType.YES_NO,),
    "interpreter_language": (QuestionType.LANGUAGE,),
}
_QUESTION_KEYS = frozenset({
    "id", "type", "text", "help", "options", "required", "visible_if", "validate",
    "indicators", "urgent", "min", "max", "max_length", "multiline", "multiple",
    "questions", "item_label", "max_items", "sensitive", "placeholder", "audience",
    "child_text",
})
AUDIENCES = ("person", "officer")
_OPTION_KEYS = frozenset({"value", "label", "indicators", "urgent", "exploitation", "exclusive",
                          "help"})


@dataclass(frozen=True)
class Option:
    value: str                              # stable id stored in answers
    label: str                              # English source text
    indicators: tuple[str, ...] = ()        # "indicator_id" or "dimension_id.indicator_id"
    urgent: bool = False                    # choosing it raises the urgent-referral flag
    exploitation: tuple[str, ...] = ()      # "labour" / "sexual": which sets apply
    exclusive: bool = False                 # "none of these": cannot be combined
    help: str = ""


@dataclass(frozen=True)
class Validation:
    rule: Expression                        # must be true for the answer to be accepted
    message: str                            # English source text shown when it is false


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    text: str
    help: str = ""
    options: tuple[Option, ...] = ()
    required: bool = False
    visible_if: Expression | None = None
    validate: tuple[Validation, ...] = ()
    min: float | None = None                # number; age range for date_or_age
    max: float | None = None
    max_length: int | None = None           # text
    multiline: bool = False                 # text: a paragraph rather than a line
    multiple: bool = False                  # country / language: a list of codes
    questions: tuple[Question, ...] = ()    # repeat: the questions of one entry
    item_label: str = ""                    # repeat: name of one entry ("Event")
    max_items: int | None = None            # repeat
    sensitive: bool = False                 # identifying data (names, phone, free text)
    placeholder: str = ""
    audience: str = "person"                # "person": asked of the person; "officer": observed
    child_text: str = ""                    # simpler wording used when the person is a child
    section_id: str = ""

    def option(self, value: str) -> Option | None:
        for o in self.options:
            if o.value == value:
                return o
        return None

    def sub_question(self, qid: str) -> Question | None:
        for q in self.questions:
            if q.id == qid:
                return q
        return None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str = ""
    questions: tuple[Question, ...] = ()
    visible_if: Expression | None = None


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
                if q.required and not _answered(answers.get(q.id))]

    # ------------------------------------------------------------ validation
    def validate_answer(self, question: Question, value: Any, answers: dict[str, Any],
                        today: date | None = None) -> list[str]:
        """Translated messages saying what is wrong with `value` (empty when fine)."""
        day = today or date.today()
        if not _answered(value):
            return [_("This question needs an answer.")] if question.required else []
        errors = _check_type(question, value, day)
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
            errs = self.validate_answer(q, value, answers, today) if _answered(value) else []
            if errs:
                out[qid] = errs
        return out

    # ------------------------------------------------------------ what answers say
    def evidence(self, answers: dict[str, Any], today: date | None = None
                 ) -> dict[str, list[str]]:
        """indicator reference -> ids of the visible questions whose answers evidence it."""
        out: dict[str, list[str]] = {}
        for qid, q, value in self._chosen(answers, today):
            for o in _chosen_options(q, value):
                for ref in o.indicators:
                    out.setdefault(ref, [])
                    if qid not in out[ref]:
                        out[ref].append(qid)
        return out

    def urgent_reasons(self, answers: dict[str, Any], today: date | None = None) -> list[str]:
        """Ids of the visible questions whose answers raise the urgent-referral flag."""
        out: list[str] = []
        for qid, q, value in self._chosen(answers, today):
            if any(o.urgent for o in _chosen_options(q, value)) and qid not in out:
                out.append(qid)
        return out

    def exploitation(self, answers: dict[str, Any], today: date | None = None) -> set[str]:
        """The forms of exploitation ("labour", "sexual") the answers report."""
        out: set[str] = set()
        for _qid, q, value in self._chosen(answers, today):
            for o in _chosen_options(q, value):
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
                        if _answered(item.get(sub.id)):
                            out.append((f"{q.id}.{sub.id}", sub, item[sub.id]))
            else:
                out.append((qid, q, value))
        return out


def _answered(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _chosen_options(q: Question, value: Any) -> list[Option]:
    values = value if isinstance(value, list) else [value]
    return [o for o in q.options if o.value in values]


class FormEnvironment:
    """What skip logic and validation read: visible answers, age, the checked value."""

    def __init__(self, form: FormDefinition, answers: dict[str, Any], today: date,
                 checked: Any = None) -> None:
        self.form = form
        self.answers = answers
        self.today = today
        self.checked = checked
        self._questions = {q.id: q for q in form.questions()}
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
            from screening_app.screening.profile import person_from_answers

            return person_from_answers(self.form, self.answers).is_presumed_child(self.today)
        if name in self._questions and not self.visible(name):
            return None
        return self.answers.get(name)

    def answered(self, name: str) -> bool:
        return _answered(self.value(name))

    def count(self, name: str) -> int:
        v = self.value(name)
        return len(v) if isinstance(v, list) else 0

    def age(self) -> int | None:
        from screening_app.screening.profile import person_from_answers

        return person_from_answers(self.form, self.answers).age_on(self.today)


# ---------------------------------------------------------------- answer checks

def _check_type(q: Question, value: Any, today: date) -> list[str]:
    t = q.type
    if t is QuestionType.YES_NO:
        if value not in YES_NO_VALUES:
            return [_("Choose yes, no, does not know or prefers not to say.")]
    elif t is QuestionType.SINGLE:
        if not isinstance(value, str) or q.option(value) is None:
            return [_("Choose one of the options.")]
    elif t is QuestionType.MULTIPLE:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [_("Choose one or more of the options.")]
        if len(set(value)) != len(value) or any(q.option(v) is None for v in value):
            return [_("Choose one or more of the options.")]
        exclusive = [v for v in value if (o := q.option(v)) is not None and o.exclusive]
        if exclusive and len(value) > 1:
            return [_("This option cannot be combined with others.")]
    elif t is QuestionType.TEXT:
        if not isinstance(value, str):
            return [_("Write the answer as text.")]
        if len(value) > (q.max_length or TEXT_MAX):
            return [_("The answer is too long (at most {n} characters).").format(
                n=q.max_length or TEXT_MAX)]
    elif t is QuestionType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [_("Write a number.")]
        return _range(q, value)
    elif t is QuestionType.DATE:
        return _check_date(value, today, partial=True)
    elif t is QuestionType.DATE_OR_AGE:
        return _check_date_or_age(q, value, today)
    elif t is QuestionType.COUNTRY:
        return _check_codes(q, value, places.is_country,
                            _("Choose a country (two-letter ISO code such as KH)."))
    elif t is QuestionType.LANGUAGE:
        return _check_codes(q, value, places.is_language,
                            _("Choose a language (a code such as km or my)."))
    elif t is QuestionType.REPEAT:
        return _check_repeat(q, value, today)
    return []


def _range(q: Question, value: float) -> list[str]:
    if q.min is not None and value < q.min:
        return [_("The number must be at least {min}.").format(min=_num(q.min))]
    if q.max is not None and value > q.max:
        return [_("The number must be at most {max}.").format(max=_num(q.max))]
    return []


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _check_date(value: Any, today: date, partial: bool) -> list[str]:
    if not isinstance(value, str) or not DATE_PATTERN.match(value) or (
            not partial and len(value) != 10):
        return [_("Write the date as year-month-day (for example 2024-03-15).")] if not partial \
            else [_("Write the date as year-month-day, year-month or year.")]
    parts = [int(p) for p in value.split("-")]
    try:
        day = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return [_("This date does not exist.")]
    if day > today:
        return [_("The date is in the future.")]
    return []


def _check_date_or_age(q: Question, value: Any, today: date) -> list[str]:
    if not isinstance(value, dict) or set(value) - {"date", "age", "certainty"} or (
            ("date" in value) == ("age" in value)):
        return [_("Give either a date of birth or an estimated age.")]
    certainty = value.get("certainty")
    if certainty is not None and certainty not in CERTAINTY_VALUES:
        return [_("Say how sure: sure, fairly sure or not sure.")]
    if "date" in value:
        errs = _check_date(value["date"], today, partial=False)
        if errs:
            return errs
        b = date.fromisoformat(value["date"])
        if today.year - b.year > 120:
            return [_("The date of birth is more than 120 years ago.")]
        return []
    age = value["age"]
    if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 120:
        return [_("The age must be a whole number from 0 to 120.")]
    return _range(q, age)


def _check_codes(q: Question, value: Any, ok: Any, message: str) -> list[str]:
    values = value if q.multiple and isinstance(value, list) else [value]
    if q.multiple and not isinstance(value, list):
        return [message]
    if not all(ok(v) for v in values) or len(set(values)) != len(values):
        return [message]
    return []


def _check_repeat(q: Question, value: Any, today: date) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        return [_("Give a list of entries.")]
    if q.max_items is not None and len(value) > q.max_items:
        return [_("At most {n} entries.").format(n=q.max_items)]
    errors: list[str] = []
    for n, item in enumerate(value, 1):
        for key in item:
            if q.sub_question(str(key)) is None:
                errors.append(_("Entry {n}: there is no question {question!r}.").format(
                    n=n, question=key))
        for sub in q.questions:
            v = item.get(sub.id)
            if not _answered(v):
                if sub.required:
                    errors.append(_("Entry {n}: {question!r} needs an answer.").format(
                        n=n, question=sub.id))
                continue
            errors.extend(_("Entry {n}, {question!r}: {error}").format(
                n=n, question=sub.id, error=e) for e in _check_type(sub, v, today))
    return errors


# ---------------------------------------------------------------- loading

class _FormParser:
    def __init__(self, data: dict[str, Any], path: Path | str, directory: Path | None) -> None:
        self.data = data
        self.c = Collector(path)
        self.path = str(path)
        self.known = known_indicators(directory)
        self.ids: list[str] = []

    def where(self, qid: str) -> str:
        return f"question '{qid}'"

    def parse(self) -> FormDefinition:
        c, data = self.c, self.data
        if data.get("kind") != "form":
            c.add("", _("'kind' must be form."))
        form_id = text_field(c, data, "id", "")
        if form_id and not ID_PATTERN.match(form_id):
            c.add("", _("the form id must be lower-case letters, digits and _."))
        version = text_field(c, data, "version", "")
        if version and not VERSION_PATTERN.match(version):
            c.add("", _("the version {version!r} is not like 1.0 or 2.1.").format(
                version=version))
        status = text_field(c, data, "status", "")
        if status and status not in FORM_STATUSES:
            c.add("", _("'status' must be one of: {values}.").format(
                values=", ".join(FORM_STATUSES)))
        sections: list[Section] = []
        raw_sections = data.get("sections")
        if not isinstance(raw_sections, list) or not raw_sections:
            c.add("", _("'sections' must be a list of sections."))
            raw_sections = []
        section_ids: set[str] = set()
        for n, raw in enumerate(raw_sections, 1):
            s = self.section(raw, n)
            if s is None:
                continue
            if s.id in section_ids:
                c.add(f"section '{s.id}'", _("this section id is used twice."))
            section_ids.add(s.id)
            sections.append(s)
        form = FormDefinition(
            id=form_id, version=version, status=status,
            title=text_field(c, data, "title", ""),
            description=text_field(c, data, "description", "", False),
            sections=tuple(sections),
            rule_set=text_field(c, data, "rule_set", "", False) or "ilo_2009_default",
            rule_set_version=text_field(c, data, "rule_set_version", "", False) or None,
            profile=self.mapping("profile", PROFILE_FIELDS),
            consent=self.mapping("consent", CONSENT_FIELDS),
            file=self.path,
        )
        self.check_references(form)
        c.fail()
        return form

    def section(self, raw: Any, n: int) -> Section | None:
        c = self.c
        if not isinstance(raw, dict):
            c.add(f"section {n}", _("must be a mapping with id, title and questions."))
            return None
        sid = text_field(c, raw, "id", f"section {n}")
        where = f"section '{sid}'"
        if sid and not ID_PATTERN.match(sid):
            c.add(where, _("the id must be lower-case letters, digits and _."))
        questions: list[Question] = []
        raw_qs = raw.get("questions")
        if not isinstance(raw_qs, list) or not raw_qs:
            c.add(where, _("'questions' must be a non-empty list."))
            raw_qs = []
        for m, rq in enumerate(raw_qs, 1):
            q = self.question(rq, f"{where}, question {m}", sid, top=True)
            if q is not None:
                questions.append(q)
        return Section(
            id=sid, title=text_field(c, raw, "title", where),
            intro=text_field(c, raw, "intro", where, False), questions=tuple(questions),
            visible_if=self.expression(raw.get("visible_if"), where, "visible_if"),
        )

    def expression(self, source: Any, where: str, key: str) -> Expression | None:
        if source is None:
            return None
        if not isinstance(source, str):
            self.c.add(where, _("'{key}' must be an expression (text).").format(key=key))
            return None
        try:
            return parse(source)
        except ParseError as err:
            self.c.add(where, _("bad expression in '{key}': {error}").format(key=key, error=err))
            return None

    def question(self, raw: Any, fallback: str, section_id: str, top: bool) -> Question | None:
        c = self.c
        if not isinstance(raw, dict):
            c.add(fallback, _("must be a mapping with id, type and text."))
            return None
        qid = text_field(c, raw, "id", fallback)
        where = self.where(qid) if qid else fallback
        if qid:
            if not ID_PATTERN.match(qid):
                c.add(where, _("the id must be lower-case letters, digits and _."))
            elif qid in RESERVED:
                c.add(where, _("'{id}' is a reserved name; choose another id.").format(id=qid))
            if top:
                if qid in self.ids:
                    c.add(where, _("duplicate question id: it is used twice in this form."))
                self.ids.append(qid)
        for key in sorted(set(raw) - _QUESTION_KEYS, key=str):
            c.add(where, _("unknown key {key!r}.").format(key=key))
        try:
            qtype = QuestionType(str(raw.get("type")))
        except ValueError:
            c.add(where, _("unknown type {type!r} (use one of: {types}).").format(
                type=raw.get("type"), types=", ".join(t.value for t in QuestionType)))
            return None
        options = self.options(raw, qtype, where)
        subs: list[Question] = []
        if qtype is QuestionType.REPEAT:
            if not top:
                c.add(where, _("a repeat group cannot hold another repeat group."))
            raw_subs = raw.get("questions")
            if not isinstance(raw_subs, list) or not raw_subs:
                c.add(where, _("a repeat group needs 'questions'."))
                raw_subs = []
            sub_ids: set[str] = set()
            for m, rs in enumerate(raw_subs, 1):
                sq = self.question(rs, f"{where}, question {m}", section_id, top=False)
                if sq is None:
                    continue
                if sq.id in sub_ids:
                    c.add(f"{where}.{sq.id}", _("duplicate question id in this repeat group."))
                if sq.visible_if is not None:
                    c.add(f"{where}.{sq.id}", _("questions inside a repeat group cannot have "
                                                "visible_if."))
                sub_ids.add(sq.id)
                subs.append(sq)
        elif "questions" in raw:
            c.add(where, _("only a repeat group has 'questions'."))
        validations: list[Validation] = []
        raw_val = raw.get("validate") or []
        if not isinstance(raw_val, list):
            c.add(where, _("'validate' must be a list of {rule, message}."))
            raw_val = []
        for rv in raw_val:
            if not isinstance(rv, dict) or "rule" not in rv or "message" not in rv:
                c.add(where, _("each 'validate' entry needs 'rule' and 'message'."))
                continue
            expr = self.expression(rv["rule"], where, "validate")
            if expr is not None:
                validations.append(Validation(expr, " ".join(str(rv["message"]).split())))
        return Question(
            id=qid, type=qtype, text=text_field(c, raw, "text", where),
            help=text_field(c, raw, "help", where, False),
            options=options, required=bool(raw.get("required", False)),
            visible_if=self.expression(raw.get("visible_if"), where, "visible_if"),
            validate=tuple(validations),
            min=self.number(raw, "min", where), max=self.number(raw, "max", where),
            max_length=self.integer(raw, "max_length", where),
            multiline=bool(raw.get("multiline", False)),
            multiple=bool(raw.get("multiple", False)),
            questions=tuple(subs), item_label=text_field(c, raw, "item_label", where, False),
            max_items=self.integer(raw, "max_items", where),
            sensitive=bool(raw.get("sensitive", False)),
            placeholder=text_field(c, raw, "placeholder", where, False),
            audience=self.audience(raw, where),
            child_text=text_field(c, raw, "child_text", where, False),
            section_id=section_id,
        )

    def audience(self, raw: dict[str, Any], where: str) -> str:
        value = str(raw.get("audience", "person"))
        if value not in AUDIENCES:
            self.c.add(where, _("'audience' must be person or officer."))
        return value

    def number(self, raw: dict[str, Any], key: str, where: str) -> float | None:
        v = raw.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int | float):
            self.c.add(where, _("'{key}' must be a number.").format(key=key))
            return None
        return v

    def integer(self, raw: dict[str, Any], key: str, where: str) -> int | None:
        v = raw.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            self.c.add(where, _("'{key}' must be a whole number above 0.").format(key=key))
            return None
        return v

    def refs(self, raw: Any, where: str) -> tuple[str, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.c.add(where, _("'indicators' must be a list of indicator ids."))
            return ()
        out: list[str] = []
        for ref in raw:
            ref = str(ref)
            dim, dot, ind = ref.rpartition(".")
            if ind not in self.known:
                self.c.add(where, _("unknown indicator id {ref!r}: no indicator set lists "
                                    "it.").format(ref=ind))
            elif dot and dim not in self.known[ind]:
                self.c.add(where, _("indicator {ref!r}: no indicator set lists it in dimension "
                                    "{dim!r}.").format(ref=ind, dim=dim))
            else:
                out.append(ref)
        return tuple(out)

    def options(self, raw: dict[str, Any], qtype: QuestionType, where: str
                ) -> tuple[Option, ...]:
        c = self.c
        if qtype is QuestionType.YES_NO:
            if "options" in raw:
                c.add(where, _("a yes/no question has fixed options; put 'indicators' and "
                               "'urgent' on the question."))
            refs = self.refs(raw.get("indicators"), where)
            return tuple(
                Option(v, YES_NO_LABELS[v], refs if v == "yes" else (),
                       bool(raw.get("urgent", False)) and v == "yes")
                for v in YES_NO_VALUES)
        if "indicators" in raw or "urgent" in raw:
            c.add(where, _("'indicators' and 'urgent' belong on options, except for yes/no "
                           "questions."))
        raw_opts = raw.get("options")
        if qtype not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            if raw_opts is not None:
                c.add(where, _("only single and multiple choice questions have options."))
            return ()
        if not isinstance(raw_opts, list) or not raw_opts:
            c.add(where, _("a choice question needs a list of 'options'."))
            return ()
        out: list[Option] = []
        seen: set[str] = set()
        for n, ro in enumerate(raw_opts, 1):
            if not isinstance(ro, dict):
                c.add(where, _("option {n} must be a mapping with value and label.").format(n=n))
                continue
            value = str(ro.get("value", ""))
            owhere = f"{where}, option '{value or n}'"
            for key in sorted(set(ro) - _OPTION_KEYS, key=str):
                c.add(owhere, _("unknown key {key!r}.").format(key=key))
            if not OPTION_VALUE.match(value):
                c.add(owhere, _("the value must be letters, digits, _ . / or -."))
            elif value in seen:
                c.add(owhere, _("this option value is used twice."))
            seen.add(value)
            expl = ro.get("exploitation") or []
            expl = [expl] if isinstance(expl, str) else expl
            for e in expl:
                if e not in EXPLOITATIONS:
                    c.add(owhere, _("'exploitation' must be labour and/or sexual."))
            out.append(Option(
                value=value, label=text_field(c, ro, "label", owhere),
                indicators=self.refs(ro.get("indicators"), owhere),
                urgent=bool(ro.get("urgent", False)),
                exploitation=tuple(str(e) for e in expl),
                exclusive=bool(ro.get("exclusive", False)),
                help=text_field(c, ro, "help", owhere, False),
            ))
        return tuple(out)

    def mapping(self, key: str, fields: dict[str, tuple[QuestionType, ...]]) -> dict[str, str]:
        raw = self.data.get(key) or {}
        if not isinstance(raw, dict):
            self.c.add(key, _("must map field names to question ids."))
            return {}
        out: dict[str, str] = {}
        for f, qid in raw.items():
            if f not in fields:
                self.c.add(key, _("unknown field {field!r} (known: {known}).").format(
                    field=f, known=", ".join(fields)))
                continue
            out[str(f)] = str(qid)
        return out

    def check_references(self, form: FormDefinition) -> None:
        c = self.c
        by_id = {q.id: q for q in form.questions()}
        order = {qid: n for n, qid in enumerate(by_id)}
        for key, fields, mapping in (("profile", PROFILE_FIELDS, form.profile),
                                     ("consent", CONSENT_FIELDS, form.consent)):
            for f, qid in mapping.items():
                q = by_id.get(qid)
                if q is None:
                    c.add(f"{key}.{f}", _("refers to question {id!r}, which does not "
                                          "exist.").format(id=qid))
                elif q.type not in fields[f]:
                    c.add(self.where(qid), _("{key}.{field} needs a question of type "
                                             "{types}.").format(
                        key=key, field=f, types=", ".join(t.value for t in fields[f])))
        # Skip logic: names must exist; the graph must have no cycle; no forward reads.
        deps: dict[str, set[str]] = {}
        section_of = {q.id: s for s in form.sections for q in s.questions}
        for qid, q in by_id.items():
            names: set[str] = set()
            for expr in (q.visible_if, section_of[qid].visible_if):
                if expr is not None:
                    names |= expr.names()
            for v in q.validate:
                for name in v.rule.names() - {VALUE_NAME} - BUILTIN_NAMES:
                    if name not in by_id:
                        c.add(self.where(qid), _("'validate' refers to unknown question "
                                                 "{name!r}.").format(name=name))
            unknown = names - set(by_id) - BUILTIN_NAMES
            for name in sorted(unknown):
                c.add(self.where(qid), _("'visible_if' refers to unknown question "
                                         "{name!r}.").format(name=name))
            dep = names & set(by_id)
            # age reads the birth question; presumed_child also reads the age doubt.
            reads = {"birth"} if "age" in names else set()
            if "presumed_child" in names:
                reads |= {"birth", "age_in_doubt"}
            dep |= {v for f, v in form.profile.items() if f in reads and v in by_id}
            deps[qid] = dep
        in_cycle = _cycles(deps, c, self.where)
        for qid, dep in deps.items():
            if qid in in_cycle:
                continue
            for name in sorted(dep):
                if order[name] > order[qid]:
                    c.add(self.where(qid), _("'visible_if' refers to {name!r}, which comes "
                                             "later in the form.").format(name=name))


def _cycles(deps: dict[str, set[str]], c: Collector, where: Any) -> set[str]:
    """Report every cycle of the skip-logic graph; return the questions on one."""
    on_cycle: set[str] = set()
    state: dict[str, int] = {}          # 1 visiting, 2 done
    stack: list[str] = []

    def visit(q: str) -> None:
        state[q] = 1
        stack.append(q)
        for d in sorted(deps.get(q, ())):
            if d == q:
                c.add(where(q), _("'visible_if' refers to the question itself."))
                on_cycle.add(q)
            elif state.get(d) == 1:
                loop = [*stack[stack.index(d):], d]
                c.add(where(d), _("cyclic skip logic: {path}.").format(path=" → ".join(loop)))
                on_cycle.update(loop)
            elif d not in state:
                visit(d)
        stack.pop()
        state[q] = 2

    for q in deps:
        if q not in state:
            visit(q)
    return on_cycle


def load_form_file(path: Path | str, directory: Path | None = None) -> FormDefinition:
    """Load and check one form file; FormError lists every problem found."""
    p = Path(path)
    data = read_yaml(p)
    form = _FormParser(data, p, directory).parse()
    from screening_app.screening import htcds_map  # the form's HTCDS 2.0 mapping

    htcds_map.require(form, data.get(htcds_map.KEY))
    return form


@lru_cache(maxsize=32)
def _cached_form(path: str, mtime: float, directory: Path | None) -> FormDefinition:
    return load_form_file(path, directory)


@lru_cache(maxsize=64)
def _header(path: str, mtime: float) -> tuple[str, str, str]:
    """(kind, id, version) of a file, read again only when the file changes."""
    try:
        data = read_yaml(Path(path))
    except FormError:
        return ("", "", "")
    return (str(data.get("kind", "")), str(data.get("id", "")), str(data.get("version", "")))


def _form_files(directory: Path | None) -> list[tuple[str, str, Path]]:
    """(id, version, path) of every file that says kind: form."""
    out: list[tuple[str, str, Path]] = []
    for path in yaml_files(directory, None):
        kind, form_id, version = _header(str(path), path.stat().st_mtime)
        if kind == "form":
            out.append((form_id, version, path))
    return out


def _load(path: Path, directory: Path | None) -> FormDefinition:
    return _cached_form(str(path), path.stat().st_mtime, directory)


def load_form(form_id: str, version: str | None = None,
              directory: Path | None = None) -> FormDefinition:
    """The form `form_id`: exactly `version` (the one a case was taken with), else the newest."""
    d = None if directory is None else Path(directory)
    candidates = [(v, p) for i, v, p in _form_files(d) if i == form_id]
    if version is not None:
        candidates = [(v, p) for v, p in candidates if v == version]
    if not candidates:
        raise FormError([Problem("forms", f"form '{form_id}'", _(
            "no such form (version {version}).").format(version=version or _("any")))])
    _v, path = max(candidates, key=lambda vp: version_key(vp[0]))
    return _load(path, d)


def list_forms(directory: Path | None = None) -> list[FormDefinition]:
    """Every valid form (all versions), by id then version."""
    d = None if directory is None else Path(directory)
    out: list[FormDefinition] = []
    for _i, _v, path in _form_files(d):
        try:
            out.append(_load(path, d))
        except FormError:
            continue
    return sorted(out, key=lambda f: (f.id, version_key(f.version)))


def check_forms(directory: Path | None = None,
                files: Iterable[Path] | None = None) -> list[Problem]:
    """Every problem in the forms, indicator sets and rule sets (empty when all is well)."""
    from screening_app.screening.indicators import catalogue
    from screening_app.screening.rules import list_rule_sets, load_rule_set

    d = None if directory is None else Path(directory)
    problems: list[Problem] = []
    for loader in (lambda: catalogue(d), lambda: list_rule_sets(d)):
        try:
            loader()
        except FormError as err:
            problems.extend(err.problems)
    if problems:
        return problems
    paths = list(files) if files is not None else [p for _i, _v, p in _form_files(d)]
    for path in paths:
        try:
            form = load_form_file(path, d)
            rules = load_rule_set(form.rule_set, form.rule_set_version, d)
        except FormError as err:
            problems.extend(err.problems)
            continue
        problems.extend(Problem(form.file, f"indicator '{ref}'", _(
            "no answer option of this form evidences it (rule set {rules}); the outcome "
            "could never count it.").format(rules=rules.id)) for ref in uncovered(form, d))
    return problems


def uncovered(form: FormDefinition, directory: Path | None = None) -> list[str]:
    """`set/dimension.indicator` of the form's rule-set sets that no option evidences."""
    from screening_app.screening.indicators import get_indicator_set
    from screening_app.screening.rules import load_rule_set

    rules = load_rule_set(form.rule_set, form.rule_set_version, directory)
    refs = form.indicator_refs()
    missing: list[str] = []
    for set_id in sorted({s for by in rules.sets.values() for s in by.values()}):
        s = get_indicator_set(set_id, None, directory)
        for dim, inds in s.dimensions.items():
            missing.extend(f"{set_id}/{dim}.{ind}" for ind in inds
                           if ind not in refs and f"{dim}.{ind}" not in refs)
    return missing


__all__ = [
    "CERTAINTY_LABELS",
    "CERTAINTY_VALUES",
    "YES_NO_LABELS",
    "YES_NO_VALUES",
    "FormDefinition",
    "FormEnvironment",
    "FormError",
    "Option",
    "Question",
    "QuestionType",
    "Section",
    "Validation",
    "check_forms",
    "list_forms",
    "load_form",
    "load_form_file",
    "truthy",
]

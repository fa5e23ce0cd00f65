"""The form model: questions, answer options and sections as frozen dataclasses,
and the names and values a form file may use.

The lowest module of the forms (imports only the expression language): the loader
builds these, skip logic and the answer checks read them. Texts (title, text,
help, label, intro, message) are English source strings: show them through `_()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from screening_app.i18n import N_
from screening_app.screening.expressions import Expression


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
AUDIENCES = ("person", "officer")


@dataclass(frozen=True)
class Option:
    value: str                              # stable id stored in answers
    label: str                              # English source text, as the person hears it
    indicators: tuple[str, ...] = ()        # "indicator_id" or "dimension_id.indicator_id"
    urgent: bool = False                    # choosing it raises the urgent-referral flag
    exploitation: tuple[str, ...] = ()      # "labour" / "sexual": which sets apply
    exclusive: bool = False                 # "none of these": cannot be combined
    help: str = ""
    officer_label: str = ""                 # the officer's wording when it differs
                                            # ("Does not know" beside "I don't know")

    @property
    def officer_text(self) -> str:
        """The label in the officer's column and on records: the officer's wording."""
        return self.officer_label or self.label


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



def answered(value: Any) -> bool:
    """True when `value` is an answer (not None, "", [] or {})."""
    return value is not None and value != "" and value != [] and value != {}


def chosen_options(q: Question, value: Any) -> list[Option]:
    """The options of `q` that `value` (one value or a list) chooses."""
    values = value if isinstance(value, list) else [value]
    return [o for o in q.options if o.value in values]

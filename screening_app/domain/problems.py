"""Why a value was refused (`Problem`, raised as `Invalid`), and what the domain is
told from outside (`Vocabulary`: installed forms, languages, countries)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Rule(StrEnum):
    TYPE = "type"                 # `expected` says which
    TOO_LONG = "too-long"         # `limit` characters
    TOO_MANY = "too-many"         # `limit` entries
    BLANK = "blank"               # only spaces where a value is needed
    CHARACTER = "character"       # a forbidden character (`character` is its code point)
    RANGE = "range"               # between `low` and `high`
    CHOICE = "choice"             # one of `allowed`
    COUNTRY = "country"           # an ISO 3166-1 alpha-2 code we know
    LANGUAGE = "language"         # a language code we know
    DATE_RANGE = "date-range"     # a date between `low` and today
    TIME_RANGE = "time-range"     # a moment between `low` and tomorrow
    FORM = "form"                 # a form id and version installed here (`allowed`)
    FORM_PAIR = "form-pair"       # form id and version: both or neither
    IDENT = "ident"               # letters, digits and _ . : @ / -
    UNKNOWN_KEY = "unknown-key"   # a key the document may not have
    MISMATCH = "mismatch"         # two values that must agree do not
    PHONE = "phone"               # a number in international form (E.164)
    EITHER = "either"             # one of the two keys of `allowed`, not both


class Expected(StrEnum):
    TEXT = "text"
    WHOLE_NUMBER = "whole number"
    NUMBER = "number"
    FLAG = "true or false"
    LIST = "list"
    OBJECT = "object"
    DATE = "date"
    MOMENT = "moment"
    VALUE = "value"               # a JSON value: text, number, true/false, list, object
    UUID = "uuid"


@dataclass(frozen=True)
class Problem:
    """Why a value was refused; never holds the value."""

    field: str
    rule: Rule
    expected: Expected | None = None
    allowed: tuple[str, ...] = ()
    low: str | None = None
    high: str | None = None
    limit: int | None = None
    character: str | None = None     # "U+202E"


class Invalid(ValueError):
    """A value refused by the validation layer (message: field and rule only)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.field}: {problem.rule.value}")
        self.problem = problem


class Vocabulary(Protocol):
    """What the domain cannot know by itself; `screening_app.vocabulary` has the
    installed one, tests may use `FixedVocabulary`."""

    def program_languages(self) -> tuple[str, ...]: ...

    def is_language(self, code: str) -> bool: ...

    def is_country(self, code: str) -> bool: ...

    def forms(self) -> tuple[tuple[str, str], ...]: ...


@dataclass(frozen=True)
class FixedVocabulary:
    languages_of_program: tuple[str, ...]
    languages: frozenset[str]
    countries: frozenset[str]
    installed_forms: tuple[tuple[str, str], ...] = ()

    def program_languages(self) -> tuple[str, ...]:
        return self.languages_of_program

    def is_language(self, code: str) -> bool:
        return code in self.languages

    def is_country(self, code: str) -> bool:
        return code in self.countries

    def forms(self) -> tuple[tuple[str, str], ...]:
        return self.installed_forms

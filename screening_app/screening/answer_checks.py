"""Whether an answer has the right shape for its question: an option of the list,
a date that exists and is not in the future, a number in range, a known country or
language code, well-formed repeat entries. Messages are translated when made.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from screening_app.i18n import _, ngettext
from screening_app.screening import places
from screening_app.screening.form_model import (
    CERTAINTY_VALUES,
    DATE_PATTERN,
    TEXT_MAX,
    YES_NO_VALUES,
    Question,
    QuestionType,
    answered,
)


def check_type(q: Question, value: Any, today: date) -> list[str]:
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
            limit = q.max_length or TEXT_MAX
            return [ngettext("The answer is too long (at most {n} character).",
                             "The answer is too long (at most {n} characters).",
                             limit).format(n=limit)]
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
        return [ngettext("At most {n} entry.", "At most {n} entries.",
                         q.max_items).format(n=q.max_items)]
    errors: list[str] = []
    for n, item in enumerate(value, 1):
        for key in item:
            if q.sub_question(str(key)) is None:
                errors.append(_("Entry {n}: there is no question {question!r}.").format(
                    n=n, question=key))
        for sub in q.questions:
            v = item.get(sub.id)
            if not answered(v):
                if sub.required:
                    errors.append(_("Entry {n}: {question!r} needs an answer.").format(
                        n=n, question=sub.id))
                continue
            errors.extend(_("Entry {n}, {question!r}: {error}").format(
                n=n, question=sub.id, error=e) for e in check_type(sub, v, today))
    return errors


# ---------------------------------------------------------------- loading

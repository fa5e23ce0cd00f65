"""An answer as words, for the interview summary, the case view and printed forms."""

from __future__ import annotations

from typing import Any

from screening_app.i18n import N_, current_language, ntranslate, translate
from screening_app.screening.form_model import CERTAINTY_LABELS, Question, QuestionType
from screening_app.screening.places import country_name, language_name

BORN = N_("born {date}")


def describe_answer(question: Question, value: Any, lang: str | None = None) -> str:
    """`value` of `question` in words, in `lang` (default: the current language).
    Country and language names come from CLDR; option labels from the catalogs."""
    lang = lang or current_language()
    if value is None or value == "" or value == []:
        return ""
    t = question.type
    if t in (QuestionType.YES_NO, QuestionType.SINGLE, QuestionType.MULTIPLE):
        values = value if isinstance(value, list) else [value]
        labels = []
        for v in values:
            option = question.option(str(v))
            labels.append(translate(option.officer_text, lang) if option else str(v))
        return ", ".join(labels)
    if t is QuestionType.COUNTRY:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(country_name(str(c), lang) for c in codes)
    if t is QuestionType.LANGUAGE:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(language_name(str(c), lang) for c in codes)
    if t is QuestionType.DATE_OR_AGE and isinstance(value, dict):
        if "date" in value:
            text = translate(BORN, lang).format(date=value["date"])
        else:
            age = value.get("age")
            text = ntranslate("about {age} year old", "about {age} years old",
                              age if isinstance(age, int) else 2, lang).format(age=age)
        certainty = value.get("certainty")
        if certainty in CERTAINTY_LABELS:
            text += f" ({translate(CERTAINTY_LABELS[certainty], lang)})"
        return text
    if t is QuestionType.REPEAT and isinstance(value, list):
        entries = []
        for item in value:
            if not isinstance(item, dict):
                continue
            parts = [describe_answer(sub, item.get(sub.id), lang) for sub in question.questions]
            entries.append("; ".join(p for p in parts if p))
        return " | ".join(entries)
    return str(value)


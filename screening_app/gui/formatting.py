"""Dates and stored codes for display, in the current language: dates (Buddhist Era
for Thai) through the one place that formats dates (screening_app.i18n.format),
genders, languages, countries and agency names as words, and the words for the
outcome and referral codes stored with a case."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from screening_app.i18n import N_, _, current_language

# Words for the outcome and referral codes stored with a case (case list, case
# screen, comparison screen).
OUTCOME_TEXT = {
    "presumed_victim": N_("Presumed victim"),
    "indicators_present": N_("Indicators present"),
    "no_indicators": N_("No indicators"),
}
REFERRAL_TEXT = {
    "draft": N_("Draft"), "printed": N_("Printed"), "exported": N_("In outbox"),
    "sent": N_("Sent"), "received": N_("Received"),
}


def short_date(value: date | datetime) -> str:
    day = value.date() if isinstance(value, datetime) else value
    return _short_date(day, current_language())


@lru_cache(maxsize=4096)
def _short_date(day: date, lang: str) -> str:
    # The case list asks for every visible date on every frame; Babel takes
    # ~0.3 ms a date, and 100,000 cases share a few thousand days.
    from screening_app.i18n.format import format_date

    return format_date(day, lang)


# --- words for stored codes (one place for each) ----------------------------------

def gender_text(value: str) -> str:
    """A stored gender in words: HTCDS 2.0 values, and the older values they alias
    (standards.labels holds the words)."""
    from screening_app.domain import Gender
    from screening_app.standards.labels import GENDER

    try:
        return _(GENDER[Gender(value)])
    except ValueError:
        return value


def agency_name(agency: Any, lang: str | None = None) -> str:
    """An agency's name in the officer's language when the directory has it (seed
    files and key cards carry names in the agency's own language), else its name."""
    names = getattr(agency, "names", None) or {}
    return str(names.get(lang or current_language()) or agency.name)


def language_names(codes: Iterable[str]) -> str:
    """Language codes ("km", "en") as names in the officer's language."""
    from screening_app.i18n.format import language_name

    lang = current_language()
    return ", ".join(language_name(code, lang) for code in codes)


def country_text(code: str | None) -> str:
    from screening_app.i18n.format import country_name

    return country_name(code, current_language()) if code else ""


def countries_text(codes: Iterable[str]) -> str:
    """Countries (a person's citizenships) in words, in the order recorded."""
    return ", ".join(country_text(code) for code in codes if code)

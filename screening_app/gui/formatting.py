"""Dates for display, in the current language (Buddhist Era for Thai), through the
one place that formats dates (screening_app.i18n.format), and the words for the
outcome and referral codes stored with a case."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from screening_app.i18n import N_, current_language

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

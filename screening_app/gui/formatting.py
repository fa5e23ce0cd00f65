"""Dates for display, in the current language (Buddhist Era for Thai), through the
one place that formats dates: screening_app.i18n.format."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from screening_app.i18n import current_language


def short_date(value: date | datetime) -> str:
    day = value.date() if isinstance(value, datetime) else value
    return _short_date(day, current_language())


@lru_cache(maxsize=4096)
def _short_date(day: date, lang: str) -> str:
    # The case list asks for every visible date on every frame; Babel takes
    # ~0.3 ms a date, and 100,000 cases share a few thousand days.
    from screening_app.i18n.format import format_date

    return format_date(day, lang)

"""Dates for display, in the current language (Buddhist Era for Thai), through the
one place that formats dates: screening_app.i18n.format."""

from __future__ import annotations

from datetime import date, datetime

from screening_app.i18n import current_language


def short_date(value: date | datetime) -> str:
    from screening_app.i18n.format import format_date

    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, current_language())

"""Dates and numbers for display (through screening_app.i18n.format once the
languages layer provides it; ISO dates until then)."""

from __future__ import annotations

from datetime import date, datetime

from screening_app.gui import layers
from screening_app.i18n import current_language


def short_date(value: date | datetime) -> str:
    day = value.date() if isinstance(value, datetime) else value
    if layers.has("screening_app.i18n.format"):
        i18n_format = layers.load("screening_app.i18n.format")
        formatter = getattr(i18n_format, "format_date", None)
        if formatter is not None:
            try:
                return str(formatter(day, current_language()))
            except TypeError:
                return str(formatter(day))
    return day.isoformat()

"""Dates and numbers for display (through screening_app.i18n.format once the
languages layer provides it; ISO dates until then)."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from screening_app.gui import layers
from screening_app.i18n import current_language


def short_date(value: date | datetime) -> str:
    day = value.date() if isinstance(value, datetime) else value
    return _short_date(day, current_language())


@lru_cache(maxsize=4096)
def _short_date(day: date, lang: str) -> str:
    # The case list asks for every visible date on every frame; Babel takes
    # ~0.3 ms a date, and 100,000 cases share a few thousand days.
    if layers.has("screening_app.i18n.format"):
        i18n_format = layers.load("screening_app.i18n.format")
        formatter = getattr(i18n_format, "format_date", None)
        if formatter is not None:
            try:
                return str(formatter(day, lang))
            except TypeError:
                return str(formatter(day))
    return day.isoformat()

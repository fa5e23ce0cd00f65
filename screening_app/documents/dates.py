"""Dates on documents, in each language's calendar.

Stop-gap until `screening_app.i18n.format.format_date` lands on main (the one
place that formats a date); then this module only forwards to it.
"""

from __future__ import annotations

from datetime import date


def format_date(day: date, lang: str) -> str:
    """`day` as a long date in `lang`; Thai shows the Buddhist Era
    (e.g. "14 มีนาคม พ.ศ. 2569")."""
    try:
        from screening_app.i18n.format import format_date as shared  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return _babel_long_date(day, lang)
    return str(shared(day, lang))


def _babel_long_date(day: date, lang: str) -> str:
    from babel.dates import format_date as babel_format_date

    if lang == "th":
        # Babel is Gregorian only: Buddhist Era = Gregorian year + 543, era "พ.ศ."
        return babel_format_date(day, "d MMMM", locale="th") + f" พ.ศ. {day.year + 543}"
    return str(babel_format_date(day, "long", locale=lang))

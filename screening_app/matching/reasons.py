"""The reasons of a `Match` in the reader's language, for a supervisor:
"names sound alike in Latin: 0.91; ages 16 and 17; both Cambodia"."""

from __future__ import annotations

from datetime import date
from typing import Any

from screening_app.i18n import _
from screening_app.matching.compare import Match, Reason


def _country(code: Any, lang: str | None) -> str:
    from screening_app.i18n.format import country_name

    return country_name(str(code), lang)


def _gender(value: Any) -> str:
    from screening_app.domain import Gender
    from screening_app.standards.labels import GENDER

    try:
        return _(GENDER[Gender(value)])
    except (ValueError, KeyError):
        return str(value)


def reason_text(reason: Reason, lang: str | None = None) -> str:
    from screening_app.i18n.format import format_date, format_number

    v = reason.values
    if reason.code == "name_same":
        return _("names written the same")
    if reason.code == "name_sound":
        return _("names sound alike in Latin: {score}").format(
            score=format_number(float(v[0]), lang, decimals=2))
    if reason.code == "birth_same":
        day = v[0] if isinstance(v[0], date) else date.fromisoformat(str(v[0]))
        return _("same birth date: {date}").format(date=format_date(day, lang, format="medium"))
    if reason.code == "ages":
        return _("ages {a} and {b}").format(a=v[0], b=v[1])
    if reason.code == "ages_apart":
        return _("ages far apart: {a} and {b}").format(a=v[0], b=v[1])
    if reason.code == "nationality_same":
        return _("both {country}").format(country=_country(v[0], lang))
    if reason.code == "nationality_differs":
        return _("nationalities differ: {a} and {b}").format(a=_country(v[0], lang),
                                                              b=_country(v[1], lang))
    if reason.code == "gender_same":
        return _("same gender: {gender}").format(gender=_gender(v[0]))
    if reason.code == "gender_differs":
        return _("genders differ: {a} and {b}").format(a=_gender(v[0]), b=_gender(v[1]))
    return reason.code


def reasons_text(match: Match, lang: str | None = None) -> str:
    return "; ".join(reason_text(r, lang) for r in match.reasons)

"""Countries (ISO 3166-1 alpha-2) and languages, named from CLDR through Babel at
display time: names are never hand-translated in forms."""

from __future__ import annotations

from functools import lru_cache

# CLDR territory codes that are not countries: EU, euro zone, UN, outlying Oceania,
# pseudo-locales, unknown region.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    from babel import Locale

    codes = [str(code) for code in Locale("en").territories]
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES)


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    from babel import Locale

    return frozenset(str(code) for code in Locale("en").languages)


def is_country(code: object) -> bool:
    return isinstance(code, str) and code in country_codes()


def is_language(code: object) -> bool:
    return isinstance(code, str) and code in language_codes()


def _locale(lang: str):  # type: ignore[no-untyped-def]
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return Locale("en")


def country_name(code: str, lang: str = "en") -> str:
    """The country's name in `lang` from CLDR (the code itself if CLDR has none)."""
    return str(_locale(lang).territories.get(code, code))


def language_name(code: str, lang: str = "en") -> str:
    """The language's name in `lang` from CLDR (the code itself if CLDR has none)."""
    return str(_locale(lang).languages.get(code, code))


def country_choices(lang: str = "en") -> list[tuple[str, str]]:
    """(code, name) of every country, sorted by name in `lang`, for pickers."""
    return sorted(((c, country_name(c, lang)) for c in country_codes()), key=lambda p: p[1])

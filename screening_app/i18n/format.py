"""Dates, times, numbers, country and language names, person names: one place, per locale.

Everything comes from CLDR through Babel, with three additions Babel lacks:
- Thai dates use the Buddhist Era (year + 543, "พ.ศ."), e.g. "14 มีนาคม พ.ศ. 2569";
- native digits for Khmer, Lao, Burmese and Thai (`native_digits=True`),
  mapped here because Babel only prints 0-9 (python-babel #731);
- `parse_date` reads what people type: the locale's own order, ISO dates,
  month names, Buddhist Era years and native digits.

Short dates always show four-digit years: a two-digit birth year is ambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from babel import Locale
from babel import dates as _dates
from babel import numbers as _numbers

from screening_app.i18n import _, current_language, normalise_language
from screening_app.i18n.scripts import Script, script_of

BUDDHIST_ERA_OFFSET = 543
THAI_ERA = "พ.ศ."
# Zero of each language's native digits (0-9 follow it in Unicode).
NATIVE_ZERO: dict[str, str] = {"km": "\u17e0", "lo": "\u0ed0", "my": "\u1040", "th": "\u0e50"}
_ALL_ZEROS = (*NATIVE_ZERO.values(), "\u1090")   # + Myanmar Shan digits, seen in input
# The six countries of the Greater Mekong Sub-region, offered first in pickers.
GMS_COUNTRIES: tuple[str, ...] = ("KH", "CN", "LA", "MM", "TH", "VN")
Number = int | float | Decimal
DateFormat = Literal["short", "medium", "long", "full"]


def babel_locale(lang: str | None = None) -> Locale:
    """The Babel locale of one of our language codes (default: current language)."""
    return _parsed_locale(normalise_language(lang) if lang else current_language())


@cache
def _parsed_locale(code: str) -> Locale:
    return Locale.parse(code)


def _lang(lang: str | None) -> str:
    return normalise_language(lang) if lang else current_language()


# --- digits -----------------------------------------------------------------

def to_native_digits(text: str, lang: str | None = None) -> str:
    """Replace 0-9 by the language's own digits (unchanged for en, vi, zh_Hans)."""
    zero = NATIVE_ZERO.get(_lang(lang))
    if zero is None:
        return text
    base = ord(zero)
    return "".join(chr(base + ord(c) - 48) if "0" <= c <= "9" else c for c in text)


def to_ascii_digits(text: str) -> str:
    """Replace Khmer, Lao, Myanmar and Thai digits (and full-width ones) by 0-9."""
    out = []
    for c in text:
        for zero in (*_ALL_ZEROS, "\uff10"):
            if ord(zero) <= ord(c) <= ord(zero) + 9:
                c = chr(48 + ord(c) - ord(zero))
                break
        out.append(c)
    return "".join(out)


def _digits(text: str, lang: str, native: bool) -> str:
    return to_native_digits(text, lang) if native else text


# --- dates and times ----------------------------------------------------------

def _pattern(kind: DateFormat, lang: str) -> str:
    """CLDR date pattern, with four-digit years and, for Thai, the Buddhist era."""
    pattern = str(_dates.get_date_format(kind, locale=babel_locale(lang)).pattern)
    pattern = re.sub(r"(?<!y)yy(?!y)", "y", pattern)
    if lang == "th" and "G" not in pattern and kind in ("long", "full"):
        pattern = pattern.replace("y", "G y", 1)
    return pattern


def _thai_buddhist(pattern: str, year: int) -> str:
    """Rewrite a pattern so the era is พ.ศ. and the year is the Buddhist year."""
    out: list[tuple[str, Any]] = []
    for kind, value in _dates.tokenize_pattern(pattern):
        if kind == "field" and value[0] in ("G", "y", "Y", "u"):
            literal = THAI_ERA if value[0] == "G" else str(year + BUDDHIST_ERA_OFFSET)
            out.append(("chars", literal))
        else:
            out.append((kind, value))
    return str(_dates.untokenize_pattern(out))


def format_date(d: date, lang: str | None = None, native_digits: bool = False,
                format: DateFormat = "long") -> str:
    """A date as people of `lang` write it; format is short, medium, long or full."""
    lang = _lang(lang)
    pattern = _pattern(format, lang)
    if lang == "th":
        pattern = _thai_buddhist(pattern, d.year)
    text = _dates.format_date(d, pattern, locale=babel_locale(lang))
    return _digits(text, lang, native_digits)


def format_month(year: int, month: int, lang: str | None = None, native_digits: bool = False,
                 wide: bool = False) -> str:
    """A month of a year as `lang` writes it ("Mar 2025", "มี.ค. 2568" in the Buddhist
    Era, "2025年3月"); `wide` spells the month out."""
    lang = _lang(lang)
    skeleton = "yMMMM" if wide else "yMMM"
    pattern = str(babel_locale(lang).datetime_skeletons.get(skeleton) or "MMM y")
    if lang == "th":
        pattern = _thai_buddhist(pattern, year)
    text = _dates.format_date(date(year, month, 1), pattern, locale=babel_locale(lang))
    return _digits(text, lang, native_digits)


def format_time(t: datetime, lang: str | None = None, native_digits: bool = False,
                tz: tzinfo | None = None) -> str:
    """Hours and minutes, in the locale's clock (12 or 24 hours)."""
    lang = _lang(lang)
    text = _dates.format_time(t, "short", tzinfo=tz, locale=babel_locale(lang))
    return _digits(text, lang, native_digits)


def format_datetime(dt: datetime, lang: str | None = None, native_digits: bool = False,
                    format: DateFormat = "medium", tz: tzinfo | None = None) -> str:
    """Date and time (minutes), joined the locale's way; `tz` converts an aware datetime."""
    lang = _lang(lang)
    if tz is not None and dt.tzinfo is not None:
        dt = dt.astimezone(tz)
    glue = str(_dates.get_datetime_format(format, locale=babel_locale(lang)))
    day = format_date(dt.date(), lang, native_digits=False, format=format)
    time = format_time(dt, lang)
    text = glue.replace("{1}", day).replace("{0}", time).replace("'", "")
    return _digits(text, lang, native_digits)


def format_number(n: Number, lang: str | None = None, native_digits: bool = False,
                  decimals: int | None = None) -> str:
    """A number with the locale's grouping and decimal signs."""
    lang = _lang(lang)
    fmt = None if decimals is None else "#,##0." + "0" * decimals if decimals else "#,##0"
    text = _numbers.format_decimal(n, format=fmt, locale=babel_locale(lang))
    return _digits(text, lang, native_digits)


def format_percent(fraction: Number, lang: str | None = None,
                   native_digits: bool = False) -> str:
    lang = _lang(lang)
    text = _numbers.format_percent(fraction, locale=babel_locale(lang))
    return _digits(text, lang, native_digits)


def month_names(lang: str | None = None, width: str = "wide") -> list[str]:
    """January..December in `lang` (CLDR)."""
    months = babel_locale(lang).months["format"][width]
    return [str(months[i]) for i in range(1, 13)]


def weekday_names(lang: str | None = None, width: str = "wide") -> list[str]:
    """Monday..Sunday in `lang` (CLDR)."""
    days = babel_locale(lang).days["format"][width]
    return [str(days[i]) for i in range(7)]


def date_example(lang: str | None = None) -> str:
    """How to type a date in `lang`, shown as a hint under date fields."""
    lang = _lang(lang)
    return format_date(date(1998, 12, 31), lang, format="short")


def _month_lookup(lang: str) -> list[tuple[str, int]]:
    """(lower-cased month name, number), longest first, in `lang` and English."""
    names: dict[str, int] = {}
    for code in dict.fromkeys((lang, "en")):
        loc = babel_locale(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for num, name in loc.months[context][width].items():
                    names.setdefault(str(name).casefold(), int(num))
    return sorted(names.items(), key=lambda item: -len(item[0]))


def _field_order(lang: str) -> str:
    """'dmy', 'mdy' or 'ymd' from the locale's short date pattern."""
    pattern = str(_dates.get_date_format("short", locale=babel_locale(lang)).pattern)
    order = [c for c in re.sub(r"'[^']*'", "", pattern) if c in "dMy"]
    return "".join(dict.fromkeys(c.lower() for c in order))


def _full_year(value: str, lang: str, era_be: bool | None, today: date) -> int:
    year = int(value)
    if len(value) <= 2:
        if lang == "th" and era_be is not False:
            return year + 2500 - BUDDHIST_ERA_OFFSET
        century = 2000 if year <= today.year % 100 else 1900
        return century + year
    if era_be or (era_be is None and lang == "th" and year >= 2400):
        return year - BUDDHIST_ERA_OFFSET
    return year


def parse_date(text: str, lang: str | None = None, today: date | None = None) -> date:
    """A date typed by a person: 31/12/1998 (in the locale's order), 1998-12-31,
    "31 ธันวาคม 2541", "2541" years in Thai, native digits. ValueError if unreadable."""
    lang = _lang(lang)
    today = today or date.today()
    raw = unicodedata.normalize("NFC", to_ascii_digits(text)).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    if iso:
        return _checked(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    low = raw.casefold()
    era_be: bool | None = None
    if "พ.ศ" in low or re.search(r"\bb\.?e\.?\b", low):
        era_be = True
    elif "ค.ศ" in low:
        era_be = False
    for marker in ("พ.ศ.", "พ.ศ", "ค.ศ.", "ค.ศ"):
        low = low.replace(marker, " ")
    month: int | None = None
    for name, num in _month_lookup(lang):
        if name and name in low:
            month = num
            low = low.replace(name, " ")
            break
    # Chinese writes 1998年12月31日: the characters are separators here.
    numbers = re.findall(r"\d+", low)
    if month is not None and len(numbers) == 2:
        first, second = numbers
        day_s, year_s = (second, first) if len(first) > 2 else (first, second)
        return _checked(_full_year(year_s, lang, era_be, today), month, int(day_s))
    if month is None and len(numbers) == 3:
        order = "ymd" if len(numbers[0]) > 2 else _field_order(lang)
        parts = dict(zip(order, numbers, strict=True))
        return _checked(_full_year(parts["y"], lang, era_be, today),
                        int(parts["m"]), int(parts["d"]))
    raise ValueError(_("Type the date as in this example: {example}").format(
        example=date_example(lang)))


def _checked(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("This date does not exist. Check the day, month and year.")) from None


# --- countries and languages (CLDR, never translated by hand) ----------------------

def country_name(code: str, lang: str | None = None) -> str:
    """The name of a country (ISO 3166-1 alpha-2) in `lang`; the code if CLDR lacks it."""
    return str(babel_locale(lang).territories.get(code.upper(), code))


def language_name(code: str, lang: str | None = None) -> str:
    """The name of a language (our code or any CLDR code) in `lang`."""
    try:
        target = Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError):
        return code
    return str(target.get_display_name(babel_locale(lang)) or code)


def sort_key(text: str, lang: str | None = None) -> str:
    """An approximate alphabetical key: Thai and Lao leading vowels are written before
    the consonant they follow in speech; Latin accents sort with their base letter."""
    out = unicodedata.normalize("NFD", text.casefold())
    out = "".join(c for c in out if not "\u0300" <= c <= "\u036f")
    return re.sub(r"([\u0e40-\u0e44\u0ec0-\u0ec4])(.)", r"\2\1", out)


def countries(lang: str | None = None, first: Iterable[str] = GMS_COUNTRIES
              ) -> list[tuple[str, str]]:
    """(code, name) of every country, in `lang`: the `first` ones, then the rest sorted."""
    names = {code: str(name) for code, name in babel_locale(lang).territories.items()
             if len(code) == 2 and code.isalpha() and code not in ("ZZ", "EU", "EZ", "UN",
                                                                   "QO", "XA", "XB")}
    head = [(c, names[c]) for c in first if c in names]
    rest = sorted(((c, n) for c, n in names.items() if c not in dict(head)),
                  key=lambda item: sort_key(item[1], lang))
    return head + rest


# --- person names ------------------------------------------------------------------

# Languages whose names are written family name first (Burmese names have no
# family name; Lao and Thai put the given name first like English).
FAMILY_FIRST = frozenset({"km", "zh_Hans", "vi"})
_SCRIPT_LANG = {Script.KHMER: "km", Script.HAN: "zh_Hans", Script.LAO: "lo",
                Script.MYANMAR: "my", Script.THAI: "th"}


def name_language(text: str) -> str:
    """The language whose conventions a name follows, from its script (en for Latin)."""
    for ch in text:
        script = script_of(ch)
        if script is not None and script is not Script.LATIN:
            return _SCRIPT_LANG[script]
    return "en"


def full_name(given: str, family: str, name_lang: str | None = None) -> str:
    """Given and family name in the order of the name's own language."""
    given, family = given.strip(), family.strip()
    lang = name_lang or name_language(given + family)
    parts = (family, given) if lang in FAMILY_FIRST else (given, family)
    sep = "" if lang == "zh_Hans" and name_language(given + family) == "zh_Hans" else " "
    return sep.join(p for p in parts if p)


def person_name(given: str, family: str = "", latin: str = "",
                name_lang: str | None = None) -> str:
    """A person's name for display: native script with the Latin transliteration
    beside it when both exist, e.g. "សុខ ដារ៉ា (Sok Dara)"."""
    native = full_name(given, family, name_lang)
    latin = latin.strip()
    if native and latin and latin.casefold() != native.casefold():
        return f"{native} ({latin})"
    return native or latin

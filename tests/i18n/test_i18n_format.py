"""Dates, numbers, countries, languages and names as each locale writes them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from screening_app.i18n.format import (
    countries,
    country_name,
    date_example,
    format_date,
    format_datetime,
    format_number,
    language_name,
    month_names,
    parse_date,
    person_name,
    to_ascii_digits,
    to_native_digits,
)

DAY = date(2026, 3, 14)
LANGS = ("en", "km", "zh_Hans", "lo", "my", "th", "vi")


def test_thai_dates_use_the_buddhist_era() -> None:
    assert format_date(DAY, "th") == "14 มีนาคม พ.ศ. 2569"
    assert format_date(DAY, "th", format="short") == "14/3/2569"
    assert format_date(DAY, "th", native_digits=True) == "14 มีนาคม พ.ศ. ๒๕๖๙".replace(
        "14", "๑๔")


def test_dates_in_each_language() -> None:
    assert format_date(DAY, "en") == "March 14, 2026"
    assert format_date(DAY, "zh_Hans") == "2026年3月14日"
    assert format_date(DAY, "km") == "14 មីនា 2026"
    assert format_date(DAY, "vi") == "14 tháng 3, 2026"
    assert format_date(DAY, "km", native_digits=True) == "១៤ មីនា ២០២៦"
    assert format_date(DAY, "my", native_digits=True, format="short") == "၁၄/၃/၂၀၂၆"
    assert format_date(DAY, "lo", native_digits=True, format="short") == "໑໔/໓/໒໐໒໖"


def test_short_dates_always_have_four_digit_years() -> None:
    for lang in LANGS:
        assert "2026" in format_date(DAY, lang, format="short") or lang == "th"


def test_datetime_and_numbers() -> None:
    moment = datetime(2026, 3, 14, 9, 5)
    assert format_datetime(moment, "th").startswith("14 มี.ค. 2569")
    assert "9:05" in format_datetime(moment, "en")
    assert format_number(1234567.5, "vi") == "1.234.567,5"
    assert format_number(1234567.5, "th", native_digits=True) == "๑,๒๓๔,๕๖๗.๕"
    assert format_number(3, "zh_Hans", native_digits=True) == "3"   # Chinese uses 0-9


@pytest.mark.parametrize("lang", LANGS)
def test_every_formatted_date_reads_back(lang: str) -> None:
    for fmt in ("short", "medium", "long"):
        for native in (False, True):
            text = format_date(DAY, lang, native_digits=native, format=fmt)  # type: ignore[arg-type]
            assert parse_date(text, lang) == DAY, (lang, fmt, text)
    assert parse_date(date_example(lang), lang) == date(1998, 12, 31)


def test_dates_typed_by_people() -> None:
    assert parse_date("2026-03-14", "km") == DAY
    assert parse_date("14/3/2569", "th") == DAY             # Buddhist Era
    assert parse_date("14/3/2026", "th") == DAY             # Christian Era typed in Thai
    assert parse_date("๑๔/๐๓/๒๕๖๙", "th") == DAY
    assert parse_date("14 มี.ค. 69", "th") == DAY
    assert parse_date("3/14/26", "en", today=DAY) == DAY
    assert parse_date("14 March 2026", "lo") == DAY         # English month names too
    assert parse_date("၁၄.၃.၂၀၂၆", "my") == DAY
    assert parse_date("2026年3月14日", "zh_Hans") == DAY
    assert parse_date("1/2/98", "vi", today=DAY) == date(1998, 2, 1)


def test_impossible_or_unreadable_dates_say_how_to_type_them() -> None:
    with pytest.raises(ValueError, match="does not exist"):
        parse_date("31/2/2026", "en")
    with pytest.raises(ValueError, match="12/31/1998"):
        parse_date("next Tuesday", "en")


def test_native_digits_round_trip() -> None:
    for lang in ("km", "lo", "my", "th"):
        native = to_native_digits("0123456789", lang)
        assert native != "0123456789"
        assert to_ascii_digits(native) == "0123456789"


def test_country_language_and_month_names_come_from_cldr() -> None:
    assert country_name("KH", "km") == "កម្ពុជា"
    assert country_name("mm", "th") == "เมียนมา (พม่า)"
    assert language_name("my", "en") == "Burmese"
    assert language_name("th", "lo") == "ໄທ"
    assert month_names("th")[2] == "มีนาคม"
    listed = countries("vi")
    assert [code for code, _ in listed[:6]] == ["KH", "CN", "LA", "MM", "TH", "VN"]
    assert len(listed) > 240 and len({c for c, _ in listed}) == len(listed)
    assert all(len(code) == 2 for code, _ in listed)


def test_thai_countries_sort_by_consonant_not_leading_vowel() -> None:
    names = [n for _, n in countries("th", first=())]
    # "เกาหลีใต้" (Korea) is spelled with a leading vowel and sorts under ก, before ข.
    korea = next(n for n in names if n.startswith("เกาหลีใต้"))
    assert names.index(korea) < names.index(next(n for n in names if n.startswith("ค")))


def test_person_names_native_with_latin() -> None:
    assert person_name("ដារ៉ា", "សុខ", "Sok Dara") == "សុខ ដារ៉ា (Sok Dara)"
    assert person_name("伟", "王", "Wang Wei") == "王伟 (Wang Wei)"
    assert person_name("สมชาย", "ใจดี", "Somchai Jaidee") == "สมชาย ใจดี (Somchai Jaidee)"
    assert person_name("Văn An", "Nguyễn", name_lang="vi") == "Nguyễn Văn An"
    assert person_name("အောင်အောင်", "", "Aung Aung") == "အောင်အောင် (Aung Aung)"
    assert person_name("", "", "Sok Dara") == "Sok Dara"
    assert person_name("Mary", "Smith", "Mary Smith") == "Mary Smith"

"""The words of the statistics in any of the seven languages: table titles, category
names, numbers and marks. Countries from CLDR, months in the language's calendar
(Thai: Buddhist Era), gender in HTCDS 2.0 words, dimensions from the indicator
catalogue; native digits where the language writes them (km, lo, my, th)."""

from __future__ import annotations

from screening_app.domain import Gender
from screening_app.i18n import N_, translate
from screening_app.i18n.format import NATIVE_ZERO, country_name, format_month, format_number
from screening_app.standards.labels import GENDER
from screening_app.statistics.variables import (
    AGE_BANDS,
    NO,
    NOT_SCREENED,
    OTHER,
    TOTAL,
    UNKNOWN,
    YES,
    Var,
)

TITLES: dict[str, str] = {
    Var.MONTH: N_("Cases per month"),
    Var.OUTCOME: N_("Screening outcomes"),
    Var.AGE: N_("Age groups"),
    Var.GENDER: N_("Gender"),
    Var.NATIONALITY: N_("Nationality"),
    Var.EXPLOITATION: N_("Type of exploitation screened for"),
    Var.REFERRAL: N_("Referrals sent and receipts"),
    Var.RECEIVED: N_("Cases received from other agencies"),
    "age_by_gender": N_("Age group by gender"),
    "nationality_by_gender": N_("Nationality by gender"),
    "exploitation_by_gender": N_("Type of exploitation by gender"),
    "outcome_by_age": N_("Screening outcome by age group"),
    "month_by_outcome": N_("Cases per month by screening outcome"),
}
VARIABLE_NAMES: dict[str, str] = {
    Var.MONTH: N_("Month"), Var.OUTCOME: N_("Screening outcome"), Var.AGE: N_("Age group"),
    Var.GENDER: N_("Gender"), Var.GENDER_GROUP: N_("Gender"),
    Var.NATIONALITY: N_("Nationality"), Var.EXPLOITATION: N_("Type of exploitation"),
    Var.REFERRAL: N_("Referral"), Var.RECEIVED: N_("Received from another agency"),
    Var.DIMENSION: N_("Indicator dimension"),
}
CATEGORIES: dict[str, dict[str, str]] = {
    Var.OUTCOME: {"presumed_victim": N_("Presumed victim of trafficking"),
                  "indicators_present": N_("Indicators of trafficking present"),
                  "no_indicators": N_("No indicators found"),
                  NOT_SCREENED: N_("Interview not finished")},
    Var.EXPLOITATION: {"labour": N_("Labour exploitation"),
                       "sexual": N_("Sexual exploitation"),
                       "both": N_("Labour and sexual exploitation"),
                       "not_stated": N_("Not stated (both were screened)"),
                       NOT_SCREENED: N_("Interview not finished")},
    Var.REFERRAL: {"none": N_("Not referred"), "printed": N_("Referral printed only"),
                   "awaiting_receipt": N_("Packet sent, receipt outstanding"),
                   "receipt_received": N_("Packet sent, receipt received")},
    Var.RECEIVED: {YES: N_("Received by referral"), NO: N_("Recorded here")},
}
TOTAL_LABEL = N_("Total")
UNKNOWN_AGE = N_("Age not known")
CHILD_AGE = N_("{low} to {high} years")
OLDEST_AGE = N_("{low} years and over")
OTHER_COUNTRIES = N_("Other countries")
NO_NATIONALITY = N_("Not recorded")
OTHER_GENDER = N_("Other or not stated")
DIMENSION_FOUND = N_("Found")
DIMENSION_NOT_FOUND = N_("Not found or not screened")
HIDDEN_MARK = "x"


def uses_native_digits(lang: str) -> bool:
    """Whether documents and screens in `lang` write numbers with its own digits."""
    return lang in NATIVE_ZERO


def number(n: int, lang: str, native: bool | None = None) -> str:
    return format_number(n, lang, native_digits=uses_native_digits(lang)
                         if native is None else native)


def below_k(k: int, lang: str, native: bool | None = None) -> str:
    """The mark of a suppressed count: "<11" (in the language's digits)."""
    return "<" + number(k, lang, native)


def title(table_id: str, lang: str) -> str:
    from screening_app.screening import dimension_label

    if table_id.startswith(Var.DIMENSION + ":"):
        return translate(dimension_label(table_id.split(":", 1)[1]), lang)
    return translate(TITLES[table_id], lang)


def variable_name(var: str, lang: str) -> str:
    return translate(VARIABLE_NAMES[var.split(":", 1)[0]], lang)


def category(var: str, code: str, lang: str, native: bool | None = None) -> str:
    """The words for one category of a variable."""
    if code == TOTAL:
        return translate(TOTAL_LABEL, lang)
    if var == Var.MONTH:
        return format_month(int(code[:4]), int(code[5:7]), lang, native_digits=(
            uses_native_digits(lang) if native is None else native))
    if var == Var.AGE:
        return _age(code, lang, native)
    if var in (Var.GENDER, Var.GENDER_GROUP):
        return translate(OTHER_GENDER if code == OTHER else GENDER[Gender(code)], lang)
    if var == Var.NATIONALITY:
        if code == OTHER:
            return translate(OTHER_COUNTRIES, lang)
        return translate(NO_NATIONALITY, lang) if code == UNKNOWN else country_name(code, lang)
    if var.startswith(Var.DIMENSION + ":"):
        return translate(DIMENSION_FOUND if code == YES else DIMENSION_NOT_FOUND, lang)
    return translate(CATEGORIES[var][code], lang)


def prepare(lang: str) -> None:
    """Load what the words of a report in `lang` need (CLDR months, numbers and
    countries, the catalogs) before they are asked for, e.g. in another thread."""
    for var, code in ((Var.MONTH, "2025-01"), (Var.AGE, AGE_BANDS[0][0]),
                      (Var.NATIONALITY, "KH"), (Var.OUTCOME, NOT_SCREENED)):
        category(var, code, lang)
    below_k(2, lang)


def _age(code: str, lang: str, native: bool | None) -> str:
    if code == UNKNOWN:
        return translate(UNKNOWN_AGE, lang)
    for band, low, high in AGE_BANDS:
        if band == code:
            if high is None:
                return translate(OLDEST_AGE, lang).format(low=number(low, lang, native))
            return translate(CHILD_AGE, lang).format(low=number(low, lang, native),
                                                    high=number(high, lang, native))
    raise KeyError(code)

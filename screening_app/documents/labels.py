"""Words on documents in every language of the document (1-3 languages).

Each label is translated with `translate(msg, lang)` for each language and shown
once per distinct wording, the first language first (an untranslated label shows
its English source once, never three times).
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.colors import Color

from screening_app.documents.text import TextStyle
from screening_app.domain import Case, ConsentMethod, OutcomeKind
from screening_app.errors import Refused
from screening_app.i18n import LANGUAGES, N_, _, normalise_language, translate
from screening_app.i18n.format import country_name, full_name, language_name
from screening_app.screening import dimension_label, indicator_label
from screening_app.standards.labels import (  # noqa: F401 (the documents' words for them)
    AGENCY_SERVICE,
    AGENCY_TYPE,
    GENDER,
    REFERRAL_REASON,
    agency_kind_text,
)

GREY = Color(0.33, 0.33, 0.33)
RED = Color(0.72, 0.05, 0.05)

OUTCOME = {
    OutcomeKind.PRESUMED_VICTIM: N_(
        "Presumed victim of trafficking: refer for formal identification and protection"),
    OutcomeKind.INDICATORS_PRESENT: N_(
        "Indicators of trafficking present: refer for further assessment"),
    OutcomeKind.NO_INDICATORS: N_(
        "No trafficking indicators found: consider other assistance"),
}
CONSENT_METHOD = {
    ConsentMethod.VERBAL: N_("Verbal"),
    ConsentMethod.WRITTEN: N_("Written"),
    ConsentMethod.GUARDIAN: N_("By a guardian"),
}


def document_languages(languages: Iterable[str]) -> list[str]:
    """1-3 distinct language codes in our spelling, or Refused."""
    out: list[str] = []
    for code in languages:
        try:
            lang = normalise_language(code)
        except ValueError:
            raise Refused(_("Unknown language {code}: use one of {codes}.").format(
                code=code[:20], codes=", ".join(LANGUAGES))) from None
        if lang not in out:
            out.append(lang)
    if not 1 <= len(out) <= 3:
        raise Refused(_("A document is printed in one to three languages."))
    return out


def each(msg: str, langs: list[str]) -> list[str]:
    """`msg` in every language, each distinct wording once."""
    out: list[str] = []
    for lang in langs:
        text = translate(msg, lang)
        if text not in out:
            out.append(text)
    return out


def joined(msg: str, langs: list[str], sep: str = " / ") -> str:
    return sep.join(each(msg, langs))


def label(msg: str, langs: list[str], size: float = 7.5) -> list[tuple[str, TextStyle]]:
    """A field label: the first language in bold, the others below in grey."""
    parts: list[tuple[str, TextStyle]] = []
    for i, text in enumerate(each(msg, langs)):
        lang = langs[min(i, len(langs) - 1)]
        style = (TextStyle(size=size, bold=True, lang=lang) if i == 0
                 else TextStyle(size=size - 0.5, color=GREY, lang=lang))
        parts.append((text, style))
    return parts


def yes_no(value: bool, langs: list[str]) -> str:
    return joined(N_("Yes") if value else N_("No"), langs)


def country_names(code: str | None, langs: list[str]) -> str:
    """A country's name in each language (CLDR), each distinct name once."""
    if not code:
        return ""
    return " / ".join(dict.fromkeys(country_name(code, lang) for lang in langs))


def language_names(codes: list[str], lang: str) -> str:
    return ", ".join(language_name(code, lang) for code in codes)


def indicator_name(indicator_id: str, lang: str) -> str:
    """An indicator's label in `lang` (the screening catalogue's English source,
    translated through the catalogs)."""
    return translate(indicator_label(indicator_id), lang)


def dimension_name(dimension_id: str, lang: str) -> str:
    return translate(dimension_label(dimension_id), lang)


def urgent_need(form_id: str | None, form_version: str | None, question_id: str,
                lang: str) -> str:
    """An urgent reason (the id of the question whose answer raised the flag) as
    that question's text in `lang`, from the form version the case was taken with."""
    from screening_app.screening import FormError, load_form

    if form_id:
        try:
            question = load_form(form_id, form_version).question(question_id)
        except (FormError, KeyError, LookupError):
            question = None
        if question is not None:
            return translate(question.text, lang)
    return question_id


def native_name(case: Case) -> str:
    """The person's name as written by them, in the name's own order. Script tells
    the order (Khmer, Chinese: family first; Thai, Lao, Burmese: given first),
    except for Vietnamese names, which are Latin: family first."""
    p = case.person
    vietnamese = "VN" in p.citizenship or case.interviewee_language == "vi" \
        or "vi" in p.languages
    return full_name(p.given_name, p.family_name, "vi" if vietnamese else None)

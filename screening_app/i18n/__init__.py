"""Translation of every user-visible string through gettext catalogs.

Call `_()` when a string is shown, never at import time, so that the language can
change at run time (`set_language`). Module-level constants that must be
translated later are marked with `N_()` and passed through `_()` when shown.
`translate(message, lang)` gives a string in a language other than the current
one, for the bilingual interview and bilingual documents.

One text, one catalog: program texts are looked up in the program's catalog
(domain `screening_app`) only; texts from forms/ arrive as `FormText` and are
looked up in the forms catalog (domain `forms`) only, under the gettext context of
the form version they belong to ("identification 1.0"), so a recorded interview
shows the words it was asked in.

Messages use `str.format` placeholders (`{name}`); a translation whose
placeholders differ from the source is refused (see `catalogs.placeholders`).
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable

DOMAIN = "screening_app"
FORMS_DOMAIN = "forms"

# Codes as used throughout the program, in the order the UI offers them.
LANGUAGES: tuple[str, ...] = ("en", "km", "zh_Hans", "lo", "my", "th", "vi")
# Each language's own name, shown in language pickers (CLDR autonyms).
AUTONYMS: dict[str, str] = {
    "en": "English",
    "km": "ខ្មែរ",
    "zh_Hans": "简体中文",
    "lo": "ລາວ",
    "my": "မြန်မာ",
    "th": "ไทย",
    "vi": "Tiếng Việt",
}

_current = "en"
_catalogs: dict[tuple[str, str], _gettext.NullTranslations] = {}
_missing: set[tuple[str, str]] = set()      # (lang, domain) whose compiled catalog is absent
_listeners: list[Callable[[str], None]] = []


class FormText(str):
    """A text that comes from forms/: looked up in the forms catalog, never in the
    program's, under `context`: "<form id> <version>" for a form's texts (questions,
    options, section titles), "" for indicator, dimension and rule texts.

    It is the English source string itself (equal to it, same hash); `str()` keeps
    it a FormText, so `_(str(question.text))` still finds the form's wording.
    Anything built from it (format, join, +) is a plain str."""

    context: str

    def __new__(cls, text: str, context: str = "") -> FormText:
        self = super().__new__(cls, text)
        self.context = context
        return self

    def __str__(self) -> str:
        return self

    def __repr__(self) -> str:
        return f"FormText({str.__repr__(self)}, {self.context!r})"

    def __reduce__(self) -> tuple[type[FormText], tuple[str, str]]:
        return (FormText, (str.__str__(self), self.context))


def form_context(form_id: str, version: str) -> str:
    """The gettext context of a form version's texts: "identification 1.1"."""
    return f"{form_id} {version}"


def normalise_language(code: str) -> str:
    """Accept common spellings (zh, zh_CN, zh-Hans, th_TH) and return our code."""
    c = code.replace("-", "_").strip()
    low = c.lower()
    if low.startswith("zh"):
        return "zh_Hans"
    base = low.split("_")[0]
    if base in LANGUAGES:
        return base
    raise ValueError(code)


def catalog(lang: str, domain: str = DOMAIN) -> _gettext.NullTranslations:
    """The compiled catalog of `lang` for the program's texts (or for `domain`).

    English, or a language whose catalog is not built, gives the source strings
    (see `missing_catalogs`)."""
    key = (lang, domain)
    found = _catalogs.get(key)
    if found is None:
        # English is the source: nothing to load (the program starts in English
        # without reading a catalog).
        found = _gettext.NullTranslations() if lang == "en" else _load(lang, domain)
        _catalogs[key] = found
    return found


def _load(lang: str, domain: str) -> _gettext.NullTranslations:
    from screening_app.i18n.catalogs import load_compiled

    _missing.discard((lang, domain))
    try:
        return load_compiled(lang, domain)
    except FileNotFoundError:
        _missing.add((lang, domain))
        return _gettext.NullTranslations()


def missing_catalogs(lang: str | None = None) -> list[str]:
    """The domains ("screening_app", "forms") whose compiled catalog for `lang`
    (default: the current language) cannot be found: their texts show in English.
    Always empty for English, the source language."""
    code = normalise_language(lang) if lang else _current
    if code == "en":
        return []
    for domain in (DOMAIN, FORMS_DOMAIN):
        catalog(code, domain)
    return [d for d in (DOMAIN, FORMS_DOMAIN) if (code, d) in _missing]


def missing_catalogs_message(lang: str | None = None) -> str:
    """One line saying which translations are missing (empty when none are): shown
    at start, in the banner and on stderr, instead of silently showing English."""
    code = normalise_language(lang) if lang else _current
    missing = missing_catalogs(code)
    if not missing:
        return ""
    from screening_app.i18n.catalogs import mo_path

    files = ", ".join(str(mo_path(code, d)) for d in missing)
    return translate(
        "Translations for {language} are missing ({files}): these texts are shown in "
        "English. Reinstall the program, or run `make catalogs` in a source folder.",
        code).format(language=AUTONYMS.get(code, code), files=files)


def reload_catalogs() -> None:
    """Forget loaded catalogs (after `make catalogs`, or in tests)."""
    _catalogs.clear()
    _missing.clear()


def set_language(lang: str) -> None:
    """Switch the language of everything shown from now on and tell listeners."""
    global _current
    lang = normalise_language(lang)
    if lang == _current:
        return
    _current = lang
    for listener in list(_listeners):
        listener(lang)


def current_language() -> str:
    return _current


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Register a callback; returns a function that unregisters it."""
    _listeners.append(listener)

    def remove() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return remove


def translate(message: str, lang: str | None = None) -> str:
    """`message` in `lang` (default: the current language).

    A FormText is looked up in the forms catalog under its context, any other
    string in the program's catalog; the English source comes back when the
    catalog has no translation."""
    if not message:
        return message
    code = normalise_language(lang) if lang else _current
    if isinstance(message, FormText):
        forms = catalog(code, FORMS_DOMAIN)
        if message.context:
            return forms.pgettext(message.context, message)
        return forms.gettext(message)
    return catalog(code).gettext(message)


def gettext(message: str) -> str:
    return translate(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalog(_current).ngettext(singular, plural, n)


def ntranslate(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """`ngettext` in `lang` (default: the current language), for documents printed in
    a language that is not the screen's."""
    code = normalise_language(lang) if lang else _current
    return catalog(code).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return catalog(_current).pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


_ = gettext

__all__ = [
    "AUTONYMS",
    "LANGUAGES",
    "N_",
    "FormText",
    "_",
    "catalog",
    "current_language",
    "form_context",
    "gettext",
    "missing_catalogs",
    "missing_catalogs_message",
    "ngettext",
    "normalise_language",
    "ntranslate",
    "on_language_changed",
    "pgettext",
    "reload_catalogs",
    "set_language",
    "translate",
]

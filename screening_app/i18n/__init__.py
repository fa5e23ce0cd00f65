"""Translation of every user-visible string through gettext catalogs.

Call `_()` when a string is shown, never at import time, so that the language can
change at run time (`set_language`). Module-level constants that must be
translated later are marked with `N_()` and passed through `_()` when shown.
`translate(message, lang)` gives a string in a language other than the current
one, for the bilingual interview and bilingual documents.

Messages use `str.format` placeholders (`{name}`); a translation whose
placeholders differ from the source is refused (see `catalogs.placeholders`).
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable

DOMAIN = "screening_app"

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
_catalogs: dict[str, _gettext.NullTranslations] = {}
_listeners: list[Callable[[str], None]] = []


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


def catalog(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogs of `lang`: UI strings first, then form texts.

    English (or a language whose catalogs are not built) gives the source strings."""
    found = _catalogs.get(lang)
    if found is None:
        # English is the source: nothing to load (the program starts in English
        # without reading a catalog).
        found = _gettext.NullTranslations() if lang == "en" else _load_chain(lang)
        _catalogs[lang] = found
    return found


def _load_chain(lang: str) -> _gettext.NullTranslations:
    from screening_app.i18n.catalogs import load_chain

    return load_chain(lang)


def reload_catalogs() -> None:
    """Forget loaded catalogs (after `make catalogs`, or in tests)."""
    _catalogs.clear()


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

    Looks in the UI catalog, then in the forms catalog; the English source
    comes back when neither has a translation."""
    if not message:
        return message
    return catalog(normalise_language(lang) if lang else _current).gettext(message)


def gettext(message: str) -> str:
    return translate(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalog(_current).ngettext(singular, plural, n)


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
    "_",
    "catalog",
    "current_language",
    "gettext",
    "ngettext",
    "normalise_language",
    "on_language_changed",
    "pgettext",
    "reload_catalogs",
    "set_language",
    "translate",
]

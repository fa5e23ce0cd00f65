"""Burmese typed in Zawgyi: detect it and convert it to Unicode.

Many phones and computers in Myanmar still type Zawgyi, a font hack that puts
Burmese letters on the wrong Unicode code points. Stored as it is, such text
would look broken on every other machine and never be found by search.

- Detection: Google's `myanmartools` (ZawgyiDetector, a Markov model trained on
  real text; the reference detector used by Android and Facebook).
- Conversion: `python-myanmar` (`myanmar.converter`, rule-based Zawgyi to
  Unicode). It stores asat before the dot below (U+103A U+1037); Unicode's
  recommended order is the dot below first, so that is put right after conversion.

Use `to_unicode(text)` on every Burmese text a person types (names, answers,
notes) before storing it; `looks_like_zawgyi(text)` to warn when showing text
from elsewhere (imported packets).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

# Above this probability the text is treated as Zawgyi (myanmartools suggests 0.95).
ZAWGYI_THRESHOLD = 0.95
_MYANMAR = range(0x1000, 0x10A0)


@cache
def _detector() -> Any:
    import warnings

    from myanmartools import ZawgyiDetector

    with warnings.catch_warnings():   # it loads its model with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        return ZawgyiDetector()


def has_burmese(text: str) -> bool:
    return any(ord(c) in _MYANMAR for c in text)


def zawgyi_probability(text: str) -> float:
    """Probability (0..1) that the Burmese in `text` is Zawgyi; 0 without Burmese letters."""
    if not has_burmese(text):
        return 0.0
    return float(_detector().get_zawgyi_probability(text))


def looks_like_zawgyi(text: str) -> bool:
    """True when the detector is confident AND converting would change the text.

    Short Unicode words such as "ဘာသာစကား" read the same in both encodings and
    can score high; converting them changes nothing, so they are not Zawgyi."""
    if zawgyi_probability(text) < ZAWGYI_THRESHOLD:
        return False
    return convert_zawgyi(text) != text


def convert_zawgyi(text: str) -> str:
    """Zawgyi text converted to Unicode (call only on text detected as Zawgyi)."""
    from myanmar import converter

    unicode_text = str(converter.convert(text, "zawgyi", "unicode"))
    return unicode_text.replace("\u103a\u1037", "\u1037\u103a")


@dataclass(frozen=True)
class Normalised:
    text: str
    was_zawgyi: bool      # the GUI tells the person their text was converted


def normalise_burmese(text: str) -> Normalised:
    """Text with any Zawgyi converted to Unicode, and whether it was."""
    if looks_like_zawgyi(text):
        return Normalised(convert_zawgyi(text), True)
    return Normalised(text, False)


def to_unicode(text: str) -> str:
    """`text` with Zawgyi Burmese converted to Unicode; other text unchanged."""
    return normalise_burmese(text).text


def zawgyi_warning() -> str:
    """The message shown when typed Burmese was Zawgyi and has been converted."""
    from screening_app.i18n import _

    return _("This Burmese text was typed in Zawgyi. It has been changed to Unicode. "
             "Check that it reads correctly.")

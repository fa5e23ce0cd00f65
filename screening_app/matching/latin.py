"""Latin keys for names in any script: the words of a name in lower-case ASCII.

Which romanisation serves which script, and why:
- Latin (English, Vietnamese with its diacritics): ICU `Latin-ASCII`.
- Chinese: ICU `Han-Latin/Names` (pinyin, with the surname readings), tones
  removed; the syllables of one written word stay one word ("小明" -> "xiaoming"),
  as Chinese names are written in Latin letters.
- Khmer, Lao: ICU has no transform at all; our own rules (matching.khmer,
  matching.syllables).
- Thai: ICU's Thai-Latin is a letter transliteration (ISO 11940: "สมชาย ใจดี"
  -> "smchay cidi", people write "Somchai Jaidee"); our own syllable rules.
- Burmese: ICU's Myanmar-Latin is a letter transliteration ("အောင်ကျော်" ->
  "aaungkyaw", people write "Aung Kyaw"); our own rules (matching.burmese).
- Any other script: ICU `Any-Latin; Latin-ASCII`.
Without ICU (it is a dependency; this only keeps the matcher usable) Latin is
folded with unicodedata and Chinese is compared in its own script.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from screening_app.matching import burmese, khmer
from screening_app.matching.syllables import LAO, THAI, Romaniser

_THAI = Romaniser(THAI)
_LAO = Romaniser(LAO)


def _script(ch: str) -> str:
    cp = ord(ch)
    if 0x0E00 <= cp <= 0x0E7F:
        return "thai"
    if 0x0E80 <= cp <= 0x0EFF:
        return "lao"
    if 0x1780 <= cp <= 0x17FF or 0x19E0 <= cp <= 0x19FF:
        return "khmer"
    if 0x1000 <= cp <= 0x109F or 0xA9E0 <= cp <= 0xA9FF or 0xAA60 <= cp <= 0xAA7F:
        return "burmese"
    if 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x2FFFF:
        return "han"
    if ch.isspace():
        return "space"
    if ch.isascii() or unicodedata.name(ch, "").startswith("LATIN"):
        return "latin"
    if unicodedata.category(ch)[0] == "M":
        return "mark"
    return "other"


@lru_cache(maxsize=4)
def _icu(transform: str) -> Any:
    try:
        import icu
    except ImportError:    # pragma: no cover - icu is a dependency
        return None
    return icu.Transliterator.createInstance(transform)


def _ascii(text: str) -> str:
    icu_ascii = _icu("Any-Latin; Latin-ASCII")
    if icu_ascii is not None:
        text = icu_ascii.transliterate(text)
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii())


def _han(text: str) -> str:
    names = _icu("Han-Latin/Names; Latin-ASCII")
    if names is None:     # pragma: no cover
        return text
    return names.transliterate(text).replace(" ", "")


_RUNNERS = {
    "thai": _THAI.romanise, "lao": _LAO.romanise, "khmer": khmer.romanise,
    "burmese": burmese.romanise, "han": _han,
}


def _runs(text: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for ch in text:
        script = _script(ch)
        if script == "mark" and runs:
            script = runs[-1][0]            # a mark belongs to the letter before it
        if runs and runs[-1][0] == script:
            runs[-1] = (script, runs[-1][1] + ch)
        else:
            runs.append((script, ch))
    return runs


@lru_cache(maxsize=4096)
def latin_words(text: str) -> tuple[str, ...]:
    """The name `text` (any script, any mix) as lower-case ASCII words."""
    text = unicodedata.normalize("NFC", text or "")
    parts: list[str] = []
    for script, run in _runs(text):
        if script == "space":
            parts.append(" ")
        elif script in _RUNNERS:
            parts.append(_RUNNERS[script](run))
        else:
            parts.append(_ascii(run))
    joined = "".join(parts).lower()
    return tuple(w for w in re.split(r"[^a-z]+", joined) if w)


def is_latin(text: str) -> bool:
    return all(_script(c) in ("latin", "space", "mark") for c in text if c.isalpha())

"""How a Latin name word sounds, for comparing spellings from different
romanisation habits: French-style Lao and Khmer ("Souphanh", "Chhay"),
English-style Thai ("Somchai", "Jaidee"), Burmese passports ("Htet", "Hsu"),
Vietnamese without diacritics ("Nguyen").

`sound` keeps vowels (for similarity); `skeleton` keeps the first letter and the
consonants with voicing merged (for blocking: one typo in a vowel, a doubled
letter or a dropped "h" must not change it).
"""

from __future__ import annotations

import re
from functools import lru_cache

_STEPS: tuple[tuple[str, str], ...] = (
    (r"tch|chh|ch|j|zh|q", "C"),      # ch-like sounds, written many ways
    (r"ck", "k"),
    (r"c", "k"),                      # Vietnamese c = k
    (r"C", "c"),
    (r"ph", "p"), (r"th", "t"), (r"kh", "k"), (r"gh", "g"), (r"dh", "d"), (r"bh", "b"),
    (r"sh|hs|x|z", "s"),
    (r"gn", "ny"),
    (r"v", "w"),
    (r"^h(?=[lmnwyt])", ""),          # Burmese Hla, Hnin, Hmwe, Htet
    (r"(?<=[^aeiou])h", ""),          # nh, remaining aspiration marks
    (r"h$", ""),                      # Lao and Vietnamese final h: Chanh, Minh
    (r"ee|ie|ea(?=[^aeiou]|$)|y$", "i"),
    (r"ey$|ei$", "i"),
    (r"ou|oo|uo", "u"),
    (r"aw", "o"),                     # Burmese aw (Zaw, Kyaw) is Thai and Lao o
    (r"au|ow", "ao"),
    (r"oe$", "o"),
    (r"ay|ai", "ai"),
    (r"ae", "e"),                     # แ, ແ: Kaeo, Keo, Saeng, Seng
    (r"(?<=n)e$", ""),                # French-style final e: Khamphone, Deuane
    (r"(?<=[aeiou])r$", ""),          # Burmese long vowels: Thidar, Zeyar
    (r"(.)\1+", r"\1"),               # doubled letters
)
_COMPILED = tuple((re.compile(p), r) for p, r in _STEPS)
_VOICING = str.maketrans({"b": "p", "d": "t", "g": "k", "f": "p", "w": "", "y": "", "h": ""})


@lru_cache(maxsize=65536)
def sound(word: str) -> str:
    """A lower-case ASCII word in its phonetic spelling ("Phommachanh" -> "pomacan")."""
    text = word.lower()
    for pattern, replacement in _COMPILED:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=65536)
def skeleton(spoken: str, length: int = 4) -> str:
    """First letter (any vowel as 'a') and the next consonants of a `sound` form."""
    if not spoken:
        return ""
    head = "a" if spoken[0] in "aeiou" else spoken[0].translate(_VOICING) or spoken[0]
    rest = "".join(c for c in spoken[1:] if c not in "aeiou").translate(_VOICING)
    rest = re.sub(r"(.)\1+", r"\1", rest)
    return (head + rest)[:length]

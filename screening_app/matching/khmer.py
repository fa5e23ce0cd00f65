"""Khmer names in Latin letters, the way Cambodians spell them on documents.

ICU has no Khmer-Latin transform at all (Any-Latin leaves Khmer untouched), and
letter-by-letter tables (UNGEGN, anyascii) ignore the two consonant series, so
"សុភា" comes out "sopha" where people write "Sophea". These rules read a word
as syllables: base consonant (its series: a or o), subscripts, series shifters,
vowel (valued by series), final consonant. They aim at the conventional
spelling of names ("សុខ ចាន់ថា" -> "sok chantha"), which is what a Latin-only
record holds; the matcher's phonetic comparison absorbs the rest.
"""

from __future__ import annotations

# consonant -> (initial, final, series: 0 = a-series, 1 = o-series)
CONSONANTS: dict[str, tuple[str, str, int]] = {
    "ក": ("k", "k", 0), "ខ": ("kh", "k", 0), "គ": ("k", "k", 1), "ឃ": ("kh", "k", 1),
    "ង": ("ng", "ng", 1), "ច": ("ch", "ch", 0), "ឆ": ("chh", "ch", 0), "ជ": ("ch", "ch", 1),
    "ឈ": ("chh", "ch", 1), "ញ": ("nh", "nh", 1), "ដ": ("d", "t", 0), "ឋ": ("th", "t", 0),
    "ឌ": ("d", "t", 1), "ឍ": ("th", "t", 1), "ណ": ("n", "n", 0), "ត": ("t", "t", 0),
    "ថ": ("th", "t", 0), "ទ": ("t", "t", 1), "ធ": ("th", "t", 1), "ន": ("n", "n", 1),
    "ប": ("b", "b", 0), "ផ": ("ph", "p", 0), "ព": ("p", "p", 1), "ភ": ("ph", "p", 1),
    "ម": ("m", "m", 1), "យ": ("y", "y", 1), "រ": ("r", "", 1), "ល": ("l", "l", 1),
    "វ": ("v", "v", 1), "ឝ": ("s", "s", 0), "ឞ": ("s", "s", 0), "ស": ("s", "s", 0),
    "ហ": ("h", "h", 0), "ឡ": ("l", "l", 0), "អ": ("", "", 0),
}
INDEPENDENT = {
    "ឥ": "e", "ឦ": "ei", "ឧ": "o", "ឨ": "ou", "ឩ": "ou", "ឪ": "ov", "ឫ": "rue", "ឬ": "rue",
    "ឭ": "lue", "ឮ": "lue", "ឯ": "ae", "ឰ": "ai", "ឱ": "ao", "ឲ": "ao", "ឳ": "au",
}
# vowel signs (as stored, in Unicode order) -> (a-series, o-series)
VOWELS: dict[str, tuple[str, str]] = {
    "ា": ("a", "ea"), "ិ": ("e", "i"), "ី": ("ei", "i"), "ឹ": ("oe", "i"), "ឺ": ("eu", "eu"),
    "ុ": ("o", "u"), "ូ": ("ou", "ou"), "ួ": ("uo", "uo"), "ើ": ("aeu", "eu"),
    "ឿ": ("oea", "oea"), "ៀ": ("ie", "ie"), "េ": ("e", "e"), "ែ": ("ae", "ea"),
    "ៃ": ("ai", "ey"), "ោ": ("ao", "o"), "ៅ": ("au", "ov"), "ុំ": ("om", "um"),
    "ំ": ("am", "um"), "ាំ": ("am", "oam"), "ះ": ("ah", "eah"), "ុះ": ("oh", "uh"),
    "េះ": ("eh", "ih"), "ោះ": ("aoh", "uoh"), "ៈ": ("a", "ea"), "ិះ": ("eh", "ih"),
}
INHERENT = ("a", "o")
COENG = "\u17d2"
TO_A, TO_O = "\u17c9", "\u17ca"           # muusikatoan, triisap: change the series
BANTOC = "\u17cb"                          # shortens the vowel
SILENT = "\u17cd"                          # toandakhiat: the letter is not read
IGNORED = set("\u17c6\u17cc\u17ce\u17cf\u17d0\u17d1\u17dd\u200b\u200c\u200d")
VOWEL_SIGNS = set("".join(VOWELS)) | {"\u17c6"}


class _Syllable:
    def __init__(self, base: str) -> None:
        self.base = base
        self.subs: list[str] = []
        self.vowel = ""
        self.series: int | None = None
        self.short = False
        self.silent = False


def _parse(word: str) -> list[_Syllable]:
    out: list[_Syllable] = []
    i = 0
    while i < len(word):
        ch = word[i]
        if ch in CONSONANTS or ch in INDEPENDENT:
            out.append(_Syllable(ch))
        elif ch == COENG and i + 1 < len(word) and out:
            out[-1].subs.append(word[i + 1])
            i += 1
        elif out and ch in VOWEL_SIGNS:
            out[-1].vowel += ch
        elif out and ch == TO_A:
            out[-1].series = 0
        elif out and ch == TO_O:
            out[-1].series = 1
        elif out and ch == BANTOC:
            out[-1].short = True
        elif out and ch == SILENT:
            out[-1].silent = True
        i += 1
    return out


def _series(s: _Syllable) -> int:
    if s.series is not None:
        return s.series
    return CONSONANTS[s.base][2] if s.base in CONSONANTS else 0


def _onset(s: _Syllable) -> str:
    text = CONSONANTS[s.base][0] if s.base in CONSONANTS else INDEPENDENT[s.base]
    return text + "".join(CONSONANTS.get(c, ("", "", 0))[0] for c in s.subs)


def _vowel(s: _Syllable) -> str:
    series = _series(s)
    if s.base in INDEPENDENT:
        return ""
    if not s.vowel:
        return INHERENT[series]
    if s.short and s.vowel == "ា":
        return "a" if series == 0 else "oa"
    pair = VOWELS.get(s.vowel)
    if pair is None:   # an unusual combination: value each sign alone
        return "".join(VOWELS.get(v, ("", ""))[series] for v in s.vowel)
    return pair[series]


def romanise_word(word: str) -> str:
    syllables = [s for s in _parse(word) if not s.silent]
    out: list[str] = []
    closed = True    # the previous syllable has its final consonant
    i = 0
    while i < len(syllables):
        s = syllables[i]
        onset = _onset(s)
        if s.subs and not closed and s.base in CONSONANTS:
            # a consonant with a subscript after an open syllable: the base closes
            # that syllable, the subscript starts this one (បុប្ផា -> bop-pha)
            out.append(CONSONANTS[s.base][1])
            onset = "".join(CONSONANTS.get(c, ("", "", 0))[0] for c in s.subs)
        out.append(onset + _vowel(s))
        closed = False
        i += 1
        if i < len(syllables):
            # the next vowel-less consonant closes this syllable when it ends the
            # word, carries a bantoc, or comes before a syllable with its own vowel
            nxt = syllables[i]
            after = syllables[i + 1] if i + 1 < len(syllables) else None
            if not nxt.vowel and nxt.base in CONSONANTS and not nxt.subs and (
                    after is None or nxt.short or bool(after.vowel)
                    or after.base in INDEPENDENT):
                out.append(CONSONANTS[nxt.base][1])
                closed = True
                i += 1
    return "".join(out)


def romanise(text: str) -> str:
    return " ".join(romanise_word(w) for w in text.split())

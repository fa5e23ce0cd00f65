"""Burmese names in Latin letters, the way they are spelt on passports.

ICU's Burmese-Latin is a letter transliteration ("အောင်ကျော်" -> "aaungkyaw",
"သီတာ" -> "setar") far from the conventional spelling "Aung Kyaw", "Thida".
Burmese names are syllables with a small set of rhymes, so this reads each
syllable (initial, medials, vowel signs, final with asat) and spells the
rhyme the conventional way (ောင် -> aung, ိုင် -> aing, ိန် -> ein, ...).
"""

from __future__ import annotations

INITIALS = {
    "က": "k", "ခ": "kh", "ဂ": "g", "ဃ": "g", "င": "ng", "စ": "s", "ဆ": "hs", "ဇ": "z",
    "ဈ": "z", "ည": "ny", "ဉ": "ny", "ဋ": "t", "ဌ": "ht", "ဍ": "d", "ဎ": "d", "ဏ": "n",
    "တ": "t", "ထ": "ht", "ဒ": "d", "ဓ": "d", "န": "n", "ပ": "p", "ဖ": "ph", "ဗ": "b",
    "ဘ": "b", "မ": "m", "ယ": "y", "ရ": "y", "လ": "l", "ဝ": "w", "သ": "th", "ဟ": "h",
    "ဠ": "l", "အ": "",
}
INDEPENDENT = {"ဣ": "i", "ဤ": "i", "ဥ": "u", "ဦ": "u", "ဧ": "ay", "ဩ": "aw", "ဪ": "aw"}
FINAL_CLASS = {
    "က": "k", "ဂ": "k", "င": "ng", "စ": "t", "ည": "i", "ဉ": "in", "ဋ": "t", "ဏ": "n",
    "တ": "t", "ဒ": "t", "န": "n", "ပ": "t", "ဗ": "t", "မ": "n", "ယ": "e", "လ": "n", "သ": "t",
}
# (vowel signs in storage order, final class) -> rhyme
RHYMES = {
    ("", ""): "a", ("ါ", ""): "a", ("ာ", ""): "a", ("ိ", ""): "i", ("ီ", ""): "i",
    ("ု", ""): "u", ("ူ", ""): "u", ("ေ", ""): "ay", ("ဲ", ""): "e", ("ေါ", ""): "aw",
    ("ော", ""): "aw", ("ို", ""): "o", ("ံ", ""): "an", ("ုံ", ""): "on", ("ိံ", ""): "ein",
    ("", "k"): "et", ("", "ng"): "in", ("", "t"): "at", ("", "n"): "an", ("", "i"): "i",
    ("", "in"): "in", ("", "e"): "e",
    ("ိ", "t"): "eik", ("ိ", "n"): "ein", ("ု", "t"): "ok", ("ု", "n"): "on",
    ("ေါ", "k"): "auk", ("ော", "k"): "auk", ("ေါ", "ng"): "aung", ("ော", "ng"): "aung",
    ("ို", "k"): "aik", ("ို", "ng"): "aing",
}
MEDIALS = {"ျ": "y", "ြ": "y", "ွ": "w", "ှ": "h"}
VOWEL_SIGNS = set("ါာိီုူေဲံ")
ASAT, VIRAMA = "\u103a", "\u1039"
CREAKY = "\u1037"
SKIPPED = set("\u1038\u200b\u200c\u200d")     # tone mark (creaky tone is read: Myint)
HONORIFICS = ("ဦး", "ဒေါ်", "ကို", "ဒေါက်တာ", "နော်")   # U, Daw, Ko, Dr, Naw: titles, not names
HONORIFICS_BARE = {"".join(c for c in h if c not in "\u1038") for h in HONORIFICS}


def _syllables(word: str) -> list[tuple[str, str, str, str]]:
    """(initial, medials, vowel signs, final) for each syllable of `word`."""
    out: list[list[str]] = []
    i = 0
    while i < len(word):
        ch = word[i]
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if ch in INITIALS and nxt == ASAT and out:            # a final consonant
            out[-1][3] = ch
            i += 2
            continue
        if ch in INITIALS and nxt == VIRAMA and out:          # stacked: final + next initial
            out[-1][3] = ch
            i += 2
            continue
        if ch in INITIALS or ch in INDEPENDENT:
            out.append([ch, "", "", ""])
        elif out and ch in MEDIALS:
            out[-1][1] += ch
        elif out and ch in VOWEL_SIGNS:
            out[-1][2] += ch
        elif ch == CREAKY and out and out[-1][3] in ("င", "န", "မ"):
            out[-1][3] += CREAKY                              # မြင့် -> Myint, သန့် -> Thant
        i += 1
    return [(a, b, c, d) for a, b, c, d in out]


def _spell(initial: str, medials: str, vowels: str, final: str) -> str:
    if initial in INDEPENDENT:
        return INDEPENDENT[initial] + {"": "", "ng": "ng", "n": "n", "k": "k", "t": "t"}.get(
            FINAL_CLASS.get(final, ""), "")
    onset = INITIALS[initial]
    if "ှ" in medials:
        onset = ("sh" if initial == "ရ" or (initial == "လ" and "ျ" in medials)
                 else "h" + onset)
    if "ျ" in medials or "ြ" in medials:
        onset = {"kh": "ch", "ng": "ny"}.get(onset, onset + "y")
    creaky = final.endswith(CREAKY)
    final_class = FINAL_CLASS.get(final.rstrip(CREAKY), "")
    if "ွ" in medials:
        if not vowels and final_class in ("n", "t"):
            return onset + "u" + final_class             # ွန် -> un, ွတ် -> ut
        onset += "w"
    rhyme = RHYMES.get((vowels, final_class))
    if rhyme is None:
        rhyme = RHYMES.get((vowels, ""), "a") + ("" if final_class in ("", "i", "e")
                                                  else final_class)
    return onset + rhyme + ("t" if creaky and rhyme.endswith("n") else "")


def romanise(text: str) -> str:
    words = []
    for word in text.split():
        word = "".join(c for c in word if c not in SKIPPED)
        word = word.replace(CREAKY + ASAT, ASAT + CREAKY)
        if word in HONORIFICS_BARE:
            continue
        words.append("".join(_spell(*s) for s in _syllables(word)))
    return " ".join(w for w in words if w)

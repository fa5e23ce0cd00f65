"""Romanisation of Thai and Lao names by syllables: leading vowels, onset
clusters, vowel patterns, final consonants and implicit vowels.

Both scripts write some vowels before the consonant they follow in speech
(เ แ โ ใ ไ / ເ ແ ໂ ໃ ໄ), so a letter-by-letter table (ICU's Thai-Latin, anyascii)
gives "smchay cidi" for สมชาย ใจดี where people write "Somchai Jaidee". A
`Script` holds the tables of one script; `romanise` reads syllable after
syllable with them (no dictionary: names are short, and the matcher's phonetic
comparison absorbs what a rule gets wrong).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Script:
    consonants: dict[str, tuple[str, str]]     # letter -> (as onset, as final)
    patterns: tuple[tuple[str, str], ...]      # vowel pattern with C for the onset -> Latin
    cluster_first: str                         # letters that take a second in an onset
    clusters: frozenset[str]                   # second letters of onset clusters
    silent_lead: str                           # regex: ห/ຫ before a sonorant, อ/ອ before ย/ຍ
    drop: str                                  # tone marks and other signs not read
    replace: tuple[tuple[str, str], ...] = ()  # whole-string rewrites done first
    silent: str = ""                           # regex of letters not read
    not_before: str = ""                       # regex: no vowel pattern ends before it
    implicit_open: str = "a"
    implicit_closed: str = "o"

    def compiled(self) -> list[tuple[re.Pattern[str], str]]:
        cons = "".join(self.consonants)
        signs = "".join(sorted({c for p, _ in self.patterns for c in p if c != "C"
                                and c not in self.consonants}))
        lead = f"(?:{self.silent_lead})?"
        second = f"[{''.join(self.clusters)}](?=[{signs}])"
        cluster = f"{lead}(?:[{self.cluster_first}]{second}|[{cons}])"
        out = []
        for pattern, latin in self.patterns:
            body = "".join(f"({cluster})" if c == "C" else re.escape(c) for c in pattern)
            out.append((re.compile(body), latin))
        return out


class Romaniser:
    def __init__(self, script: Script) -> None:
        self.script = script
        self.patterns = script.compiled()
        self.signs = {c for p, _ in script.patterns for c in p if c != "C"}
        self.leading = {p[0] for p, _ in script.patterns if p[0] != "C"}

    def _onset(self, cluster: str) -> str:
        s = self.script
        if len(cluster) > 1 and re.match(s.silent_lead, cluster):
            cluster = cluster[1:]
        return "".join(s.consonants[c][0] for c in cluster if c in s.consonants)

    def _match(self, word: str, i: int) -> tuple[int, str] | None:
        for regex, latin in self.patterns:
            m = regex.match(word, i)
            blocked = bool(m and self.script.not_before
                           and re.match(self.script.not_before, word[m.end():]))
            if m and not blocked:
                return m.end(), self._onset(m.group(1)) + latin
        return None

    def _is_onset(self, word: str, i: int) -> bool:
        """Whether the consonant at i starts a syllable (a vowel pattern follows)."""
        if i >= len(word):
            return False
        found = self._match(word, i)
        return found is not None and found[0] > i + 1

    def romanise_word(self, word: str) -> str:
        s = self.script
        for old, new in s.replace:
            word = word.replace(old, new)
        if s.silent:   # letters marked as not read (Thai karan: ศักดิ์ -> sak)
            word = re.sub(s.silent, "", word)
        word = "".join(c for c in word if c not in s.drop)
        out: list[str] = []
        i = 0
        while i < len(word):
            found = self._match(word, i)
            if found is not None and found[0] > i + 1:
                end, latin = found
                out.append(latin)
                i = end
                # a consonant after a vowel that does not start a syllable closes
                # it, unless two bare consonants end the word (โกศล -> ko-son)
                run = self._bare_run(word, i)
                if run - i >= 1 and not (run - i == 2 and run == len(word)):
                    out.append(s.consonants[word[i]][1])
                    i += 1
            elif word[i] in s.consonants:
                run = self._bare_run(word, i)
                out.append(self._bare(word[i:run], at_end=run >= len(word)))
                i = max(run, i + 1)
            else:
                i += 1        # a stray sign
        return "".join(out)

    def _bare_run(self, word: str, i: int) -> int:
        """The end of the consonants from i on that carry no vowel."""
        while i < len(word) and word[i] in self.script.consonants \
                and not self._is_onset(word, i):
            i += 1
        return i

    def _bare(self, letters: str, at_end: bool) -> str:
        """Consonants written without a vowel: implicit vowels, closed in pairs
        (สม -> som, สมพร -> somphon), open before a syllable (ชนิดา -> cha-ni-da)."""
        s = self.script
        if len(letters) == 1:
            return s.consonants[letters][0] + (s.implicit_closed if at_end
                                               else s.implicit_open)
        out = []
        odd = len(letters) % 2 == 1
        if odd and at_end:          # ชนก -> cha-nok
            out.append(s.consonants[letters[0]][0] + s.implicit_open)
            letters = letters[1:]
        for k in range(0, len(letters) - 1, 2):
            a, b = letters[k], letters[k + 1]
            out.append(s.consonants[a][0] + s.implicit_closed + s.consonants[b][1])
        if odd and not at_end:      # พรสวรรค์ -> phon-sa-wan
            out.append(s.consonants[letters[-1]][0] + s.implicit_open)
        return "".join(out)

    def romanise(self, text: str) -> str:
        return " ".join(self.romanise_word(w) for w in text.split())


def _table(spec: str) -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for item in spec.split():
        letter, values = item.split("=")
        onset, _sep, final = values.partition("/")
        table[letter] = (onset.replace("-", ""), final.replace("-", ""))
    return table


def _patterns(spec: str) -> tuple[tuple[str, str], ...]:
    return tuple((p, latin) for p, latin in (item.split("=") for item in spec.split()))


THAI = Script(
    consonants=_table(
        "ก=k/k ข=kh/k ฃ=kh/k ค=kh/k ฅ=kh/k ฆ=kh/k ง=ng/ng จ=ch/t ฉ=ch/t ช=ch/t ซ=s/t "
        "ฌ=ch/t ญ=y/n ฎ=d/t ฏ=t/t ฐ=th/t ฑ=th/t ฒ=th/t ณ=n/n ด=d/t ต=t/t ถ=th/t ท=th/t "
        "ธ=th/t น=n/n บ=b/p ป=p/p ผ=ph/p ฝ=f/p พ=ph/p ฟ=f/p ภ=ph/p ม=m/m ย=y/i ร=r/n "
        "ล=l/n ว=w/o ศ=s/t ษ=s/t ส=s/t ห=h/- ฬ=l/n อ=-/- ฮ=h/-"),
    # longest first: the first pattern that matches wins
    patterns=_patterns(
        "เCียว=iao เCือย=ueai แCว=aeo เCว=eo เCย=oei เCือะ=uea เCือ=uea เCียะ=ia "
        "เCีย=ia เCอะ=oe เCิ=oe เCอ=oe เCาะ=o เCา=ao เCะ=e เC็=e เC=e แCะ=ae แCิ=ae แC=ae "
        "โCะ=o โC=o ไCย=ai ไC=ai ใC=ai Cัวะ=ua Cัว=ua Cวย=uai Cอย=oi Cาย=ai Cาว=ao "
        "Cุย=ui Cิว=io Cัย=ai Cำ=am Cะ=a Cั=a Cา=a Cิ=i Cี=i Cึ=ue Cื=ue Cุ=u Cู=u "
        "Cรร=an Cอ=o Cว=ua"),
    cluster_first="กขคตปผพบดฟทศสจ",
    not_before="รร",                           # สวรรค์: sa-wan, not sua-rro
    clusters=frozenset("รลว"),
    silent_lead="ห(?=[งญนมยรลว])|อ(?=ย)",
    silent="[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c",
    drop="\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4d\u0e4e\u0e2f\u0e46",
)

LAO = Script(
    consonants=_table(
        "ກ=k/k ຂ=kh/k ຄ=kh/k ງ=ng/ng ຈ=ch/t ສ=s/t ຊ=s/t ຍ=y/y ດ=d/t ຕ=t/t ຖ=th/t ທ=th/t "
        "ນ=n/n ບ=b/p ປ=p/p ຜ=ph/p ຝ=f/p ພ=ph/p ຟ=f/p ມ=m/m ຢ=y/y ຣ=r/n ລ=l/n ວ=v/o ຫ=h/- "
        "ອ=-/- ຮ=h/-"),
    patterns=_patterns(
        "ເCືອ=eua ເCຶອ=eua ເCຍ=ia ເCົາ=ao ເCາະ=o ເCີ=eu ເCິ=eu ເCະ=e ເCັ=e ເC=e "
        "ແCະ=ae ແCັ=ae ແC=ae ໂCະ=o ໂC=o ໄC=ai ໃC=ai Cົວະ=oua Cົວ=oua Cັວ=oua Cຽ=ia "
        "Cໍ=o Cຳ=am Cະ=a Cັ=a Cາ=a Cິ=i Cີ=i Cຶ=eu Cື=eu Cຸ=ou Cູ=ou Cົ=o Cອ=o Cວ=oua"),
    cluster_first="ກຂຄປຜພບຕທສ",
    clusters=frozenset("ລຣວ"),
    silent_lead="ຫ(?=[ງຍນມລວຣ])|ອ(?=ຍ)",
    drop="\u0ec8\u0ec9\u0eca\u0ecb\u0ecc\u0ec6",
    replace=(("ໜ", "ຫນ"), ("ໝ", "ຫມ"), ("\u0ebc", "ລ"), ("ໍາ", "ຳ"), ("\u0ecdາ", "ຳ")),
)

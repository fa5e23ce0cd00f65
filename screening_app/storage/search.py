"""Folding and query building for case search.

Names are indexed with FTS5's trigram tokenizer: Thai, Khmer, Lao, Burmese and
Chinese have no spaces between words, so substring search is the only search
that works for all of them. Folding makes "Nguyễn", "nguyen" and "NGUYEN" equal.
Trigrams need three characters; shorter terms (two-character Chinese given
names, "Le") are looked up in a second FTS5 index whose tokens are every one-
and two-character substring of the folded words.
"""

from __future__ import annotations

import unicodedata

# Only the Latin combining diacritics (U+0300–U+036F) are removed: Thai, Khmer,
# Lao and Burmese vowel signs are combining marks too and carry meaning.
_LATIN_MARKS = range(0x0300, 0x0370)
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss"})
MIN_TRIGRAM = 3


def fold(text: str) -> str:
    """Case- and Vietnamese-diacritic-insensitive form of `text`, other scripts intact."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    kept = "".join(c for c in decomposed if ord(c) not in _LATIN_MARKS)
    folded = unicodedata.normalize("NFC", kept).casefold().translate(_EXTRA)
    return " ".join(folded.split())


def search_text(*parts: str | None) -> str:
    """What the index holds for a case: folded names and reference, space separated."""
    return fold(" ".join(p for p in parts if p))


def _has_letters(term: str) -> bool:
    return any(unicodedata.category(c)[0] in "LNM" for c in term)


def terms(query: str) -> list[str]:
    """The folded words of a query. A word shorter than a trigram made only of
    punctuation ("'", "-") finds nothing useful and is left out."""
    return [t for t in fold(query).split(" ")
            if t and (len(t) >= MIN_TRIGRAM or _has_letters(t))]


def fts_phrase(term: str) -> str:
    """An FTS5 string literal: the term is matched as a substring, never as syntax."""
    return '"' + term.replace('"', '""') + '"'


# Bumped when fold() or grams() change: the index is rebuilt at the next unlock.
INDEX_VERSION = "3"


def grams(text: str) -> str:
    """Every one- and two-character substring of each word of `text`, space
    separated: the tokens of the short-term index (FTS5 unicode61 keeps marks)."""
    found: set[str] = set()
    for word in text.split():
        for i in range(len(word)):
            found.add(word[i])
            if i + 1 < len(word):
                found.add(word[i:i + 2])
    return " ".join(sorted(found))

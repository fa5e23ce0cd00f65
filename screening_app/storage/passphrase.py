"""How hard a passphrase is to guess, and the refusal of weak ones.

A stolen vault file is attacked offline: Argon2id makes each guess cost about
half a second of one core (docs/threat-model.md), so what matters is how many
guesses a passphrase needs. `zxcvbn` (Dropbox's estimator) counts them against
common passwords, names, keyboard patterns, sequences, repeats and dates. It
has no dictionary of Khmer, Lao, Thai, Burmese or Chinese and counts each of
their characters as one of ten possibilities, which overrates one long word
and says nothing of words repeated. So for text in those scripts the words are
found with ICU's dictionary-based word breaker (the one the PDFs use) and each
distinct word counts as one pick from a list of about 30,000: four words of
any script then score like four uncommon English words, one word or one word
repeated scores low, as in English. We ask for at least 10^10 guesses
(zxcvbn's score 4): with the vault file and a room of graphics cards that is
still years of guessing.

Qt-free: the GUI calls `assess()` on every key press for live feedback.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from icu4py.breakers import WordBreaker
from zxcvbn import zxcvbn

from screening_app.errors import Refused
from screening_app.i18n import N_, _

MIN_LENGTH = 8
STRONG_GUESSES_LOG10 = 10.0
_MAX_ESTIMATED = 72          # zxcvbn refuses longer input; the first 72 characters bound it
WORD_GUESSES_LOG10 = math.log10(30_000)   # one word of a script zxcvbn has no dictionary for

# What made a passphrase easy to guess, worst first; shown translated.
PROBLEMS: dict[str, str] = {
    "short": N_("It needs at least {n} characters."),
    "common": N_("It is one of the most common passwords."),
    "personal": N_("It contains the user's name or the agency's name."),
    "word": N_("A single word or name, even with a few digits or symbols added, is guessed "
               "quickly."),
    "repeat": N_("Repeated characters or words add almost nothing."),
    "sequence": N_("Sequences such as 1234 or abcd are tried first."),
    "keyboard": N_("Keyboard patterns such as qwerty are tried first."),
    "date": N_("Dates and years are tried first."),
    "few-words": N_("It needs more words."),
}


@dataclass(frozen=True)
class Strength:
    """The estimate for one passphrase; `problems` are keys of PROBLEMS."""

    score: int                       # 0 (guessed at once) … 4 (strong), zxcvbn's scale
    guesses_log10: float
    problems: tuple[str, ...] = field(default=())

    @property
    def acceptable(self) -> bool:
        return self.guesses_log10 >= STRONG_GUESSES_LOG10 and "short" not in self.problems

    def verdict(self) -> str:
        """A short word for a strength meter, translated."""
        if self.acceptable:
            return _("Strong")
        return (_("Very weak"), _("Weak"), _("Weak"), _("Fair"), _("Fair"))[self.score]

    def advice(self) -> str:
        """What is wrong and what would be stronger (translated, no passphrase in it)."""
        if self.acceptable:
            return _("Good: this passphrase would take an attacker with a copy of the vault "
                     "file years to guess.")
        reasons = " ".join(_(PROBLEMS[p]).format(n=MIN_LENGTH) for p in self.problems)
        return (reasons + " " if reasons else "") + _(
            "Use four or more words that do not belong together, in any language or "
            "script, and that have nothing to do with you; a longer phrase is stronger "
            "than symbols.")

    def refusal(self) -> str:
        return _("This passphrase is too easy to guess; nothing was changed.") + " " + \
            self.advice()


def _problems(passphrase: str, result: dict[str, object], related: list[str]) -> list[str]:
    found: list[str] = []
    if len(passphrase) < MIN_LENGTH:
        found.append("short")
    folded = passphrase.casefold()
    if any(len(r) >= 3 and r.casefold() in folded for r in related):
        found.append("personal")
    for match in result.get("sequence") or []:   # type: ignore[attr-defined]
        pattern = match.get("pattern")
        if pattern == "dictionary":
            name = match.get("dictionary_name")
            if name == "user_inputs":
                found.append("personal")
            elif name == "passwords" and int(match.get("rank", 10**6)) <= 10_000:
                found.append("common")
            else:
                found.append("word")
        elif pattern == "repeat":
            found.append("repeat")
        elif pattern == "sequence":
            found.append("sequence")
        elif pattern == "spatial":
            found.append("keyboard")
        elif pattern in ("date", "regex"):
            found.append("date")
    if not found:
        found.append("few-words")
    ordered = [p for p in PROBLEMS if p in found]
    return ordered[:2]                          # two reasons are read; five are not


def _other_script(word: str) -> bool:
    """Letters outside the Latin (and Greek, Cyrillic) alphabets zxcvbn knows words of."""
    return any(unicodedata.category(c).startswith("L") and not unicodedata.name(
        c, "").startswith(("LATIN", "GREEK", "CYRILLIC")) for c in word)


def _words_estimate(passphrase: str, inputs: list[str]) -> tuple[float, bool] | None:
    """(log10 guesses counted word by word, a word repeated) for text with words in
    other scripts; None for text zxcvbn can judge alone."""
    if not _other_script(passphrase):
        return None
    try:
        pieces = [w for w in WordBreaker(passphrase, "und") if w.strip()]
    except Exception:  # icu4py raises its own errors on odd input: fall back to spaces
        pieces = passphrase.split()
    words = [w for w in pieces if any(unicodedata.category(c)[0] in "LN" for c in w)]
    distinct = list(dict.fromkeys(w.casefold() for w in words))
    total = 0.0
    for word in distinct:
        if _other_script(word):
            total += WORD_GUESSES_LOG10
        else:
            total += float(zxcvbn(word[:_MAX_ESTIMATED], user_inputs=inputs)["guesses_log10"])
    return total, len(distinct) < len(words)


def _score(guesses_log10: float) -> int:
    """zxcvbn's 0-4 scale for a number of guesses."""
    return sum(guesses_log10 >= limit for limit in (3, 6, 8, 10))


def assess(passphrase: str, related: Iterable[str] = ()) -> Strength:
    """How many guesses `passphrase` needs; `related` are words an attacker would try
    first (user name, agency name, country)."""
    related_words = [r for r in related if r]
    inputs: list[str] = []
    for text in related_words:
        inputs += [text, *text.split()]
    estimate = zxcvbn(passphrase[:_MAX_ESTIMATED], user_inputs=inputs)
    guesses = float(estimate["guesses_log10"])
    by_words = _words_estimate(passphrase, inputs)
    repeated = False
    if by_words is not None and by_words[0] < guesses:
        guesses, repeated = by_words
    strength = Strength(_score(guesses), guesses)
    if strength.acceptable and len(passphrase) >= MIN_LENGTH:
        return strength
    problems = _problems(passphrase, estimate, related_words)
    if repeated and "repeat" not in problems:
        problems = ["repeat", *problems][:2]
    return Strength(strength.score, guesses, tuple(problems))


def check_passphrase(passphrase: str, related: Iterable[str] = ()) -> None:
    """Refused (one translated line saying what would be stronger) unless strong."""
    strength = assess(passphrase, related)
    if not strength.acceptable:
        raise Refused(strength.refusal())

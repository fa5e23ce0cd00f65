"""Is this the same person? Name keys, blocking keys, and one score with reasons.

A `Profile` is what the matcher keeps of a person: the name's variants as
sound words (native script romanised, and the Latin name as written), birth
date or estimated age (with the day it was estimated), gender, nationality.
`compare` returns a `Match`: a score from 0 to 1 and the reasons that made it,
as data (matching.reasons words them in the reader's language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import JaroWinkler
from rapidfuzz.fuzz import ratio

from screening_app.domain import Gender, Person
from screening_app.matching.latin import latin_words
from screening_app.matching.sound import skeleton, sound

DEFAULT_THRESHOLD = 0.85     # measured on tests/matching/data/pairs.yaml (docs/benchmarks.md)
AGE_WINDOW = 2               # estimated ages this far apart still agree


@dataclass(frozen=True)
class Profile:
    variants: tuple[tuple[str, ...], ...]        # each a name as sound words
    native: str = ""                             # the name as written (folded), for "same"
    birth_date: date | None = None
    age: int | None = None
    age_on: date | None = None                   # the day `age` was estimated
    gender: str = Gender.NOT_SPECIFIED.value     # an HTCDS 2.0 value
    nationality: str | None = None               # the first citizenship

    def age_at(self, day: date) -> int | None:
        if self.birth_date is not None:
            b = self.birth_date
            return day.year - b.year - ((day.month, day.day) < (b.month, b.day))
        if self.age is None:
            return None
        if self.age_on is None:
            return self.age
        return self.age + max(0, day.year - self.age_on.year
                              - ((day.month, day.day) < (self.age_on.month, self.age_on.day)))

    def to_dict(self) -> dict[str, Any]:
        return {"variants": [list(v) for v in self.variants], "native": self.native,
                "birth_date": None if self.birth_date is None else self.birth_date.isoformat(),
                "age": self.age,
                "age_on": None if self.age_on is None else self.age_on.isoformat(),
                "gender": self.gender, "nationality": self.nationality}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Profile:
        return cls(variants=tuple(tuple(v) for v in d.get("variants") or ()),
                   native=d.get("native") or "",
                   birth_date=date.fromisoformat(d["birth_date"]) if d.get("birth_date")
                   else None,
                   age=d.get("age"),
                   age_on=date.fromisoformat(d["age_on"]) if d.get("age_on") else None,
                   gender=_gender(d.get("gender")),
                   nationality=d.get("nationality"))


# Only these two are compared: a transgender or non-conforming person may be
# recorded as either elsewhere, and "not stated" says nothing.
KNOWN_GENDERS = (Gender.MASCULINE.value, Gender.FEMININE.value)


def _gender(value: Any) -> str:
    """An HTCDS 2.0 gender value; an index entry written before 2.0 ("Female") is
    read as its 2.0 value."""
    try:
        return Gender(value).value if value else Gender.NOT_SPECIFIED.value
    except ValueError:
        return Gender.NOT_SPECIFIED.value


def _words(text: str) -> tuple[str, ...]:
    return tuple(s for s in (sound(w) for w in latin_words(text)) if s)


def profile_of(person: Person, recorded_on: date | None = None) -> Profile:
    """The matcher's view of a person; `recorded_on` is the day an estimated age
    was given (the case's creation)."""
    variants: list[tuple[str, ...]] = []
    native = _words(person.family_name) + _words(person.given_name)
    if native:
        variants.append(native)
    latin = _words(person.latin_name)
    if latin and latin not in variants:
        variants.append(latin)
    written = " ".join(p for p in (person.family_name, person.given_name) if p) \
        or person.latin_name
    return Profile(variants=tuple(variants), native=" ".join(written.casefold().split()),
                   birth_date=person.birth_date, age=person.estimated_age,
                   age_on=recorded_on, gender=person.gender.value,
                   nationality=person.first_citizenship())


# --- blocking -----------------------------------------------------------------
def blocking_keys(profile: Profile) -> set[str]:
    """Index keys: a same-person candidate shares at least one with high
    probability. Word skeletons (w:), pairs of them (p:, order-free) and the
    skeleton of the whole name run together (j:, for names split differently:
    "Aungkyaw" / "Aung Kyaw")."""
    keys: set[str] = set()
    for variant in profile.variants:
        skeletons = sorted({skeleton(w) for w in variant if len(w) >= 2})
        keys.update(f"w:{s}" for s in skeletons)
        for i, a in enumerate(skeletons):
            keys.update(f"p:{a}|{b}" for b in skeletons[i + 1:])
        keys.add(f"j:{skeleton(''.join(variant), 6)}")
        keys.add(f"j:{skeleton(''.join(sorted(variant)), 6)}")
    return {k for k in keys if len(k) > 2}


# --- scoring --------------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    code: str          # name_same | name_sound | birth_same | ages | ages_apart
    #                    | nationality_same | nationality_differs | gender_same | gender_differs
    values: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Match:
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    name: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 3), "name": round(self.name, 3),
                "reasons": [{"code": r.code, "values": [str(v) for v in r.values]}
                            for r in self.reasons]}


def _word(a: str, b: str) -> float:
    # Jaro-Winkler forgives a typo in a long word; the Indel ratio keeps short
    # different words apart ("min" / "man"). Their mean serves both.
    return (float(JaroWinkler.similarity(a, b)) + ratio(a, b) / 100) / 2


def _aligned(short: tuple[str, ...], long: tuple[str, ...]) -> list[float]:
    """Each word of `short` paired with a different word of `long`, best pairs first."""
    pairs = sorted(((_word(w, u), i, j) for i, w in enumerate(short)
                    for j, u in enumerate(long)), reverse=True)
    used_i: set[int] = set()
    used_j: set[int] = set()
    best: list[float] = []
    for value, i, j in pairs:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            best.append(value)
    return best


def _merged(words: tuple[str, ...], n: int) -> list[tuple[str, ...]]:
    """`words` with neighbours run together until n remain: "Wang Xiao Ming" as
    ("wangxiao", "ming") and ("wang", "xiaoming")."""
    if len(words) <= n:
        return [words]
    out: list[tuple[str, ...]] = []
    for i in range(len(words) - 1):
        joined = (*words[:i], words[i] + words[i + 1], *words[i + 2:])
        out.extend(m for m in _merged(joined, n) if m not in out)
    return out


def _aligned_score(short: tuple[str, ...], long: tuple[str, ...]) -> float:
    best = _aligned(short, long)
    return 0.2 * sum(best) / len(best) + 0.8 * min(best)


def name_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Symmetric and remembered: common names meet again and again."""
    return _name_similarity(a, b) if a <= b else _name_similarity(b, a)


@lru_cache(maxsize=100_000)
def _name_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """0..1 for two names as sound words, whatever their order. Every word of the
    shorter name must find its own close word in the longer one: siblings share
    the family name but not the given name, so the weakest pair weighs most. A
    name split differently ("Aungkyaw" / "Aung Kyaw") is also compared with its
    neighbouring words run together."""
    if not a or not b:
        return 0.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(long) > 6:
        long = (*long[:5], "".join(long[5:]))
    aligned = _aligned_score(short, long) * (0.9 + 0.1 * len(short) / len(long))
    if len(short) == len(long):
        return aligned
    merged = max(_aligned_score(short, m) for m in _merged(long, len(short)))
    return max(aligned, merged * 0.97)


def _agreement(reasons: list[Reason], what: str, x: str, y: str, bonus: float,
               penalty: float) -> float:
    """A fact both records give: the same adds a little, different takes much."""
    if x == y:
        reasons.append(Reason(f"{what}_same", (x,)))
        return bonus
    reasons.append(Reason(f"{what}_differs", (x, y)))
    return -penalty


def compare(a: Profile, b: Profile, today: date) -> Match:
    name = max((name_similarity(x, y) for x in a.variants for y in b.variants), default=0.0)
    reasons: list[Reason] = []
    if a.native and a.native == b.native:
        reasons.append(Reason("name_same"))
        name = max(name, 1.0)
    else:
        reasons.append(Reason("name_sound", (round(name, 2),)))
    score = name
    if a.birth_date is not None and a.birth_date == b.birth_date:
        reasons.append(Reason("birth_same", (a.birth_date,)))
        score += 0.08
    else:
        age_a, age_b = a.age_at(today), b.age_at(today)
        if age_a is not None and age_b is not None:
            gap = abs(age_a - age_b)
            if gap <= AGE_WINDOW:
                reasons.append(Reason("ages", (age_a, age_b)))
                score += 0.03 if gap <= 1 else 0.0
            else:
                reasons.append(Reason("ages_apart", (age_a, age_b)))
                score -= 0.12 if gap <= 5 else 0.3
    if a.nationality and b.nationality:
        score += _agreement(reasons, "nationality", a.nationality, b.nationality, 0.02, 0.2)
    known = KNOWN_GENDERS
    if a.gender in known and b.gender in known:
        score += _agreement(reasons, "gender", a.gender, b.gender, 0.01, 0.3)
    return Match(score=max(0.0, min(1.0, score)), reasons=tuple(reasons), name=name)

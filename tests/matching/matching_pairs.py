"""The labelled evaluation set (tests/matching/data/pairs.yaml) as profiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from screening_app.domain import Gender, Person
from screening_app.matching import Profile, blocking_keys, compare, profile_of

PAIRS = Path(__file__).parent / "data" / "pairs.yaml"
DAY = date(2026, 1, 1)
GENDERS = {"F": Gender.FEMALE, "M": Gender.MALE, "U": Gender.UNKNOWN}


def person(spec: str) -> Person:
    family, given, latin, gender, nationality, age = spec.split("|")
    p = Person(given_name=given, family_name=family, latin_name=latin,
               gender=GENDERS[gender], nationality=nationality or None)
    if "-" in age:
        p.birth_date = date.fromisoformat(age)
    elif age:
        p.estimated_age = int(age)
    return p


@dataclass(frozen=True)
class Pair:
    same: bool
    kind: str
    a: Profile
    b: Profile
    text: str

    @property
    def blocked_together(self) -> bool:
        return bool(blocking_keys(self.a) & blocking_keys(self.b))

    def score(self) -> float:
        return compare(self.a, self.b, DAY).score


def load_pairs() -> list[Pair]:
    data = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    out = []
    for label in ("same", "different"):
        for kind, pairs in data[label].items():
            for a, b in pairs:
                out.append(Pair(label == "same", kind, profile_of(person(a), DAY),
                                profile_of(person(b), DAY), f"{a} / {b}"))
    return out


def precision_recall(pairs: list[Pair], threshold: float) -> tuple[float, float]:
    """A pair is found when the index brings the two together and the score reaches
    the threshold (what a supervisor would be shown)."""
    found = [p for p in pairs if p.blocked_together and p.score() >= threshold]
    true_found = sum(1 for p in found if p.same)
    positives = sum(1 for p in pairs if p.same)
    return true_found / max(1, len(found)), true_found / positives

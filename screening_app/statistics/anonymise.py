"""k-anonymity for the case-level export: generalisation, then suppression.

Five quasi-identifiers could single a person out when combined with what someone
already knows: the period of the case, the age band, gender, citizenship and the
places (countries of recruitment and of exploitation). Each has a ladder of
coarser values, the last rung leaving it out:

    period       month -> quarter -> year -> left out
    age          band (0-11, 12-17, 18-24, 25-34, 35-49, 50+) -> child/adult -> left out
    gender       HTCDS 2.0 value -> Feminine/Masculine only -> left out
    citizenship  countries -> GMS countries only -> left out
    places       countries -> GMS countries only -> left out

The same rungs apply to every record (global recoding: a blank means the same for
everyone, it does not mark a rare value). Of all combinations of rungs, the one
that loses least (the rungs climbed, each as a share of its ladder, weighted by
WEIGHTS)
while suppressing at most MAX_SUPPRESSED of the records is chosen; then every
record whose combination of the five values is shared by fewer than k records is
left out of the export. So every record exported looks like at least k - 1 others
on the five quasi-identifiers.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from screening_app.statistics.variables import AGE_BANDS, GMS

MAX_SUPPRESSED = 0.05
QUASI_IDENTIFIERS = ("period", "age", "gender", "citizenship", "places")
# The number of rungs above the exact value (the top one leaves the value out).
RUNGS = {"period": 3, "age": 2, "gender": 2, "citizenship": 2, "places": 2}
KEPT_GENDERS = ("Feminine", "Masculine")
# What losing a rung costs, per quasi-identifier: a national database needs the
# period and the nationality most, the places least (often not recorded).
WEIGHTS = {"period": 3.0, "age": 2.0, "gender": 1.0, "citizenship": 2.0, "places": 1.0}


@dataclass(frozen=True)
class Record:
    """One case's quasi-identifiers and its other exported fields."""

    year: int
    month: int
    age: int | None
    gender: str | None
    citizenship: tuple[str, ...]
    recruitment: str | None              # country of recruitment
    exploitation: str | None             # country of exploitation
    fields: dict[str, Any] = field(default_factory=dict)


def _period(r: Record, rung: int) -> str:
    if rung == 0:
        return f"{r.year:04d}-{r.month:02d}"
    if rung == 1:
        return f"{r.year:04d}-Q{(r.month - 1) // 3 + 1}"
    return f"{r.year:04d}" if rung == 2 else ""


def _age(r: Record, rung: int) -> str:
    if r.age is None or r.age < 0 or rung >= 2:
        return ""
    if rung == 1:
        return "0-17" if r.age < 18 else "18+"
    for code, low, high in AGE_BANDS:
        if r.age >= low and (high is None or r.age <= high):
            return code
    return ""


def _gender(r: Record, rung: int) -> str:
    if rung == 0:
        return r.gender or ""
    return (r.gender or "") if rung == 1 and r.gender in KEPT_GENDERS else ""


def _countries(codes: Sequence[str | None], rung: int) -> tuple[str, ...]:
    if rung == 0:
        return tuple(c or "" for c in codes)
    if rung == 1:
        return tuple(c if c in GMS else "" for c in codes)
    return tuple("" for _c in codes)


def quasi_identifiers(r: Record, rungs: dict[str, int]) -> dict[str, Any]:
    """The five quasi-identifiers of `r` at the given rungs (blank: left out)."""
    citizenship = tuple(c for c in _countries(r.citizenship, rungs["citizenship"]) if c)
    recruitment, exploitation = _countries((r.recruitment, r.exploitation), rungs["places"])
    return {"period": _period(r, rungs["period"]), "age": _age(r, rungs["age"]),
            "gender": _gender(r, rungs["gender"]), "citizenship": citizenship,
            "recruitment": recruitment, "exploitation": exploitation}


def _key(qi: dict[str, Any]) -> tuple[Any, ...]:
    return (qi["period"], qi["age"], qi["gender"], qi["citizenship"], qi["recruitment"],
            qi["exploitation"])


@dataclass(frozen=True)
class Anonymised:
    """What the export holds: the records kept with their generalised quasi-
    identifiers, the rungs used, and how many records were left out."""

    k: int
    rungs: dict[str, int]
    kept: list[tuple[dict[str, Any], Record]]
    suppressed: int

    @property
    def total(self) -> int:
        return len(self.kept) + self.suppressed

    def smallest_class(self) -> int:
        sizes = Counter(_key(qi) for qi, _r in self.kept)
        return min(sizes.values(), default=0)


def loss(rungs: dict[str, int]) -> float:
    """How much a combination of rungs generalises: 0 exact, more is coarser."""
    return sum(WEIGHTS[q] * rungs[q] / RUNGS[q] for q in QUASI_IDENTIFIERS)


def anonymise(records: Sequence[Record], k: int,
              max_suppressed: float = MAX_SUPPRESSED) -> Anonymised:
    """The least generalisation that leaves out at most `max_suppressed` of the
    records, and the records it keeps (each in a group of at least k)."""
    if k < 2:
        raise ValueError("k must be at least 2")
    nodes = [dict(zip(QUASI_IDENTIFIERS, combo, strict=True)) for combo in itertools.product(
        *(range(RUNGS[q] + 1) for q in QUASI_IDENTIFIERS))]
    nodes.sort(key=lambda r: (loss(r), sum(r.values()), tuple(r.values())))
    allowed = int(max_suppressed * len(records))
    chosen = nodes[-1]
    for rungs in nodes:
        sizes = Counter(_key(quasi_identifiers(r, rungs)) for r in records)
        small = sum(n for n in sizes.values() if n < k)
        if small <= allowed:
            chosen = rungs
            break
    generalised = [(quasi_identifiers(r, chosen), r) for r in records]
    sizes = Counter(_key(qi) for qi, _r in generalised)
    kept = [(qi, r) for qi, r in generalised if sizes[_key(qi)] >= k]
    return Anonymised(k, chosen, kept, len(records) - len(kept))

"""What the statistics count: the variables and their categories, as codes.

Every case falls in exactly one category of each variable (a partition), so the
categories of a variable add up to the number of cases; the indicator dimensions
are one yes/no variable each. Codes are stable (CSV, JSON, tests); the words shown
for them are in `statistics.labels`. Storage computes these codes in SQL
(storage/statistics.py) from the constants here, so both sides agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from screening_app.domain import Gender, OutcomeKind

# Age at the interview (birth date, else the age the person gave), in bands. The
# bands separate children of primary-school age, adolescents and adults.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-11", 0, 11), ("12-17", 12, 17), ("18-24", 18, 24), ("25-34", 25, 34),
    ("35-49", 35, 49), ("50+", 50, None))
UNKNOWN = "unknown"
NOT_SCREENED = "not_screened"
YES, NO = "yes", "no"
OTHER = "other"
TOTAL = "total"

# The six countries of the Greater Mekong Sub-region are always shown; another
# country gets its own category only when at least k cases hold its citizenship
# (else it is counted under "other countries").
GMS = ("KH", "CN", "LA", "MM", "TH", "VN")

OUTCOMES = (OutcomeKind.PRESUMED_VICTIM.value, OutcomeKind.INDICATORS_PRESENT.value,
            OutcomeKind.NO_INDICATORS.value, NOT_SCREENED)
EXPLOITATIONS = ("labour", "sexual", "both", "not_stated", NOT_SCREENED)
# Referral state of a case: its latest referral (storage's referral_state).
REFERRALS = ("none", "printed", "awaiting_receipt", "receipt_received")
REFERRAL_OF_STATE = {None: "none", "draft": "none", "printed": "printed",
                     "exported": "awaiting_receipt", "sent": "awaiting_receipt",
                     "received": "receipt_received"}
GENDERS = tuple(g.value for g in (Gender.FEMININE, Gender.MASCULINE,
                                  Gender.TRANSGENDER_FEMININE, Gender.TRANSGENDER_MASCULINE,
                                  Gender.NON_CONFORMING, Gender.NOT_SPECIFIED))
# Pair tables use three gender groups: the four small groups of HTCDS 2.0 would make
# nearly every pair cell smaller than k.
GENDER_GROUPS = (Gender.FEMININE.value, Gender.MASCULINE.value, OTHER)
GENDER_GROUP_OF = {g: (g if g in GENDER_GROUPS else OTHER) for g in GENDERS}


class Var:
    """Variable ids."""

    MONTH = "month"
    OUTCOME = "outcome"
    AGE = "age"
    GENDER = "gender"
    GENDER_GROUP = "gender_group"
    NATIONALITY = "nationality"
    EXPLOITATION = "exploitation"
    REFERRAL = "referral"
    RECEIVED = "received"
    DIMENSION = "dimension"          # "dimension:<id>"


# The columns of one case's codes, in this order (storage computes them in SQL).
FACT_COLUMNS = (Var.MONTH, Var.OUTCOME, Var.AGE, Var.GENDER, Var.GENDER_GROUP,
                Var.NATIONALITY, Var.EXPLOITATION, Var.REFERRAL, Var.RECEIVED)
# Every count the tables need: one GROUP BY each over these columns. Nationality is
# counted as recorded (ISO code, "" when none); the tables group the rare ones.
GROUPINGS: dict[str, tuple[str, ...]] = {
    Var.MONTH: (Var.MONTH,), Var.OUTCOME: (Var.OUTCOME,), Var.AGE: (Var.AGE,),
    Var.GENDER: (Var.GENDER,), Var.NATIONALITY: (Var.NATIONALITY,),
    Var.EXPLOITATION: (Var.EXPLOITATION,), Var.REFERRAL: (Var.REFERRAL,),
    Var.RECEIVED: (Var.RECEIVED,),
    "age_by_gender": (Var.AGE, Var.GENDER_GROUP),
    "nationality_by_gender": (Var.NATIONALITY, Var.GENDER_GROUP),
    "exploitation_by_gender": (Var.EXPLOITATION, Var.GENDER_GROUP),
    "outcome_by_age": (Var.OUTCOME, Var.AGE),
    "month_by_outcome": (Var.MONTH, Var.OUTCOME),
}


@dataclass(frozen=True)
class Facts:
    """What storage counted for one request.

    counts: grouping id (GROUPINGS) -> codes -> number of cases, for the
    combinations that occur; dimensions: indicator dimension id -> cases whose latest
    outcome found it; months: every month of the period ("YYYY-MM"); dimension_ids:
    every dimension to show (those of the installed indicator sets and any found)."""

    counts: dict[str, dict[tuple[str, ...], int]]
    dimensions: dict[str, int]
    months: tuple[str, ...]
    dimension_ids: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(self.counts.get(Var.OUTCOME, {}).values())


# What storage counts in SQL: a few GROUP BYs whose results hold every grouping above
# (each grouping's columns lie within one part), with few rows each.
PARTS: dict[str, tuple[str, ...]] = {
    "joint": (Var.OUTCOME, Var.AGE, Var.GENDER, Var.GENDER_GROUP, Var.NATIONALITY,
              Var.EXPLOITATION),
    "months": (Var.MONTH, Var.OUTCOME),
    "referrals": (Var.REFERRAL, Var.RECEIVED),
}


def counts_of_parts(parts: dict[str, dict[tuple[str, ...], int]]
                    ) -> dict[str, dict[tuple[str, ...], int]]:
    """Every grouping of GROUPINGS summed from the counts of PARTS."""
    counts: dict[str, dict[tuple[str, ...], int]] = {g: {} for g in GROUPINGS}
    for grouping, columns in GROUPINGS.items():
        part = next(name for name, cols in PARTS.items() if set(columns) <= set(cols))
        where = [PARTS[part].index(c) for c in columns]
        out = counts[grouping]
        for key, n in parts.get(part, {}).items():
            sub = tuple(key[i] for i in where)
            out[sub] = out.get(sub, 0) + n
    return counts


def dimensions_of(found: dict[str, int]) -> dict[str, int]:
    """Cases per dimension from cases per set of dimensions ("|a|b|" -> n)."""
    out: dict[str, int] = {}
    for text, n in found.items():
        for dim in filter(None, text.split("|")):
            out[dim] = out.get(dim, 0) + n
    return out


def facts_of(cases: Iterable[dict[str, str]], dimensions: dict[str, int],
             months: tuple[str, ...], dimension_ids: tuple[str, ...]) -> Facts:
    """Facts from the codes of each case (FACT_COLUMNS; GENDER_GROUP may be left out):
    the same counts storage makes in SQL, for tests and small data."""
    counts: dict[str, dict[tuple[str, ...], int]] = {g: {} for g in GROUPINGS}
    for case in cases:
        codes = dict(case)
        codes.setdefault(Var.GENDER_GROUP, GENDER_GROUP_OF.get(codes[Var.GENDER], OTHER))
        for grouping, columns in GROUPINGS.items():
            key = tuple(codes[c] for c in columns)
            counts[grouping][key] = counts[grouping].get(key, 0) + 1
    return Facts(counts, dict(dimensions), months, dimension_ids)


def age_band(age: int | None) -> str:
    """The band of an age in years (UNKNOWN for None or a negative age)."""
    if age is None or age < 0:
        return UNKNOWN
    for code, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return UNKNOWN


def months_between(first: str, last: str) -> tuple[str, ...]:
    """Every "YYYY-MM" from `first` to `last`, both included."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out: list[str] = []
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)


def dimension_var(dimension_id: str) -> str:
    return f"{Var.DIMENSION}:{dimension_id}"

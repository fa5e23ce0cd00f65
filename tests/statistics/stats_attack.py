"""An attacker who reads a statistics CSV and tries to work out the hidden cells by
adding and subtracting: every relation a reader can know from the published design
(docs/statistics.md), written here from the CSV alone, independent of the program's
own list of relations, then interval propagation to a fixed point.

Start: a shown cell is its number; "<k" is 0..k-1; "x" is k or more (the attacker
knows that only cells under k get "<k"). Each relation total = sum(members) narrows
every unknown to [total_lo - sum(others_hi), total_hi - sum(others_lo)] and the
total to [sum(lo), sum(hi)], until nothing changes. What it finds is what
subtraction gives away."""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass

GENDER_OTHER = ("TransgenderFeminine", "TransgenderMasculine", "NonConforming",
                "NonSpecifiedUnknown")
PAIRS = {"age_by_gender": ("age", "gender_group"),
         "nationality_by_gender": ("nationality", "gender_group"),
         "exploitation_by_gender": ("exploitation", "gender_group"),
         "outcome_by_age": ("outcome", "age"), "month_by_outcome": ("month", "outcome")}
Key = tuple[str, str, str]        # (table, row code, column code or "")


@dataclass
class Attack:
    k: int
    cells: dict[Key, str]                        # as published
    relations: list[tuple[Key, list[Key]]]
    low: dict[Key, float]
    high: dict[Key, float]

    def hidden(self) -> list[Key]:
        return [key for key, text in self.cells.items() if not text.isdigit()]

    def pinned(self) -> list[Key]:
        """Hidden cells that subtraction fixes to one value."""
        return [key for key in self.hidden() if self.high[key] - self.low[key] < 1]

    def small_sums(self) -> list[Key]:
        """Relations with a known total whose hidden members add up to a known number
        from 1 to k-1 (a small group shown by subtraction)."""
        found = []
        for total, members in self.relations:
            if not self.cells[total].isdigit():
                continue
            hidden = [m for m in members if not self.cells[m].isdigit()]
            if not hidden:
                continue
            rest = int(self.cells[total]) - sum(int(self.cells[m]) for m in members
                                                 if self.cells[m].isdigit())
            if 0 < rest < self.k:
                found.append(total)
        return found


def read(csv_text: str) -> dict[Key, str]:
    rows = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    return {(r["table"], r["row_code"], r["column_code"]): r["value"] for r in rows}


def relations_of(cells: dict[Key, str]) -> list[tuple[Key, list[Key]]]:
    tables: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for table, row, column in cells:
        tables[table].add((row, column))
    out: list[tuple[Key, list[Key]]] = []
    for table, keys in tables.items():
        rows = sorted({r for r, _c in keys if r != "total"})
        columns = sorted({c for _r, c in keys if c not in ("", "total")})
        if not columns:
            out.append(((table, "total", ""), [(table, r, "") for r in rows]))
            continue
        for r in [*rows, "total"]:
            out.append(((table, r, "total"), [(table, r, c) for c in columns]))
        for c in [*columns, "total"]:
            out.append(((table, "total", c), [(table, r, c) for r in rows]))
    one_way = {t for t, keys in tables.items() if all(c == "" for _r, c in keys)}
    # the same number in two tables
    for table, (row_var, column_var) in PAIRS.items():
        if table not in tables:
            continue
        for r in {r for r, _c in tables[table]}:
            if r != "total" and row_var in one_way:
                out.append(((table, r, "total"), [(row_var, r, "")]))
        for c in {c for _r, c in tables[table] if c not in ("", "total")}:
            if column_var == "gender_group":
                same = [("gender", g, "") for g in GENDER_OTHER] if c == "other" \
                    else [("gender", c, "")]
                out.append(((table, "total", c), same))
            elif column_var in one_way:
                out.append(((table, "total", c), [(column_var, c, "")]))
        out.append(((table, "total", "total"), [("outcome", "total", "")]))
    for table in one_way:
        out.append(((table, "total", ""), [("outcome", "total", "")]))
    if ("exploitation", "not_screened", "") in cells:
        out.append((("exploitation", "not_screened", ""), [("outcome", "not_screened", "")]))
    return out


def attack(csv_text: str, k: int) -> Attack:
    cells = read(csv_text)
    low: dict[Key, float] = {}
    high: dict[Key, float] = {}
    for key, text in cells.items():
        if text.isdigit():
            low[key] = high[key] = float(text)
        elif text.startswith("<"):
            low[key], high[key] = 0.0, float(k - 1)
        else:
            low[key], high[key] = float(k), math.inf
    relations = relations_of(cells)
    changed = True
    rounds = 0
    while changed and rounds < 500:
        changed = False
        rounds += 1
        for total, members in relations:
            lo_sum = sum(low[m] for m in members)
            hi_sum = sum(high[m] for m in members)
            if lo_sum > low[total] + 1e-9:
                low[total], changed = lo_sum, True
            if hi_sum < high[total] - 1e-9:
                high[total], changed = hi_sum, True
            for i, m in enumerate(members):
                others = members[:i] + members[i + 1:]
                lo = low[total] - sum(high[o] for o in others)
                hi = high[total] - sum(low[o] for o in others)
                if lo > low[m] + 1e-9:
                    low[m], changed = lo, True
                if hi < high[m] - 1e-9:
                    high[m], changed = hi, True
    return Attack(k, cells, relations, low, high)

"""The tables of a statistics report, built from the joint count of one request.

All tables are sums of one joint count, so they are linked: a one-way table is the
margin of every pair table that uses its variable, and all one-way tables add up to
the same total. Here every number that appears anywhere is one `cell`, shared by
every table that shows it (the Feminine row total of "age by gender" *is* the
Feminine cell of "gender"), and every linear relation between cells is written down
as a `Relation` (a total and the cells that add up to it). Suppression
(statistics.suppression) works on exactly these cells and relations, so what it
protects is what the reader sees, across all tables at once.

The pair tables form a tree over the variables (gender group - age - outcome -
month, gender group - nationality, gender group - exploitation): for such a tree,
any set of tables that satisfies the relations here comes from some set of cases,
so the relations are everything a reader can derive by adding and subtracting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from screening_app.statistics.variables import (
    AGE_BANDS,
    EXPLOITATIONS,
    GENDER_GROUP_OF,
    GENDER_GROUPS,
    GENDERS,
    GMS,
    GROUPINGS,
    NO,
    NOT_SCREENED,
    OTHER,
    OUTCOMES,
    REFERRALS,
    UNKNOWN,
    YES,
    Facts,
    Var,
    dimension_var,
)

AGES = (*(code for code, _low, _high in AGE_BANDS), UNKNOWN)
# (table id, row variable, column variable); the edges of the tree described above.
PAIRS: tuple[tuple[str, str, str], ...] = (
    ("age_by_gender", Var.AGE, Var.GENDER_GROUP),
    ("nationality_by_gender", Var.NATIONALITY, Var.GENDER_GROUP),
    ("exploitation_by_gender", Var.EXPLOITATION, Var.GENDER_GROUP),
    ("outcome_by_age", Var.OUTCOME, Var.AGE),
    ("month_by_outcome", Var.MONTH, Var.OUTCOME),
)
ONE_WAY = (Var.MONTH, Var.OUTCOME, Var.AGE, Var.GENDER, Var.NATIONALITY, Var.EXPLOITATION,
           Var.REFERRAL, Var.RECEIVED)


@dataclass(frozen=True)
class Relation:
    """cells[total] == sum(cells[m] for m in members)."""

    total: int
    members: tuple[int, ...]


@dataclass(frozen=True)
class Table:
    """One table: `rows` x `columns` (columns None: a one-way table). `grid` maps
    (row code, column code or None) to a cell; `row_totals` / `column_totals` the
    margins of a pair table; `total` the number of cases."""

    id: str
    rows: str
    row_codes: tuple[str, ...]
    columns: str | None
    column_codes: tuple[str, ...]
    grid: dict[tuple[str, str | None], int]
    row_totals: dict[str, int]
    column_totals: dict[str, int]
    total: int


@dataclass
class TableSet:
    values: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)         # "<variable>=<code>" or pair
    relations: list[Relation] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, name: str, value: int) -> int:
        self.values.append(int(value))
        self.names.append(name)
        return len(self.values) - 1

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.id == table_id)


def nationality_codes(counts: Counter[str], k: int) -> tuple[str, ...]:
    """The six GMS countries, the others held by at least k cases (by count), then
    other countries and "not recorded"."""
    frequent = sorted((c for c, n in counts.items() if c and c not in GMS and n >= k),
                      key=lambda c: (-counts[c], c))
    return (*GMS, *frequent, OTHER, UNKNOWN)


def build(facts: Facts, k: int) -> TableSet:
    """Every table of the report, with the relations between their cells."""
    ts = TableSet()
    raw_nat: Counter[str] = Counter()
    for (code,), n in facts.counts.get(Var.NATIONALITY, {}).items():
        raw_nat[code] += n
    nat_codes = nationality_codes(raw_nat, k)
    kept = set(nat_codes)

    def category(var: str, code: str) -> str:
        if var == Var.NATIONALITY:
            return UNKNOWN if not code else (code if code in kept else OTHER)
        return code

    ts.categories = {
        Var.MONTH: facts.months, Var.OUTCOME: OUTCOMES, Var.AGE: AGES, Var.GENDER: GENDERS,
        Var.GENDER_GROUP: GENDER_GROUPS, Var.NATIONALITY: nat_codes,
        Var.EXPLOITATION: EXPLOITATIONS, Var.REFERRAL: REFERRALS, Var.RECEIVED: (YES, NO),
    }
    counted: dict[str, Counter[tuple[str, ...]]] = {}
    for grouping, columns in GROUPINGS.items():
        counter: Counter[tuple[str, ...]] = Counter()
        for key, n in facts.counts.get(grouping, {}).items():
            codes = tuple(category(v, c) for v, c in zip(columns, key, strict=True))
            for v, c in zip(columns, codes, strict=True):
                if c not in ts.categories[v]:
                    raise ValueError(f"{grouping}: a code outside the categories of {v}")
            counter[codes] += n
        counted[grouping] = counter

    total = ts.add("total", facts.total)
    margins: dict[tuple[str, str], int] = {}
    # Cells that are the same number under two names are one cell.
    for v in (Var.OUTCOME, Var.MONTH, Var.AGE, Var.GENDER, Var.NATIONALITY, Var.REFERRAL,
              Var.RECEIVED):
        for c in ts.categories[v]:
            margins[(v, c)] = ts.add(f"{v}={c}", counted[v][(c,)])
    for c in EXPLOITATIONS:
        margins[(Var.EXPLOITATION, c)] = margins[(Var.OUTCOME, NOT_SCREENED)] \
            if c == NOT_SCREENED else ts.add(f"{Var.EXPLOITATION}={c}",
                                             counted[Var.EXPLOITATION][(c,)])
    other = sum(counted[Var.GENDER][(g,)] for g in GENDERS if GENDER_GROUP_OF[g] == OTHER)
    for c in GENDER_GROUPS:
        margins[(Var.GENDER_GROUP, c)] = margins[(Var.GENDER, c)] if c != OTHER \
            else ts.add(f"{Var.GENDER_GROUP}={OTHER}", other)
    ts.relations.append(Relation(margins[(Var.GENDER_GROUP, OTHER)], tuple(
        margins[(Var.GENDER, g)] for g in GENDERS if GENDER_GROUP_OF[g] == OTHER)))

    for v in ONE_WAY:
        codes = ts.categories[v]
        cells: dict[tuple[str, str | None], int] = {(c, None): margins[(v, c)]
                                                    for c in codes}
        ts.tables.append(Table(v, v, codes, None, (), cells, {}, {}, total))
        ts.relations.append(Relation(total, tuple(cells.values())))
    for table_id, r, c in PAIRS:
        rows, cols = ts.categories[r], ts.categories[c]
        grid: dict[tuple[str, str | None], int] = {
            (a, b): ts.add(f"{table_id}:{a}|{b}", counted[table_id][(a, b)])
            for a in rows for b in cols}
        row_totals = {a: margins[(r, a)] for a in rows}
        column_totals = {b: margins[(c, b)] for b in cols}
        for a in rows:
            ts.relations.append(Relation(row_totals[a], tuple(grid[(a, b)] for b in cols)))
        for b in cols:
            ts.relations.append(Relation(column_totals[b], tuple(grid[(a, b)] for a in rows)))
        ts.tables.append(Table(table_id, r, rows, c, cols, grid, row_totals,
                               column_totals, total))
    _dimensions(ts, facts, total)
    _check_sums(ts)
    return ts


def _check_sums(ts: TableSet) -> None:
    """Every relation holds: the counts came from one set of cases."""
    for rel in ts.relations:
        if ts.values[rel.total] != sum(ts.values[m] for m in rel.members):
            raise ValueError(f"counts that do not add up: {ts.names[rel.total]}")


def _dimensions(ts: TableSet, facts: Facts, total: int) -> None:
    """One yes/no table per indicator dimension: cases whose latest screening found it."""
    for dim in facts.dimension_ids:
        var = dimension_var(dim)
        found = facts.dimensions.get(dim, 0)
        yes = ts.add(f"{var}={YES}", found)
        no = ts.add(f"{var}={NO}", facts.total - found)
        ts.categories[var] = (YES, NO)
        cells: dict[tuple[str, str | None], int] = {(YES, None): yes, (NO, None): no}
        ts.tables.append(Table(var, var, (YES, NO), None, (), cells, {}, {}, total))
        ts.relations.append(Relation(total, (yes, no)))

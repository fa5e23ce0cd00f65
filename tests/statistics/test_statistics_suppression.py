"""Suppression worked by hand on small tables, the subtraction attack on whole
reports, and random reports audited by the attacker and by linear programming."""

from __future__ import annotations

import random

import pytest
from stats_attack import attack

from screening_app.errors import Refused
from screening_app.statistics.report import make_report
from screening_app.statistics.request import StatisticsRequest
from screening_app.statistics.suppression import Status, hidden_ranges, protect
from screening_app.statistics.tables import AGES, Relation, TableSet, build
from screening_app.statistics.variables import (
    EXPLOITATIONS,
    GENDERS,
    OUTCOMES,
    REFERRALS,
    Var,
    facts_of,
    months_between,
)

B, H, S = Status.BELOW_K, Status.HIDDEN, Status.SHOWN
TODAY = __import__("datetime").date(2026, 3, 14)


def _table(grid: list[list[int]]) -> tuple[TableSet, dict[str, int]]:
    """One rows x columns table with its margins, as cells and relations."""
    ts = TableSet()
    names: dict[str, int] = {}
    rows, cols = len(grid), len(grid[0])
    for r in range(rows):
        for c in range(cols):
            names[f"{r}{c}"] = ts.add(f"{r}{c}", grid[r][c])
    for r in range(rows):
        names[f"r{r}"] = ts.add(f"r{r}", sum(grid[r]))
    for c in range(cols):
        names[f"c{c}"] = ts.add(f"c{c}", sum(row[c] for row in grid))
    names["N"] = ts.add("N", sum(map(sum, grid)))
    for r in range(rows):
        ts.relations.append(Relation(names[f"r{r}"], tuple(names[f"{r}{c}"] for c in range(cols))))
    for c in range(cols):
        ts.relations.append(Relation(names[f"c{c}"], tuple(names[f"{r}{c}"] for r in range(rows))))
    ts.relations.append(Relation(names["N"], tuple(names[f"r{r}"] for r in range(rows))))
    ts.relations.append(Relation(names["N"], tuple(names[f"c{c}"] for c in range(cols))))
    return ts, names


def test_hand_worked_table() -> None:
    """Age group (child, adult, unknown) by gender group (F, M, other), k = 5.

                F    M   other | total
       child    2    9    1    |  12
       adult   20   15    0    |  35
       unknown  6    7    0    |  13
       total   28   31    1    |  60

    Under 5, shown "<5": child-F 2, child-other 1, adult-other 0, unknown-other 0 and
    the other column's total 1. Then, relation by relation:
    - child: 12 - 9 leaves 3 for the two "<5" cells: a group of 3 shown by
      subtraction -> child-M (9, the smallest shown cell of the row) is hidden;
    - adult: adult-other alone would be 35 - 20 - 15 = 0 -> adult-M (15) hidden;
    - unknown: unknown-other alone would be 13 - 6 - 7 -> unknown-F (6) hidden;
    - columns F and M then each hold two hidden cells adding up to 8 and 24;
    - totals: other (1) alone in 60 = F + M + other -> F (28 < 31) hidden.
    The linear programme then finds no hidden cell pinned: done in one round."""
    ts, n = _table([[2, 9, 1], [20, 15, 0], [6, 7, 0]])
    p = protect(ts, 5)
    expected = {"00": B, "01": H, "02": B, "10": S, "11": H, "12": B, "20": H, "21": S,
                "22": B, "r0": S, "r1": S, "r2": S, "c0": H, "c1": S, "c2": B, "N": S}
    assert {name: p.status[i] for name, i in n.items()} == expected
    assert (p.below_k, p.hidden, p.rounds) == (5, 4, 1)
    ranges = hidden_ranges(ts.values, ts.relations, p.status, 5)
    assert all(high - low >= 1 for low, high in ranges.values())
    assert ranges[n["20"]] == (5.0, 6.0)     # unknown-F: 5 or 6 (k or more, row adds to 13)


def test_hand_worked_nothing_small() -> None:
    """Every cell at least k: nothing hidden."""
    ts, _n = _table([[12, 30], [11, 40]])
    p = protect(ts, 11)
    assert p.below_k == p.hidden == 0


def test_hand_worked_the_one_small_cell_and_its_partners() -> None:
    """A 2 x 2 table with one small cell: the classic four-cell pattern.

                a    b  | total
        x       3   20  |  23
        y      30   40  |  70
        total  33   60  |  93

    x-a (3) is "<11"; its row and its column would give it away, so x-b (20, the only
    shown cell of row x) and y-a (30, of column a) are hidden; then row y and column b
    would give those away, so y-b (40) is hidden too. The four hidden cells move
    together (x-a + d, x-b - d, y-a - d, y-b + d): none is pinned."""
    ts, n = _table([[3, 20], [30, 40]])
    p = protect(ts, 11)
    statuses = {name: p.status[i] for name, i in n.items()}
    assert statuses == {"00": B, "01": H, "10": H, "11": H, "r0": S, "r1": S, "c0": S,
                        "c1": S, "N": S}
    ranges = hidden_ranges(ts.values, ts.relations, p.status, 11)
    # x-a: anything from 0 to 10; what is shown narrows it no more than "<11" does
    assert ranges[n["00"]] == (0.0, 10.0)


def _cases(n: int, seed: int, months: tuple[str, ...]) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        outcome = rng.choices(OUTCOMES, [3, 4, 3, 1])[0]
        out.append({
            Var.MONTH: rng.choice(months), Var.OUTCOME: outcome, Var.AGE: rng.choice(AGES),
            Var.GENDER: rng.choices(GENDERS, [40, 40, 2, 2, 1, 5])[0],
            Var.NATIONALITY: rng.choices(["KH", "TH", "MM", "LA", "VN", "CN", "PH", "BD", ""],
                                         [30, 20, 20, 10, 10, 5, 3, 1, 2])[0],
            Var.EXPLOITATION: "not_screened" if outcome == "not_screened"
            else rng.choice(EXPLOITATIONS[:-1]),
            Var.REFERRAL: rng.choice(REFERRALS), Var.RECEIVED: rng.choice(["yes", "no"])})
    return out


@pytest.mark.parametrize(("n", "k", "seed"), [(40, 11, 1), (150, 11, 2), (400, 11, 3),
                                              (900, 5, 4), (2500, 11, 5), (60, 2, 6)])
def test_subtraction_attack_fails_on_whole_reports(n: int, k: int, seed: int) -> None:
    """The attacker reads the CSV and adds and subtracts across every table: no hidden
    cell is pinned, no small group appears as a difference. Without complementary
    suppression the same attacker succeeds (the attack is real)."""
    months = months_between("2025-01", "2025-06")
    facts = facts_of(_cases(n, seed, months), {"d1": n // 3, "d2": 3}, months,
                     ("d1", "d2", "d3"))
    request = StatisticsRequest(k=k)
    report = make_report(facts, request, TODAY)
    found = attack(report.to_csv("en"), k)
    assert found.hidden()
    assert found.pinned() == []
    assert found.small_sums() == []
    # the attack works on primary suppression alone
    naive = make_report(facts, request, TODAY)
    naive.protection = type(report.protection)(k, tuple(
        Status.BELOW_K if v < k else Status.SHOWN for v in naive.tables.values), 0)
    broken = attack(naive.to_csv("en"), k)
    assert broken.pinned() or broken.small_sums()


def test_random_reports_audited_by_linear_programming() -> None:
    """The programme's own audit agrees: every hidden cell ranges over two values."""
    for seed in range(8):
        months = months_between("2024-11", "2025-02")
        facts = facts_of(_cases(30 + seed * 70, seed, months), {}, months, ())
        ts = build(facts, 11)
        p = protect(ts, 11)
        ranges = hidden_ranges(ts.values, ts.relations, p.status, 11)
        assert all(high - low >= 1 - 1e-6 for low, high in ranges.values()), seed
        for i, status in enumerate(p.status):
            assert (status is Status.BELOW_K) == (ts.values[i] < 11)


def test_k_below_two_refused() -> None:
    for k in (1, 0, -3):
        with pytest.raises(Refused, match="at least 2"):
            StatisticsRequest(k=k)
    with pytest.raises(ValueError):
        protect(TableSet(), 1)

"""Cell suppression: no count under k is shown, and none can be worked out.

1. Primary suppression: every cell smaller than k (zero included) is shown as "<k".
2. Complementary suppression: more cells are hidden ("x") until the numbers shown,
   all tables together, with every relation between them (statistics.tables), pin
   down no hidden cell:
   - line rule: in every relation (a total and the cells adding up to it) a hidden
     cell never stands alone, and when the total is shown the hidden cells of the
     relation add up to at least k (their sum is known: a sum from 1 to k-1 would be
     a small count shown by subtraction, 0 would reveal every one of them), with at
     least one to spare beyond k for each "x" among them;
   - audit: a linear programme (HiGHS) computes, for every hidden cell, the smallest
     and the largest value it can take given every shown number, every relation and
     what the marks say ("<k": 0..k-1, "x": k or more). A cell whose range is a
     single value gets a complementary cell hidden beside it, and the audit runs
     again.
   Each step only hides more, so it ends; everything hidden pins nothing.

The hidden cell chosen is the smallest shown cell of a relation of the pinned cell
(fewest cases hidden), a cell inside the table before its total.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from screening_app.statistics.tables import Relation, TableSet

MIN_K = 2
EPS = 1e-6
RANDOM_PROBES = 6          # extra feasible points per audit round (cheap certificates)


class Status(StrEnum):
    SHOWN = "shown"
    BELOW_K = "below_k"      # primary: smaller than k, shown as "<k"
    HIDDEN = "hidden"        # complementary: hidden so that no "<k" cell can be worked out


@dataclass(frozen=True)
class Protection:
    """The status of every cell of a TableSet after suppression."""

    k: int
    status: tuple[Status, ...]
    rounds: int

    @property
    def below_k(self) -> int:
        return sum(s is Status.BELOW_K for s in self.status)

    @property
    def hidden(self) -> int:
        return sum(s is Status.HIDDEN for s in self.status)

    def shown(self, cell: int) -> bool:
        return self.status[cell] is Status.SHOWN


def protect(ts: TableSet, k: int) -> Protection:
    """Primary and complementary suppression of every cell of `ts`."""
    if k < MIN_K:
        raise ValueError("k must be at least 2")
    status = [Status.BELOW_K if v < k else Status.SHOWN for v in ts.values]
    by_cell = _relations_of(ts.relations, len(ts.values))
    rounds = 0
    while True:
        rounds += 1
        _line_rule(ts.values, ts.relations, status, k)
        pinned = pinned_cells(ts.values, ts.relations, status, k)
        if not pinned:
            return Protection(k, tuple(status), rounds)
        touched: set[int] = set()
        for cell in pinned:
            if touched & set(by_cell[cell]):
                continue      # a cell hidden this round already sits beside it
            if touched:       # earlier hides this round may have freed it already
                low, high = hidden_ranges(ts.values, ts.relations, status, k,
                                          cells=[cell])[cell]
                if high - low >= 1 - EPS:
                    continue
            chosen = _complement(ts.values, ts.relations, by_cell, status, cell, k)
            if chosen is None:
                continue      # hidden this round all around it: the next audit decides
            status[chosen] = Status.HIDDEN
            touched.update(by_cell[chosen])
        if not touched:
            # Nothing left to hide: with no number shown, no cell can be pinned (the
            # true counts satisfy every relation), so this cannot happen.
            raise AssertionError("suppression made no progress")


def _relations_of(relations: Sequence[Relation], n: int) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(n)]
    for i, rel in enumerate(relations):
        for cell in {rel.total, *rel.members}:
            out[cell].append(i)
    return out


def _line_rule(values: Sequence[int], relations: Sequence[Relation], status: list[Status],
               k: int) -> None:
    """Hide cells until no relation gives a hidden cell, or a small sum of hidden
    cells, away by subtraction."""
    changed = True
    while changed:
        changed = False
        for rel in relations:
            cells = list(dict.fromkeys((rel.total, *rel.members)))
            if len(cells) < 2:
                continue
            hidden = [c for c in cells if status[c] is not Status.SHOWN]
            if not hidden:
                continue
            exposed = len(hidden) == 1
            if not exposed and status[rel.total] is Status.SHOWN:
                rest = values[rel.total] - sum(values[m] for m in rel.members
                                               if status[m] is Status.SHOWN)
                # "x" says k or more: when the "x" cells take all that is left at k
                # each, the rest of the hidden cells are pinned (to 0).
                marked = sum(status[m] is Status.HIDDEN for m in rel.members)
                exposed = rest < k or rest - k * marked < 1
            if exposed:
                shown = [c for c in rel.members if status[c] is Status.SHOWN] or \
                        [c for c in cells if status[c] is Status.SHOWN]
                if shown:
                    status[min(shown, key=lambda c: (values[c], c))] = Status.HIDDEN
                    changed = True


def _complement(values: Sequence[int], relations: Sequence[Relation],
                by_cell: list[list[int]], status: list[Status], cell: int,
                k: int) -> int | None:
    """The shown cell to hide for a pinned `cell`: the smallest shown cell of its
    relations (cells inside a table before totals); when none is left there (the cell
    is pinned through hidden neighbours), the nearest shown cell whose hiding frees
    it, tried in order of distance and size."""
    candidates = _candidates(values, relations, by_cell, status, cell)
    if not candidates:
        return None
    nearest = candidates[0]
    if nearest[0] == 0:
        return nearest[-1]
    for *_order, candidate in candidates[:MAX_TRIALS]:
        status[candidate] = Status.HIDDEN
        try:
            low, high = hidden_ranges(values, relations, status, k, cells=[cell])[cell]
        finally:
            status[candidate] = Status.SHOWN
        if high - low >= 1 - EPS:
            return candidate
    return nearest[-1]


MAX_TRIALS = 40


def _candidates(values: Sequence[int], relations: Sequence[Relation],
                by_cell: list[list[int]], status: list[Status], cell: int
                ) -> list[tuple[int, int, int, int]]:
    """Shown cells reachable from `cell` through relations: (distance, total?, value,
    cell), nearest first; the grand total (the relation total of most relations) last."""
    seen_rel: set[int] = set()
    seen_cells = {cell}
    frontier = {cell}
    found: dict[int, tuple[int, int, int, int]] = {}
    distance = 0
    while frontier:
        nxt: set[int] = set()
        for c in frontier:
            for r in by_cell[c]:
                if r in seen_rel:
                    continue
                seen_rel.add(r)
                rel = relations[r]
                for m in (*rel.members, rel.total):
                    if m in seen_cells:
                        continue
                    seen_cells.add(m)
                    if status[m] is Status.SHOWN:
                        found[m] = (distance, int(m == rel.total), values[m], m)
                    else:
                        nxt.add(m)
        frontier = nxt
        distance += 1
    grand = max(range(len(by_cell)), key=lambda c: len(by_cell[c]), default=-1)
    return sorted(found.values(), key=lambda t: (t[-1] == grand, t))


# --- the audit -------------------------------------------------------------------

def pinned_cells(values: Sequence[int], relations: Sequence[Relation],
                 status: Sequence[Status], k: int) -> list[int]:
    """The hidden cells whose value the shown numbers fix (their range, by linear
    programming over every relation, is narrower than one)."""
    ranges = hidden_ranges(values, relations, status, k, only_pinned=True)
    return sorted(c for c, (low, high) in ranges.items() if high - low < 1 - EPS)


def hidden_ranges(values: Sequence[int], relations: Sequence[Relation],
                  status: Sequence[Status], k: int, *, only_pinned: bool = False,
                  cells: Sequence[int] | None = None) -> dict[int, tuple[float, float]]:
    """For each hidden cell, the smallest and largest value it can take given the
    shown cells (inf: no upper limit). With only_pinned, a cell already seen to take
    two values at least one apart is reported as (0, inf) without solving for it."""
    hidden = [c for c, s in enumerate(status) if s is not Status.SHOWN]
    if not hidden:
        return {}
    lp = _Programme(values, relations, status, k, hidden)
    seen_low = {c: float(values[c]) for c in hidden}
    seen_high = dict(seen_low)
    if only_pinned and cells is None:
        rng = random.Random(len(hidden))  # noqa: S311 - probes, not secrets
        for _ in range(RANDOM_PROBES):
            point = lp.solve({c: rng.choice((-1.0, 1.0)) for c in hidden})
            for c, v in point.items():
                seen_low[c] = min(seen_low[c], v)
                seen_high[c] = max(seen_high[c], v)
    out: dict[int, tuple[float, float]] = {}
    for c in hidden if cells is None else cells:
        if only_pinned and seen_high[c] - seen_low[c] >= 1 - EPS:
            out[c] = (0.0, float("inf"))
            continue
        low = lp.solve({c: 1.0}).get(c, seen_low[c])
        high = lp.bound_above(c)
        out[c] = (low, high)
    return out


def load_solver() -> None:
    """Import HiGHS and numpy (about 0.1-0.3 s the first time). The audit imports them
    itself when a report has a hidden cell; storage calls this beforehand in another
    thread, while the database counts, so the wait overlaps the counting."""
    import highspy  # noqa: F401
    import numpy  # noqa: F401


class _Programme:
    """The hidden cells as variables of a linear programme (HiGHS, re-solved with a
    new objective each time: the basis of the previous solve is the starting point)."""

    def __init__(self, values: Sequence[int], relations: Sequence[Relation],
                 status: Sequence[Status], k: int, hidden: list[int]) -> None:
        import highspy
        import numpy as np

        self.hidden = hidden
        self.column = {c: i for i, c in enumerate(hidden)}
        # No count exceeds the number of cases (the largest value): bounding "x" cells
        # by it keeps every programme bounded and only makes the attacker stronger.
        ceiling = float(max(values, default=k))
        lower = [0.0 if status[c] is Status.BELOW_K else float(k) for c in hidden]
        upper = [float(k - 1) if status[c] is Status.BELOW_K else max(ceiling, float(k))
                 for c in hidden]
        starts: list[int] = []
        index: list[int] = []
        coeff: list[float] = []
        rhs: list[float] = []
        for rel in relations:
            terms: dict[int, float] = {}
            constant = 0.0
            for cell, sign in ((rel.total, 1.0), *((m, -1.0) for m in rel.members)):
                if status[cell] is Status.SHOWN:
                    constant += sign * values[cell]
                else:
                    col = self.column[cell]
                    terms[col] = terms.get(col, 0.0) + sign
            terms = {col: v for col, v in terms.items() if v != 0}
            if not terms:
                continue
            starts.append(len(index))
            index.extend(terms)
            coeff.extend(terms.values())
            rhs.append(-constant)
        lp = highspy.HighsLp()
        lp.num_col_ = len(hidden)
        lp.num_row_ = len(rhs)
        lp.col_cost_ = np.zeros(len(hidden))
        lp.col_lower_ = np.array(lower)
        lp.col_upper_ = np.array(upper)
        lp.row_lower_ = np.array(rhs, dtype=float)
        lp.row_upper_ = np.array(rhs, dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array([*starts, len(index)], dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(coeff, dtype=float)
        # highspy.Highs prints a banner on stdout when it is made; its base class
        # (the solver itself) does not, and stdout may be the user's JSON.
        self.highs = highspy._Highs()  # type: ignore[attr-defined]
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("presolve", "off")
        self.highs.passModel(lp)
        self.cost: dict[int, float] = {}
        self._highspy = highspy

    def _objective(self, cost: dict[int, float]) -> None:
        for c in set(self.cost) | set(cost):
            self.highs.changeColCost(self.column[c], cost.get(c, 0.0))
        self.cost = dict(cost)

    def solve(self, cost: dict[int, float]) -> dict[int, float]:
        """A solution minimising `cost` (cell -> coefficient): cell -> value."""
        self._objective(cost)
        self.highs.changeObjectiveSense(self._highspy.ObjSense.kMinimize)
        self.highs.run()
        if self.highs.getModelStatus() != self._highspy.HighsModelStatus.kOptimal:
            return {}
        solution = self.highs.getSolution().col_value
        return {c: float(solution[i]) for i, c in enumerate(self.hidden)}

    def bound_above(self, cell: int) -> float:
        self._objective({cell: 1.0})
        self.highs.changeObjectiveSense(self._highspy.ObjSense.kMaximize)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == self._highspy.HighsModelStatus.kUnbounded:
            return float("inf")
        if status != self._highspy.HighsModelStatus.kOptimal:
            return float("inf")
        return float(self.highs.getSolution().col_value[self.column[cell]])


def statuses(protection: Protection, cells: Iterable[int]) -> list[Status]:
    return [protection.status[c] for c in cells]

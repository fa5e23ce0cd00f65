"""Counting cases for statistics: GROUP BY queries on the encrypted database.

Only supervisors and administrators may count (the task force's numbers cover every
case of the installation); officers are refused. Nothing here returns a case or a
name: only counts per combination of category codes (statistics.variables), which
the pure statistics room turns into protected tables. Each export is audited once
(`record_export`), with the period, k and filters, never with the numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from screening_app.domain import Role
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.statistics.request import OWN_AGENCY, StatisticsRequest
from screening_app.statistics.variables import (
    PARTS,
    Facts,
    Var,
    counts_of_parts,
    dimensions_of,
    months_between,
)

EXPORT_ACTION = "statistics_export"


@dataclass(frozen=True)
class Versions:
    """Form and rule-set versions the counted cases were taken and scored with."""

    forms: tuple[str, ...]
    rule_sets: tuple[str, ...]


def require_statistics_role(user_role: Role) -> None:
    if user_role not in (Role.SUPERVISOR, Role.ADMIN):
        raise Refused(_("Statistics cover every case of this installation, so only a "
                        "supervisor or an administrator can produce them. Ask one of them, "
                        "or sign in with such an account. Nothing was written."))


class StatisticsStore:
    """The queries of one statistics request on an open session."""

    def __init__(self, session: Any) -> None:
        require_statistics_role(session.user.role)
        self._session = session
        self._db = session.database

    def where(self, request: StatisticsRequest) -> tuple[str, list[Any]]:
        """SQL condition on the statistics rows `s` (schema/statistics.py)."""
        from screening_app.storage.cases import period_clauses

        period, bounds = period_clauses("s.created_at", request.date_from, request.date_to)
        clauses = ["1", *period]
        values: list[Any] = list(bounds)
        if request.agency == OWN_AGENCY:
            clauses.append("s.received = 'no'")
        elif request.agency:
            clauses.append("s.agency = ?")
            values.append(request.agency)
        if request.nationality:
            clauses.append("s.nationality = ?")
            values.append(request.nationality)
        if request.exploitation:
            clauses.append("s.exploitation IN (?, 'both')")
            values.append(request.exploitation)
        return " AND ".join(clauses), values

    def fact_sql(self, request: StatisticsRequest) -> tuple[str, list[Any]]:
        """Every count the tables need, in one statement: one GROUP BY per part of
        statistics.variables.PARTS (few rows each; the tables' groupings are summed
        from them), and the cases per set of dimensions. Benchmarks replay it on plain
        SQLite."""
        where, values = self.where(request)
        width = max(len(cols) for cols in PARTS.values())
        parts = []
        for part, columns in (*PARTS.items(), ("dimensions", ("dimensions",))):
            padded = [*columns, *(["NULL"] * (width - len(columns)))]
            group = ", ".join(str(i + 2) for i in range(len(columns)))
            parts.append(f"SELECT '{part}', {', '.join(padded)}, count(*) "  # noqa: S608
                         f"FROM statistics_cases s WHERE {where} GROUP BY {group}")
        return " UNION ALL ".join(parts), values * (len(PARTS) + 1)

    def facts(self, request: StatisticsRequest,
              dimension_ids: tuple[str, ...] | Callable[[], tuple[str, ...]]) -> Facts:
        """The counts of `request`. `dimension_ids` (or a function giving them, asked
        once the database has counted) are the dimensions every report shows."""
        sql, values = self.fact_sql(request)
        parts: dict[str, dict[tuple[str, ...], int]] = {p: {} for p in PARTS}
        sets: dict[str, int] = {}
        for part, *codes, n in self._db.query(sql, tuple(values)):
            if part == "dimensions":
                sets[str(codes[0])] = int(n)
                continue
            width = len(PARTS[str(part)])
            parts[str(part)][tuple(str(c) for c in codes[:width])] = int(n)
        if callable(dimension_ids):
            dimension_ids = dimension_ids()
        counts = counts_of_parts(parts)
        found = dimensions_of(sets)
        known = tuple(dict.fromkeys((*dimension_ids, *sorted(found))))
        months = tuple(sorted(m for (m,) in counts[Var.MONTH]))
        return Facts(counts, found, self.months(request, months), known)

    def months(self, request: StatisticsRequest, seen: tuple[str, ...]) -> tuple[str, ...]:
        """Every month of the period: from --from to --to, else the months with cases."""
        first = request.date_from.strftime("%Y-%m") if request.date_from else (
            seen[0] if seen else None)
        last = request.date_to.strftime("%Y-%m") if request.date_to else (
            seen[-1] if seen else None)
        if first is None or last is None:
            return tuple(seen)
        return months_between(first, last)

    def versions(self, request: StatisticsRequest) -> Versions:
        where, values = self.where(request)
        forms_sql = (f"SELECT DISTINCT s.form FROM statistics_cases s WHERE {where} "  # noqa: S608
                     "AND s.form != '' ORDER BY 1")
        rules_sql = ("SELECT DISTINCT s.rule_set, s.rule_set_version FROM statistics_cases s "  # noqa: S608
                     f"WHERE {where} AND s.rule_set != '' ORDER BY 1, 2")
        forms = self._db.query(forms_sql, tuple(values))
        rules = self._db.query(rules_sql, tuple(values))
        return Versions(tuple(str(f) for (f,) in forms),
                        tuple(f"{r} {v}".strip() for r, v in rules))

    def case_ids(self, request: StatisticsRequest) -> list[str]:
        """The ids of the counted cases (for the case-level export), oldest first."""
        where, values = self.where(request)
        sql = (f"SELECT s.case_id FROM statistics_cases s WHERE {where} "  # noqa: S608
               "ORDER BY s.created_at, s.case_id")
        return [str(r[0]) for r in self._db.query(sql, tuple(values))]

    def erased(self, case_ids: list[str]) -> set[str]:
        """Those of `case_ids` reduced to a stub by retention after receipt."""
        found = {str(r[0]) for r in self._db.query("SELECT case_id FROM retention_erased")}
        return found.intersection(case_ids)

    def agencies(self) -> list[str]:
        """The agencies cases were received from (the GUI's agency filter)."""
        return [str(r[0]) for r in self._db.query(
            "SELECT DISTINCT json_extract(incoming_referral, '$.referring_agency') FROM cases "
            "WHERE incoming_referral IS NOT NULL ORDER BY 1") if r[0]]

    def nationalities(self) -> list[str]:
        return [str(r[0]) for r in self._db.query(
            "SELECT DISTINCT nationality FROM cases WHERE nationality IS NOT NULL ORDER BY 1")]


def record_export(session: Any, fmt: str, request: StatisticsRequest,
                  detail: dict[str, Any] | None = None) -> None:
    """One audit row per export: who (the session's user), when, what period, k,
    filters and how much was suppressed; never a count of cases."""
    session.audit.record(EXPORT_ACTION, None, {"format": fmt, **request.to_dict(),
                                               **(detail or {})})


def installed_dimensions() -> tuple[str, ...]:
    """Every indicator dimension of the installed indicator sets, in their order."""
    from screening_app.screening import load_indicator_sets

    return tuple(dict.fromkeys(d for s in load_indicator_sets().values() for d in s.dimensions))


def _prepare(lang: str | None) -> tuple[str, ...]:
    """What a report needs besides the counts, loaded while the database counts: the
    indicator sets' dimensions (returned), the words of `lang` and the suppression
    audit's solver. Nothing here reads the database."""
    from screening_app.statistics import labels, suppression

    dimensions = installed_dimensions()
    if lang is not None:
        labels.prepare(lang)
    suppression.load_solver()
    return dimensions


def produce(session: Any, request: StatisticsRequest, today: Any = None,
            lang: str | None = None) -> Any:
    """The protected statistics report of `request` (statistics.report.StatisticsReport),
    to be written in `lang` (None: not known yet). Refused for officers and for a
    period without any case.

    The counting statement spends its time in SQLite, which leaves the interpreter
    free: meanwhile another thread loads the indicator sets, the language's CLDR data
    and the LP solver (together about as long as the counting on a first call). The
    solver is loaded before it is known whether a cell will be hidden, since almost
    every report hides one (any count under k does)."""
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    from screening_app import __version__
    from screening_app.statistics.report import make_report

    store = StatisticsStore(session)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="statistics") as pool:
        ready = pool.submit(_prepare, lang)
        facts = store.facts(request, ready.result)
    if facts.total == 0:
        raise Refused(_("No case was recorded in this period with these filters, so there "
                        "is nothing to count. Nothing was written; choose another period."))
    versions = store.versions(request)
    return make_report(facts, request, today or date.today(), forms=versions.forms,
                       rule_sets=versions.rule_sets, program_version=__version__)

"""Counting cases for statistics: GROUP BY queries on the encrypted database.

Only supervisors and administrators may count (the task force's numbers cover every
case of the installation); officers are refused. Nothing here returns a case or a
name: only counts per combination of category codes (statistics.variables), which
the pure statistics room turns into protected tables. Each export is audited once
(`record_export`), with the period, k and filters, never with the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from screening_app.domain import Role
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.statistics.request import OWN_AGENCY, StatisticsRequest
from screening_app.statistics.variables import (
    AGE_BANDS,
    GROUPINGS,
    NOT_SCREENED,
    REFERRAL_OF_STATE,
    UNKNOWN,
    Facts,
    Var,
    months_between,
)

EXPORT_ACTION = "statistics_export"


def _age_band_sql(age: str) -> str:
    parts = [f"WHEN {age} IS NULL OR {age} < 0 THEN '{UNKNOWN}'"]
    for code, _low, high in AGE_BANDS:
        parts.append(f"WHEN {age} <= {high} THEN '{code}'" if high is not None
                     else f"ELSE '{code}'")
    return "CASE " + " ".join(parts) + " END"


_REFERRAL_SQL = "CASE c.referral_state " + " ".join(
    f"WHEN '{state}' THEN '{code}'" for state, code in REFERRAL_OF_STATE.items()
    if state is not None) + f" ELSE '{REFERRAL_OF_STATE[None]}' END"
# Age at the interview: from the birth date when there is one, else the age given.
_AGE_SQL = ("CASE WHEN p.birth IS NOT NULL THEN "
            "CAST(substr(p.created_at, 1, 4) AS INTEGER) - CAST(substr(p.birth, 1, 4) AS INTEGER)"
            " - (substr(p.created_at, 6, 5) < substr(p.birth, 6, 5)) "
            "ELSE p.estimated END")
# One row per case: the codes of statistics.variables.FACT_COLUMNS.
_CODES = f"""
    substr(c.created_at, 1, 7) AS month,
    CASE WHEN c.gender IN ('Feminine', 'Masculine') THEN c.gender ELSE 'other' END
      AS gender_group,
    CASE WHEN c.outcome_kind IS NULL THEN '{NOT_SCREENED}'
         ELSE coalesce(json_extract(c.decision, '$.decided'), c.outcome_kind) END AS outcome,
    c.created_at AS created_at, c.gender AS gender,
    coalesce(c.nationality, '') AS nationality,
    CASE WHEN c.outcome_kind IS NULL THEN '{NOT_SCREENED}'
         ELSE coalesce(s.exploitation, 'not_stated') END AS exploitation,
    {_REFERRAL_SQL} AS referral,
    CASE WHEN c.incoming_referral IS NULL THEN 'no' ELSE 'yes' END AS received"""


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
        """SQL condition on cases `c` (joined with statistics_outcomes `s`)."""
        clauses = ["1"]
        values: list[Any] = []
        if request.date_from is not None:
            clauses.append("c.created_at >= ?")
            values.append(_bound(request.date_from, end=False))
        if request.date_to is not None:
            clauses.append("c.created_at <= ?")
            values.append(_bound(request.date_to, end=True))
        if request.agency == OWN_AGENCY:
            clauses.append("c.incoming_referral IS NULL")
        elif request.agency:
            clauses.append("json_extract(c.incoming_referral, '$.referring_agency') = ?")
            values.append(request.agency)
        if request.nationality:
            clauses.append("c.nationality = ?")
            values.append(request.nationality)
        if request.exploitation:
            clauses.append("c.outcome_kind IS NOT NULL AND s.exploitation IN (?, 'both')")
            values.append(request.exploitation)
        return " AND ".join(clauses), values

    def fact_sql(self, request: StatisticsRequest) -> tuple[str, list[Any]]:
        """Every count of statistics.variables.GROUPINGS in one statement: the codes of
        each counted case once (a materialised CTE), then one GROUP BY per grouping
        (benchmarks replay this statement on plain SQLite)."""
        where, values = self.where(request)
        parts = []
        for grouping, columns in GROUPINGS.items():
            padded = [*columns, *(["NULL"] * (2 - len(columns)))]
            group = ", ".join(str(i + 2) for i in range(len(columns)))
            parts.append(f"SELECT '{grouping}', {', '.join(padded)}, count(*) FROM p "  # noqa: S608
                         f"GROUP BY {group}")
        sql = (f"WITH p AS MATERIALIZED (SELECT month, outcome, "  # noqa: S608
               f"{_age_band_sql('(' + _AGE_SQL + ')')} AS age, gender, gender_group, "
               f"nationality, exploitation, referral, received FROM (SELECT {_CODES}, "
               "json_extract(c.person, '$.birth_date') AS birth, "
               "json_extract(c.person, '$.estimated_age') AS estimated "
               "FROM cases c LEFT JOIN statistics_outcomes s ON s.case_id = c.id "
               f"WHERE {where}) p) " + " UNION ALL ".join(parts))
        return sql, values

    def dimension_sql(self, request: StatisticsRequest) -> tuple[str, list[Any]]:
        where, values = self.where(request)
        sql = ("SELECT d.value, count(*) FROM cases c JOIN statistics_outcomes s "  # noqa: S608
               f"ON s.case_id = c.id, json_each(s.dimensions) d WHERE {where} "
               "GROUP BY d.value")
        return sql, values

    def facts(self, request: StatisticsRequest, dimension_ids: tuple[str, ...]) -> Facts:
        sql, values = self.fact_sql(request)
        counts: dict[str, dict[tuple[str, ...], int]] = {g: {} for g in GROUPINGS}
        for grouping, first, second, n in self._db.query(sql, tuple(values)):
            key = (str(first),) if second is None else (str(first), str(second))
            counts[str(grouping)][key] = int(n)
        sql, values = self.dimension_sql(request)
        found = {str(d): int(n) for d, n in self._db.query(sql, tuple(values))}
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
        forms_sql = ("SELECT DISTINCT c.form_id, c.form_version FROM cases c LEFT JOIN "  # noqa: S608
                     f"statistics_outcomes s ON s.case_id = c.id WHERE {where} AND "
                     "c.form_id IS NOT NULL ORDER BY 1, 2")
        rules_sql = ("SELECT DISTINCT s.rule_set, s.rule_set_version FROM cases c JOIN "  # noqa: S608
                     f"statistics_outcomes s ON s.case_id = c.id WHERE {where} "
                     "AND s.rule_set != '' ORDER BY 1, 2")
        forms = self._db.query(forms_sql, tuple(values))
        rules = self._db.query(rules_sql, tuple(values))
        return Versions(tuple(f"{f} {v or ''}".strip() for f, v in forms),
                        tuple(f"{r} {v}".strip() for r, v in rules))

    def case_ids(self, request: StatisticsRequest) -> list[str]:
        """The ids of the counted cases (for the case-level export), oldest first."""
        where, values = self.where(request)
        sql = ("SELECT c.id FROM cases c LEFT JOIN statistics_outcomes s ON s.case_id = c.id "  # noqa: S608
               f"WHERE {where} ORDER BY c.created_at, c.id")
        return [str(r[0]) for r in self._db.query(sql, tuple(values))]

    def agencies(self) -> list[str]:
        """The agencies cases were received from (the GUI's agency filter)."""
        return [str(r[0]) for r in self._db.query(
            "SELECT DISTINCT json_extract(incoming_referral, '$.referring_agency') FROM cases "
            "WHERE incoming_referral IS NOT NULL ORDER BY 1") if r[0]]

    def nationalities(self) -> list[str]:
        return [str(r[0]) for r in self._db.query(
            "SELECT DISTINCT nationality FROM cases WHERE nationality IS NOT NULL ORDER BY 1")]


def _bound(day: Any, end: bool) -> str:
    from screening_app.storage.cases import timestamp

    return timestamp(datetime.combine(day, time.max if end else time.min, tzinfo=UTC))


def record_export(session: Any, fmt: str, request: StatisticsRequest,
                  detail: dict[str, Any] | None = None) -> None:
    """One audit row per export: who (the session's user), when, what period, k,
    filters and how much was suppressed; never a count of cases."""
    session.audit.record(EXPORT_ACTION, None, {"format": fmt, **request.to_dict(),
                                               **(detail or {})})

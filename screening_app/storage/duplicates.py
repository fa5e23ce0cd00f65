"""The supervisor's view of the duplicate index (storage/duplicate_index.py):
candidate pairs with their reasons, and decisions on them. Nothing is ever
merged: a supervisor links two cases (one person, two cases kept and
cross-referenced) or marks them as different people; both are audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from screening_app.domain import Role
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.matching import (
    DEFAULT_THRESHOLD,
    Match,
    Profile,
)
from screening_app.storage.duplicate_index import (
    STORED_FLOOR,
    candidates,
)

if TYPE_CHECKING:
    from screening_app.storage.session import Session

LINK, DISMISS = "duplicate_link", "duplicate_dismiss"     # audit actions


# --- what users see -------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """Another case that may be the same person, with the supervisor's word if any."""

    case_id: str
    reference: str
    other_id: str
    other_reference: str
    match: Match | None          # None for a stored pair read without rescoring
    score: float
    decision: str | None         # 'same' | 'different' | None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"case_id": self.case_id, "reference": self.reference,
                               "other_id": self.other_id,
                               "other_reference": self.other_reference,
                               "score": round(self.score, 3), "decision": self.decision}
        if self.match is not None:
            out["reasons"] = self.match.to_dict()["reasons"]
        return out


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


class Duplicates:
    """Candidates, decisions and cross-references for the session's user; only
    cases the user may see are ever named."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.db = session.database

    def _visible(self, ids: set[str]) -> set[str]:
        return self.session.cases.visible_ids(ids)

    def _decisions(self, case_id: str) -> dict[str, str]:
        rows = self.db.query(
            "SELECT case_b, decision FROM dup_decisions WHERE case_a = ? UNION ALL "
            "SELECT case_a, decision FROM dup_decisions WHERE case_b = ?", (case_id, case_id))
        return {str(other): str(decision) for other, decision in rows}

    def _references(self, ids: set[str]) -> dict[str, str]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        return {str(i): str(r) for i, r in self.db.query(
            f"SELECT id, reference FROM cases WHERE id IN ({marks})", tuple(ids))}  # noqa: S608

    def for_case(self, case_id: str, min_score: float = DEFAULT_THRESHOLD,
                 include_decided: bool = True) -> list[Candidate]:
        """Candidates for one case, scored now (ages move with time)."""
        if not self._visible({case_id}):
            self.session.cases.id_of(case_id)      # raises the usual "not visible"
        rows = self.db.query("SELECT profile FROM dup_people WHERE case_id = ?", (case_id,))
        if not rows:
            return []
        profile = Profile.from_dict(json.loads(rows[0][0]))
        with self.db.transaction() as cur:
            found = [(o, m) for o, m in candidates(cur, profile, exclude=case_id)
                     if m.score >= min_score]
        visible = self._visible({o for o, _m in found})
        decisions = self._decisions(case_id)
        refs = self._references(visible | {case_id})
        out = [Candidate(case_id, refs[case_id], o, refs[o], m, m.score, decisions.get(o))
               for o, m in found if o in visible]
        return [c for c in out if include_decided or c.decision is None]

    def stored_references(self, case_id: str, min_score: float = DEFAULT_THRESHOLD) -> list[str]:
        """References of the other cases stored as candidates of `case_id` when its
        profile was last written (the best STORED_MAX, plausible ones), best first,
        those the user may see: what a packet import names, without scoring every
        candidate a second time in the same second (`for_case` scores them now)."""
        visible, params = self.session.cases.visibility()
        return [str(r[0]) for r in self.db.query(
            "SELECT c.reference FROM dup_pairs p JOIN cases c ON c.id = p.other_id "  # noqa: S608
            f"WHERE p.case_id = ? AND p.score >= ? AND {visible} "
            "ORDER BY p.score DESC, c.reference", (case_id, min_score, *params))]

    def pairs(self, min_score: float = DEFAULT_THRESHOLD,
              include_decided: bool = False, limit: int = 500) -> list[Candidate]:
        """Stored candidate pairs over all visible cases, best first (each pair once)."""
        rows = self.db.query(
            "SELECT p.case_id, p.other_id, p.score, d.decision FROM dup_pairs p "
            "LEFT JOIN dup_decisions d ON d.case_a = p.case_id AND d.case_b = p.other_id "
            "WHERE p.case_id < p.other_id AND p.score >= ? "
            "ORDER BY p.score DESC, p.case_id LIMIT ?", (max(min_score, STORED_FLOOR), limit * 4))
        ids = {str(r[0]) for r in rows} | {str(r[1]) for r in rows}
        visible = self._visible(ids)
        refs = self._references(visible)
        out = [Candidate(str(a), refs[str(a)], str(b), refs[str(b)], None, float(s), d)
               for a, b, s, d in rows if str(a) in visible and str(b) in visible
               and (include_decided or d is None)]
        return out[:limit]

    def marked(self, ids: list[str], min_score: float = DEFAULT_THRESHOLD) -> set[str]:
        """Which of `ids` (e.g. a page of the case list) have an undecided
        candidate the user may see."""
        if not ids:
            return set()
        # One statement that stops at the first visible, undecided candidate of each
        # case: a page of 200 rows can have thousands of candidates where many
        # people share a name (~10 ms a page of the case list when they were all read
        # and their visibility asked in a second query).
        visible, params = self.session.cases.visibility()
        marks = ", ".join("?" for _ in ids)
        rows = self.db.query(
            f"SELECT x.id FROM cases x WHERE x.id IN ({marks}) AND EXISTS ("  # noqa: S608
            "SELECT 1 FROM dup_pairs p JOIN cases c ON c.id = p.other_id "
            f"WHERE p.case_id = x.id AND p.score >= ? AND {visible} "
            "AND NOT EXISTS (SELECT 1 FROM dup_decisions d WHERE "
            "(d.case_a = p.case_id AND d.case_b = p.other_id) OR "
            "(d.case_a = p.other_id AND d.case_b = p.case_id)))", (*ids, min_score, *params))
        return {str(r[0]) for r in rows}

    def linked(self, case_id: str) -> list[tuple[str, str, str, str]]:
        """(other id, other reference, decided by, decided at) of the cases linked
        to `case_id` as the same person."""
        rows = self.db.query(
            "SELECT case_b, decided_by, decided_at FROM dup_decisions WHERE case_a = ? "
            "AND decision = 'same' UNION ALL SELECT case_a, decided_by, decided_at FROM "
            "dup_decisions WHERE case_b = ? AND decision = 'same'", (case_id, case_id))
        visible = self._visible({str(r[0]) for r in rows})
        refs = self._references(visible)
        return [(str(o), refs[str(o)], str(by), str(at)) for o, by, at in rows
                if str(o) in visible]

    def decide(self, case_id: str, other_id: str, same: bool) -> None:
        """A supervisor links two cases as one person, or marks them as different
        people. Both cases are kept as they are; the decision is audited."""
        if self.session.user.role is not Role.SUPERVISOR:
            raise Refused(_("Only a supervisor can link two cases or mark them as "
                            "different people."))
        if case_id == other_id:
            raise Refused(_("A case cannot be linked to itself."))
        for one in (case_id, other_id):
            self.session.cases.id_of(one)          # both must exist (and be visible)
        a, b = _ordered(case_id, other_id)
        scores = self.db.query("SELECT score FROM dup_pairs WHERE case_id = ? AND "
                               "other_id = ?", (a, b))
        score = float(scores[0][0]) if scores else None
        decision = "same" if same else "different"
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.db.transaction() as cur:
            cur.execute("INSERT INTO dup_decisions (case_a, case_b, decision, score, decided_by, "
                        "decided_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_a, case_b) "
                        "DO UPDATE SET decision = excluded.decision, score = excluded.score, "
                        "decided_by = excluded.decided_by, decided_at = excluded.decided_at",
                        (a, b, decision, score, self.session.user.name, now))
            self.session.audit.record(LINK if same else DISMISS, case_id,
                                      {"other": other_id, "score": score})

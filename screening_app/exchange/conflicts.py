"""Merge conflicts kept for a person to resolve: a field both agencies changed.

The case keeps this installation's value until someone chooses; choosing
"theirs" writes the other agency's value into the case. Both are audited.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from screening_app.domain import Case
from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange.merge import set_path
from screening_app.i18n import _

if TYPE_CHECKING:
    from screening_app.storage import Session


@dataclass(frozen=True)
class OpenConflict:
    id: int
    case_id: str
    field: str
    base: Any
    ours: Any
    theirs: Any
    packet_id: str
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def open_conflicts(session: Session, case_id: str | None = None) -> list[OpenConflict]:
    sql = ("SELECT id, case_id, field, base, ours, theirs, packet_id, created_at FROM "
           "exchange_conflicts WHERE resolved_at IS NULL")
    params: tuple[Any, ...] = ()
    if case_id is not None:
        sql += " AND case_id = ?"
        params = (case_id,)
    rows = session.database.query(sql + " ORDER BY id", params)
    return [OpenConflict(int(r[0]), r[1], r[2], json.loads(r[3]), json.loads(r[4]),
                         json.loads(r[5]), r[6], r[7]) for r in rows]


def resolve(session: Session, conflict_id: int, take: str) -> None:
    """Settle a conflict: keep "ours" or take "theirs" (one transaction, audited)."""
    if take not in ("ours", "theirs"):
        raise ValueError(take)
    found = [c for c in open_conflicts(session) if c.id == conflict_id]
    if not found:
        raise Refused(_("This conflict does not exist or was already resolved."))
    conflict = found[0]
    with session.transaction() as cur:
        if take == "theirs":
            d = session.cases.get(conflict.case_id).to_dict()
            set_path(d, conflict.field, conflict.theirs)
            case = Case.from_dict(d)
            case.updated_at = utc_now()
            session.cases.put(case, action="conflict_resolved")
        cur.execute("UPDATE exchange_conflicts SET resolved_at = ?, resolution = ? "
                    "WHERE id = ?", (utc_now().isoformat(), take, conflict_id))
        session.audit.record("conflict_resolve", conflict.case_id,
                             {"field": conflict.field, "take": take})

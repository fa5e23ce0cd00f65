"""Retention after receipt: a sending device (a checkpoint laptop that can be
seized) keeps a referred case's personal data only until N days after the
receiving agency's receipt arrived; then the case becomes a stub.

The stub keeps: id, reference, dates, status, form, outcomes (indicators and
rule, no words of the person), the decision without its free-text reason, the
referrals (to whom, when, receipt, HTCDS reason) without their details, a competent
authority's decision (status, kind of authority, date: HTCDS vic_TraffickingStatus)
without the authority's name and file number, how the case came here without the
sender's details. Erased: the profile (names, birth date, age, phone, address,
citizenship, gender), consent details, answers, note, the search index entry
(only the reference stays findable), the duplicate index rows, and the exchange
copies of the case (last version exchanged, received referral fields and PDF,
outbox packets, conflicts).

The bytes really go: the connection runs with `PRAGMA secure_delete = ON`
(freed cells and pages are zeroed), the search indexes use FTS5 secure-delete
(schema/duplicates.py migration 2), the WAL is checkpointed and truncated after
each erasure, and turning the setting on VACUUMs the database once, so copies
freed before secure_delete existed are gone too.

It runs at every unlock (Session.open) and after a receipt is imported
(exchange.importer). Off by default (shelters keep their cases); an
administrator sets it (`screening-app retention set DAYS`).
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from screening_app.domain import (
    AuthorityDecision,
    CaseStatus,
    Consent,
    Gender,
    IncomingReferral,
    OfficerDecision,
    Person,
    Referral,
    Role,
    User,
)
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.storage import duplicate_index
from screening_app.storage import search as searching
from screening_app.storage.audit import AuditLog
from screening_app.storage.database import Database


class Session(Protocol):
    """What erasure needs of an open session (storage.session.Session, which
    runs `run_due` at unlock, so this module cannot import it)."""

    @property
    def database(self) -> Database: ...
    @property
    def user(self) -> User: ...
    @property
    def audit(self) -> AuditLog: ...
    def transaction(self) -> AbstractContextManager[Any]: ...

SETTING = "retention.erase_after_days"
ERASE = "retention_erase"                # audit actions
SET = "retention_set"
_WAITING = ("exported", "sent")          # a referral still waiting for its receipt


@dataclass(frozen=True)
class Erased:
    case_id: str
    reference: str
    received_at: str


def erase_after_days(session: Session) -> int | None:
    """The installation's setting: None (off) or the days to keep after receipt."""
    rows = session.database.query(
        "SELECT value FROM settings WHERE scope = 'device' AND key = ?", (SETTING,))
    value = json.loads(rows[0][0]) if rows else None
    return int(value) if isinstance(value, int) and value >= 0 else None


def set_erase_after_days(session: Session, days: int | None) -> None:
    """Administrators only. Turning it on VACUUMs once (see the module doc)."""
    if session.user.role is not Role.ADMIN:
        raise Refused(_("Only an administrator can change how long referred cases are "
                        "kept."))
    if days is not None and not 0 <= days <= 3650:
        raise Refused(_("The number of days must be between 0 and 3650."))
    before = erase_after_days(session)
    with session.transaction() as cur:
        if days is None:
            cur.execute("DELETE FROM settings WHERE scope = 'device' AND key = ?", (SETTING,))
        else:
            cur.execute("INSERT INTO settings (scope, key, value) VALUES ('device', ?, ?) "
                        "ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value",
                        (SETTING, json.dumps(days)))
        session.audit.record(SET, detail={"days": days, "before": before})
    if days is not None and before is None:
        session.database.vacuum()


def due(session: Session, now: datetime | None = None) -> list[tuple[str, str]]:
    """(case id, receipt time) of the cases whose personal data are due for erasure."""
    days = erase_after_days(session)
    if days is None:
        return []
    limit = (now or datetime.now(UTC)) - timedelta(days=days)
    rows = session.database.query(
        "SELECT r.case_id, max(json_extract(r.body, '$.received_at')) FROM referrals r "
        "WHERE r.status = 'received' AND NOT EXISTS (SELECT 1 FROM retention_erased e "
        "WHERE e.case_id = r.case_id) AND NOT EXISTS (SELECT 1 FROM referrals w WHERE "
        "w.case_id = r.case_id AND w.status IN (?, ?)) GROUP BY r.case_id", _WAITING)
    out = []
    for case_id, received in rows:
        if received and datetime.fromisoformat(received) <= limit:
            out.append((str(case_id), str(received)))
    return out


def run_due(session: Session, now: datetime | None = None) -> list[Erased]:
    """Erase every case that is due; returns what was erased (ids and references)."""
    erased = [erase_case(session, case_id, received) for case_id, received in due(session, now)]
    if erased:
        session.database.checkpoint()
    return erased


def _table_exists(cur: Any, name: str) -> bool:
    return cur.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                       (name,)).fetchone() is not None


def erase_case(session: Session, case_id: str, received_at: str) -> Erased:
    """Reduce one case to its stub, in one transaction, audited."""
    from screening_app.storage.cases import index_text, timestamp

    now = datetime.now(UTC)
    with session.transaction() as cur:
        reference, decision, authority, incoming = cur.execute(
            "SELECT reference, decision, authority_decision, incoming_referral FROM cases "
            "WHERE id = ?", (case_id,)).fetchone()
        if decision is not None:
            kept = OfficerDecision.from_dict(json.loads(decision))
            kept.reason = None
            decision = json.dumps(kept.to_dict(), ensure_ascii=False)
        if authority is not None:           # an authority's name or file can point to her
            formal = AuthorityDecision.from_dict(json.loads(authority))
            formal.authority, formal.reference = "", None
            authority = json.dumps(formal.to_dict(), ensure_ascii=False)
        if incoming is not None:
            came = IncomingReferral.from_dict(json.loads(incoming))
            came.details = None
            incoming = json.dumps(came.to_dict(), ensure_ascii=False)
        blank_person = json.dumps(Person().to_dict(), ensure_ascii=False)
        blank_consent = json.dumps(Consent().to_dict(), ensure_ascii=False)
        cur.execute(
            "UPDATE cases SET person = ?, consent = ?, note = '', interviewee_language = NULL, "
            "display_name = '', latin_name = '', nationality = NULL, gender = ?, "
            "status = ?, decision = ?, authority_decision = ?, incoming_referral = ?, "
            "search_text = ?, updated_at = ? WHERE id = ?",
            (blank_person, blank_consent, Gender.NOT_SPECIFIED.value,
             CaseStatus.CLOSED_REFERRED.value, decision, authority, incoming,
             searching.search_text(reference), timestamp(now), case_id))
        for referral_id, body in cur.execute("SELECT id, body FROM referrals WHERE case_id = ?",
                                             (case_id,)).fetchall():
            referral = Referral.from_dict(json.loads(body))
            referral.details = None         # the officer's free text to the receiver
            cur.execute("UPDATE referrals SET body = ? WHERE id = ?",
                        (json.dumps(referral.to_dict(), ensure_ascii=False), referral_id))
        cur.execute("DELETE FROM answers WHERE case_id = ?", (case_id,))
        index_text(cur, case_id, searching.search_text(reference))
        duplicate_index.forget_case(cur, case_id)
        if _table_exists(cur, "exchange_case_base"):
            cur.execute("DELETE FROM exchange_case_base WHERE case_id = ?", (case_id,))
            cur.execute("DELETE FROM exchange_conflicts WHERE case_id = ?", (case_id,))
            cur.execute("UPDATE exchange_inbox SET referral = NULL, referral_pdf = NULL "
                        "WHERE case_id = ?", (case_id,))
            cur.execute("UPDATE exchange_outbox SET data = X'' WHERE case_id = ?", (case_id,))
        cur.execute("INSERT INTO retention_erased (case_id, received_at, erased_at) "
                    "VALUES (?, ?, ?)", (case_id, received_at, now.isoformat()))
        session.audit.record(ERASE, case_id, {"reference": reference,
                                              "received_at": received_at,
                                              "days": erase_after_days(session)})
    return Erased(case_id, str(reference), received_at)


def erased_at(session: Session, case_id: str) -> str | None:
    """When a case was reduced to a stub, or None."""
    rows = session.database.query(
        "SELECT erased_at FROM retention_erased WHERE case_id = ?", (case_id,))
    return str(rows[0][0]) if rows else None

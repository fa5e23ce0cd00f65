"""Import a packet: verify everything first (packet.open_packet), then apply it
in ONE transaction. Idempotent by packet id; a newer update of a known case is
merged field by field and conflicting edits are kept as conflict records.

The case inside goes through the validation layer before anything is written: a
partner's case that fails it is held in quarantine with the reason (never half
imported; imported when a later version of the program accepts it); a case from
an unknown sender that fails it is refused and not stored.

Every import, refusal and quarantine is written to the audit log with ids and
reason codes only (never names or answers).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlcipher3 import dbapi2 as sqlcipher

from screening_app.domain import Case, IncomingReferral, ReferralReason, ReferralStatus
from screening_app.domain.models import utc_now
from screening_app.domain.validation import Problem
from screening_app.errors import Refused, describe_problem
from screening_app.exchange import htcds
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.exporter import queue_receipt
from screening_app.exchange.merge import three_way
from screening_app.exchange.packet import (
    PacketKind,
    PacketRefused,
    Receipt,
    UnknownSender,
    VerifiedPacket,
    open_packet,
    read_case,
    short_id,
)
from screening_app.i18n import _, ngettext
from screening_app.storage.database import disk_refusal

if TYPE_CHECKING:
    from screening_app.storage import Session


MAX_QUARANTINED = 200
# Anyone can encrypt to a public key: what strangers can make us store is capped in
# bytes too (a packet may be 48 MiB; 200 of them would be 10 GB).
MAX_QUARANTINE_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class ImportResult:
    status: str        # imported | merged | conflicts | already-imported | older-version
    #                    | receipt | quarantined | already-quarantined | quarantined-invalid
    packet_id: str
    kind: PacketKind
    sender_agency: str
    sender_verified: bool = False
    case_id: str | None = None
    conflicts: int = 0
    fields_taken: list[str] = field(default_factory=list)
    problem: Problem | None = None     # quarantined-invalid: why
    possible_duplicates: list[str] = field(default_factory=list)   # references of other cases
    held_because: str = "unknown-sender"     # quarantined: or "keys-changed"

    @property
    def changed(self) -> bool:
        return self.status in ("imported", "merged", "conflicts", "receipt")

    @property
    def ok(self) -> bool:
        return self.status not in ("quarantined", "already-quarantined", "quarantined-invalid")

    def describe(self) -> str:
        """One line for the user: what happened, no personal data."""
        texts = {
            "imported": _("Packet {packet}: new case imported from {agency}."),
            "merged": ngettext("Packet {packet}: update from {agency} merged ({fields} field).",
                               "Packet {packet}: update from {agency} merged ({fields} fields).",
                               len(self.fields_taken)),
            "conflicts": ngettext("Packet {packet}: update from {agency} merged; {conflicts} "
                                  "conflicting field kept for review (your value was kept).",
                                  "Packet {packet}: update from {agency} merged; {conflicts} "
                                  "conflicting fields kept for review (your values were kept).",
                                  self.conflicts),
            "already-imported": _("Packet {packet}: already imported; nothing changed."),
            "older-version": _("Packet {packet}: an older version than the one held; "
                               "nothing changed."),
            "receipt": _("Packet {packet}: receipt from {agency}; the referral is marked "
                         "received."),
            "quarantined": _("Packet {packet}: held in quarantine, the sender {agency} is not "
                             "in the directory. Import and verify their key card."),
            "quarantined-keys-changed": _("Packet {packet}: held in quarantine, the keys of "
                                          "{agency} changed and the change is not verified "
                                          "yet. Compare the new fingerprint with the agency."),
            "already-quarantined": _("Packet {packet}: already held in quarantine; nothing "
                                     "changed."),
            "quarantined-invalid": _("Packet {packet}: held in quarantine, its case data is not "
                                     "valid: {problem} Nothing was imported; ask {agency} to "
                                     "correct it and send it again."),
            "erased-here": _("Packet {packet}: an update from {agency} for a case whose "
                             "personal data were erased here after receipt; nothing was "
                             "stored."),
        }
        key = self.status
        if key == "quarantined" and self.held_because == "keys-changed":
            key = "quarantined-keys-changed"
        line = texts[key].format(
            packet=short_id(self.packet_id), agency=self.sender_agency,
            fields=len(self.fields_taken), conflicts=self.conflicts,
            problem="" if self.problem is None else describe_problem(self.problem))
        if self.changed and not self.sender_verified:
            line += " " + _("Warning: the sender's key card is not verified.")
        if self.possible_duplicates:
            line += " " + _("Possibly the same person as case {references}: a supervisor "
                            "should compare them.").format(
                                references=", ".join(self.possible_duplicates))
        return line


class Importer:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.directory = AgencyDirectory(session)
        self.own = self.directory.own_agency()
        self.identity = self.directory.identity()

    def verify(self, data: bytes) -> VerifiedPacket:
        """Check a packet without importing it (raises PacketRefused)."""
        return open_packet(data, self.identity, self.directory, agency_id=self.own.id,
                           retired=self.directory.retired_identities())

    def import_packet(self, data: bytes, *, from_quarantine: bool = False,
                      unaudited: frozenset[str] = frozenset()) -> ImportResult:
        """Verify and apply; PacketRefused (audited unless its code is in
        `unaudited`, e.g. packets for other agencies met on a shared drive)."""
        try:
            packet = self.verify(data)
        except UnknownSender as unknown:
            if from_quarantine:
                raise
            return self._quarantine(data, unknown)
        except PacketRefused as refused:
            if refused.code not in unaudited:
                self._audit_refusal(data, refused.code, from_quarantine)
            raise
        if packet.problem is not None:
            return self._hold_invalid(data, packet)
        try:
            result = self._apply(packet, from_quarantine)
        except PacketRefused as refused:
            self._audit_refusal(data, refused.code, from_quarantine, packet.packet_id)
            raise
        except sqlcipher.Error as error:     # disk full, read-only: rolled back already
            raise disk_refusal(error) from None
        return self._after(result)

    def _after(self, result: ImportResult) -> ImportResult:
        """A new case from a packet may be someone already known here: say so (never
        merged). A receipt may make a referred case due for erasure (retention)."""
        from dataclasses import replace

        from screening_app.storage import retention
        from screening_app.storage.duplicates import Duplicates

        if result.status == "imported" and result.case_id is not None:
            # stored moments ago, in the import's own transaction (cases.put)
            found = Duplicates(self.session).stored_references(result.case_id)
            if found:
                return replace(result, possible_duplicates=found)
        if result.status == "receipt":
            retention.run_due(self.session)
        return result

    # --- refusals and quarantine -------------------------------------------
    def audit_refusal(self, code: str, data: bytes | None = None) -> None:
        """Record a refusal decided before the packet was read (e.g. its size)."""
        self.session.audit.record("packet_refused", detail={
            "code": code, "sha256": None if data is None else hashlib.sha256(data).hexdigest()})

    def _audit_refusal(self, data: bytes, code: str, from_quarantine: bool,
                       packet_id: str | None = None) -> None:
        with self.session.transaction():
            if from_quarantine and packet_id:
                self.session.connection.execute(
                    "DELETE FROM exchange_quarantine WHERE packet_id = ?", (packet_id,))
            self.session.audit.record("packet_refused", detail={
                "code": code, "packet": packet_id,
                "sha256": hashlib.sha256(data).hexdigest()})

    def _hold_invalid(self, data: bytes, packet: VerifiedPacket) -> ImportResult:
        """A partner's packet whose case fails the validation layer: held with the
        reason, nothing of it imported."""
        m, problem = packet.manifest, packet.problem
        assert problem is not None
        result = ImportResult("quarantined-invalid", m.packet_id, m.kind, m.sender_agency,
                              packet.sender_verified, m.case_id, problem=problem)
        with self.session.transaction() as cur:
            if self._seen(cur, m.packet_id):
                return ImportResult("already-imported", m.packet_id, m.kind, m.sender_agency,
                                    case_id=m.case_id)
            held = cur.execute("SELECT 1 FROM exchange_quarantine WHERE packet_id = ?",
                               (m.packet_id,)).fetchone()
            if held:
                return result
            cur.execute("INSERT INTO exchange_quarantine (packet_id, sender_agency, data, "
                        "held_at) VALUES (?, ?, ?, ?)",
                        (m.packet_id, m.sender_agency, data, utc_now().isoformat()))
            self.session.audit.record("packet_quarantine", m.case_id, {
                "packet": m.packet_id, "agency": m.sender_agency, "kind": m.kind.value,
                "reason": "invalid", "field": problem.field, "rule": problem.rule.value})
        return result

    def _refuse_invalid_stranger(self, data: bytes, unknown: UnknownSender) -> None:
        """Issue 20 item 6: a stranger's case is checked before it may be stored."""
        manifest = unknown.manifest
        if manifest.kind is PacketKind.RECEIPT:
            return
        try:
            _case, problem = read_case(manifest, unknown.members)
        except PacketRefused as refused:
            self._audit_refusal(data, refused.code, False, manifest.packet_id)
            raise
        if problem is None:
            return
        self.session.audit.record("packet_refused", detail={
            "code": "invalid-case", "packet": manifest.packet_id, "field": problem.field,
            "rule": problem.rule.value, "sha256": hashlib.sha256(data).hexdigest()})
        raise PacketRefused(_("Packet refused: it comes from an agency that is not in the "
                              "directory and its case data is not valid: {problem} Nothing was "
                              "stored.").format(problem=describe_problem(problem)),
                            "invalid-case")

    def _quarantine(self, data: bytes, unknown: UnknownSender) -> ImportResult:
        manifest = unknown.manifest
        self._refuse_invalid_stranger(data, unknown)
        result = ImportResult("quarantined", manifest.packet_id, manifest.kind,
                              manifest.sender_agency, case_id=manifest.case_id,
                              held_because=self.directory.quarantine_reason(
                                  manifest.sender_agency))
        with self.session.transaction() as cur:
            if self._seen(cur, manifest.packet_id):
                return ImportResult("already-imported", manifest.packet_id, manifest.kind,
                                    manifest.sender_agency, case_id=manifest.case_id)
            held = cur.execute("SELECT 1 FROM exchange_quarantine WHERE packet_id = ?",
                               (manifest.packet_id,)).fetchone()
            if held:
                return ImportResult("already-quarantined", manifest.packet_id, manifest.kind,
                                    manifest.sender_agency, case_id=manifest.case_id)
            # Anyone can encrypt to a public key: cap what strangers can make us store.
            count, size = cur.execute("SELECT count(*), coalesce(sum(length(data)), 0) "
                                      "FROM exchange_quarantine").fetchone()
            full = int(count) >= MAX_QUARANTINED or int(size) + len(data) > MAX_QUARANTINE_BYTES
            if not full:
                cur.execute("INSERT INTO exchange_quarantine (packet_id, sender_agency, data, "
                            "held_at) VALUES (?, ?, ?, ?)",
                            (manifest.packet_id, manifest.sender_agency, data,
                             utc_now().isoformat()))
                self.session.audit.record("packet_quarantine", manifest.case_id, {
                    "packet": manifest.packet_id, "agency": manifest.sender_agency,
                    "kind": manifest.kind.value, "reason": "unknown-sender"})
        if full:
            self._audit_refusal(data, "quarantine-full", False, manifest.packet_id)
            raise PacketRefused(_(
                "Packet refused: the quarantine is full of packets from unknown senders. "
                "Nothing was imported; import the senders' key cards first."),
                "quarantine-full")
        return result

    def release_quarantine(self, agency_id: str) -> list[ImportResult | PacketRefused]:
        """Import the packets held for `agency_id` now that its card is known."""
        rows = self.session.database.query(
            "SELECT packet_id, data FROM exchange_quarantine WHERE sender_agency = ? "
            "ORDER BY packet_id", (agency_id,))
        results: list[ImportResult | PacketRefused] = []
        for _packet_id, data in rows:
            try:
                results.append(self.import_packet(bytes(data), from_quarantine=True))
            except UnknownSender:
                continue
            except PacketRefused as refused:
                results.append(refused)
        return results

    def quarantined(self) -> list[tuple[str, str, str]]:
        """(packet id, sender agency id, held at) of every packet held."""
        return [(str(a), str(b), str(c)) for a, b, c in self.session.database.query(
            "SELECT packet_id, sender_agency, held_at FROM exchange_quarantine "
            "ORDER BY held_at")]

    # --- applying ------------------------------------------------------------
    @staticmethod
    def _seen(cur: Any, packet_id: str) -> bool:
        return cur.execute("SELECT 1 FROM exchange_packets_seen WHERE packet_id = ?",
                           (packet_id,)).fetchone() is not None

    def _apply(self, packet: VerifiedPacket, from_quarantine: bool) -> ImportResult:
        m = packet.manifest
        with self.session.transaction() as cur:
            # held before (unknown sender, or a case an older version refused)
            cur.execute("DELETE FROM exchange_quarantine WHERE packet_id = ?", (m.packet_id,))
            if self._seen(cur, m.packet_id):
                result = ImportResult("already-imported", m.packet_id, m.kind,
                                      m.sender_agency, packet.sender_verified, m.case_id)
                self.session.audit.record("packet_duplicate", m.case_id,
                                          {"packet": m.packet_id})
                return result
            if m.kind is PacketKind.RECEIPT:
                result = self._apply_receipt(cur, packet)
            else:
                result = self._apply_case(cur, packet)
            cur.execute("INSERT INTO exchange_packets_seen (packet_id, kind, sender_agency, "
                        "case_id, result, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (m.packet_id, m.kind.value, m.sender_agency, m.case_id, result.status,
                         utc_now().isoformat()))
            self.session.audit.record("packet_import", m.case_id, {
                "packet": m.packet_id, "kind": m.kind.value, "agency": m.sender_agency,
                "result": result.status, "conflicts": result.conflicts,
                "sender_verified": packet.sender_verified})
        return result

    def _apply_receipt(self, cur: Any, packet: VerifiedPacket) -> ImportResult:
        m = packet.manifest
        assert packet.receipt is not None
        row = cur.execute(
            "SELECT case_id, referral_id FROM exchange_outbox WHERE packet_id = ? AND "
            "recipient = ? AND kind IN ('referral', 'update')",
            (packet.receipt.receipt_for, m.sender_agency)).fetchone()
        if row is None:
            raise PacketRefused(_("Packet refused: a receipt for a packet that was not sent "
                                  "from here to its sender. Nothing was imported."),
                                "receipt-unknown")
        case_id, referral_id = row
        cur.execute("UPDATE exchange_outbox SET state = 'received', received_at = ? "
                    "WHERE packet_id = ?",
                    (packet.receipt.received.isoformat(), packet.receipt.receipt_for))
        if referral_id:
            set_referral_status(self.session, case_id, referral_id, ReferralStatus.RECEIVED,
                                packet.receipt.received)
        return ImportResult("receipt", m.packet_id, m.kind, m.sender_agency,
                            packet.sender_verified, case_id)

    def _apply_case(self, cur: Any, packet: VerifiedPacket) -> ImportResult:
        m = packet.manifest
        theirs = packet.case()
        assert m.case_id is not None and m.case_revision is not None
        base_row = cur.execute(
            "SELECT revision, body FROM exchange_case_base WHERE case_id = ? AND partner = ?",
            (m.case_id, m.sender_agency)).fetchone()
        exists = self.session.cases.exists(m.case_id)
        if not exists and m.kind is PacketKind.UPDATE:
            raise PacketRefused(_("Packet refused: an update for a case that is not held "
                                  "here. Nothing was imported; import the referral first."),
                                "update-without-case")
        if exists and cur.execute("SELECT 1 FROM retention_erased WHERE case_id = ?",
                                  (m.case_id,)).fetchone():
            # personal data erased after receipt must not come back with an update
            return ImportResult("erased-here", m.packet_id, m.kind, m.sender_agency,
                                packet.sender_verified, m.case_id)
        if base_row is not None and m.case_revision <= int(base_row[0]):
            return ImportResult("older-version", m.packet_id, m.kind, m.sender_agency,
                                packet.sender_verified, m.case_id)
        if not exists:
            theirs.created_by = self.session.user.name
            theirs.shared_with = []
            theirs.referrals = []
            theirs.incoming_referral = incoming_referral(packet)
            # References are unique here; one made on another device may already be taken.
            theirs.reference = _free_reference(cur, theirs.reference, m.sender_agency)
            self.session.cases.put(theirs)
            status, conflicts, taken = "imported", 0, []
        else:
            ours = self.session.cases.get(m.case_id)
            base = None if base_row is None else Case.from_dict(json.loads(base_row[1]))
            merged = three_way(base, ours, theirs)
            merged.case.updated_at = utc_now()
            self.session.cases.put(merged.case)
            for conflict in merged.conflicts:
                cur.execute(
                    "INSERT INTO exchange_conflicts (case_id, field, base, ours, theirs, "
                    "packet_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (m.case_id, conflict.field, json.dumps(conflict.base, default=str),
                     json.dumps(conflict.ours, default=str),
                     json.dumps(conflict.theirs, default=str), m.packet_id,
                     utc_now().isoformat()))
            conflicts, taken = len(merged.conflicts), merged.taken
            status = "conflicts" if conflicts else "merged"
        cur.execute(
            "INSERT INTO exchange_case_base (case_id, partner, revision, body) VALUES "
            "(?, ?, ?, ?) ON CONFLICT (case_id, partner) DO UPDATE SET "
            "revision = excluded.revision, body = excluded.body",
            (m.case_id, m.sender_agency, m.case_revision, json.dumps(theirs.to_dict())))
        assert packet.case_data is not None
        cur.execute(
            "INSERT INTO exchange_inbox (packet_id, kind, sender_agency, case_id, "
            "sender_verified, referral, referral_pdf, received_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?)",
            (m.packet_id, m.kind.value, m.sender_agency, m.case_id,
             int(packet.sender_verified),
             json.dumps(htcds.referral_details(packet.case_data)), packet.referral_pdf,
             utc_now().isoformat()))
        sender_card = self.directory.card(m.sender_agency)
        assert sender_card is not None
        queue_receipt(cur, self.directory, sender_card,
                      Receipt(m.packet_id, m.case_id, utc_now(), status))
        return ImportResult(status, m.packet_id, m.kind, m.sender_agency,
                            packet.sender_verified, m.case_id, conflicts, list(taken))


def incoming_referral(packet: VerifiedPacket) -> IncomingReferral:
    """How the case came here (HTCDS cas_IncomingReferralDate, ...ReasonFor..., ...Details)."""
    assert packet.case_data is not None
    sent = htcds.referral_details(packet.case_data)
    return IncomingReferral(referring_agency=packet.manifest.sender_agency,
                            received_on=date.today(), reason=ReferralReason(sent["reason"]),
                            details=sent["details"], packet_id=packet.packet_id)


def _free_reference(cur: Any, reference: str, sender: str) -> str:
    """The reference as sent, or with the sender's id (and a number) added when a
    case here has it already: a third case with the same reference must not fail."""
    candidate, n = reference, 1
    while cur.execute("SELECT 1 FROM cases WHERE reference = ?", (candidate,)).fetchone():
        n += 1
        candidate = f"{reference}/{sender}" + ("" if n == 2 else f"/{n - 1}")
    return candidate


_STATUS_ORDER = (ReferralStatus.EXPORTED, ReferralStatus.SENT, ReferralStatus.RECEIVED)


def set_referral_status(session: Session, case_id: str, referral_id: str,
                        status: ReferralStatus, at: datetime | None = None) -> None:
    """Move a referral forward (exported -> sent -> received), never back. A case
    this user may not open keeps its status; the outbox still records the packet."""
    try:
        case = session.cases.get(case_id)
    except Refused:
        return
    for referral in case.referrals:
        if referral.id != referral_id or referral.status not in _STATUS_ORDER:
            continue
        if _STATUS_ORDER.index(referral.status) < _STATUS_ORDER.index(status):
            referral.status = status
            if status is ReferralStatus.RECEIVED:
                referral.received_at = at or utc_now()
            session.cases.save_referral(referral)


def received_referral(session: Session, case_id: str) -> tuple[dict[str, Any], bytes | None] | None:
    """The HTCDS referral fields and the referral PDF of the newest packet received
    for a case (for the case screen), or None when none was received."""
    rows = session.database.query(
        "SELECT referral, referral_pdf FROM exchange_inbox WHERE case_id = ? "
        "ORDER BY received_at DESC LIMIT 1", (case_id,))
    if not rows:
        return None
    referral, pdf = rows[0]
    return json.loads(referral), None if pdf is None else bytes(pdf)

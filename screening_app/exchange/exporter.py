"""Export a case as a referral (first time to an agency) or an update (later),
into the outbox; receipts for imported packets are queued here too."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from screening_app.domain import Agency, Case, Referral, ReferralReason, ReferralStatus, uuid7
from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange import htcds
from screening_app.exchange.canonical import canonical_bytes
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.packet import BuiltPacket, PacketKind, PdfStatus, Receipt, build_packet
from screening_app.i18n import _

if TYPE_CHECKING:
    from screening_app.storage import Session


@dataclass(frozen=True)
class Exported:
    packet: BuiltPacket
    kind: PacketKind
    recipient: Agency
    recipient_verified: bool
    pdf: PdfStatus


def referral_pdf(case: Case, sender: Agency, recipient: Agency, packet_id: str,
                 referral: Referral | None = None) -> bytes | None:
    """The referral form when the documents component is installed and can draw
    it, else None."""
    try:
        documents = importlib.import_module("screening_app.documents")
    except ImportError:
        return None
    render_referral = getattr(documents, "render_referral", None)
    if render_referral is None:
        return None
    languages = [case.officer_language]
    for extra in (recipient.language, case.interviewee_language):
        if extra and extra not in languages:
            languages.append(extra)
    try:
        return bytes(render_referral(
            case, sender=sender, recipient=recipient, languages=languages[:3],
            packet_id=packet_id, reason=None if referral is None else referral.reason,
            details=None if referral is None else referral.details))
    except Refused:
        # e.g. a script's font is missing here: the referral still travels, the
        # manifest says the PDF is not available and the receiver prints its own.
        return None


def export_case(session: Session, case_id: str, agency_id: str, *,
                reason: ReferralReason | str | None = None, details: str | None = None,
                with_pdf: bool = True) -> Exported:
    """Build, sign and queue a packet of the case for the agency (one transaction).
    The reason and details (HTCDS cas_ReasonForOutgoingReferral and
    cas_OutgoingReferralDetails) are recorded on the case's referral to that agency;
    left out, those already recorded there are used (else additional services)."""
    directory = AgencyDirectory(session)
    sender = directory.own_agency()
    identity = directory.identity()
    recipient, card = directory.receivable(agency_id)
    case = session.cases.get(case_id)
    if not case.consent.may_refer:
        raise Refused(_("This case has no consent to share for referral (and no recorded "
                        "lawful exception), so no packet was made. Record the consent "
                        "first."))
    db = session.database
    # Once a case has travelled between two agencies, either way, later packets are updates.
    sent_before = db.query(
        "SELECT 1 FROM exchange_outbox WHERE case_id = ? AND recipient = ? AND kind IN "
        "('referral', 'update') UNION SELECT 1 FROM exchange_case_base WHERE case_id = ? AND "
        "partner = ? LIMIT 1", (case.id, agency_id, case.id, agency_id))
    kind = PacketKind.UPDATE if sent_before else PacketKind.REFERRAL
    revision = int(db.query("SELECT coalesce(max(revision), 0) FROM exchange_outbox "
                            "WHERE case_id = ?", (case.id,))[0][0]) + 1
    packet_id = str(uuid7())
    referral = next((r for r in reversed(case.referrals) if r.agency_id == agency_id), None)
    if referral is None:
        languages = [x for x in (case.officer_language, case.interviewee_language) if x]
        referral = Referral(id=str(uuid7()), case_id=case.id, agency_id=agency_id,
                            languages=languages, created_by=session.user.name)
    referral.reason = ReferralReason(reason or referral.reason
                                     or ReferralReason.ADDITIONAL_SERVICES)
    if details is not None:
        referral.details = details.strip() or None
    content = {"case.json": canonical_bytes(htcds.case_to_packet(
        case, referring=sender.id, referred=agency_id, referral_date=date.today(),
        reason=referral.reason, details=referral.details,
        organisations=[sender, recipient]))}
    pdf_status = PdfStatus.NOT_AVAILABLE
    pdf = referral_pdf(case, sender, recipient, packet_id, referral) if with_pdf else None
    if pdf is not None:
        content["referral.pdf"] = pdf
        pdf_status = PdfStatus.INCLUDED
    outcome = case.outcome
    built = build_packet(
        kind=kind, identity=identity, sender_agency=sender.id, recipient=card,
        content=content, case_id=case.id, case_revision=revision,
        form={"id": case.form_id, "version": case.form_version},
        rule_set={"id": outcome.rule_set if outcome else None,
                  "version": outcome.rule_set_version if outcome else None},
        referral_pdf=pdf_status, packet_id=packet_id)
    referral.status = ReferralStatus.EXPORTED
    referral.packet_id = packet_id
    with session.transaction() as cur:
        _queue(cur, built, kind, agency_id, case.id, revision, referral.id)
        # What we sent is the common version for merging this agency's updates later.
        cur.execute(
            "INSERT INTO exchange_case_base (case_id, partner, revision, body) "
            "VALUES (?, ?, 0, ?) ON CONFLICT (case_id, partner) DO UPDATE SET "
            "body = excluded.body", (case.id, agency_id, json.dumps(case.to_dict())))
        session.cases.save_referral(referral)
        session.audit.record("packet_export", case.id, {
            "packet": packet_id, "kind": kind.value, "agency": agency_id,
            "revision": revision, "pdf": pdf_status.value})
    return Exported(built, kind, recipient, directory.is_verified(agency_id), pdf_status)


def queue_receipt(cur: object, directory: AgencyDirectory, sender_card: KeyCard,
                  receipt: Receipt) -> str:
    """Build a receipt for the sender and queue it (inside the caller's transaction)."""
    built = build_packet(
        kind=PacketKind.RECEIPT, identity=directory.identity(),
        sender_agency=directory.own_agency().id, recipient=sender_card,
        content={"receipt.json": canonical_bytes(receipt.to_dict())},
        case_id=receipt.case_id, receipt_for=receipt.receipt_for)
    _queue(cur, built, PacketKind.RECEIPT, sender_card.id, receipt.case_id, None, None)
    return built.packet_id


def _queue(cur: object, built: BuiltPacket, kind: PacketKind, recipient: str,
           case_id: str | None, revision: int | None, referral_id: str | None) -> None:
    cur.execute(  # type: ignore[attr-defined]
        "INSERT INTO exchange_outbox (packet_id, kind, recipient, case_id, revision, "
        "referral_id, state, data, created_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)",
        (built.packet_id, kind.value, recipient, case_id, revision, referral_id, built.data,
         utc_now().isoformat()))
